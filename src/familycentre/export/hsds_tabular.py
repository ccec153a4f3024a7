"""HSDS 3.0 in its tabular form: CSV tables described by a Frictionless data package.

The ``hsds`` exporter's option ``layout=tabular`` writes a zip archive with
``datapackage.json`` (a *tabular data package*) and one CSV file per HSDS table it
fills, named and laid out as in the specification's own ``datapackage.json`` (every
column of a table in its order, empty where the library has nothing to say). The rows
are the objects of the nested form (:func:`familycentre.export.hsds.organization`),
each in its table with the identifiers that link it to its parent; taxonomy terms,
shared by many attributes, are written once.

Only the tables the export fills are in the package; foreign keys to tables it leaves
out (contacts, programs, ...) are left out with them, and so are their columns' values.
Times of day (``opens_at``, ``closes_at``) are written with seconds
(``09:00:00+02:00``), as a Table Schema ``time`` must be.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from typing import IO, Any

__all__ = ["TABLES", "Table", "datapackage", "tables", "write_zip"]


class Table:
    """One HSDS table: its name, file, columns and links.

    :param name: The table (``service``).
    :param path: Its CSV file in the package (``services.csv``).
    :param columns: ``name:type[/format][!]`` for each column, in the specification's
        order (``!``: a value is required).
    :param links: ``column>table`` for each foreign key to a table of the export.
    """

    def __init__(self, name: str, path: str, columns: str, links: str) -> None:
        self.name = name
        self.path = path
        self.fields: list[dict[str, Any]] = []
        for column in columns.split():
            field_name, _, kind = column.partition(":")
            required = kind.endswith("!")
            kind, _, form = kind.rstrip("!").partition("/")
            field: dict[str, Any] = {"name": field_name, "type": kind}
            if form:
                field["format"] = form
            if required:
                field["constraints"] = {"required": True}
            self.fields.append(field)
        self.columns = [field["name"] for field in self.fields]
        self.links = [tuple(link.split(">")) for link in links.split()]


# The tables of HSDS 3.0 (the specification's datapackage.json, tag v3.0) that the
# export fills, in the specification's order; the tests compare them with it.
TABLES = (
    Table(
        "organization",
        "organizations.csv",
        "id:string/uuid! name:string! alternate_name:string description:string! "
        "email:string/email website:string/uri tax_status:string tax_id:string "
        "year_incorporated:number legal_status:string logo:string uri:string/uri "
        "parent_organization_id:string/uuid",
        "",
    ),
    Table(
        "service",
        "services.csv",
        "id:string/uuid! organization_id:string/uuid! program_id:string/uuid name:string! "
        "alternate_name:string description:string url:string/uri email:string/email "
        "status:string! interpretation_services:string application_process:string "
        "fees_description:string wait_time:string fees:string accreditations:string "
        "eligibility_description:string minimum_age:number maximum_age:number "
        "assured_date:date assurer_email:string/email licenses:string alert:string "
        "last_modified:datetime",
        "organization_id>organization",
    ),
    Table(
        "attribute",
        "attributes.csv",
        "id:string/uuid! link_id:string/uuid! taxonomy_term_id:string/uuid! link_type:string "
        "link_entity:string! value:string",
        "taxonomy_term_id>taxonomy_term",
    ),
    Table(
        "service_at_location",
        "service_at_location.csv",
        "id:string/uuid! service_id:string/uuid! location_id:string/uuid! description:string",
        "service_id>service location_id>location",
    ),
    Table(
        "location",
        "locations.csv",
        "id:string/uuid! location_type:string! url:string/uri organization_id:string/uuid "
        "name:string alternate_name:string description:string transportation:string "
        "latitude:number longitude:number external_identifier:string "
        "external_identifier_type:string",
        "organization_id>organization",
    ),
    Table(
        "phone",
        "phones.csv",
        "id:string/uuid! location_id:string/uuid service_id:string/uuid "
        "organization_id:string/uuid contact_id:string/uuid "
        "service_at_location_id:string/uuid number:string! extension:number type:string "
        "description:string",
        "location_id>location organization_id>organization service_id>service "
        "service_at_location_id>service_at_location",
    ),
    Table(
        "address",
        "addresses.csv",
        "id:string/uuid! location_id:string/uuid attention:string address_1:string! "
        "address_2:string city:string! region:string state_province:string! "
        "postal_code:string! country:string! address_type:string!",
        "location_id>location",
    ),
    Table(
        "schedule",
        "schedules.csv",
        "id:string/uuid! service_id:string/uuid location_id:string/uuid "
        "service_at_location_id:string/uuid valid_from:date valid_to:date dtstart:date "
        "timezone:number until:date count:number wkst:string freq:string interval:number "
        "byday:string byweekno:string bymonthday:string byyearday:string description:string "
        "opens_at:time closes_at:time schedule_link:string/uri attending_type:string "
        "notes:string",
        "location_id>location service_id>service service_at_location_id>service_at_location",
    ),
    Table(
        "language",
        "languages.csv",
        "id:string/uuid! service_id:string/uuid location_id:string/uuid phone_id:string/uuid "
        "name:string code:string note:string",
        "location_id>location phone_id>phone service_id>service",
    ),
    Table(
        "accessibility",
        "accessibility.csv",
        "id:string/uuid! location_id:string/uuid description:string details:string url:string/uri",
        "location_id>location",
    ),
    Table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        "id:string/uuid! code:string name:string! description:string! parent_id:string/uuid "
        "taxonomy:string language:string taxonomy_id:string/uuid term_uri:string/uri",
        "",
    ),
    Table(
        "cost_option",
        "cost_options.csv",
        "id:string/uuid! service_id:string/uuid! valid_from:date valid_to:date option:string "
        "currency:string amount:number amount_description:string",
        "service_id>service",
    ),
)
"""The tables of the tabular form, in the specification's order."""

