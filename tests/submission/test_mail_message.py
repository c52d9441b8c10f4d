"""Reading mail: SMTP's data stream taken apart block by block, and what a message says (and does not prove)."""

from __future__ import annotations

import asyncio
import random

import pytest

from services.submission.mail.message import (
    HeaderBlock,
    automatic_reason,
    decoded_chunks,
    links_in,
    message_key,
    parse_headers,
    reply_address,
    wcb_numbers_in,
)
from services.submission.mail.receiver import LONGEST_HELD, message_blocks


async def unstuffed(wire: bytes, splits: list[int]) -> tuple[bytes, bytes]:
    """What message_blocks makes of `wire` arriving in pieces cut at `splits`, and what it left unread."""
    reader = asyncio.StreamReader()
    pieces = [wire[a:b] for a, b in zip([0, *splits], [*splits, len(wire)], strict=True)]

    async def feed() -> None:
        for piece in pieces:
            reader.feed_data(piece)
            await asyncio.sleep(0)
        reader.feed_eof()

    feeding = asyncio.create_task(feed())
    out = b"".join([block async for block in message_blocks(reader)])
    await feeding
    return out, await reader.read()


MESSAGE = b"Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\nplain\r\n.\r\n"


class TestDataStream:
    @pytest.mark.parametrize("seed", range(30))
    async def test_any_split_gives_the_message_and_leaves_the_next_command(self, seed: int) -> None:
        wire = MESSAGE + b"QUIT\r\n"
        rng = random.Random(seed)
        splits = sorted(rng.sample(range(1, len(wire)), rng.randint(1, 12)))
        out, rest = await unstuffed(wire, splits)
        assert out == b"Subject: dots\r\n\r\nleading dot\r\n.two dots\r\nplain\r\n"
        assert rest == b"QUIT\r\n"

    async def test_every_single_byte_split(self) -> None:
        out, rest = await unstuffed(MESSAGE, list(range(1, len(MESSAGE))))
        assert out == b"Subject: dots\r\n\r\nleading dot\r\n.two dots\r\nplain\r\n" and rest == b""

    async def test_an_empty_message(self) -> None:
        assert await unstuffed(b".\r\n", []) == (b"", b"")

    async def test_a_first_line_that_starts_with_a_dot(self) -> None:
        assert (await unstuffed(b"..x\r\n.\r\n", [1]))[0] == b".x\r\n"

    async def test_a_long_run_without_line_ends_is_passed_on_in_pieces(self) -> None:
        body = b"a" * (LONGEST_HELD * 3)
        reader = asyncio.StreamReader()
        reader.feed_data(body)
        blocks = message_blocks(reader)
        # Passed on before the message ends: a line that never ends is not held whole.
        first = await asyncio.wait_for(anext(blocks), 5)
        assert len(first) == len(body) - 4
        reader.feed_data(b"\r\n.\r\n")
        rest = b"".join([block async for block in blocks])
        assert first + rest == body + b"\r\n"

    async def test_a_connection_closed_mid_message_is_an_error(self) -> None:
        reader = asyncio.StreamReader()
        reader.feed_data(b"Subject: cut\r\n\r\nhalf")
        reader.feed_eof()
        with pytest.raises(ConnectionResetError):
            _ = [block async for block in message_blocks(reader)]


