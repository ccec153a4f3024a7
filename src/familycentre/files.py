"""Data files: a centre's whole data in one TOML (or JSON) file; activity files beside it.

A centre's data file holds the centre, its offers and partners (:class:`CentreData`).
Its activity records (attendance, help, counselling contacts, engagement, ...) live
in activity files of their own (:class:`~familycentre.model.activities.ActivityData`):
``centre = "sonnenblume"`` at the top, then one list per kind (``[[attendance]]``,
``[[help]]`` ...), whose entries need no ``centre`` key.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from familycentre.errors import FamilyCentreError, InvalidData, Problem
from familycentre.model._checks import shown
from familycentre.model.activities import ACTIVITY_SECTIONS, ActivityData
from familycentre.model.contact import default_phone_region
from familycentre.model.data import CentreData
from familycentre.model.schedule import ClosurePolicy, Schedule
from familycentre.schedule.closures import school_holidays
from familycentre.schedule.overlap import schedules_overlaps
from familycentre.serialization import structure, to_json, unstructure

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "UnsafeOutput",
    "atomic_write",
    "check_consistent",
    "check_offer_owners",
    "check_output",
    "dump",
    "dump_activities",
    "dumps",
    "dumps_activities",
    "json_lines",
    "line_of",
    "load",
    "load_activities",
    "load_all",
    "loads",
    "loads_activities",
    "read_bytes",
    "source_lines",
    "toml_lines",
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


MAX_FILE_BYTES = 16 * 1024 * 1024
"""The largest data file read (16 MiB); a larger one is refused before it is read."""

MAX_NESTING = 32
"""How deeply tables and lists may nest in a data file (centre data needs about 6)."""

MAX_INTEGER_DIGITS = 18
"""The longest whole number in a JSON data file, in digits."""


class _Refused(Exception):
    """A JSON value that the parser hooks refuse (duplicate key, huge number, NaN)."""


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            raise _Refused(
                f"the key {shown(key)} is given twice in one object (each key only once)"
            )
        table[key] = value
    return table


def _json_int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > MAX_INTEGER_DIGITS:
        raise _Refused(
            f"a number of {len(digits)} digits is too long (at most {MAX_INTEGER_DIGITS})"
        )
    return int(text)


def _json_constant(text: str) -> Any:
    raise _Refused(f"{text} is not a number JSON allows")


def _depth(data: Any) -> int:
    """How deeply ``data`` nests (iteratively: no recursion limit to hit)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level > MAX_NESTING:
                return level
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, level + 1) for item in items)
    return deepest


def _parse(text: str, fmt: str, source: str | None) -> Any:
    name = "TOML" if fmt == "toml" else "JSON"
    try:
        if fmt == "toml":
            data = tomllib.loads(text)
        else:
            data = json.loads(
                text,
                object_pairs_hook=_json_object,
                parse_int=_json_int,
                parse_constant=_json_constant,
            )
    except tomllib.TOMLDecodeError as exc:
        raise InvalidData([Problem((), f"not valid TOML: {exc}")], source=source) from None
    except json.JSONDecodeError as exc:
        raise InvalidData([Problem((), f"not valid JSON: {exc}")], source=source) from None
    except _Refused as exc:
        raise InvalidData([Problem((), f"not valid data: {exc}")], source=source) from None
    except RecursionError:
        raise InvalidData(
            [Problem((), f"not valid data: {name} nested more than {MAX_NESTING} levels deep")],
            source=source,
        ) from None
    except ValueError as exc:  # a TOML integer beyond Python's digit limit, say
        raise InvalidData(
            [Problem((), f"not valid {name}: {shown(str(exc), 200)}")], source=source
        ) from None
    if _depth(data) > MAX_NESTING:
        raise InvalidData(
            [Problem((), f"not valid data: {name} nested more than {MAX_NESTING} levels deep")],
            source=source,
        )
    return data


def _ical_periods(
    value: Any, key: str, base: Path | None, problems: list[Problem]
) -> list[dict[str, Any]] | None:
    """The periods of the iCal files a centre names under ``key`` (None: not file names)."""
    from familycentre.schedule.closures import closures_from_ical

    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return None
    periods: list[dict[str, Any]] = []
    for name in names:
        if re.match(r"[a-z][a-z0-9+.-]*://", name, re.IGNORECASE):
            problems.append(
                Problem(
                    ("centre", key),
                    f"{shown(name)}: give a local iCal file (download the feed first); "
                    "familycentre does not fetch from the network",
                )
            )
            continue
        path = Path(name) if base is None else base / name
        try:
            found = closures_from_ical(path)
        except InvalidData as exc:
            problems.extend(
                Problem(("centre", key), f"{path}: {problem.message}") for problem in exc.problems
            )
            continue
        periods.extend(
            {"from": c.start, "until": c.end, **({"reason": c.reason.de} if c.reason else {})}
            for c in found
        )
    return periods


