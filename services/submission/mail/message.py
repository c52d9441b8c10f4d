"""What a mailed evaluation says: read with the standard library's `email` package (its modern policy).

Nothing here is trusted: a sender, a subject or a WCB number in a body can all be forged. They only propose
what staff confirm at triage.
"""

from __future__ import annotations

import binascii
import email.policy
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

POLICY = email.policy.default
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed", "application/x-zip"})
# Hosts whose links are share links to a file; tried before any other link in the body.
SHARE_HOSTS = ("dropbox.com", "drive.google.com", "1drv.ms", "onedrive.live.com", "sharepoint.com")
MAX_LINKS = 10
DECODE_CHUNK = 1024 * 1024
_URL = re.compile(r"""https?://[^\s<>"'`{}|\\^\[\]]+""", re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# A WCB account number as people write it: 6 to 10 digits, perhaps in groups split by spaces or dashes.
_WCB = re.compile(r"(?<![\d-])\d(?:[ -]?\d){5,9}(?![\d-])")
_HEADER_END = b"\r\n\r\n"
# Senders that are never a person (RFC 3834 §2; bounces come from these).
_ROBOT_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "bounce"})


class HeaderBlock:
    """The header section of a message arriving block by block: kept up to `limit` bytes, the rest counted."""

    def __init__(self, limit: int = 64 * 1024) -> None:
        self.limit = limit
        self._head = bytearray()
        self._complete = False
        self.total = 0

    def feed(self, block: bytes) -> None:
        self.total += len(block)
        if self._complete or len(self._head) >= self.limit:
            return
        self._head += block[: self.limit - len(self._head)]
        if self._head.startswith(b"\r\n"):
            del self._head[:]  # no header section at all
            self._complete = True
            return
        end = self._head.find(_HEADER_END)
        if end >= 0:
            del self._head[end + len(_HEADER_END) :]
            self._complete = True

    @property
    def bytes(self) -> bytes:
        return bytes(self._head)


def parse_headers(raw: bytes) -> EmailMessage:
    message = BytesHeaderParser(policy=POLICY).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def header(message: Message, name: str) -> str:
    """A header's value as text, '' when absent or unreadable (a malformed header is the sender's defect)."""
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def message_key(headers: Message, sha256: str) -> str:
    """What makes two deliveries the same message: its Message-ID, or without one the SHA-256 (hex) of what was
    kept of it."""
    message_id = header(headers, "Message-ID")[:900]
    return message_id if message_id else f"sha256:{sha256}"


