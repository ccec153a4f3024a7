"""The exceptions a user of familycentre can meet.

Every exception derives from :class:`FamilyCentreError` and carries a message in
plain words. Invalid data is reported as one :class:`InvalidData` that lists every
problem of the input, each with the path of the offending field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "ConflictError",
    "FamilyCentreError",
    "InvalidData",
    "NotFound",
    "Problem",
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


class NotFound(FamilyCentreError, LookupError):
    """A record (centre, offer, partner, referral) that does not exist."""


class ConflictError(FamilyCentreError):
    """An update based on a stale revision: someone else changed the record first."""
