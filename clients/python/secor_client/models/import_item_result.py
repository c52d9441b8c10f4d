from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_item_result_status import ImportItemResultStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_item_result_problem_type_0 import ImportItemResultProblemType0


T = TypeVar("T", bound="ImportItemResult")


@_attrs_define
class ImportItemResult:
    """
    Attributes:
        index (int): The item's position in the request, from 0
        status (ImportItemResultStatus): Its status now
        id (None | str | Unset): The certificate's number, as imported
        number (None | str | Unset): The certificate's number, when recorded
        line (int | None | Unset): CSV imports: the line of the file
        problem (ImportItemResultProblemType0 | None | Unset): Why it was refused (a problem object), if it was
    """

    index: int
    status: ImportItemResultStatus
    id: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    line: int | None | Unset = UNSET
    problem: ImportItemResultProblemType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.import_item_result_problem_type_0 import ImportItemResultProblemType0  # noqa: PLC0415

        index = self.index

        status = self.status.value

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        line: int | None | Unset
        if isinstance(self.line, Unset):
            line = UNSET
        else:
            line = self.line

        problem: dict[str, Any] | None | Unset
        if isinstance(self.problem, Unset):
            problem = UNSET
        elif isinstance(self.problem, ImportItemResultProblemType0):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "status": status,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if number is not UNSET:
            field_dict["number"] = number
        if line is not UNSET:
            field_dict["line"] = line
        if problem is not UNSET:
            field_dict["problem"] = problem

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_item_result_problem_type_0 import ImportItemResultProblemType0  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        status = ImportItemResultStatus(d.pop("status"))

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))

        def _parse_line(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line = _parse_line(d.pop("line", UNSET))

        def _parse_problem(data: object) -> ImportItemResultProblemType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = ImportItemResultProblemType0.from_dict(data)

                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportItemResultProblemType0 | None | Unset, data)

        problem = _parse_problem(d.pop("problem", UNSET))

        import_item_result = cls(
            index=index,
            status=status,
            id=id,
            number=number,
            line=line,
            problem=problem,
        )

        import_item_result.additional_properties = d
        return import_item_result

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
