"""The built-in exporters pass the exporter conformance suite."""

from __future__ import annotations

import pytest

from familycentre.export.base import Exporter, ExportOptions
from familycentre.export.hsds import HsdsExporter
from familycentre.export.html import HtmlExporter
from familycentre.export.ical import ICalExporter
from familycentre.export.vcard import VCardExporter
from familycentre.testing.exporters import END, START, ExporterConformance


class TestICal(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return ICalExporter()


class TestICalExpanded(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return ICalExporter()

    @pytest.fixture
    def options(self) -> ExportOptions:
        return ExportOptions(start=START, end=END, language="en", extra={"recurrence": "expand"})


class TestVCard(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return VCardExporter()


class TestVCard3(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return VCardExporter()

    @pytest.fixture
    def options(self) -> ExportOptions:
        return ExportOptions(extra={"version": "3.0"})


class TestHtmlWeek(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return HtmlExporter()


class TestHtmlList(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return HtmlExporter()

    @pytest.fixture
    def options(self) -> ExportOptions:
        return ExportOptions(start=START, end=END, language="ar", extra={"layout": "list"})


class TestHsds(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return HsdsExporter()
