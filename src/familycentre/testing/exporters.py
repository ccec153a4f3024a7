"""The exporter conformance suite: what every exporter, built-in or a plugin's, must pass.

Subclass :class:`ExporterConformance` in a test module and provide an ``exporter``
fixture (an instance of your :class:`~familycentre.export.base.Exporter`)::

    import pytest
    from familycentre.testing.exporters import ExporterConformance
    from my_plugin import PdfExporter

    class TestPdfExporter(ExporterConformance):
        @pytest.fixture
        def exporter(self):
            return PdfExporter()

Override the ``options`` fixture to pass format options. The suite checks that the
exporter describes itself, writes the same bytes for the same data, writes as it
goes (to a stream that cannot seek), and, when it is public, never asks for
referrals and never writes any of their contents.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest

from familycentre.errors import NotFound
from familycentre.export.base import Exporter, ExportOptions, Visibility
from familycentre.export.sources import DataSource, ExportSource
from familycentre.model.data import CentreData
from familycentre.model.referral import Referral
from familycentre.model.schedule import Schedule, TimeWindow
from familycentre.storage.base import Query, R, Stamp, Stored
from familycentre.testing.builders import make_centre, make_offer, make_partner

__all__ = ["ExporterConformance", "SpySource", "StreamRecorder", "conformance_data"]

MODIFIED = dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)
START, END = dt.date(2026, 9, 1), dt.date(2026, 12, 31)
MARKERS = ("MARKER-FAMILY-3e1d", "MARKER-NOTE-c0a9", "MARKER-STAFF-77b2")


def conformance_data(centres: int = 3, offers: int = 4) -> list[CentreData]:
    """A small network: ``centres`` centres with ``offers`` weekly offers each, and partners."""
    weekly = Schedule(weekly=("tue", "thu"), times=(TimeWindow.parse("09:00-11:00"),))
    data = []
    for c in range(centres):
        centre_id = f"centre-{c}"
        data.append(
            CentreData(
                make_centre(centre_id, name=f"Zentrum {c}; „Café“, Süd"),
                tuple(
                    make_offer(f"offer-{c}-{o}", centre_id, schedule=(weekly,))
                    for o in range(offers)
                ),
                (make_partner(f"partner-{c}"),),
            )
        )
    return data


class SpySource:
    """An export source that records what is read, and holds referrals with markers."""

    def __init__(self, data: list[CentreData]) -> None:
        self._inner = DataSource(data, MODIFIED)
        self.reads: list[str] = []
        self.referrals = [
            Referral(
                id=f"referral-{index}",
                centre=data[0].centre.id,
                family=MARKERS[0],
                need="debt",
                partner=data[0].partners[0].id,
                created=dt.date(2026, 10, 1),
                accompanied=True,
                accompanied_by=MARKERS[2],
                note=MARKERS[1],
            )
            for index in range(2)
        ]

    def records(self, kind: type[R], query: Query | None = None) -> list[Stored[R]]:
        """Record the read; referrals come from the spy, the rest from the data."""
        self.reads.append(kind.__name__)
        if kind is Referral:
            held: list[Stored[Any]] = [Stored(r, 1, MODIFIED) for r in self.referrals]
            return held
        return self._inner.records(kind, query)

    def stamps(self, kind: type[Any], query: Query | None = None) -> list[Stamp]:
        """Record the read; ids, revisions and times as :meth:`records` would give them."""
        return [(r.id, r.revision, r.modified) for r in self.records(kind, query)]

    def record(self, kind: type[R], record_id: str) -> Stored[R]:
        """Record the read; the one record of ``kind`` with ``record_id``."""
        for found in self.records(kind):
            if found.id == record_id:
                return found
        raise NotFound(f"there is no {kind.__name__.lower()} with the id {record_id!r}")


class StreamRecorder(io.RawIOBase):
    """A write-only stream that cannot seek, recording each write and the reads before it."""

    def __init__(self, source: SpySource) -> None:
        super().__init__()
        self.source = source
        self.chunks: list[bytes] = []
        self.reads_at_write: list[int] = []

    def writable(self) -> bool:
        """It is writable."""
        return True

    def seekable(self) -> bool:
        """It cannot seek: exporters must write front to back."""
        return False

    def write(self, data: Any) -> int:
        """Record one write."""
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.reads_at_write.append(len(self.source.reads))
        return len(chunk)

    @property
    def value(self) -> bytes:
        """Everything written."""
        return b"".join(self.chunks)


def _run(exporter: Exporter, source: ExportSource, options: ExportOptions) -> bytes:
    stream = io.BytesIO()
    exporter.write(source, options, stream)
    return stream.getvalue()


class ExporterConformance:
    """The conformance suite. Subclass it and provide an ``exporter`` fixture."""

    @pytest.fixture
    def exporter(self) -> Exporter:
        """The exporter under test; subclasses override this fixture."""
        raise NotImplementedError("an ExporterConformance subclass provides the exporter fixture")

    @pytest.fixture
    def options(self) -> ExportOptions:
        """The options the suite exports with: a window of dates, German text."""
        return ExportOptions(start=START, end=END)

    def test_describes_itself(self, exporter: Exporter) -> None:
        """A name usable on the command line, a title, a media type and a suffix."""
        assert re.fullmatch(r"[a-z][a-z0-9-]*", exporter.name)
        assert exporter.title.strip()
        assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", exporter.media_type)
        assert re.fullmatch(r"\.[a-z0-9]+", exporter.suffix)
        assert exporter.visibility in (Visibility.PUBLIC, Visibility.INTERNAL)
        names = [option.name for option in exporter.options]
        assert len(names) == len(set(names))

    def test_same_data_gives_identical_bytes(
        self, exporter: Exporter, options: ExportOptions
    ) -> None:
        """Two exports of the same data are byte-identical (no "now" inside)."""
        first = _run(exporter, DataSource(conformance_data(), MODIFIED), options)
        second = _run(exporter, DataSource(conformance_data(), MODIFIED), options)
        assert first
        assert first == second

    def test_writes_as_it_goes(self, exporter: Exporter, options: ExportOptions) -> None:
        """Output reaches the stream before all data is read, in more than one write."""
        source = SpySource(conformance_data(centres=4))
        stream = StreamRecorder(source)
        exporter.write(source, options, stream)  # type: ignore[arg-type]
        assert len(stream.chunks) > 1
        assert stream.reads_at_write[0] < len(source.reads), (
            "nothing was written before the last read: the export is built in memory"
        )

    def test_referral_data_stays_private(self, exporter: Exporter, options: ExportOptions) -> None:
        """A public exporter never asks for referrals; no exporter leaks what it did not read.

        Internal exporters may read referrals (a staff report, say); one that does not
        must not write any of their contents either.
        """
        source = SpySource(conformance_data())
        text = _run(exporter, source, options).decode("utf-8", errors="replace")
        read_referrals = "Referral" in source.reads
        if exporter.visibility is Visibility.PUBLIC:
            assert not read_referrals, "a public exporter asked for referrals"
        if not read_referrals:
            for marker in MARKERS:
                assert marker not in text

    def test_selection_by_centre(self, exporter: Exporter, options: ExportOptions) -> None:
        """Selecting one centre gives output that names it and none of the other centres."""
        data = conformance_data(centres=2)
        chosen = ExportOptions(
            centres=(data[0].centre.id,),
            start=options.start,
            end=options.end,
            language=options.language,
            extra=options.extra,
        )
        output = _run(exporter, DataSource(data, MODIFIED), chosen).decode("utf-8", "replace")
        unfolded = re.sub(r"\r?\n[ \t]", "", output)
        assert "Zentrum 0" in unfolded
        assert "Zentrum 1" not in unfolded