def _read_ical_references(data: dict[str, Any], base: Path | None, source: str | None) -> None:
    """Replace the iCal file names of ``[centre]`` by the periods they hold (in place).

    ``school_holidays = "ferien-nrw.ics"`` (or a list of files) gives the centre's
    school holidays; ``closure_calendars = ["schliesstage.ics"]`` adds closure periods.
    """
    centre = data.get("centre")
    if not isinstance(centre, dict):
        return
    problems: list[Problem] = []
    centre = dict(centre)
    if "school_holidays" in centre:
        periods = _ical_periods(centre["school_holidays"], "school_holidays", base, problems)
        if periods is not None:
            centre["school_holidays"] = periods
    if "closure_calendars" in centre:
        periods = _ical_periods(
            centre.pop("closure_calendars"), "closure_calendars", base, problems
        )
        if periods is None:
            problems.append(
                Problem(
                    ("centre", "closure_calendars"),
                    "expected the name of an iCal file, or a list of them",
                )
            )
        else:
            own = centre.get("closures", [])
            own = [own] if isinstance(own, dict) else own
            centre["closures"] = [*own, *periods] if isinstance(own, list) else own
    if problems:
        raise InvalidData(problems, source=source)
    data["centre"] = centre


def loads(
    text: str,
    fmt: str = "toml",
    *,
    source: str | None = None,
    base: str | os.PathLike[str] | None = None,
) -> CentreData:
    """Read a centre's data from TOML or JSON text.

    The centre may name iCal files: ``school_holidays = "ferien-nrw.ics"`` for its
    school holidays, ``closure_calendars = ["schliesstage.ics"]`` for further
    closure periods; each all-day event is a period (see
    :func:`~familycentre.schedule.closures_from_ical`). Names are relative to
    ``base`` (:func:`load` passes the data file's directory), else to the working
    directory.

    Offers need no ``centre`` key: they belong to the file's centre. National
    phone numbers are read in the country of the centre's ``region``. JSON objects
    must not give a key twice; whole numbers have at most 18 digits, and data nests
    at most :data:`MAX_NESTING` levels deep.

    :raises InvalidData: listing every problem with its path.
    """
    data = _parse(text, fmt, source)
    if not isinstance(data, dict):
        raise InvalidData([Problem((), "expected a table at the top")], source=source)
    _read_ical_references(data, None if base is None else Path(base), source)
    centre = data.get("centre")
    centre_id = centre.get("id") if isinstance(centre, dict) else None
    region = centre.get("region") if isinstance(centre, dict) else None
    offers = data.get("offers")
    if isinstance(offers, dict):
        raise InvalidData(
            [
                Problem(
                    ("offers",),
                    "must be a list of tables, one per offer: write [[offers]] (two "
                    "brackets) before each offer, not [offers]"
                    + (" (in JSON: a list of objects)" if fmt == "json" else ""),
                )
            ],
            source=source,
        )
    if isinstance(offers, list) and isinstance(centre_id, str):
        data = {
            **data,
            "offers": [
                {"centre": centre_id, **offer} if isinstance(offer, dict) else offer
                for offer in offers
            ],
        }
    with default_phone_region(region if isinstance(region, str) and _is_region(region) else "DE"):
        loaded = structure(data, CentreData, source=source)
    _check_school_holidays(loaded, source)
    _check_overlaps(loaded, source)
    return loaded


def _check_overlaps(data: CentreData, source: str | None) -> None:
    """Refuse two schedule tables of one offer that give the same time twice."""
    groups: list[tuple[tuple[str | int, ...], Sequence[Schedule]]] = [
        (("centre", "opening_hours"), data.centre.opening_hours)
    ]
    groups += [(("offers", i, "schedule"), o.schedule) for i, o in enumerate(data.offers)]
    problems = [
        Problem(
            (*path, second, "times"),
            f"overlaps schedule[{first}] ({window} on {day.isoformat()}, for example): the "
            "same offer cannot take place twice at one time; join the two tables or change "
            "their times or days",
        )
        for path, schedules in groups
        if len(schedules) > 1
        for first, second, day, window in schedules_overlaps(schedules)
    ]
    if problems:
        raise InvalidData(problems, source=source)


