"""Package links: share links of the usual cloud drives turned into direct downloads."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from services.submission.offload import BLOCK
from services.submission.settings import SubmissionSettings
from shared.outbound import OutboundPolicy

_DRIVE_FILE = re.compile(r"^/file/d/([A-Za-z0-9_-]+)")


def link_policy(settings: SubmissionSettings) -> OutboundPolicy:
    """Where package links may lead, and how long and how large their downloads may be."""
    return settings.outbound_policy(
        timeout_seconds=settings.package_link_timeout_seconds,
        # Storage enforces the exact cap (and says so as link.too_large); this is only the backstop, set
        # beyond what storage can be short of seeing (one block held back for batching, one chunk).
        max_bytes=settings.max_package_bytes + 2 * BLOCK,
        max_redirects=settings.package_link_max_redirects,
    )


def direct_download_url(url: str) -> str:
    """Dropbox (dl=1), Google Drive (uc?export=download) and OneDrive (shares API) links, made downloadable."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "dropbox.com" or host.endswith(".dropbox.com"):
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        query["dl"] = "1"
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    if host == "drive.google.com":
        file_id = None
        if match := _DRIVE_FILE.match(parts.path):
            file_id = match.group(1)
        elif parts.path in ("/open", "/uc"):
            file_id = next(iter(parse_qs(parts.query).get("id", [])), None)
        if file_id:
            return f"https://drive.google.com/uc?export=download&id={file_id}"
    if host in ("1drv.ms", "onedrive.live.com"):
        # OneDrive's documented way to turn any share link into its content.
        token = base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")
        return f"https://api.onedrive.com/v1.0/shares/u!{token}/root/content"
    return url
