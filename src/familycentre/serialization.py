"""The one converter between model objects and plain data.

Plain data is made of dicts, lists, strings, numbers, booleans and
:mod:`datetime` dates, times and datetimes: what a TOML file holds, and what
:func:`to_json` turns into JSON. All conversion goes through the converter built
here: data files, stores and exports alike.

Structuring checks everything and reports every problem of the input together, as
one :class:`~familycentre.errors.InvalidData` whose problems carry paths like
``offers[3].schedule[0].from``::

    >>> import familycentre as fc
    >>> fc.structure({"id": "x", "name": "", "kind": "ohja"}, fc.Centre)
    Traceback (most recent call last):
    ...
    familycentre.errors.InvalidData: name: must not be empty
    municipality: is required
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import enum
import gc
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from json.encoder import encode_basestring as _json_string  # what json.dumps uses for str
from typing import Any, TypeVar

import attrs
import cattrs
import cattrs.fns
from cattrs.gen import make_dict_unstructure_fn, override

from familycentre.dates import check_date
from familycentre.errors import InvalidData, Problem
from familycentre.model import _checks
from familycentre.model.activities import ACTIVITY_CLASSES
from familycentre.model.attendance import AudienceCount
from familycentre.model.contact import Phone, PhoneKind
from familycentre.model.demand import Response
from familycentre.model.engagement import AgeCount
from familycentre.model.offer import Cost, CostKind
from familycentre.model.schedule import (
    WEEKDAY_NAMES,
    WEEKDAY_WORDS,
    MonthlyWeekday,
    TimeWindow,
    Weekday,
)
from familycentre.model.text import GERMAN, Text
from familycentre.terminal import printable

__all__ = [
    "bulk",
    "direct_json_writer",
    "from_json",
    "generic_json",
    "structure",
    "to_json",
    "to_plain",
    "unstructure",
]

T = TypeVar("T")


class _Problems(Exception):
    """Problems found while structuring, with paths relative to the current value."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems

    @classmethod
    def one(cls, message: str, *path: str | int) -> _Problems:
        return cls([Problem(tuple(path), message)])

    def under(self, key: str | int) -> list[Problem]:
        return [Problem((key, *p.path), p.message) for p in self.problems]


def _describe(value: object) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        tuple: "a list",
        dict: "a table",
        dt.date: "a date",
        dt.datetime: "a date and time",
        dt.time: "a time",
        type(None): "nothing (null)",
    }
    return names.get(type(value), type(value).__name__)


def _noun(cls: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _message(exc: BaseException) -> str:
    if isinstance(exc, _checks.FieldError):
        return exc.message
    return str(exc)


converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
"""The converter. Use :func:`structure` and :func:`unstructure` rather than this object."""


# --- primitives: strict, so that a number where text belongs is an error --------------------


def _strict(kind: type, name: str) -> Callable[[Any, type], Any]:
    def structure(value: Any, _: type) -> Any:
        if type(value) is kind:
            if isinstance(value, str):
                problem = _checks.control_problem(value)
                if problem:
                    raise _Problems.one(problem)
            return value
        if kind is float and type(value) is int:
            return float(value)
        raise _Problems.one(f"expected {name}, not {_describe(value)}")

    return structure


# cattrs dispatches classes along their MRO: the hook for ``str`` would also catch every
# ``StrEnum``, so the enum hooks below are registered for ``StrEnum`` itself as well.
converter.register_structure_hook(str, _strict(str, "text"))
converter.register_structure_hook(int, _strict(int, "a whole number"))
converter.register_structure_hook(bool, _strict(bool, "true or false"))
converter.register_structure_hook(float, _strict(float, "a number"))


def _structure_date(value: Any, _: type) -> dt.date:
    day: dt.date | None = None
    if type(value) is dt.date:
        day = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(value)
    if day is None:
        raise _Problems.one(f"expected a date like 2026-09-01, not {_describe(value)}")
    try:
        return check_date(day)
    except ValueError as exc:
        raise _Problems.one(str(exc)) from None


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _Problems.one(
        f"expected a date and time like 2026-09-01T09:00:00+02:00, not {_describe(value)}"
    )


def _structure_time(value: Any, _: type) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            pass
    raise _Problems.one(f"expected a time like 09:00, not {_describe(value)}")


converter.register_structure_hook(dt.date, _structure_date)
converter.register_structure_hook(dt.datetime, _structure_datetime)
converter.register_structure_hook(dt.time, _structure_time)


# --- enumerations: a plain message with the close match -------------------------------------


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, cls):
        return value
    known = [str(member.value) for member in cls]
    if not isinstance(value, str):
        listing = f" (one of: {', '.join(known)})" if len(known) <= 24 else ""
        raise _Problems.one(
            f"expected text naming a {_noun(cls)}{listing}, not {_describe(value)}"
        )
    try:
        return cls(value)
    except ValueError:
        hint = _did_you_mean(value, known)
        listing = f"; known: {', '.join(known)}" if len(known) <= 24 else ""
        if cls is Weekday:
            hint = _did_you_mean(value.lower(), list(WEEKDAY_NAMES))
            listing = f"; use {WEEKDAY_WORDS}"
        raise _Problems.one(
            f"unknown {_noun(cls)} {_checks.shown(value)}{hint}{listing}"
        ) from None


