r"""Translations and locale formatting: gettext catalogues managed with Babel.

Every word the library writes for people (taxonomy labels, cost and registration,
schedule descriptions, headings of published pages) comes from the catalogues in
``familycentre/i18n/locale/<language>/LC_MESSAGES/familycentre.po``; dates, times,
numbers and money are formatted with Babel's locale data::

    >>> from familycentre.i18n import translator
    >>> t = translator("tr")
    >>> t.pgettext("Category", "Breakfast")
    'Kahvaltı'
    >>> t.money(250)
    '€2,50'
    >>> translator("de").money(250)
    '2,50\xa0€'

Message ids are English. A wheel ships compiled catalogues (``.mo``, built by the
package's build hook); a source checkout compiles the ``.po`` files in memory on
first use. :data:`LANGUAGES` lists the languages with a catalogue;
:func:`check_language` is the check every ``lang`` option goes through.

This package imports nothing from the rest of familycentre but :mod:`familycentre.errors`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import gettext as _gettext
import io
from importlib import resources

from familycentre.errors import InvalidData, Problem

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "NP_",
    "N_",
    "RIGHT_TO_LEFT",
    "Translator",
    "check_language",
    "translator",
]

DOMAIN = "familycentre"
"""The gettext domain: catalogues are ``familycentre.po`` / ``familycentre.mo``."""

LANGUAGES: tuple[str, ...] = ("de", "en", "tr", "ar", "uk")
"""The languages with a complete catalogue, German (the default) first."""

RIGHT_TO_LEFT = frozenset({"ar"})
"""Languages written from right to left."""

_FORMATS = {"en": "en_GB"}
# English for families in Germany: a 24-hour clock and the day before the month, as in
# the rest of Europe, rather than the United States' conventions of plain ``en``.

_REMEMBERED = 20000
"""How many formatted dates and times a translator keeps (it starts afresh when full)."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translated where used)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for extraction; translate it later with ``pgettext``."""
    return message


def check_language(tag: object, field: str = "lang") -> str:
    """Return ``tag`` if a catalogue exists for it; raise otherwise.

    :param tag: A language tag (``"tr"``).
    :param field: The name of the option being checked, for the error.
    :raises InvalidData: naming ``field`` and the languages that exist.
    """
    if isinstance(tag, str) and tag in LANGUAGES:
        return tag
    return _unknown(tag, field)


def _unknown(tag: object, field: str) -> str:
    raise InvalidData(
        [Problem((field,), f"no translation for {tag!r}: use one of {', '.join(LANGUAGES)}")]
    )


def _locale_dir() -> resources.abc.Traversable:
    return resources.files(__name__) / "locale"


