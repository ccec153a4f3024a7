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
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO

from familycentre.errors import FamilyCentreError
from familycentre.export.base import ExportOptions
from familycentre.export.html import HtmlExporter
from familycentre.export.select import selected_centres, selected_offers
from familycentre.export.sources import ExportSource

__all__ = ["ChromiumMissing", "PdfExporter", "chromium", "print_to_pdf"]

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--no-pdf-header-footer",
)


class ChromiumMissing(FamilyCentreError):
    """No Chromium to print with."""


def chromium() -> str:
    """The path of the Chromium to print with.

    :raises ChromiumMissing: naming how to install one.
    """
    named = os.environ.get("FAMILYCENTRE_CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise ChromiumMissing(f"FAMILYCENTRE_CHROMIUM names {named!r}, which does not exist")
        return named
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing(
        "the pdf exporter prints with headless Chromium, which is not installed: "
        "install it (Debian: apt-get install chromium) or set FAMILYCENTRE_CHROMIUM"
    )


def print_to_pdf(html: str, timeout: float = 120) -> bytes:
    """Print an HTML document to PDF with headless Chromium and return the PDF."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="familycentre-pdf-") as folder:
        page = Path(folder) / "programme.html"
        output = Path(folder) / "programme.pdf"
        page.write_text(html, "utf-8")
        result = subprocess.run(
            [
                browser,
                *_FLAGS,
                f"--user-data-dir={Path(folder) / 'profile'}",
                f"--print-to-pdf={output}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0 or not output.is_file():
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise FamilyCentreError(f"Chromium could not print the page: {' '.join(message)}")
        return output.read_bytes()


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
        pdf = print_to_pdf(buffer.getvalue().decode("utf-8"))
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