def _enum_value(member: enum.Enum) -> Any:
    return member.value


for _base in (enum.Enum, enum.StrEnum, enum.IntEnum):
    converter.register_structure_hook(_base, _structure_enum)
    converter.register_unstructure_hook(_base, _enum_value)


# --- lists: every element checked, paths with the index -------------------------------------


def _is_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_structure(cls: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    element = typing.get_args(cls)[0]
    single_table = attrs.has(element) and element not in _SCALAR_FORMS

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        single = False
        if single_table and isinstance(value, Mapping):
            value, single = [value], True  # one table where a list of tables may stand
        elif not isinstance(value, list | tuple | Mapping):
            value, single = [value], True  # one value where a list may stand
        if not isinstance(value, list | tuple):
            raise _Problems.one(f"expected a list, not {_describe(value)}")
        items: list[Any] = []
        problems: list[Problem] = []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, element))
            except _Problems as exc:
                problems.extend(exc.problems if single else exc.under(index))
            except (ValueError, TypeError) as exc:
                problems.append(Problem(() if single else (index,), _message(exc)))
        if problems:
            raise _Problems(problems)
        return tuple(items)

    return structure


converter.register_structure_hook_factory(_is_tuple, _make_tuple_structure)


def _make_tuple_unstructure(cls: Any) -> Callable[[Any], list[Any]]:
    # The element's hook is looked up once, not for every item of every tuple.
    hook = converter.get_unstructure_hook(typing.get_args(cls)[0])
    return lambda value: [hook(item) for item in value]


converter.register_unstructure_hook_factory(_is_tuple, _make_tuple_unstructure)
converter.register_unstructure_hook(tuple, lambda value: [converter.unstructure(v) for v in value])


# --- attrs classes: unknown keys, missing keys and every field checked ----------------------


def _key(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata.get("key", field.name))