def _is_region(text: str) -> bool:
    import phonenumbers

    return text[:2] in phonenumbers.SUPPORTED_REGIONS


def _check_school_holidays(data: CentreData, source: str | None) -> None:
    """Refuse school-day rules in a region without school holiday data."""
    region = data.centre.region
    if school_holidays(region) is not None or data.centre.school_holidays:
        return
    rules = (ClosurePolicy.SCHOOL_DAYS_ONLY, ClosurePolicy.SCHOOL_HOLIDAYS_ONLY)
    uses = [
        (f"offers[{index}].schedule[{number}]", schedule)
        for index, offer in enumerate(data.offers)
        for number, schedule in enumerate(offer.schedule)
    ]
    uses += [
        (f"centre.opening_hours[{number}]", schedule)
        for number, schedule in enumerate(data.centre.opening_hours)
    ]
    problems = [
        Problem(
            ("centre", "region"),
            f"{region!r} has no school holiday data, but {where} uses closures = "
            f"{schedule.closures.value!r}: use a German state (DE-NW, ...), or "
            "public_holidays and list the school holidays as closures",
        )
        for where, schedule in uses
        if schedule.closures in rules
    ]
    if problems:
        raise InvalidData(problems[:1], source=source)


def _refuse(source: str, message: str) -> InvalidData:
    return InvalidData([Problem((), message)], source=source)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(path: str | os.PathLike[str], *, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file of at most ``limit`` bytes.

    FIFOs, devices, sockets and directories are refused before they are opened (a
    FIFO would block, ``/dev/zero`` never ends), and so is a file above ``limit``.

    :raises InvalidData: naming the file and the problem.
    """
    source = os.fspath(path)
    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise _refuse(source, "no such file") from None
    except OSError as exc:
        raise _refuse(source, f"cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise _refuse(source, "is a directory, not a file")
        raise _refuse(source, f"is {_kind_of(info.st_mode)}, not a regular file: give a data file")
    if info.st_size > limit:
        raise _refuse(
            source,
            f"is {info.st_size:,} bytes; data files may be at most {limit:,} bytes: "
            "split the data into one file per centre",
        )
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refuse(source, f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the check above
            raise _refuse(source, "is not a regular file: give a data file")
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise _refuse(source, f"is larger than {limit:,} bytes (the most a data file may be)")
    return raw


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

    Only regular files of at most :data:`MAX_FILE_BYTES` are read.

    :raises InvalidData: when the file is missing, not a regular file, too large,
        empty, not UTF-8, malformed or invalid.
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
    raw = read_bytes(path)
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():
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

    Only regular files of at most :data:`MAX_FILE_BYTES` are read.

    :raises InvalidData: when the file is missing, not a regular file, too large,
        empty, not UTF-8, malformed, or describes invalid data; every problem is
        listed with its path.
    """
    path = Path(path)
    source = str(path)
    if path.is_dir():
        raise _refuse(source, "is a directory, not a data file: give a .toml or .json file")
    fmt = _format_of(path)
    return loads(_read_text(path), fmt, source=source, base=path.parent)


def load_all(paths: Iterable[str | os.PathLike[str]]) -> list[CentreData]:
    """Read several data files for one load, and check they agree with each other.

    A centre, offer or partner may be given by more than one file only when every
    file gives it alike; an offer id belongs to one centre.

    :raises InvalidData: for the first file with problems, or naming both files and
        the record when two files disagree.
    """
    loaded = [(os.fspath(path), load(path)) for path in paths]
    check_consistent(loaded)
    return [data for _, data in loaded]


def check_consistent(loaded: Sequence[tuple[str, CentreData]]) -> None:
    """Refuse two different versions of one record among the files of a load.

    :param loaded: ``(file name, data)`` pairs.
    :raises InvalidData: naming the record and both files.
    """
    seen: dict[tuple[str, str], tuple[str, Any]] = {}
    for source, data in loaded:
        records: list[tuple[str, str, Any, tuple[str | int, ...]]] = [
            ("centre", data.centre.id, data.centre, ("centre",))
        ]
        records += [("offer", o.id, o, ("offers", i)) for i, o in enumerate(data.offers)]
        records += [("partner", p.id, p, ("partners", i)) for i, p in enumerate(data.partners)]
        problems: list[Problem] = []
        for kind, ident, value, path in records:
            earlier = seen.setdefault((kind, ident), (source, value))
            if earlier[1] == value:
                continue
            if kind == "offer" and earlier[1].centre != value.centre:
                message = (
                    f"offer {ident!r} of centre {value.centre!r} has the id of an offer of "
                    f"centre {earlier[1].centre!r} in {earlier[0]}: offer ids are shared by "
                    "all centres; rename one"
                )
            else:
                message = (
                    f"{kind} {ident!r} is also given in {earlier[0]}, differently: give it "
                    "in one file, or alike in both"
                )
            problems.append(Problem(path, message))
        if problems:
            raise InvalidData(problems, source=source)


def check_offer_owners(
    loaded: Iterable[tuple[str, CentreData]], offer_centre: Callable[[str], str | None]
) -> None:
    """Refuse an offer whose id a store already holds for another centre.

    :param loaded: ``(file name, data)`` pairs about to be loaded.
    :param offer_centre: The centre that holds an offer id in the store, or ``None``
        (``familycentre load`` passes the ``get`` of a mapping it builds from one id
        listing per centre, without reading the offers).
    :raises InvalidData: naming the offer, both centres and the file.
    """
    pairs = list(loaded)
    centres = {data.centre.id for _, data in pairs}
    for source, data in pairs:
        problems = []
        for index, offer in enumerate(data.offers):
            owner = offer_centre(offer.id)
            if owner is not None and owner != offer.centre and owner not in centres:
                problems.append(
                    Problem(
                        ("offers", index),
                        f"offer {offer.id!r} of centre {offer.centre!r}: the store already "
                        f"holds an offer {offer.id!r} of centre {owner!r}; offer ids are "
                        "shared by all centres: rename this one",
                    )
                )
        if problems:
            raise InvalidData(problems, source=source)


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


class UnsafeOutput(FamilyCentreError):
    """An output path that is not a regular file (a directory, FIFO, device or socket)."""


_TEMP_SUFFIX = ".familycentre-tmp"
_in_use: set[str] = set()
_in_use_lock = threading.Lock()


def check_output(path: str | os.PathLike[str]) -> Path:
    """The file that writing to ``path`` replaces, after checking it may be replaced.

    A symbolic link is followed: the file it points to is replaced (atomically) and
    the link stays. A path that is (or leads to) a directory, FIFO, device or socket
    is refused: replacing it would destroy a device node or a pipe's reader would
    never see the data.

    :raises UnsafeOutput: naming the path and what it is.
    :raises FileNotFoundError: when the file's directory does not exist.
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UnsafeOutput(f"{given}: cannot write: {exc.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        via = f" (the link leads to {target})" if target != given else ""
        raise UnsafeOutput(
            f"{given}: is {_kind_of(info.st_mode)}{via}, not a regular file: give a "
            "file name, or - for standard output"
        )
    if not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"{target.parent}: no such directory")
    return target


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


def _remove_stale(target: Path) -> None:
    """Remove temporary files of earlier writes to ``target`` whose process has died."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)(?:\.\d+)?{re.escape(_TEMP_SUFFIX)}")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match is None:
            continue
        stale = str(target.parent / name)
        pid = int(match.group(1))
        with _in_use_lock:
            mine = stale in _in_use
        if mine or (pid != os.getpid() and _pid_alive(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(stale)


def _temporary(target: Path) -> tuple[int, str]:
    """Create this process's temporary file beside ``target``: ``.NAME.PID.familycentre-tmp``."""
    pid = os.getpid()
    for number in range(1000):
        middle = f"{pid}" if number == 0 else f"{pid}.{number}"
        name = str(target.parent / f".{target.name}.{middle}{_TEMP_SUFFIX}")
        with _in_use_lock:
            if name in _in_use:
                continue
            try:
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            except FileExistsError:
                continue
            _in_use.add(name)
            return fd, name
    raise FileExistsError(errno.EEXIST, f"{target.parent}: no free temporary file name")


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Write a file atomically: into a temporary file beside it, then rename.

    If the block raises, the temporary file is removed and ``path`` keeps its
    previous content (or stays absent). The temporary file is called
    ``.NAME.PID.familycentre-tmp``; if the process is killed, the next write to the
    same file removes it. A symbolic link is written through (its target is
    replaced, the link stays); directories, FIFOs, devices and sockets are refused
    (see :func:`check_output`).

    :raises UnsafeOutput: when ``path`` is not (and does not lead to) a regular file.
    """
    target = check_output(path)
    _remove_stale(target)
    fd, temporary = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = os.stat(target).st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        check_output(target)  # still a regular file (or absent) just before the swap
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        with _in_use_lock:
            _in_use.discard(temporary)


# --- where a problem is: line numbers of paths in a data file -------------------------------

Path_ = tuple[str | int, ...]

_TOML_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(?:#.*)?$")
_TOML_KEY = re.compile(
    r"""\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _toml_key_parts(text: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)
    return [part[1:-1] if part[:1] in "\"'" else part for part in parts]


def toml_lines(text: str) -> dict[Path_, int]:
    """The line (1-based) of every table header and key of a TOML text, by path.

    ``[[offers]]`` tables are counted, so ``("offers", 5, "schedule", 0, "every")``
    finds the ``every`` key of the first ``[[offers.schedule]]`` of the sixth offer.
    Keys inside multi-line strings and arrays are not seen: the key that opens
    them is. Best effort for a file that parses; :func:`line_of` falls back to the
    nearest enclosing table.
    """
    lines: dict[Path_, int] = {}
    counts: dict[Path_, int] = {}
    arrays: set[Path_] = set()
    current: Path_ = ()
    in_string: str | None = None
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth += line.count("[") - line.count("]")
            continue
        header = _TOML_HEADER.match(line)
        if header and header[1] == header[3][::-1].replace("]", "["):
            resolved: list[str | int] = []
            parts = _toml_key_parts(header[2])
            for index, part in enumerate(parts):
                resolved.append(part)
                if tuple(resolved) in arrays and index < len(parts) - 1:
                    resolved.append(counts[tuple(resolved)] - 1)
            if header[1] == "[[":
                key = tuple(resolved)
                arrays.add(key)
                counts[key] = counts.get(key, 0) + 1
                resolved.append(counts[key] - 1)
            current = tuple(resolved)
            lines.setdefault(current, number)
            continue
        key_match = _TOML_KEY.match(line)
        if key_match:
            path = (*current, *_toml_key_parts(key_match[1]))
            lines.setdefault(path, number)
            rest = line[key_match.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
            if in_string is None:
                stripped = re.sub(r"""("[^"]*"|'[^']*')""", "", rest.split("#")[0])
                depth = max(0, stripped.count("[") - stripped.count("]"))
    return lines


def json_lines(text: str) -> dict[Path_, int]:
    """The line (1-based) of every value of a JSON text, by path (best effort)."""
    decoder = json.JSONDecoder()
    lines: dict[Path_, int] = {}
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())

    def line(pos: int) -> int:
        import bisect

        return bisect.bisect_right(starts, pos)

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        return pos

    def value(pos: int, path: Path_, key_line: int | None) -> int:
        pos = skip(pos)
        lines.setdefault(path, key_line or line(pos))
        if pos >= len(text):
            return pos
        if text[pos] == "{":
            pos = skip(pos + 1)
            while pos < len(text) and text[pos] != "}":
                key, end = decoder.raw_decode(text, pos)
                key_at = line(pos)
                pos = skip(end)
                pos = value(pos + 1, (*path, key), key_at)  # after the colon
                pos = skip(pos)
                if pos < len(text) and text[pos] == ",":
                    pos = skip(pos + 1)
            return pos + 1
        if text[pos] == "[":
            pos = skip(pos + 1)
            index = 0
            while pos < len(text) and text[pos] != "]":
                pos = value(pos, (*path, index), None)
                index += 1
                pos = skip(pos)
                if pos < len(text) and text[pos] == ",":
                    pos = skip(pos + 1)
            return pos + 1
        _, end = decoder.raw_decode(text, pos)
        return end

    with contextlib.suppress(ValueError, IndexError, RecursionError):
        value(0, (), None)  # a broken file: the lines found so far
    return lines


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of ``path``, or of the nearest enclosing table or list that has one."""
    for end in range(len(path), 0, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def source_lines(path: str | os.PathLike[str]) -> tuple[dict[Path_, int], Any]:
    """The lines of the paths in a data file, and its raw (unchecked) data.

    For messages that point at a line (``sonnenblume.toml:87: ...``). The raw data
    is ``None`` when the file cannot be read or parsed.
    """
    try:
        text = read_bytes(path).decode("utf-8").removeprefix("\ufeff")
        fmt = _format_of(Path(path))
    except (InvalidData, UnicodeDecodeError):
        return {}, None
    try:
        raw = _parse(text, fmt, None)
    except InvalidData:
        raw = None
    return (toml_lines(text) if fmt == "toml" else json_lines(text)), raw
