"""Headless Chromium, which prints programme pages and yearly reports to PDF.

Chromium is not a Python package: install it with the system's package manager
(Debian: ``apt-get install chromium``) or name it in the environment variable
``FAMILYCENTRE_CHROMIUM``. The ``pdf`` exporter and
:func:`familycentre.report.render_pdf` print through :func:`print_to_pdf`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from familycentre.errors import ChromiumMissing, FamilyCentreError

__all__ = ["CHROMIUM_ENV", "FLAGS", "find_chromium", "print_to_pdf", "require_chromium"]

CHROMIUM_ENV = "FAMILYCENTRE_CHROMIUM"
"""The environment variable that names the Chromium to print with."""

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--no-pdf-header-footer",
)
"""The flags headless Chromium runs with: no network of its own, no sandbox (CI)."""

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    """The Chromium to print with: ``$FAMILYCENTRE_CHROMIUM``, else the first on PATH.

    :raises ChromiumMissing: when ``FAMILYCENTRE_CHROMIUM`` names a file that does not
        exist (a setting that is wrong, not merely missing).
    """
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        if not Path(named).is_file():
            raise ChromiumMissing(f"{CHROMIUM_ENV} names {named!r}, which does not exist")
        return named
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium(purpose: str) -> str:
    """The Chromium to print with, or an error that says how to install one.

    :param purpose: What is printed, for the message (``"the pdf exporter"``).
    :raises ChromiumMissing: when none is found.
    """
    found = find_chromium()
    if found is None:
        raise ChromiumMissing(
            f"{purpose} prints with headless Chromium, which is not installed: install it "
            f"(Debian: apt-get install chromium) or set {CHROMIUM_ENV}"
        )
    return found


def print_to_pdf(html: str, *, purpose: str = "the page", timeout: float = 120.0) -> bytes:
    """Print an HTML document to PDF with headless Chromium and return the PDF.

    The paper size and orientation are those the document's print CSS asks for.

    :param purpose: What is printed, for messages (``"the report"``).
    :raises ChromiumMissing: when no Chromium is found.
    :raises FamilyCentreError: when Chromium cannot print the document.
    """
    browser = require_chromium(purpose)
    with tempfile.TemporaryDirectory(prefix="familycentre-pdf-") as folder:
        page = Path(folder) / "page.html"
        output = Path(folder) / "page.pdf"
        page.write_text(html, "utf-8")
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FamilyCentreError(f"{browser}: cannot print {purpose}: {exc}") from None
        if result.returncode != 0 or not output.is_file():
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise FamilyCentreError(
                f"{browser} failed to print {purpose} (exit status {result.returncode}"
                f"{': ' + detail[0] if detail else ''})"
            )
        return output.read_bytes()