def _make_attrs_structure(cls: Any) -> Callable[[Any, Any], Any]:
    attrs.resolve_types(cls)
    fields = {_key(field): field for field in attrs.fields(cls)}
    required = [key for key, field in fields.items() if field.default is attrs.NOTHING]
    aliases = {key: field.alias or field.name for key, field in fields.items()}
    hooks: dict[str, Callable[[Any, Any], Any]] = {}  # each field's hook, found on first use

    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, cls):
            return value
        if not hooks:
            hooks.update(
                {key: converter.get_structure_hook(field.type) for key, field in fields.items()}
            )
        if not isinstance(value, Mapping):
            raise _Problems.one(f"expected a table, not {_describe(value)}")
        problems: list[Problem] = []
        for key in value:
            if key not in fields:
                hint = _did_you_mean(str(key), list(fields))
                problems.append(Problem((str(key),), f"unknown key{hint}"))
        problems.extend(Problem((key,), "is required") for key in required if key not in value)
        # First structure every field; when all is well, construct at once (the
        # validators run once, in __init__). Only when something fails are the field
        # converters and validators run one by one, to report every problem together.
        structured: dict[str, Any] = {}
        found: dict[str, list[Problem]] = {}
        for key, field in fields.items():
            if key in value:
                try:
                    structured[key] = hooks[key](value[key], field.type)
                except _Problems as exc:
                    found[key] = exc.under(key)
                except (ValueError, TypeError) as exc:
                    found[key] = [Problem((key,), _message(exc))]
        failure: Exception | None = None
        if not problems and not found:
            try:
                return cls(**{aliases[key]: item for key, item in structured.items()})
            except (ValueError, TypeError) as exc:
                failure = exc
        for key, item in structured.items():
            field = fields[key]
            try:
                if field.converter is not None:
                    item = field.converter(item)
                if field.validator is not None:
                    field.validator(None, field, item)
            except _Problems as exc:
                found.setdefault(key, []).extend(exc.under(key))
            except _checks.FieldError as exc:
                path = (key,) if exc.field in (key, field.name) else (key, exc.field)
                found.setdefault(key, []).append(Problem(path, exc.message))
            except (ValueError, TypeError) as exc:
                found.setdefault(key, []).append(Problem((key,), _message(exc)))
        for key in fields:
            problems.extend(found.get(key, ()))
        if problems or failure is None:
            raise _Problems(problems)
        if isinstance(failure, _checks.FieldError):
            raise _Problems.one(failure.message, failure.field) from None
        raise _Problems.one(_message(failure)) from None

    return structure


