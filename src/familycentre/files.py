"""Data files: a centre's whole data in one TOML (or JSON) file; activity files beside it.

A centre's data file holds the centre, its offers and partners (:class:`CentreData`).
Its activity records (attendance, help, counselling contacts, engagement, ...) live
in activity files of their own (:class:`~familycentre.model.activities.ActivityData`):
``centre = "sonnenblume"`` at the top, then one list per kind (``[[attendance]]``,
``[[help]]`` ...), whose entries need no ``centre`` key.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from familycentre.errors import InvalidData, Problem
from familycentre.model.activities import ACTIVITY_SECTIONS, ActivityData
from familycentre.model.contact import default_phone_region
from familycentre.model.data import CentreData
from familycentre.serialization import structure, to_json, unstructure

__all__ = [
    "FORMATS",
    "atomic_write",
    "dump",
    "dump_activities",
    "dumps",
    "dumps_activities",
    "load",
    "load_activities",
    "loads",
    "loads_activities",
]

FORMATS = ("toml", "json")
"""The data file formats, chosen by the file's suffix."""


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidData(
            [Problem((), f"unknown file type {path.suffix!r}: use a .toml or .json file")],
            source=str(path),
        )
    return suffix


def _parse(text: str, fmt: str, source: str | None) -> Any:
    try:
        if fmt == "toml":
            return tomllib.loads(text)
        return json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidData([Problem((), f"not valid TOML: {exc}")], source=source) from None
    except json.JSONDecodeError as exc:
        raise InvalidData([Problem((), f"not valid JSON: {exc}")], source=source) from None


def loads(text: str, fmt: str = "toml", *, source: str | None = None) -> CentreData:
    """Read a centre's data from TOML or JSON text.

    Offers need no ``centre`` key: they belong to the file's centre. National
    phone numbers are read in the country of the centre's ``region``.

    :raises InvalidData: listing every problem with its path.
    """
    data = _parse(text, fmt, source)
    if not isinstance(data, dict):
        raise InvalidData([Problem((), "expected a table at the top")], source=source)
    centre = data.get("centre")
    centre_id = centre.get("id") if isinstance(centre, dict) else None
    region = centre.get("region") if isinstance(centre, dict) else None
    offers = data.get("offers")
    if isinstance(offers, list) and isinstance(centre_id, str):
        data = {
            **data,
            "offers": [
                {"centre": centre_id, **offer} if isinstance(offer, dict) else offer
                for offer in offers
            ],
        }
    with default_phone_region(region if isinstance(region, str) and region else "DE"):
        return structure(data, CentreData, source=source)


def loads_activities(text: str, fmt: str = "toml", *, source: str | None = None) -> ActivityData:
    """Read an activity file's text (TOML or JSON); records need no ``centre`` key.

    :raises InvalidData: listing every problem with its path.
    """
    data = _parse(text, fmt, source)
    if not isinstance(data, dict):
        raise InvalidData([Problem((), "expected a table at the top")], source=source)
    centre = data.get("centre")
    if isinstance(centre, str):
        data = {
            key: (
                [{"centre": centre, **item} if isinstance(item, dict) else item for item in value]
                if key in ACTIVITY_SECTIONS and isinstance(value, list)
                else value
            )
            for key, value in data.items()
        }
    return structure(data, ActivityData, source=source)


def load_activities(path: str | os.PathLike[str]) -> ActivityData:
    """Read an activity file (``.toml`` or ``.json``).

    :raises InvalidData: when the file is missing, not UTF-8, malformed or invalid.
    """
    path = Path(path)
    return loads_activities(_read_text(path), _format_of(path), source=str(path))


def _plain_activities(data: ActivityData) -> dict[str, Any]:
    plain: dict[str, Any] = unstructure(data)
    for section in ACTIVITY_SECTIONS:
        for item in plain.get(section, []):
            item.pop("centre", None)
    return plain


def dumps_activities(data: ActivityData, fmt: str = "toml") -> str:
    """An activity file's text, TOML or JSON (the inverse of :func:`loads_activities`)."""
    plain = _plain_activities(data)
    if fmt == "json":
        return to_json(plain, indent=2) + "\n"
    import tomli_w

    return tomli_w.dumps(plain, multiline_strings=True)


def dump_activities(data: ActivityData, path: str | os.PathLike[str]) -> None:
    """Write an activity file atomically, in the format its suffix names."""
    path = Path(path)
    text = dumps_activities(data, _format_of(path))
    with atomic_write(path) as stream:
        stream.write(text.encode("utf-8"))


def _read_text(path: Path) -> str:
    """A data file's text: UTF-8 (a byte order mark is dropped), not empty."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidData([Problem((), "no such file")], source=source) from None
    except IsADirectoryError:
        raise InvalidData([Problem((), "is a directory, not a file")], source=source) from None
    except OSError as exc:
        raise InvalidData([Problem((), f"cannot read: {exc.strerror}")], source=source) from None
    if not raw.strip():
        raise InvalidData([Problem((), "the file is empty")], source=source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidData(
            [Problem((), f"not UTF-8 text: byte 0x{raw[exc.start]:02x} on line {line}")],
            source=source,
        ) from None
    return text.removeprefix("\ufeff")


def load(path: str | os.PathLike[str]) -> CentreData:
    """Read a centre's data file (``.toml`` or ``.json``).

    >>> import familycentre as fc
    >>> data = fc.load("examples/sonnenblume.toml")
    >>> data.centre.id
    'sonnenblume'

    :raises InvalidData: when the file is missing, empty, not UTF-8, malformed, or
        describes invalid data; every problem is listed with its path.
    """
    path = Path(path)
    fmt = _format_of(path)
    return loads(_read_text(path), fmt, source=str(path))


def _plain(data: CentreData) -> dict[str, Any]:
    plain: dict[str, Any] = unstructure(data)
    for offer in plain.get("offers", []):
        if offer.get("centre") == data.centre.id:
            del offer["centre"]
    return plain


def dumps(data: CentreData, fmt: str = "toml") -> str:
    """A centre's data as TOML or JSON text (the inverse of :func:`loads`)."""
    plain = _plain(data)
    if fmt == "json":
        return to_json(plain, indent=2) + "\n"
    import tomli_w

    return tomli_w.dumps(plain, multiline_strings=True)


def dump(data: CentreData, path: str | os.PathLike[str]) -> None:
    """Write a centre's data file, in the format its suffix names.

    The file is replaced atomically: if writing fails, the previous file is intact.
    """
    path = Path(path)
    text = dumps(data, _format_of(path))
    with atomic_write(path) as stream:
        stream.write(text.encode("utf-8"))


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Write a file atomically: into a temporary file beside it, then rename.

    If the block raises, the temporary file is removed and ``path`` keeps its
    previous content (or stays absent).
    """
    path = Path(path)
    directory = path.parent
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such directory")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
