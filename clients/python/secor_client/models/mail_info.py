from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mail_attachment import MailAttachment
    from ..models.mail_link import MailLink
    from ..models.proposed_employer import ProposedEmployer


T = TypeVar("T", bound="MailInfo")


@_attrs_define
class MailInfo:
    """
    Attributes:
        message_id (None | str): The message's Message-ID: the same message twice is one submission
        from_ (str): The From header as received (not verified)
        subject (str): The message's Subject header, as received
        received_at (datetime.datetime): When the receiver took it: the evaluation's day of receipt
        attachments (list[MailAttachment]): Every attachment of the message, and what became of each
        links (list[MailLink]): The web links in the message (share links first), and what became of each
        proposed_employer (None | ProposedEmployer): The employer the mail seems to come from, for staff to confirm at
            triage
    """

    message_id: None | str
    from_: str
    subject: str
    received_at: datetime.datetime
    attachments: list[MailAttachment]
    links: list[MailLink]
    proposed_employer: None | ProposedEmployer
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.proposed_employer import ProposedEmployer  # noqa: PLC0415

        message_id: None | str
        message_id = self.message_id

        from_ = self.from_

        subject = self.subject

        received_at = self.received_at.isoformat()

        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item = attachments_item_data.to_dict()
            attachments.append(attachments_item)

        links = []
        for links_item_data in self.links:
            links_item = links_item_data.to_dict()
            links.append(links_item)

        proposed_employer: dict[str, Any] | None
        if isinstance(self.proposed_employer, ProposedEmployer):
            proposed_employer = self.proposed_employer.to_dict()
        else:
            proposed_employer = self.proposed_employer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message_id": message_id,
                "from": from_,
                "subject": subject,
                "received_at": received_at,
                "attachments": attachments,
                "links": links,
                "proposed_employer": proposed_employer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mail_attachment import MailAttachment  # noqa: PLC0415
        from ..models.mail_link import MailLink  # noqa: PLC0415
        from ..models.proposed_employer import ProposedEmployer  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message_id = _parse_message_id(d.pop("message_id"))

        from_ = d.pop("from")

        subject = d.pop("subject")

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in _attachments:
            attachments_item = MailAttachment.from_dict(attachments_item_data)

            attachments.append(attachments_item)

        links = []
        _links = d.pop("links")
        for links_item_data in _links:
            links_item = MailLink.from_dict(links_item_data)

            links.append(links_item)

        def _parse_proposed_employer(data: object) -> None | ProposedEmployer:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                proposed_employer_type_0 = ProposedEmployer.from_dict(data)

                return proposed_employer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProposedEmployer, data)

        proposed_employer = _parse_proposed_employer(d.pop("proposed_employer"))

        mail_info = cls(
            message_id=message_id,
            from_=from_,
            subject=subject,
            received_at=received_at,
            attachments=attachments,
            links=links,
            proposed_employer=proposed_employer,
        )

        mail_info.additional_properties = d
        return mail_info

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