def _make_attrs_unstructure(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    attrs.resolve_types(cls)
    renames = {
        field.name: override(rename=_key(field))
        for field in attrs.fields(cls)
        if _key(field) != field.name
    }
    options: dict[str, Any] = {"_cattrs_omit_if_default": True, **renames}
    return make_dict_unstructure_fn(cls, converter, **options)


# --- forms with a short notation ------------------------------------------------------------


def _structure_text(value: Any, _: type) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        try:
            return Text(value)
        except _checks.FieldError as exc:
            raise _Problems.one(exc.message) from None
    if not isinstance(value, Mapping):
        raise _Problems.one(f"expected text or a table of translations, not {_describe(value)}")
    problems: list[Problem] = []
    for key, item in value.items():
        if not isinstance(item, str):
            problems.append(Problem((str(key),), f"expected text, not {_describe(item)}"))
    if GERMAN not in value:
        problems.append(Problem((), "needs the German text under the key 'de'"))
    if problems:
        raise _Problems(problems)
    try:
        return Text(value[GERMAN], {k: v for k, v in value.items() if k != GERMAN})
    except _checks.FieldError as exc:
        raise _Problems.one(exc.message, exc.field) from None


def _unstructure_text(text: Text) -> str | dict[str, str]:
    return text.de if not text.translations else dict(text)


def _scalar(parse: Callable[[str], T], noun: str) -> Callable[[Any, type], T]:
    def structure(value: Any, cls: type) -> T:
        if isinstance(value, cls):
            return typing.cast(T, value)
        if not isinstance(value, str):
            raise _Problems.one(f"expected {noun}, not {_describe(value)}")
        try:
            return parse(value)
        except (ValueError, TypeError) as exc:
            raise _Problems.one(_message(exc)) from None

    return structure


_phone_table = _make_attrs_structure(Phone)
_cost_table = _make_attrs_structure(Cost)


_phone_text = _scalar(Phone, "a phone number")


def _structure_phone(value: Any, cls: type) -> Phone:
    if isinstance(value, str):
        return _phone_text(value, cls)
    return typing.cast(Phone, _phone_table(value, Phone))


def _unstructure_phone(phone: Phone) -> str | dict[str, Any]:
    if phone.kind is PhoneKind.VOICE and phone.label is None:
        return phone.number
    return _phone_unstructure_table(phone)


def _structure_cost(value: Any, cls: type) -> Cost:
    if isinstance(value, str):
        kind = _structure_enum(value, CostKind)
        try:
            return Cost(CostKind(kind.value))
        except _checks.FieldError as exc:
            raise _Problems.one(exc.message) from None
    return typing.cast(Cost, _cost_table(value, Cost))


def _unstructure_cost(cost: Cost) -> str | dict[str, Any]:
    if cost.amount_cents is None and cost.note is None:
        return cost.kind.value
    return _cost_unstructure_table(cost)


_SCALAR_FORMS: dict[type, tuple[Callable[[Any, Any], Any], Callable[[Any], Any]]] = {
    Text: (_structure_text, _unstructure_text),
    TimeWindow: (_scalar(TimeWindow.parse, "a time window like '09:00-11:00'"), str),
    MonthlyWeekday: (_scalar(MonthlyWeekday.parse, "an ordinal weekday like 'first mon'"), str),
    Phone: (_structure_phone, _unstructure_phone),
    Cost: (_structure_cost, _unstructure_cost),
}

for _cls, (_structure_hook, _unstructure_hook) in _SCALAR_FORMS.items():
    converter.register_structure_hook(_cls, _structure_hook)
    converter.register_unstructure_hook(_cls, _unstructure_hook)

converter.register_structure_hook_factory(attrs.has, _make_attrs_structure)
converter.register_unstructure_hook_factory(attrs.has, _make_attrs_unstructure)
_phone_unstructure_table = _make_attrs_unstructure(Phone)
_cost_unstructure_table = _make_attrs_unstructure(Cost)


# --- the public functions -------------------------------------------------------------------


def structure(data: Any, cls: type[T], *, source: str | None = None) -> T:
    """Build a model object of class ``cls`` from plain data, checking everything.

    :param data: Plain data, as read from TOML or JSON.
    :param cls: The model class (``Centre``, ``Offer``, ``CentreData``, ...).
    :param source: Where the data came from (a file name), for the error message.
    :raises InvalidData: listing every problem with its path.
    """
    try:
        return converter.structure(data, cls)
    except _Problems as exc:
        raise InvalidData([_short(p) for p in exc.problems], source=source) from None
    except RecursionError:
        raise InvalidData(
            [Problem((), "nested too deeply to be centre data")], source=source
        ) from None


_MESSAGE_MAX = 400
"""A problem's message is cut to this many characters (values in it are cut to 80)."""


def _short(problem: Problem) -> Problem:
    """The problem with every path part and the message cut to a readable length."""
    path = tuple(
        part
        if isinstance(part, int) or len(part) <= _checks.SHOWN_MAX
        else part[: _checks.SHOWN_MAX - 1] + "…"
        for part in problem.path
    )
    message = problem.message
    if len(message) > _MESSAGE_MAX:
        message = message[: _MESSAGE_MAX - 1] + "…"
    path = tuple(part if isinstance(part, int) else printable(part) for part in path)
    return Problem(path, message)


def unstructure(obj: Any) -> Any:
    """Turn a model object into plain data; fields at their default are left out."""
    return converter.unstructure(obj)


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_plain(obj: Any) -> Any:
    """Plain data that JSON can hold: like :func:`unstructure`, dates as ISO 8601 text."""
    return json.loads(to_json(obj))


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """A model object (or plain data) as JSON text; dates and times in ISO 8601."""
    if indent is None:
        write = _DIRECT_JSON.get(type(obj))
        if write is not None:
            try:
                return write(obj)
            except _NotDirect:
                pass  # a value the direct writer does not know: the converter writes it
    return generic_json(obj, indent=indent)


def generic_json(obj: Any, *, indent: int | None = None) -> str:
    """:func:`to_json` through the converter and :func:`json.dumps`, for every object.

    :func:`to_json` writes the activity records directly (see :func:`direct_json_writer`);
    the text is the same. This is the reference the direct writers are tested against.
    """
    data = obj if isinstance(obj, dict | list) else unstructure(obj)
    return json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default)


