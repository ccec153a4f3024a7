"""The built-in exporters, registered through the same hook as any plugin's."""

from __future__ import annotations

from familycentre.export.base import Exporter
from familycentre.export.hsds import HsdsExporter
from familycentre.export.html import HtmlExporter
from familycentre.export.ical import ICalExporter
from familycentre.export.pdf import PdfExporter
from familycentre.export.vcard import VCardExporter
from familycentre.hookspecs import ExporterRegister, hookimpl

__all__ = ["register_exporters"]

BUILTIN_EXPORTERS: tuple[type[Exporter], ...] = (
    ICalExporter,
    VCardExporter,
    HtmlExporter,
    PdfExporter,
    HsdsExporter,
)


@hookimpl(trylast=True)
def register_exporters(register: ExporterRegister) -> None:
    """Register the built-in exporters: ical, vcard, html, pdf and hsds."""
    for exporter in BUILTIN_EXPORTERS:
        register(exporter)
