"""An example exporter plugin: every offer of the selected centres as a CSV row.

The documentation's "Write your own exporter" guide shows this file; the tests run the
exporter conformance suite on it.
"""

from __future__ import annotations

import csv
import io
from typing import IO

import familycentre as fc
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.select import selected_centres, selected_offers
from familycentre.export.sources import ExportSource
from familycentre.hookspecs import ExporterRegister


class OfferCsvExporter(Exporter):
    """Every offer of the selected centres as a CSV row."""

    name = "offers-csv"  # used on the command line
    title = "Offers as CSV"
    media_type = "text/csv"
    suffix = ".csv"
    visibility = Visibility.PUBLIC  # may be published: never reads referrals
    options = (Option("delimiter", "field delimiter", ","),)

    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write a header, then one row per offer, as it goes."""
        delimiter = str(options.extra.get("delimiter", ","))
        if len(delimiter) != 1:
            raise fc.InvalidData([fc.Problem(("delimiter",), "must be one character")])

        def row(values: list[object]) -> bytes:
            line = io.StringIO()
            csv.writer(line, delimiter=delimiter).writerow(values)
            return line.getvalue().encode("utf-8")

        stream.write(row(["centre", "centre_name", "offer", "title", "category", "revision"]))
        for centre in selected_centres(source, options):
            name = centre.value.name.get(options.language)
            for record in selected_offers(source, options, centre.id):
                offer = record.value
                stream.write(
                    row(
                        [
                            centre.id,
                            name,
                            offer.id,
                            offer.title.get(options.language),
                            offer.category.label(options.language),
                            record.revision,
                        ]
                    )
                )


@fc.hookimpl
def register_exporters(register: ExporterRegister) -> None:
    """Register the CSV exporter."""
    register(OfferCsvExporter)