# --- direct JSON for the activity records ----------------------------------------------------
#
# A year of tallies is a million records: going through unstructure (a dict per record)
# and json.dumps costs more than reading and checking them. For the activity record
# classes, a writer compiled from the attrs fields writes the same text directly: the
# same keys in the same order (fields without a default first, then the others unless
# they equal their default, as the converter's generated functions do), the same
# separators, strings escaped by the json module's own encoder. Each value's type is
# checked against what the writer knows; anything else raises _NotDirect and the
# record is written by the converter instead. tests/test_direct_json.py checks
# ``to_json(record) == generic_json(record)`` on generated records of every class.


class _NotDirect(Exception):
    """A value the direct writer does not handle exactly like the converter."""


_Writer = Callable[[Any], str]


def _write_str(value: Any) -> str:
    if type(value) is str:
        return _json_string(value)
    raise _NotDirect


def _write_int(value: Any) -> str:
    if type(value) is int:
        return int.__repr__(value)
    raise _NotDirect


def _write_float(value: Any) -> str:
    kind = type(value)
    if kind is float and value - value == 0.0:  # finite (json writes NaN, Infinity apart)
        return float.__repr__(value)
    if kind is int:
        return int.__repr__(value)
    raise _NotDirect


def _write_date(value: Any) -> str:
    if type(value) is dt.date:
        return '"' + value.isoformat() + '"'
    raise _NotDirect


def _enum_writer(cls: type[enum.Enum]) -> _Writer:
    texts = {member: _json_string(member.value) for member in cls if type(member.value) is str}

    def write(value: Any) -> str:
        if type(value) is cls:
            text = texts.get(value)
            if text is not None:
                return text
        raise _NotDirect

    return write


def _optional_writer(write: _Writer) -> _Writer:
    def write_optional(value: Any) -> str:
        return "null" if value is None else write(value)

    return write_optional


def _tuple_writer(write: _Writer) -> _Writer:
    def write_tuple(value: Any) -> str:
        if type(value) is not tuple:
            raise _NotDirect
        if len(value) == 1:
            return "[" + write(value[0]) + "]"
        return "[" + ", ".join([write(item) for item in value]) + "]"

    return write_tuple


def _field_writer(kind: Any, nested: Mapping[type, _Writer]) -> _Writer | None:
    """The writer of a field's declared type; ``None`` when the converter does more."""
    plain = {str: _write_str, int: _write_int, float: _write_float, dt.date: _write_date}
    if kind in plain:
        if converter.get_unstructure_hook(kind) is not cattrs.fns.identity:
            return None
        return plain[kind]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        if converter.get_unstructure_hook(kind) is not _enum_value:
            return None
        return _enum_writer(kind)
    if isinstance(kind, type) and kind in nested:
        return nested[kind]
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (typing.Union, types.UnionType) and len(args) == 2:
        if type(None) not in args:
            return None
        inner = _field_writer(args[0] if args[1] is type(None) else args[1], nested)
        return None if inner is None else _optional_writer(inner)
    if _is_tuple(kind):
        inner = _field_writer(args[0], nested)
        return None if inner is None else _tuple_writer(inner)
    return None


