"""The Alberta WCB account number, as every service accepts it: digits only, 6 to 10 of them."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_SEPARATORS = re.compile(r"[\s\-]")
_DIGITS = re.compile(r"^\d{6,10}$")


def normalize_wcb_account_number(value: object) -> str:
    """Spaces and dashes removed; anything else but 6-10 digits is refused."""
    if not isinstance(value, str | int):
        raise ValueError("the WCB account number must be a string of digits")
    text = _SEPARATORS.sub("", str(value))
    if not _DIGITS.match(text):
        raise ValueError("the WCB account number must be 6 to 10 digits (spaces and dashes are ignored)")
    return text


WcbAccountNumber = Annotated[str, BeforeValidator(normalize_wcb_account_number), AfterValidator(str)]
