"""Multilingual text: German first, with translations keyed by language tag."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from familycentre.model import _checks

__all__ = ["GERMAN", "Text", "as_optional_text", "as_text"]

GERMAN = "de"
"""The language of a :class:`Text`'s main text."""


def _to_translations(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(tag), text) for tag, text in items))


def _check_translations(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[tuple[str, str], ...]
) -> None:
    seen: set[str] = set()
    for tag, text in value:
        if tag == GERMAN:
            raise _checks.FieldError(GERMAN, "is the main text; give it only once")
        problem = _checks.language(tag)
        if problem:
            raise _checks.FieldError(tag, problem)
        if tag in seen:
            raise _checks.FieldError(tag, "is given twice")
        seen.add(tag)
        if not isinstance(text, str):
            raise _checks.FieldError(tag, "must be text")
        problem = _checks.control_problem(text)
        if problem:
            raise _checks.FieldError(tag, problem)
        if _checks.blank(text):
            raise _checks.FieldError(tag, "must not be empty (it holds only invisible characters)")


@attrs.frozen
class Text:
    """A text in German with optional translations.

    Titles, descriptions and notes are written in German and may carry
    translations keyed by language tag (``en``, ``tr``, ``ar``, ``uk``, ...)::

        >>> title = Text("Frühstückstreff", {"en": "Breakfast club", "tr": "Kahvaltı"})
        >>> title.get("tr")
        'Kahvaltı'
        >>> title.get("uk")    # no Ukrainian translation: German
        'Frühstückstreff'

    In a data file a text is a plain string (German) or a table with the key
    ``de`` and one key per translation.

    :param de: The German text; required and not blank.
    :param translations: Translations by language tag; never German itself.
    """

    de: str = attrs.field(validator=_checks.text, metadata={"key": "de"})
    translations: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_translations, validator=_check_translations
    )

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text is available in, German first."""
        return (GERMAN, *(tag for tag, _ in self.translations))

    def resolve(self, language: str = GERMAN) -> tuple[str, str]:
        """Return ``(language, text)``: the text in ``language`` and the language it is in.

        The fallback rule: the exact tag (``pt-BR``), then its primary language
        (``pt``), then German. The returned language tells which was used, for
        example for iCal's ``LANGUAGE`` parameter.
        """
        if language != GERMAN:
            found = dict(self.translations)
            for tag in (language, language.split("-")[0]):
                if tag in found:
                    return tag, found[tag]
        return GERMAN, self.de

    def get(self, language: str = GERMAN) -> str:
        """The text in ``language``, falling back to German (see :meth:`resolve`)."""
        return self.resolve(language)[1]

    def __str__(self) -> str:
        return self.de

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """Iterate over ``(language, text)`` pairs, German first."""
        yield GERMAN, self.de
        yield from self.translations


def as_text(value: str | Text) -> Text:
    """Convert a plain German string to a :class:`Text`; pass a :class:`Text` through."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value)
    raise TypeError(f"expected text, not {type(value).__name__}")


def as_optional_text(value: str | Text | None) -> Text | None:
    """Like :func:`as_text`, passing ``None`` through."""
    return None if value is None else as_text(value)
