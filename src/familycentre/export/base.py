"""The exporter interface: what a plugin implements to publish data in a format."""

from __future__ import annotations

import abc
import enum
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any, ClassVar

import attrs

from familycentre.errors import InvalidData, Problem

if TYPE_CHECKING:
    from familycentre.export.sources import ExportSource

__all__ = ["ExportOptions", "Exporter", "Option", "Visibility"]


class Visibility(enum.StrEnum):
    """Whether an export may be published (``public``) or is for staff only (``internal``)."""

    PUBLIC = "public"
    INTERNAL = "internal"


@attrs.frozen
class Option:
    """An option an exporter understands (shown by ``familycentre export --list``).

    Options are set from Python in :attr:`ExportOptions.extra` and on the command
    line as ``-O name=value``; :meth:`parse` turns the text of the command line into
    the option's type, which is the type of its default (text, a whole number, or
    yes/no for a boolean).

    :param name: The option's name (``recurrence``).
    :param help: What it does, in one line.
    :param default: Its default value.
    :param choices: The values allowed, when only some are (empty: any of its type).
    """

    name: str
    help: str
    default: Any = None
    choices: tuple[Any, ...] = ()

    def check(self, value: Any) -> Any:
        """Return ``value`` when the option allows it.

        :raises InvalidData: naming the option and what it allows.
        """
        expected = type(self.default) if self.default is not None else str
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            self._refuse(value, f"must be {_TYPE_WORDS.get(expected, expected.__name__)}")
        if self.choices and value not in self.choices:
            self._refuse(value, "must be one of " + ", ".join(str(c) for c in self.choices))
        return value

    def parse(self, text: str) -> Any:
        """The value of the command-line text ``text`` (``-O name=text``), checked.

        :raises InvalidData: naming the option and what it allows.
        """
        if isinstance(self.default, bool):
            word = text.strip().lower()
            if word in _TRUE:
                return self.check(True)
            if word in _FALSE:
                return self.check(False)
            self._refuse(text, "must be yes or no (true/false, 1/0)")
        if isinstance(self.default, int):
            try:
                return self.check(int(text))
            except ValueError:
                self._refuse(text, "must be a whole number")
        return self.check(text)

    def _refuse(self, value: Any, what: str) -> None:
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise InvalidData([Problem(("options", self.name), f"{what}, not {shown}")])


_TRUE = ("yes", "true", "1", "on", "ja")
_FALSE = ("no", "false", "0", "off", "nein")
_TYPE_WORDS: dict[type, str] = {str: "text", int: "a whole number", bool: "yes or no"}


@attrs.frozen
class ExportOptions:
    """What to export: a selection of the store's data and format options.

    :param centres: Ids of the centres to export; empty means every centre.
    :param categories: Offer categories to include; empty means all.
    :param audiences: Audiences to include; empty means all.
    :param start: First day of the date window (inclusive), where a format has dates.
    :param end: Last day of the date window (inclusive).
    :param language: Preferred language of texts (falls back to German).
    :param extra: Format-specific options by name (see :attr:`Exporter.options`).
    :param parts: A :class:`~familycentre.export.parts.PartCache` of rendered parts
        from earlier exports, for exporters that render incrementally (iCal); the
        output is byte for byte the same with or without it.
    """

    centres: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    start: Any = None
    end: Any = None
    language: str = "de"
    extra: Mapping[str, Any] = attrs.field(factory=dict)
    parts: Any = attrs.field(default=None, eq=False, repr=False)


class Exporter(abc.ABC):
    """An export format. Subclasses set the class attributes and implement :meth:`write`.

    Exporters are registered through the ``register_exporters`` hook, built-in ones
    exactly like those of plugins.
    """

    name: ClassVar[str]
    """Identifier used on the command line (``ical``)."""
    title: ClassVar[str]
    """A human-readable name (``iCalendar programme``)."""
    media_type: ClassVar[str]
    """The media type of the output (``text/calendar``)."""
    suffix: ClassVar[str]
    """The file suffix, with the dot (``.ics``)."""
    visibility: ClassVar[Visibility] = Visibility.PUBLIC
    """Public exporters may be published and must never read referral data."""
    options: ClassVar[Iterable[Option]] = ()
    """The format-specific options it understands."""

    incremental: ClassVar[bool] = False
    """Whether it reuses rendered parts from :attr:`ExportOptions.parts` (iCal does)."""

    def media_type_for(self, options: ExportOptions) -> str:
        """The media type of the output written with ``options``; :attr:`media_type`.

        An exporter whose options change the kind of file (HSDS's ``layout=tabular``
        writes a zip) overrides this and :meth:`suffix_for`.
        """
        return self.media_type

    def suffix_for(self, options: ExportOptions) -> str:
        """The file suffix of the output written with ``options``; :attr:`suffix`."""
        return self.suffix

    def option(self, name: str) -> Option:
        """The option called ``name``.

        :raises InvalidData: naming the unknown option and the exporter's options.
        """
        for option in self.options:
            if option.name == name:
                return option
        known = ", ".join(option.name for option in self.options) or "none"
        raise InvalidData(
            [
                Problem(
                    ("options", name),
                    f"the exporter {self.name!r} has no such option (its options: {known})",
                )
            ]
        )

    def check_options(self, extra: Mapping[str, Any]) -> None:
        """Check every format option of ``extra`` against :attr:`options`.

        :raises InvalidData: listing every unknown option and bad value.
        """
        problems: list[Problem] = []
        for name, value in extra.items():
            try:
                self.option(name).check(value)
            except InvalidData as exc:
                problems += exc.problems
        if problems:
            raise InvalidData(problems)

    @abc.abstractmethod
    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write the export of ``source``'s data, selected by ``options``, to ``stream``.

        ``source`` is a store or data files; a public exporter is handed a
        :class:`~familycentre.export.sources.PublicView` that refuses referral data.
        Write as you go: a large export must not be built in memory first.
        """
