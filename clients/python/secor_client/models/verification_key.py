from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VerificationKey")


@_attrs_define
class VerificationKey:
    """
    Attributes:
        key_id (str): The signing key's id
        algorithm (Literal['Ed25519']): The signature algorithm
        public_key (str): The raw 32-byte public key, base64url
        public_key_pem (str): The Ed25519 public key, PEM-encoded
        how_to_verify (str): How to check a signature with this key
    """

    key_id: str
    algorithm: Literal["Ed25519"]
    public_key: str
    public_key_pem: str
    how_to_verify: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key_id = self.key_id

        algorithm = self.algorithm

        public_key = self.public_key

        public_key_pem = self.public_key_pem

        how_to_verify = self.how_to_verify

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key_id": key_id,
                "algorithm": algorithm,
                "public_key": public_key,
                "public_key_pem": public_key_pem,
                "how_to_verify": how_to_verify,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key_id = d.pop("key_id")

        algorithm = cast(Literal["Ed25519"], d.pop("algorithm"))
        if algorithm != "Ed25519":
            raise ValueError(f"algorithm must match const 'Ed25519', got '{algorithm}'")

        public_key = d.pop("public_key")

        public_key_pem = d.pop("public_key_pem")

        how_to_verify = d.pop("how_to_verify")

        verification_key = cls(
            key_id=key_id,
            algorithm=algorithm,
            public_key=public_key,
            public_key_pem=public_key_pem,
            how_to_verify=how_to_verify,
        )

        verification_key.additional_properties = d
        return verification_key

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
