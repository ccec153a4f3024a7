"""Validators and converters shared by the model classes.

Validators follow attrs' signature ``(instance, attribute, value)`` and never look at
``instance``, so the serialization layer can run them field by field to report every
problem of an input at once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from familycentre.errors import FieldError as FieldError  # raised by the checks below

T = TypeVar("T")

SLUG_MAX = 64
_SLUG = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*+")  # possessive: no backtracking to try
_KNOWN_SLUGS: set[str] = set()
"""Ids found valid lately: a centre's or an offer's id is checked in each of its records."""
_KNOWN_MAX = 4096
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_ATOM = r"[^@\s<>(),;:\"\[\].]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(  # the local part is RFC 5322's dot-atom: no dot first, last or doubled
    rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+"
)


def _name(attribute: attrs.Attribute[Any]) -> str:
    return str(attribute.metadata.get("key", attribute.name))


def _raise(attribute: attrs.Attribute[Any], message: str) -> None:
    raise FieldError(_name(attribute), message)


SHOWN_MAX = 80
"""Values quoted in messages are cut to this many characters (then ``…``)."""

# C0 controls but tab (09) and line feed (0A), DEL, C1 controls, and surrogates (a
# lone surrogate is not Unicode: no file, database or terminal can hold it).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x0d": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
}
# Characters that print as nothing: format characters (Unicode category Cf: zero-width
# space, joiners, direction marks, BOM) are found by category; these blank letters too.
_BLANK_LETTERS = frozenset("\u115f\u1160\u180e\u2800\u3164\uffa0")


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters with ``…``.

    A 10 MB value must not become a 10 MB error line; control characters and
    surrogates come out escaped, never raw.
    """
    text = repr(value) if isinstance(value, str) else repr(str(value))
    text = (
        text.encode("ascii", "backslashreplace").decode("ascii")
        if _FORBIDDEN.search(text)
        else text
    )
    if len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def control_problem(value: str) -> str | None:
    r"""Return a problem when ``value`` holds a character no text of ours may hold.

    Refused: the C0 control characters except tab and line feed (NUL, BEL, ESC,
    VT, FF, a carriage return, ...), DEL, the C1 controls (U+0080 to U+009F), and
    lone surrogates (from JSON's ``"\ud800"`` escape; no file, database or terminal can
    hold them).
    """
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        return (
            f"holds a lone surrogate (U+{ord(char):04X}) at character {found.start() + 1}: "
            "not valid Unicode text"
        )
    name = _CONTROL_NAMES.get(char, "a control character")
    return (
        f"must not contain control characters: {name} (U+{ord(char):04X}) "
        f"at character {found.start() + 1}"
    )


def no_nul(value: str) -> str | None:
    """Return a problem when ``value`` holds NUL or another control character.

    The same check as :func:`control_problem` (kept under its old name).
    """
    return control_problem(value)


def blank(value: str) -> bool:
    """Whether ``value`` shows nothing: only spaces and invisible characters.

    Zero-width spaces and joiners, direction marks, the byte order mark (Unicode
    category Cf) and blank letters such as U+3164 count as invisible.
    """
    return all(
        char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) == "Cf"
        for char in value
    )


