"""Problems of data files as people read them: the line, the offer, the words.

``offers[5].schedule[0].every: must be at least 1, not 0`` makes staff count
``[[offers]]`` blocks. The command line says instead::

    sonnenblume.toml:87: Angebot "hausaufgaben", Zeitplan 1: every: muss mindestens 1 sein, nicht 0

The line is found by scanning the file (:func:`familycentre.files.source_lines`),
the offer's id is read from the file's raw data, and the most common messages are
translated from the catalogues.
"""

from __future__ import annotations

import re
from typing import Any

from familycentre.cli.common import N_, _
from familycentre.errors import InvalidData, Problem, format_path

__all__ = ["render_invalid", "render_problem", "translate_message"]

_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (r"is required", N_("is required")),
        (r"unknown key", N_("unknown key")),
        (
            r"unknown key \(did you mean '(?P<close>[^']*)'\?\)",
            N_("unknown key (did you mean {close!r}?)"),
        ),
        (r"must not be empty", N_("must not be empty")),
        (
            r"must be at least (?P<least>-?\d+), not (?P<value>.+)",
            N_("must be at least {least}, not {value}"),
        ),
        (r"must list at least one day", N_("must list at least one day")),
        (r"lists a day twice", N_("lists a day twice")),
        (
            r"give at least one time window, or all_day = true",
            N_("give at least one time window, or all_day = true"),
        ),
        (r"an all-day schedule has no times", N_("an all-day schedule has no times")),
        (
            r"(?P<until>\S+) lies before from \((?P<start>\S+)\)",
            N_("{until} lies before from ({start})"),
        ),
        (
            r"(?P<value>.+) is not a time window like '09:00-11:00'",
            N_("{value} is not a time window like '09:00-11:00'"),
        ),
        (r"unknown weekday (?P<value>'[^']*')(?P<rest>.*)", N_("unknown weekday {value}{rest}")),
        (r"unknown category (?P<value>'[^']*')(?P<rest>.*)", N_("unknown category {value}{rest}")),
        (r"unknown audience (?P<value>'[^']*')(?P<rest>.*)", N_("unknown audience {value}{rest}")),
        (
            r"unknown closure policy (?P<value>'[^']*')(?P<rest>.*)",
            N_("unknown closure policy {value}{rest}"),
        ),
        (
            r"expected a date like 2026-09-01, not (?P<value>.+)",
            N_("expected a date like 2026-09-01, not {value}"),
        ),
        (r"the file is empty", N_("the file is empty")),
        (r"no such file", N_("no such file")),
        (
            r"is a directory, not a data file: give a \.toml or \.json file",
            N_("is a directory, not a data file: give a .toml or .json file"),
        ),
        (
            r"a schedule needs a pattern \(weekly, monthly, monthly_days, daily\) or dates",
            N_("a schedule needs a pattern (weekly, monthly, monthly_days, daily) or dates"),
        ),
    )
)


_RESTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r" \(did you mean (?P<close>'[^']*')\?\)"), N_(" (did you mean {close}?)")),
    (re.compile(r"; use (?P<values>.*)"), N_("; use {values}")),
    (re.compile(r"; known: (?P<values>.*)"), N_("; known: {values}")),
)


def _translate_rest(rest: str) -> str:
    """The tail of a message: a "did you mean" and the list of allowed values."""
    out = ""
    while rest:
        for pattern, template in _RESTS:
            found = pattern.match(rest)
            if found:
                out += _(template).format(**found.groupdict())
                rest = rest[found.end() :]
                break
        else:
            return out + rest
    return out


def translate_message(message: str) -> str:
    """A problem's message in the command line's language, where a translation exists."""
    for pattern, template in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            fields = found.groupdict()
            if "rest" in fields:
                fields["rest"] = _translate_rest(fields["rest"] or "")
            return _(template).format(**fields)
    return message


def _item_id(raw: Any, key: str, index: int) -> str | None:
    items = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], dict):
        found = items[index].get("id")
        if isinstance(found, str) and found:
            from familycentre.terminal import printable

            return printable(found if len(found) <= 40 else found[:39] + "…")
    return None


_PARTS = {
    "schedule": N_("schedule {number}"),
    "closures": N_("closure {number}"),
    "opening_hours": N_("opening hours {number}"),
}


def _label(path: tuple[str | int, ...], raw: Any) -> tuple[list[str], tuple[str | int, ...]]:
    """Words for the start of a path (``Angebot "x", Zeitplan 1``) and the rest of it."""
    words: list[str] = []
    rest = path
    if len(path) >= 2 and path[0] in ("offers", "partners") and isinstance(path[1], int):
        kind, index = str(path[0]), path[1]
        ident = _item_id(raw, kind, index)
        if kind == "offers":
            words.append(
                _('offer "{id}"').format(id=ident)
                if ident
                else _("offer {number}").format(number=index + 1)
            )
        else:
            words.append(
                _('partner "{id}"').format(id=ident)
                if ident
                else _("partner {number}").format(number=index + 1)
            )
        rest = path[2:]
    else:
        return words, rest  # the centre's fields: the path says it best (centre.region)
    while len(rest) >= 2 and rest[0] in _PARTS and isinstance(rest[1], int):
        words.append(_(_PARTS[str(rest[0])]).format(number=rest[1] + 1))
        rest = rest[2:]
    return words, rest


def render_problem(
    problem: Problem, source: str | None, lines: dict[tuple[str | int, ...], int], raw: Any
) -> str:
    """One problem as a line: ``FILE:LINE: offer "x", schedule 1: every: message``."""
    from familycentre.files import line_of

    line = line_of(lines, problem.path) if problem.path else None
    where = source or ""
    if where and line is not None:
        where += f":{line}"
    words, rest = _label(problem.path, raw)
    place = ", ".join(words)
    if rest:
        place = f"{place}: {format_path(rest)}" if place else format_path(rest)
    text = translate_message(problem.message)
    parts = [part for part in (where, place, text) if part]
    return ": ".join(parts)


def render_invalid(error: InvalidData) -> list[str]:
    """Every problem of an :class:`InvalidData` as a line (with lines when from a file)."""
    lines: dict[tuple[str | int, ...], int] = {}
    raw: Any = None
    if error.source and error.source.lower().endswith((".toml", ".json")):
        from familycentre.files import source_lines

        lines, raw = source_lines(error.source)
    return [render_problem(problem, error.source, lines, raw) for problem in error.problems]