_BY_NAME = {table.name: table for table in TABLES}

# Keys of the nested form that hold objects of another table.
_NESTED = {
    "phones": "phone",
    "locations": "location",
    "addresses": "address",
    "accessibility": "accessibility",
    "languages": "language",
    "schedules": "schedule",
    "services": "service",
    "cost_options": "cost_option",
    "service_at_locations": "service_at_location",
    "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
}

_TIMES = ("opens_at", "closes_at")


def tables(organizations: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table, from organizations in the nested form.

    Each object becomes a row of its table (its nested objects rows of theirs); an
    object met again under the same id (a taxonomy term) is written once.

    :raises ValueError: for a field the table does not have (a mapping error).
    """
    found: dict[str, dict[str, dict[str, Any]]] = {table.name: {} for table in TABLES}
    for item in organizations:
        _collect("organization", item, found)
    return {name: list(rows.values()) for name, rows in found.items()}


def _collect(
    table: str, item: dict[str, Any], found: dict[str, dict[str, dict[str, Any]]]
) -> None:
    row: dict[str, Any] = {}
    for key, value in item.items():
        if key in _NESTED and isinstance(value, (list, dict)):
            for child in value if isinstance(value, list) else [value]:
                _collect(_NESTED[key], child, found)
        else:
            row[key] = value
    unknown = set(row) - set(_BY_NAME[table].columns)
    if unknown:
        raise ValueError(f"HSDS table {table} has no field {', '.join(sorted(unknown))}")
    found[table].setdefault(row["id"], row)


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name in _TIMES and isinstance(value, str) and value[2:3] == ":" and value[5:6] != ":":
        return f"{value[:5]}:00{value[5:]}"  # 09:00+02:00 -> 09:00:00+02:00
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def datapackage(filled: list[Table]) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of the tables ``filled``."""
    names = {table.name for table in filled}
    resources = []
    for table in filled:
        schema: dict[str, Any] = {"fields": table.fields, "primaryKey": "id"}
        keys = [
            {"fields": column, "reference": {"resource": target, "fields": "id"}}
            for column, target in table.links
            if target in names
        ]
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": "familycentre-hsds",
        "title": "Family centres and their offers (Open Referral HSDS 3.0, tabular)",
        "profile": "tabular-data-package",
        "resources": resources,
    }


def _csv(table: Table, rows: list[dict[str, Any]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in rows:
        writer.writerow([_cell(column, row.get(column)) for column in table.columns])
    return text.getvalue().encode("utf-8")


def write_zip(organizations: Iterable[dict[str, Any]], stream: IO[bytes]) -> None:
    """Write the tabular form of ``organizations`` (nested HSDS) as a zip archive.

    The archive holds ``datapackage.json`` and a CSV file for each table with rows
    (organizations, services and locations always). Its bytes depend only on the
    data: entries in a fixed order with a fixed date.
    """
    rows = tables(organizations)
    always = {"organization", "service", "location"}
    filled = [table for table in TABLES if rows[table.name] or table.name in always]
    descriptor = json.dumps(datapackage(filled), ensure_ascii=False, indent=1) + "\n"
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("datapackage.json", descriptor.encode("utf-8"))]
        entries += [(table.path, _csv(table, rows[table.name])) for table in filled]
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
