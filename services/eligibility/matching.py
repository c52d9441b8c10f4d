"""Match keys for people (docs/rules.md §2): a completion and a worker are the same person by learner id, else
case-folded email, else folded name (and birth date when both have one)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile("[\\s\\-'\u2019.]+")


def email_key(email: str | None) -> str | None:
    return email.strip().casefold() if email else None


def name_key(given_name: str, family_name: str) -> str:
    """Case, accents, spacing and punctuation folded: 'Zoé  Gagné-Roy' and 'zoe gagne roy' are one key."""
    text = f"{given_name} {family_name}"
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()
