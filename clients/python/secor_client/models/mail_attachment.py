from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mail_attachment_outcome import MailAttachmentOutcome

T = TypeVar("T", bound="MailAttachment")


@_attrs_define
class MailAttachment:
    """
    Attributes:
        filename (None | str): As the sender named it (shown only, never used as a path)
        content_type (str): The attachment's media type, as the sender's mail program gave it
        bytes_ (int): Decoded size
        outcome (MailAttachmentOutcome): `package`: the evaluation's package; `not_used`: a later zip, one package being
            taken
    """

    filename: None | str
    content_type: str
    bytes_: int
    outcome: MailAttachmentOutcome
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filename: None | str
        filename = self.filename

        content_type = self.content_type

        bytes_ = self.bytes_

        outcome = self.outcome.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "filename": filename,
                "content_type": content_type,
                "bytes": bytes_,
                "outcome": outcome,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filename = _parse_filename(d.pop("filename"))

        content_type = d.pop("content_type")

        bytes_ = d.pop("bytes")

        outcome = MailAttachmentOutcome(d.pop("outcome"))

        mail_attachment = cls(
            filename=filename,
            content_type=content_type,
            bytes_=bytes_,
            outcome=outcome,
        )

        mail_attachment.additional_properties = d
        return mail_attachment

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
