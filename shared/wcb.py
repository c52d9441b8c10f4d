"""The Alberta WCB account number, as every service accepts it: digits only, 6 to 10 of them."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]")
_DIGITS = re.compile(r"^[0-9]{6,10}$")


def _ascii_digit(c: str) -> str:
    return str(unicodedata.decimal(c)) if c.isdecimal() else c


def normalize_wcb_account_number(value: object) -> str:
    """Spaces and dashes removed, any decimal digit (full-width, Arabic-Indic...) written as its ASCII one, the
    same number wherever it is read; anything else but 6-10 digits is refused."""
    if not isinstance(value, str):
        # A JSON number would lose any leading zero: the number is text, as WCB writes it.
        raise ValueError("the WCB account number must be a string of digits")
    text = "".join(map(_ascii_digit, _SEPARATORS.sub("", str(value))))
    if not _DIGITS.match(text):
        raise ValueError("the WCB account number must be 6 to 10 digits (spaces and dashes are ignored)")
    return text


# As documented: 6 to 10 digits, each may follow one space or dash (what the server also reads as the same
# number: other decimal digits, runs of separators, is more than clients need to be told).
WCB_PATTERN = r"^[0-9](?:[ -]?[0-9]){5,9}$"
WcbAccountNumber = Annotated[
    str,
    BeforeValidator(normalize_wcb_account_number),
    AfterValidator(str),
    WithJsonSchema({"type": "string", "pattern": WCB_PATTERN}),
]
