"""The exceptions a user of familycentre can meet, in one hierarchy.

Every exception derives from :class:`FamilyCentreError` and carries a message in
plain words. Invalid data is reported as one :class:`InvalidData` that lists every
problem of the input, each with the path of the offending field::

    FamilyCentreError
    ├── InvalidData            (a ValueError) bad input, every problem with its path
    ├── NotFound               (also a LookupError) no such record
    │   └── EmptySelection     a selection (of centres, offers) that matches nothing
    ├── ConflictError          a stale revision: someone else changed the record first
    ├── StoreError             a store that cannot be opened or used
    │   └── ErasureIncomplete  erased, but old copies remain in the database files
    ├── TransitionError        (also a ValueError) a referral move the lifecycle forbids
    │   └── ConsentError       a move that would pass data without consent
    ├── DateOutOfRange         (also a ValueError) a date outside 1900 to 2199
    ├── InvalidWindow          (also a ValueError) a window of dates that cannot be queried
    │   ├── TooManyOccurrences more occurrences than one request may give
    │   └── WindowTooLarge     longer than ten years
    ├── MissingHolidayData     (also a LookupError) holiday data familycentre lacks
    ├── PrivateDataError       a public exporter asked for personal data
    ├── ChromiumMissing        no headless Chromium to print a PDF with
    └── PluginError            a plugin that cannot be loaded, or two that clash

:class:`PluginWarning` (a :class:`UserWarning`) reports a plugin that failed and was
skipped, :class:`StoreWarning` a store file that other users can read;
:class:`FieldError` is raised by the model's validators and turned into
:class:`Problem` entries of an :class:`InvalidData`.

This module is the lowest layer: it imports nothing else of familycentre.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "ChromiumMissing",
    "ConflictError",
    "ConsentError",
    "DateOutOfRange",
    "EmptySelection",
    "ErasureIncomplete",
    "FamilyCentreError",
    "FieldError",
    "InvalidData",
    "InvalidWindow",
    "MissingHolidayData",
    "NotFound",
    "PluginError",
    "PluginWarning",
    "PrivateDataError",
    "Problem",
    "StoreError",
    "StoreWarning",
    "TallyError",
    "TooManyOccurrences",
    "TransitionError",
    "WindowTooLarge",
    "format_path",
]


class FamilyCentreError(Exception):
    """Base class of every error raised by familycentre on purpose."""


@attrs.frozen
class Problem:
    """One problem of an input: where it is and what is wrong.

    :param path: Where the problem is, as a tuple of keys and list indexes
        (``("offers", 3, "schedule", "from")``); empty for the whole input.
    :param message: What is wrong, in plain words.
    """

    path: tuple[str | int, ...]
    message: str

    @property
    def location(self) -> str:
        """The path as text: ``offers[3].schedule.from`` (``<root>`` for the input itself)."""
        return format_path(self.path)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.path else self.message


def format_path(path: Sequence[str | int]) -> str:
    """Format a path of keys and indexes as ``offers[3].schedule.from``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "<root>"


