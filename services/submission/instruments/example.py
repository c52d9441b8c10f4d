"""An example package laid out as the instrument asks: what the README's worked example sends, and a model for
software that builds packages (`secor example-package`)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from services.submission.instruments.model import Instrument

# The smallest file every reader takes for a PDF: a header, one empty page, the cross-reference and trailer.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)


def example_files(instrument: Instrument, audit_period_end: dt.date) -> dict[str, bytes]:
    """Path → content: the two required documents, and one dated record per element within the audit period."""
    files = {instrument.evaluation_tool.example: _PDF, instrument.legislation_list.example: _PDF}
    per_element = max(1, instrument.sampling.minimum_documents_per_element)
    for element in instrument.elements:
        for n in range(per_element):
            day = audit_period_end - dt.timedelta(days=30 * (n + 1) + element.number)
            files[f"{element.folder_name}/{element.name} record {n + 1} - {day.isoformat()}.pdf"] = _PDF
    return files


def example_package(instrument: Instrument, audit_period_end: dt.date) -> bytes:
    """The example package as a zip, as a person would make it by zipping the folder."""
    buffer = io.BytesIO()
    stamp = (audit_period_end.year, audit_period_end.month, audit_period_end.day, 9, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in example_files(instrument, audit_period_end).items():
            zf.writestr(zipfile.ZipInfo(name, stamp), content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