def _compiled(language: str) -> bytes:
    """The ``.mo`` catalogue of ``language``: shipped, or compiled from the ``.po`` now."""
    folder = _locale_dir() / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or _newer_or_same(mo, po)):
        return mo.read_bytes()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as stream:
        catalog = read_po(stream, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _newer_or_same(mo: resources.abc.Traversable, po: resources.abc.Traversable) -> bool:
    import os

    try:
        return os.stat(str(mo)).st_mtime >= os.stat(str(po)).st_mtime
    except OSError:  # not on a file system (a zip): trust the shipped .mo
        return True


class Translator:
    """The messages and locale formats of one language.

    Get one with :func:`translator`. ``gettext``, ``ngettext``, ``pgettext`` and
    ``npgettext`` translate (their names are the keywords the extractor looks for);
    the other methods format values the way the language writes them.
    """

    def __init__(self, language: str) -> None:
        from babel import Locale

        self.language = language
        """The language tag (``tr``)."""
        self.locale = Locale.parse(_FORMATS.get(language, language))
        """Babel's locale for formatting in the language."""
        self._catalogue = _gettext.GNUTranslations(io.BytesIO(_compiled(language)))
        self._skeletons: dict[str, str] = {}
        self._formatted: dict[tuple[str, object], str] = {}

    @property
    def direction(self) -> str:
        """``rtl`` for languages written from right to left, ``ltr`` otherwise."""
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"

    def gettext(self, message: str) -> str:
        """``message`` (an English message id) in this language."""
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of a message for ``count`` (the language's plural rules)."""
        return self._catalogue.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in ``context`` (``Category``) in this language."""
        return self._catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        """A message in ``context`` in the form for ``count``."""
        return self._catalogue.npgettext(context, singular, plural, count)

    def date(self, day: dt.date, format: str = "medium") -> str:
        """A date as the language writes it (Babel's ``short``/``medium``/``long``/``full``)."""
        if type(day) is not dt.date:  # a datetime: formatted as Babel does, not remembered
            from babel.dates import format_date

            return format_date(day, format, locale=self.locale)
        key = (format, day)
        text = self._formatted.get(key)
        if text is None:
            from babel.dates import format_date

            text = self._remember(key, format_date(day, format, locale=self.locale))
        return text

    def date_pattern(self, day: dt.date, skeleton: str) -> str:
        """A date in the locale's best pattern for a CLDR ``skeleton`` (``MMMEd``)."""
        if type(day) is not dt.date:
            from babel.dates import format_skeleton

            return format_skeleton(skeleton, day, locale=self.locale)
        key = (skeleton, day)
        text = self._formatted.get(key)
        if text is None:
            from babel.dates import format_datetime

            # what format_skeleton does, with the skeleton matched once per language
            pattern = self._skeletons.get(skeleton)
            if pattern is None:
                pattern = self._skeletons[skeleton] = self._match(skeleton)
            text = self._remember(key, format_datetime(day, pattern, locale=self.locale))
        return text

    def _match(self, skeleton: str) -> str:
        from babel.dates import match_skeleton

        known = self.locale.datetime_skeletons
        if skeleton not in known:
            skeleton = match_skeleton(skeleton, known) or skeleton
        return str(known[skeleton])

    def time(self, value: dt.time) -> str:
        """A time of day, short (``09:00``, ``9:00 AM``)."""
        if value.tzinfo is not None:  # aware times compare by instant: not remembered
            from babel.dates import format_time

            return format_time(value, "short", locale=self.locale)
        key = ("time", value)
        text = self._formatted.get(key)
        if text is None:
            from babel.dates import format_time

            text = self._remember(key, format_time(value, "short", locale=self.locale))
        return text

    def _remember(self, key: tuple[str, object], text: str) -> str:
        # Formatting with Babel costs tens of microseconds a value; pages repeat the
        # same few dates and times. The memory is bounded: it starts afresh when full.
        if len(self._formatted) >= _REMEMBERED:
            self._formatted.clear()
        self._formatted[key] = text
        return text

    def number(self, value: int | float | decimal.Decimal) -> str:
        """A number with the language's digits and separators."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def money(self, cents: int, currency: str = "EUR") -> str:
        """An amount of money given in cents (``2,50 €``)."""
        from babel.numbers import format_currency

        return format_currency(decimal.Decimal(cents) / 100, currency, locale=self.locale)

    def list(self, items: list[str], style: str = "standard") -> str:
        """Items joined the way the language lists them (``A, B und C``)."""
        key = (f"list {style}", tuple(items))  # pages list the same days and times often
        text = self._formatted.get(key)
        if text is None:
            from babel.lists import format_list

            text = self._remember(
                key,
                format_list(items, style=style, locale=self.locale),  # type: ignore[arg-type]
            )
        return text


@functools.cache
def _translator(language: str) -> Translator:
    return Translator(language)


def translator(language: str = "de") -> Translator:
    """The :class:`Translator` for a language tag, German when none exists.

    The tag's primary language is used (``tr-DE`` gives Turkish). Use
    :func:`check_language` first where an unknown language is an error.
    """
    primary = language.split("-")[0].lower() if isinstance(language, str) else ""
    return _translator(primary if primary in LANGUAGES else "de")