def automatic_reason(headers: Message, envelope_from: str) -> str | None:
    """Why this message must get no automatic answer (RFC 3834 §2), or None: a bounce (null sender or a
    delivery report), a message marked auto-submitted, a list or bulk message, or one from a robot's address."""
    if envelope_from in ("", "<>"):
        return "null sender (a bounce)"
    auto = header(headers, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = header(headers, "Precedence").lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        if header(headers, name):
            return f"{name} present"
    if header(headers, "Content-Type").lower().startswith("multipart/report"):
        return "a delivery report"
    local = envelope_from.strip("<>").partition("@")[0].lower()
    if local in _ROBOT_LOCAL_PARTS or local.startswith("bounce"):
        return f"sent from {envelope_from}"
    return None


def sender_address(headers: Message) -> str | None:
    """The From address (what a mail client shows), lower-cased; None if there is no usable one."""
    return _first_address(header(headers, "From"))


def reply_address(headers: Message) -> str | None:
    """Where an answer goes: Reply-To if given, else From."""
    return _first_address(header(headers, "Reply-To")) or sender_address(headers)


def _first_address(value: str) -> str | None:
    for _, address in getaddresses([value]):
        address = address.strip().lower()
        if "@" in address and " " not in address and len(address) <= 254:
            try:
                Address(addr_spec=address)
            except (ValueError, IndexError):
                continue
            return address
    return None


@dataclass
class Attachment:
    filename: str | None
    content_type: str
    size: int
    part: EmailMessage = field(repr=False)

    def chunks(self) -> Iterator[bytes]:
        return decoded_chunks(self.part)

    @property
    def is_zip(self) -> bool:
        name = (self.filename or "").lower()
        return self.content_type in ZIP_TYPES or name.endswith(".zip")

    def public(self) -> dict[str, Any]:
        return {"filename": self.filename, "content_type": self.content_type, "bytes": self.size}


@dataclass
class ReadMessage:
    """A message as intake needs it: its attachments, its text, and the links and numbers in that text."""

    attachments: list[Attachment]
    text: str
    links: list[str]


def read_message(path: Path) -> ReadMessage:
    """Parse a stored message (blocking: run it in a thread)."""
    with path.open("rb") as handle:
        message = BytesParser(policy=POLICY).parse(handle)
    assert isinstance(message, EmailMessage)
    attachments = []
    for part in message.walk():
        if part.is_multipart() or not isinstance(part, EmailMessage):
            continue
        filename = _filename(part)
        # Anything but the text of the body: an attachment, however its sender's program marked it.
        if (
            part.is_attachment()
            or filename
            or part.get_content_maintype() not in ("text", "multipart", "message")
        ):
            size = sum(len(chunk) for chunk in decoded_chunks(part))
            attachments.append(Attachment(filename, part.get_content_type(), size, part))
    text = _text_of(message)
    return ReadMessage(attachments, text, links_in(text))


def decoded_chunks(part: Message, size: int = DECODE_CHUNK) -> Iterator[bytes]:
    """A part's content, decoded a piece at a time: `get_payload(decode=True)` would make a whole decoded copy
    of a 50 MB attachment, and briefly several."""
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    payload = part.get_payload(decode=False)
    if encoding != "base64" or not isinstance(payload, str):
        decoded = part.get_payload(decode=True)
        if isinstance(decoded, bytes) and decoded:
            yield decoded
        return
    carry = ""
    for start in range(0, len(payload), size):
        piece = carry + "".join(payload[start : start + size].split())
        whole = len(piece) - len(piece) % 4
        carry = piece[whole:]
        if whole:
            yield _b64(piece[:whole])
    if carry.strip("="):
        yield _b64(carry + "=" * (-len(carry) % 4))


def _b64(text: str) -> bytes:
    try:
        return binascii.a2b_base64(text)
    except binascii.Error:
        return b""  # a damaged piece: what comes of it is not a zip that opens, which intake says


def _filename(part: EmailMessage) -> str | None:
    try:
        name = part.get_filename()
    except (ValueError, IndexError, TypeError):
        return None
    if not name:
        return None
    # Only the last component, and nothing that could not be shown: it is displayed, never used as a path.
    name = re.split(r"[\\/]", name)[-1].replace("\x00", "")
    return name[:255] or None


def _text_of(message: EmailMessage) -> str:
    """The body as text (plain preferred, else HTML with its links kept), and the subject before it."""
    texts = [header(message, "Subject")]
    body = None
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError):
        body = None
    if body is not None:
        try:
            content = body.get_content()
        except (LookupError, ValueError, AssertionError):
            payload = body.get_payload(decode=True)
            content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        if isinstance(content, str):
            if body.get_content_subtype() == "html":
                hrefs = " ".join(_HREF.findall(content))
                content = html.unescape(_TAG.sub(" ", content)) + " " + html.unescape(hrefs)
            texts.append(content)
    return "\n".join(texts)


def links_in(text: str) -> list[str]:
    """The web links in the text, share links first, each once, at most MAX_LINKS."""
    seen: dict[str, None] = {}
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?)>]'\"")
        if urlsplit(url).hostname:
            seen.setdefault(url, None)
    links = list(seen)
    links.sort(key=lambda url: 0 if _is_share_link(url) else 1)
    return links[:MAX_LINKS]


def _is_share_link(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in SHARE_HOSTS)


def wcb_numbers_in(text: str) -> list[str]:
    """Digit runs that could be WCB account numbers (6 to 10 digits once spaces and dashes are removed)."""
    seen: dict[str, None] = {}
    for match in _WCB.finditer(text):
        digits = re.sub(r"[ -]", "", match.group(0))
        if 6 <= len(digits) <= 10:
            seen.setdefault(digits, None)
    return list(seen)[:5]
