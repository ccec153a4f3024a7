"""Printable programmes: the ``html`` pages printed to PDF by headless Chromium.

The ``pdf`` exporter renders the same week grid or programme list as the ``html``
exporter and has Chromium print it (``--print-to-pdf``), with the paper size and
orientation the page's print CSS asks for (A4 landscape for the week, A4 portrait
for the list). Chromium is not a Python package: install it with the system's
package manager (Debian: ``apt-get install chromium``) or name it in the environment
variable ``FAMILYCENTRE_CHROMIUM``. Without it, the exporter raises
:class:`ChromiumMissing` with that advice.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import IO

from familycentre.chromium import print_to_pdf, require_chromium
from familycentre.errors import ChromiumMissing
from familycentre.export.base import ExportOptions
from familycentre.export.html import HtmlExporter
from familycentre.export.select import selected_centres, selected_offers
from familycentre.export.sources import ExportSource

__all__ = ["ChromiumMissing", "PdfExporter", "chromium", "print_to_pdf"]


def chromium() -> str:
    """The path of the Chromium to print with.

    :raises ChromiumMissing: naming how to install one.
    """
    return require_chromium("the pdf exporter")


class PdfExporter(HtmlExporter):
    """The programme pages as PDF (week grid or programme list), printed by Chromium.

    Options: ``layout`` (``week`` or ``list``), as for ``html``.
    """

    name = "pdf"
    title = "Programme print-out (PDF)"
    media_type = "application/pdf"
    suffix = ".pdf"

    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Render the HTML pages and write Chromium's PDF of them.

        Chromium stamps the PDF with the time of printing; the stamp is replaced by
        the newest modification time of the exported records, so that the same data
        gives the same bytes.
        """
        chromium()  # fail before any work when it is missing
        buffer = io.BytesIO()
        super().write(source, options, buffer)
        pdf = print_to_pdf(buffer.getvalue().decode("utf-8"), purpose="the programme")
        stream.write(_stamped(pdf, _newest(source, options)))


def _newest(source: ExportSource, options: ExportOptions) -> dt.datetime:
    times = [dt.datetime(2000, 1, 1, tzinfo=dt.UTC)]
    for centre in selected_centres(source, options):
        times.append(centre.modified)
        times.extend(offer.modified for offer in selected_offers(source, options, centre.id))
    return max(times).astimezone(dt.UTC)


_STAMP = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}[^)]*\)")


def _stamped(pdf: bytes, when: dt.datetime) -> bytes:
    """Replace the PDF's creation and modification dates (same length: offsets stay)."""
    value = f"{when:%Y%m%d%H%M%S}+00'00')".encode("ascii")

    def replace(match: re.Match[bytes]) -> bytes:
        new = match.group(1) + value
        # a stamp of another length would move the cross-reference offsets: keep it
        return new if len(new) == len(match.group(0)) else match.group(0)

    return _STAMP.sub(replace, pdf)
