from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.element import Element
    from ..models.instrument_public_pass_rules import InstrumentPublicPassRules
    from ..models.instrument_public_sampling import InstrumentPublicSampling
    from ..models.named_document_public import NamedDocumentPublic


T = TypeVar("T", bound="InstrumentPublic")


@_attrs_define
class InstrumentPublic:
    """The instrument as published: what each element's folder is called, the named documents, the rules.

    Attributes:
        version (str): The instrument's version
        program (str): The program (`SECOR`)
        note (None | str): About this version of the instrument
        elements (list[Element]): The instrument's elements, in order
        evaluation_tool (NamedDocumentPublic): A document every package holds, and how its file name is recognised.
        legislation_list (NamedDocumentPublic): A document every package holds, and how its file name is recognised.
        pass_rules (InstrumentPublicPassRules): What an evaluation needs to pass
        allowed_extensions (list[str]): File extensions a package may hold (lower case, with the dot)
        sampling (InstrumentPublicSampling): How many people the evaluation must sample, by company size
    """

    version: str
    program: str
    note: None | str
    elements: list[Element]
    evaluation_tool: NamedDocumentPublic
    legislation_list: NamedDocumentPublic
    pass_rules: InstrumentPublicPassRules
    allowed_extensions: list[str]
    sampling: InstrumentPublicSampling
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        program = self.program

        note: None | str
        note = self.note

        elements = []
        for elements_item_data in self.elements:
            elements_item = elements_item_data.to_dict()
            elements.append(elements_item)

        evaluation_tool = self.evaluation_tool.to_dict()

        legislation_list = self.legislation_list.to_dict()

        pass_rules = self.pass_rules.to_dict()

        allowed_extensions = self.allowed_extensions

        sampling = self.sampling.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "program": program,
                "note": note,
                "elements": elements,
                "evaluation_tool": evaluation_tool,
                "legislation_list": legislation_list,
                "pass_rules": pass_rules,
                "allowed_extensions": allowed_extensions,
                "sampling": sampling,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.element import Element  # noqa: PLC0415
        from ..models.instrument_public_pass_rules import InstrumentPublicPassRules  # noqa: PLC0415
        from ..models.instrument_public_sampling import InstrumentPublicSampling  # noqa: PLC0415
        from ..models.named_document_public import NamedDocumentPublic  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        program = d.pop("program")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        elements = []
        _elements = d.pop("elements")
        for elements_item_data in _elements:
            elements_item = Element.from_dict(elements_item_data)

            elements.append(elements_item)

        evaluation_tool = NamedDocumentPublic.from_dict(d.pop("evaluation_tool"))

        legislation_list = NamedDocumentPublic.from_dict(d.pop("legislation_list"))

        pass_rules = InstrumentPublicPassRules.from_dict(d.pop("pass_rules"))

        allowed_extensions = cast(list[str], d.pop("allowed_extensions"))

        sampling = InstrumentPublicSampling.from_dict(d.pop("sampling"))

        instrument_public = cls(
            version=version,
            program=program,
            note=note,
            elements=elements,
            evaluation_tool=evaluation_tool,
            legislation_list=legislation_list,
            pass_rules=pass_rules,
            allowed_extensions=allowed_extensions,
            sampling=sampling,
        )

        instrument_public.additional_properties = d
        return instrument_public

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