class TestHeaders:
    def test_the_header_block_is_kept_and_the_rest_counted(self) -> None:
        head = HeaderBlock(limit=1000)
        pieces = (b"Subject: a\r\nMessage-ID: <1@x>\r", b"\n\r\nbody " * 3, b"x" * 5000)
        for piece in pieces:
            head.feed(piece)
        assert head.bytes == b"Subject: a\r\nMessage-ID: <1@x>\r\n\r\n"
        assert head.total == sum(len(p) for p in pieces)

    def test_a_header_block_past_its_limit_is_cut(self) -> None:
        head = HeaderBlock(limit=100)
        head.feed(b"X-Long: " + b"y" * 500 + b"\r\n\r\nbody")
        assert len(head.bytes) == 100 and head.total == 8 + 500 + 8

    def test_message_key_is_the_message_id_or_a_digest(self) -> None:
        assert message_key(parse_headers(b"Message-ID: <a@b>\r\n\r\n"), "ab12") == "<a@b>"
        assert message_key(parse_headers(b"Subject: x\r\n\r\n"), "ab12") == "sha256:ab12"

    @pytest.mark.parametrize(
        ("raw", "envelope_from", "automatic"),
        [
            (b"From: a@b.example\r\n\r\n", "a@b.example", False),
            (b"From: a@b.example\r\nAuto-Submitted: no\r\n\r\n", "a@b.example", False),
            (b"From: a@b.example\r\nAuto-Submitted: auto-replied\r\n\r\n", "a@b.example", True),
            (b"From: a@b.example\r\nPrecedence: list\r\n\r\n", "a@b.example", True),
            (b"From: a@b.example\r\nList-Unsubscribe: <mailto:u@x>\r\n\r\n", "a@b.example", True),
            (b"From: a@b.example\r\nX-Auto-Response-Suppress: All\r\n\r\n", "a@b.example", True),
            (
                b"From: a@b.example\r\nContent-Type: multipart/report; report-type=x\r\n\r\n",
                "a@b.example",
                True,
            ),
            (b"From: a@b.example\r\n\r\n", "", True),
            (b"From: a@b.example\r\n\r\n", "postmaster@b.example", True),
            (b"From: a@b.example\r\n\r\n", "bounces+123@lists.example", True),
        ],
    )
    def test_automatic_messages(self, raw: bytes, envelope_from: str, automatic: bool) -> None:
        assert (automatic_reason(parse_headers(raw), envelope_from) is not None) is automatic

    def test_reply_goes_to_reply_to_else_from(self) -> None:
        assert reply_address(parse_headers(b"From: Pat <Pat@B.example>\r\n\r\n")) == "pat@b.example"
        both = b"From: pat@b.example\r\nReply-To: office@b.example\r\n\r\n"
        assert reply_address(parse_headers(both)) == "office@b.example"
        assert reply_address(parse_headers(b"From: not an address\r\n\r\n")) is None


class TestDecoding:
    @pytest.mark.parametrize("size", [1, 7, 77, 1000, 1 << 20])
    def test_decoded_in_pieces_as_in_one(self, size: int) -> None:
        from email.message import EmailMessage

        message = EmailMessage()
        message.add_attachment(random.Random(size).randbytes(50_001), maintype="application", subtype="zip")
        [part] = list(message.iter_attachments())
        whole = part.get_payload(decode=True)
        assert b"".join(decoded_chunks(part, size)) == whole and len(whole) == 50_001

    def test_damaged_base64_does_not_raise(self) -> None:
        from email.message import EmailMessage

        part = EmailMessage()
        part["Content-Transfer-Encoding"] = "base64"
        part.set_payload("QUJD\n$$$=\nQQ")
        assert b"ABC" in b"".join(decoded_chunks(part))


class TestText:
    def test_share_links_first_each_once_without_trailing_punctuation(self) -> None:
        text = (
            "See https://www.prairieroofing.example/about. Our package: "
            "https://www.dropbox.com/s/abc/eval.zip?dl=0, or (https://drive.google.com/file/d/XYZ/view). "
            "Again: https://www.dropbox.com/s/abc/eval.zip?dl=0"
        )
        assert links_in(text) == [
            "https://www.dropbox.com/s/abc/eval.zip?dl=0",
            "https://drive.google.com/file/d/XYZ/view",
            "https://www.prairieroofing.example/about",
        ]

    def test_wcb_numbers_as_people_write_them(self) -> None:
        assert wcb_numbers_in("WCB 123-456-789, account 1234567.") == [
            "123456789",
            "1234567",
        ]
        assert wcb_numbers_in("year 2026, unit 12345") == []
