from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.submission_group import SubmissionGroup
    from ..models.submission_stats_by_channel import SubmissionStatsByChannel


T = TypeVar("T", bound="SubmissionStats")


@_attrs_define
class SubmissionStats:
    """
    Attributes:
        group_by (str): How the rows are grouped
        total (int): The total
        in_qa_now (int): In QA or waiting on requested information
        median_days_in_qa (float | None): From entering QA to the decision, over decided submissions
        by_channel (SubmissionStatsByChannel): Submissions by how they came: `api` or `email`
        data (list[SubmissionGroup]): The items of this page or table
    """

    group_by: str
    total: int
    in_qa_now: int
    median_days_in_qa: float | None
    by_channel: SubmissionStatsByChannel
    data: list[SubmissionGroup]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_by = self.group_by

        total = self.total

        in_qa_now = self.in_qa_now

        median_days_in_qa: float | None
        median_days_in_qa = self.median_days_in_qa

        by_channel = self.by_channel.to_dict()

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "group_by": group_by,
                "total": total,
                "in_qa_now": in_qa_now,
                "median_days_in_qa": median_days_in_qa,
                "by_channel": by_channel,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.submission_group import SubmissionGroup  # noqa: PLC0415
        from ..models.submission_stats_by_channel import SubmissionStatsByChannel  # noqa: PLC0415

        d = dict(src_dict)
        group_by = d.pop("group_by")

        total = d.pop("total")

        in_qa_now = d.pop("in_qa_now")

        def _parse_median_days_in_qa(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median_days_in_qa = _parse_median_days_in_qa(d.pop("median_days_in_qa"))

        by_channel = SubmissionStatsByChannel.from_dict(d.pop("by_channel"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = SubmissionGroup.from_dict(data_item_data)

            data.append(data_item)

        submission_stats = cls(
            group_by=group_by,
            total=total,
            in_qa_now=in_qa_now,
            median_days_in_qa=median_days_in_qa,
            by_channel=by_channel,
            data=data,
        )

        submission_stats.additional_properties = d
        return submission_stats

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