def slug(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Check an identifier: lowercase letters, digits and single hyphens, at most 64 characters."""
    if type(value) is str:
        if value in _KNOWN_SLUGS:
            return  # found valid before
        if len(value) <= SLUG_MAX and _SLUG.fullmatch(value):
            if len(_KNOWN_SLUGS) >= _KNOWN_MAX:
                _KNOWN_SLUGS.clear()
            _KNOWN_SLUGS.add(value)
            return  # valid (the checks below say what is wrong)
    if not isinstance(value, str):
        _raise(attribute, f"must be text, not {type(value).__name__}")
    if not value:
        _raise(attribute, "must not be empty")
    if len(value) > SLUG_MAX:
        _raise(attribute, f"must be at most {SLUG_MAX} characters long, not {len(value)}")
    if not _SLUG.fullmatch(value):
        _raise(
            attribute,
            f"{shown(value)} is not a valid id: use lowercase letters a-z, digits and single "
            "hyphens (like 'fruehstueck-dienstag'), no spaces, '/' or '.'",
        )


def text(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Check a required single-line or multi-line text: not blank, no NUL characters."""
    if not isinstance(value, str):
        _raise(attribute, f"must be text, not {type(value).__name__}")
    problem = control_problem(value)
    if problem:
        _raise(attribute, problem)
    if blank(value):
        _raise(attribute, "must not be empty (it holds only spaces or invisible characters)")


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Check an optional text (see :func:`text`)."""
    if value is not None:
        text(instance, attribute, value)


def language(value: str) -> str | None:
    """Return a problem when ``value`` is not a language tag like ``de``, ``tr`` or ``pt-BR``."""
    if not _LANGUAGE.fullmatch(value):
        return f"{shown(value)} is not a language tag (like 'de', 'en', 'tr', 'ar', 'uk')"
    return None


def languages(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    """Check a list of language tags, without repeats."""
    for tag in value:
        problem = language(tag)
        if problem:
            _raise(attribute, problem)
    unique(instance, attribute, value)


def unique(instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    """Check that a list holds no item twice."""
    seen: set[Any] = set()
    for item in value:
        if item in seen:
            _raise(attribute, f"lists {shown(str(item))} twice")
        seen.add(item)


def email(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Check an email address (``name@example.org``)."""
    if isinstance(value, str) and _FORBIDDEN.search(value):
        _raise(attribute, f"is not an email address: {control_problem(value)}")
    if not isinstance(value, str) or not _EMAIL.fullmatch(value) or len(value) > 254:
        _raise(attribute, f"{shown(value)} is not an email address (like 'info@example.org')")


def emails(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    """Check a list of email addresses."""
    for item in value:
        email(instance, attribute, item)
    unique(instance, attribute, value)


def url(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Check an optional web address: ``http`` or ``https`` with a host name."""
    if value is None:
        return
    if isinstance(value, str) and _FORBIDDEN.search(value):
        _raise(attribute, f"is not a web address: {control_problem(value)}")
    try:
        parts = urllib.parse.urlsplit(value) if isinstance(value, str) else None
    except ValueError:  # an invalid IPv6 literal, say
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in value)
    ):
        _raise(attribute, f"{shown(value)} is not a web address (like 'https://example.org/')")


def non_negative(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """Check an optional whole number that must not be negative."""
    if value is not None and value < 0:
        _raise(attribute, f"must not be negative, not {value}")


def positive(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """Check an optional whole number that must be at least 1."""
    if value is not None and value < 1:
        _raise(attribute, f"must be at least 1, not {value}")


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Convert any iterable (a list from a data file, say) to a tuple.

    A single text stands for a list of one (``"tue"`` is ``("tue",)``).
    """
    if type(value) is tuple:
        return value  # what tuple(value) gives
    if isinstance(value, str):
        return (value,)  # type: ignore[return-value]
    if isinstance(value, bytes):
        raise TypeError("expected a list, not bytes")
    return tuple(value)


def count(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    """Check a count of people or cases: a whole number, not negative."""
    if type(value) is int and value >= 0:
        return  # valid (the checks below say what is wrong)
    if not isinstance(value, int) or isinstance(value, bool):
        _raise(attribute, f"must be a whole number, not {type(value).__name__}")
    if value < 0:
        _raise(attribute, f"must not be negative, not {value}")


def optional_count(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """Check an optional count (see :func:`count`)."""
    if value is not None:
        count(instance, attribute, value)


def hours(instance: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """Check an optional number of hours: a finite number, not negative, at most 10,000."""
    if value is None or ((type(value) is float or type(value) is int) and 0 <= value <= 10_000):
        return  # valid (the checks below say what is wrong)
    if not isinstance(value, int | float) or isinstance(value, bool):
        _raise(attribute, f"must be a number of hours, not {type(value).__name__}")
    if not 0 <= value <= 10_000:  # also refuses NaN
        _raise(attribute, f"must be between 0 and 10000 hours, not {value}")


def optional_slug(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Check an optional identifier (see :func:`slug`)."""
    if value is not None:
        slug(instance, attribute, value)


def day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check a calendar day: a :class:`datetime.date`, not a date and time."""
    if type(value) is not dt.date:
        _raise(attribute, f"must be a date like 2026-03-02, not {type(value).__name__}")


def optional_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Check an optional calendar day (see :func:`day`)."""
    if value is not None:
        day(instance, attribute, value)