def direct_json_writer(
    cls: type[Any], nested: Mapping[type, _Writer] | None = None
) -> _Writer | None:
    """A function writing an object of the attrs class ``cls`` as :func:`generic_json` does.

    ``None`` when a field has a type, default or hook the direct writer does not know
    (then only the converter can write the class). ``nested`` gives the writers of
    attrs classes that fields hold. The writer raises an internal exception for a
    value of an unexpected type; :func:`to_json` then falls back to the converter.
    """
    if cls in _SCALAR_FORMS or not attrs.has(cls):
        return None
    attrs.resolve_types(cls)
    names: dict[str, Any] = {
        "cls": cls,
        "_NotDirect": _NotDirect,
        "_string": _json_string,
        "_whole": int.__repr__,
        "_date": dt.date,
    }
    inline = {  # the plain writers, written out in the function: (type check, text)
        _write_str: ("str", "_string({})"),
        _write_int: ("int", "_whole({})"),
        _write_date: ("_date", "'\"' + {}.isoformat() + '\"'"),
    }
    loads: list[str] = []  # v3 = value.date
    checks: list[str] = []  # type(v3) is not _date
    texts: list[str] = []  # '"date": ' + ...
    defaulted: list[str] = []
    for number, field in enumerate(attrs.fields(cls)):
        write = _field_writer(field.type, nested or {})
        if write is None or not field.init or not field.name.isidentifier():
            return None
        names[f"w{number}"] = write
        head = _json_string(_key(field)) + ": "
        if field.default is attrs.NOTHING:
            loads.append(f"    v{number} = value.{field.name}")
            if write in inline:
                kind, text = inline[write]
                checks.append(f"type(v{number}) is not {kind}")
                texts.append(f"{head!r} + " + text.format(f"v{number}"))
            else:
                texts.append(f"{head!r} + w{number}(v{number})")
            continue
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            return None
        default = field.default
        if field.converter is not None:
            if isinstance(field.converter, attrs.Converter) or not callable(field.converter):
                return None
            default = field.converter(default)  # as cattrs compares (see its gen module)
        names[f"d{number}"] = default
        defaulted += [
            f"    item = value.{field.name}",
            f"    if item != d{number}:",
            f"        parts.append({head!r} + w{number}(item))",
        ]
    source = "\n".join(
        [
            "def write(value):",
            "    if type(value) is not cls:",
            "        raise _NotDirect",
            *loads,
            *([f"    if {' or '.join(checks)}:", "        raise _NotDirect"] if checks else []),
            *(
                [
                    f"    parts = [{', '.join(texts)}]",
                    *defaulted,
                    '    return "{" + ", ".join(parts) + "}"',
                ]
                if defaulted or not texts
                else ["    return '{' + " + " + ', ' + ".join(texts) + " + '}'"]
            ),
        ]
    )
    exec(compile(source, f"<direct JSON writer of {cls.__qualname__}>", "exec"), names)
    return typing.cast(_Writer, names["write"])


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many records are built or written.

    Reading a year of tally sheets builds a million records, and the rows, cells and
    keys they are made of; each pass of the cyclic collector walks all of them (the
    collector runs again and again while they pile up) and finds nothing to free: model
    objects hold no reference cycles. Reference counting frees everything as always;
    only the cycle search waits until the block ends (the collector stays off if it
    was off before). :func:`familycentre.tally.parse_tally` and
    :meth:`familycentre.Store.load_activities` read and write in such a block.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _direct_writers() -> dict[type, _Writer]:
    writers: dict[type, _Writer] = {}
    for cls in (AudienceCount, AgeCount, Response, *ACTIVITY_CLASSES):
        write = direct_json_writer(cls, writers)
        if write is not None:
            writers[cls] = write
    return writers


_DIRECT_JSON: dict[type, _Writer] = _direct_writers()
"""The direct writers of :func:`to_json`, by class (the activity records)."""


def from_json(
    text: str | bytes, cls: type[T], *, source: str | None = None, personal: bool = False
) -> T:
    """Build a model object from JSON text (see :func:`structure`).

    :param personal: The text holds personal data (a referral, a family's contact
        details): problems name the field and what is wrong, never the value.
    """
    try:
        data = json.loads(text)
    except ValueError:
        raise InvalidData([Problem((), "not valid JSON")], source=source) from None
    try:
        return structure(data, cls, source=source)
    except InvalidData as exc:
        if not personal:
            raise
        raise redacted(exc) from None


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def redacted(error: InvalidData) -> InvalidData:
    """``error`` with every quoted value in its messages replaced by ``(value not shown)``.

    For problems of personal data (referrals, family contacts), so that a message in
    a log or on a terminal never repeats a name, a phone number or a note.
    """
    problems = [
        Problem(problem.path, _QUOTED.sub("(value not shown)", problem.message))
        for problem in error.problems
    ]
    return InvalidData(problems, source=error.source)