class InvalidData(FamilyCentreError, ValueError):
    """Data that does not describe a valid centre, offer, partner or referral.

    :attr:`problems` lists every problem found, each with its path; ``str()``
    gives one line per problem. ``source`` names the file the data came from,
    where there was one.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(f"{prefix}{problem}" for problem in self.problems)

    def __reduce__(self) -> tuple[type[InvalidData], tuple[tuple[Problem, ...], str | None]]:
        return (type(self), (self.problems, self.source))


class TallyError(InvalidData):
    """A tally sheet (CSV) that cannot be imported; nothing from it was imported.

    Each problem's path is ``(line, column, header)`` for a cell (line 1 is the
    header line, column 1 the first), ``(line,)`` for a whole line, or ``()`` for
    the whole file; ``str()`` gives one line per problem, like
    ``teilnahme.csv, line 5, column 3 (Teilnehmende): must not be negative, not -2``.
    """

    def _text(self) -> str:
        lines = []
        for problem in self.problems:
            where = [self.source] if self.source else []
            path = problem.path
            if path:
                where.append(f"line {path[0]}")
            if len(path) >= 3:
                where.append(f"column {path[1]} ({path[2]})")
            lines.append(f"{', '.join(where)}: {problem.message}" if where else problem.message)
        return "\n".join(lines)


class NotFound(FamilyCentreError, LookupError):
    """A record (centre, offer, partner, referral) that does not exist."""


class EmptySelection(NotFound):
    """A selection that matches no centre or no offer, where that is a mistake.

    ``familycentre export`` raises it rather than publish an empty calendar
    (subscribers' phones would drop the whole programme); ``--allow-empty`` allows it.
    """


class ConflictError(FamilyCentreError):
    """An update based on a stale revision: someone else changed the record first."""


class StoreError(FamilyCentreError):
    """A store that cannot be opened or used: unknown URL, damaged file, closed store."""


class StoreWarning(UserWarning):
    """A store that works but is set up unsafely (a store file other users can read)."""


class ErasureIncomplete(StoreError):
    """Personal data was erased, but old copies remain in the database files for now.

    Raised when a store could not rewrite its files (SQLite: another connection
    holds a read transaction, so the write-ahead log cannot be truncated). The
    erasure itself is committed: nothing reads the old values any more, but they
    are still on disk until the condition named in the message clears. Run the
    same command again (``familycentre erase --finish``) to complete it.
    """


class TransitionError(FamilyCentreError, ValueError):
    """A move the lifecycle does not allow, or one that lacks its reason.

    :attr:`current` is the referral's status, :attr:`allowed` the statuses it may
    move to next (by anyone).
    """

    def __init__(self, message: str, current: str, allowed: Iterable[str]) -> None:
        self.current = current
        self.allowed = tuple(allowed)
        super().__init__(message)

    def __reduce__(self) -> tuple[type[TransitionError], tuple[object, ...]]:
        return (type(self), (str(self), self.current, self.allowed))


class ConsentError(TransitionError):
    """A referral would pass data to a partner without consent that covers it."""


class DateOutOfRange(FamilyCentreError, ValueError):
    """A date, year or period outside the range familycentre supports (1900 to 2199)."""


class InvalidWindow(FamilyCentreError, ValueError):
    """A window of dates that cannot be queried (end before start, not dates)."""


class TooManyOccurrences(InvalidWindow):
    """A request whose offers of one centre could give more than a million occurrences."""


class WindowTooLarge(InvalidWindow):
    """A window of dates longer than ten years (``familycentre.schedule.MAX_WINDOW_DAYS``)."""


class MissingHolidayData(FamilyCentreError, LookupError):
    """Holiday data needed for a date that familycentre does not have.

    Raised when a schedule depends on school holidays (``school_days_only``,
    ``school_holidays_only``) on a date outside the shipped data for the centre's
    region, or when the region has no public holiday calendar. familycentre refuses
    to guess: pass school holidays from another source
    (:func:`familycentre.closures_from_ical`) to ``ClosureCalendar.for_centre``.
    """


class PrivateDataError(FamilyCentreError):
    """A public exporter asked for personal data (referrals): refused."""


class ChromiumMissing(FamilyCentreError):
    """No headless Chromium to print a PDF with (see :mod:`familycentre.chromium`)."""


class PluginError(FamilyCentreError):
    """A plugin that cannot be loaded (in strict mode), or two plugins that clash."""


class PluginWarning(UserWarning):
    """A plugin that failed (to load, to register, or in an observer) and was skipped."""


class FieldError(ValueError):
    """A problem with one field, raised by the model's validators.

    ``field`` is the field's name in data files; the message says what is wrong. The
    converter turns it into a :class:`Problem` with the field's whole path.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
