from __future__ import annotations

import datetime as dt
import io

import familycentre as fc
from familycentre.export import DataSource, ExportOptions, export

MODIFIED = dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)


def export_bytes(data: fc.CentreData | list[fc.CentreData], name: str, **options: object) -> bytes:
    """Export data files' contents with the exporter ``name``."""
    items = data if isinstance(data, list) else [data]
    stream = io.BytesIO()
    export(DataSource(items, MODIFIED), name, stream, ExportOptions(**options))  # type: ignore[arg-type]
    return stream.getvalue()
