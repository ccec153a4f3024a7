"""The exporter interface: what a plugin implements to publish data in a format."""

from __future__ import annotations

import abc
import enum
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any, ClassVar

import attrs

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

    :param name: The option's name (``lang``).
    :param help: What it does, in one line.
    :param default: Its default value.
    """

    name: str
    help: str
    default: Any = None


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
    """

    centres: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    start: Any = None
    end: Any = None
    language: str = "de"
    extra: Mapping[str, Any] = attrs.field(factory=dict)


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

    @abc.abstractmethod
    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write the export of ``source``'s data, selected by ``options``, to ``stream``.

        ``source`` is a store or data files; a public exporter is handed a
        :class:`~familycentre.export.sources.PublicView` that refuses referral data.
        Write as you go: a large export must not be built in memory first.
        """
