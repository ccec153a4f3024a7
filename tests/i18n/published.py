"""What a published text must satisfy to be in the language it claims: the checker.

Labels are read from the catalogues with Babel's own ``.po`` reader; exports are read
with parsers the project did not write (icalendar, Python's ``html.parser``, ``json``).

A *foreign label* of a language is a fragment of a message (the text between its
``{placeholders}``) that is German (a ``msgstr`` of the German catalogue that differs
from the English ``msgid``) or, for a language other than English, the English
``msgid`` itself (what gettext shows when a catalogue lacks an entry), and that the
language's own catalogue never uses. Fragments shorter than :data:`SHORTEST` letters
are left out: too short to tell apart from a word of another language.

Data text (titles, names, rooms, subjects of agreements) is not translated by the
catalogues: it is in the data's own languages and falls back to German. It is cut
out of a text before labels are looked for; and wherever it shows, the language
named for it (``LANGUAGE=``, ``lang``) must be the one it is really in.
"""

from __future__ import annotations

import enum
import functools
import html.parser
import json
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import attrs
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import familycentre as fc
from familycentre.i18n.catalogues import catalogue_path

SHORTEST = 4
"""Fragments with fewer letters than this are not looked for (``Uhr``, ``bis``)."""

SCHEMA_ORG = "https://schema.org/"
"""Strings that begin so in JSON-LD are terms of the vocabulary (``byDay``), not words."""

FREE_TEXT_FIELDS = frozenset(
    {"subject", "title", "topic", "event", "note", "how", "location", "contact", "district"}
)
"""Plain-``str`` fields of the model that hold words of the data (written in German)."""

NEUTRAL_FIELDS = frozenset({"municipality", "url", "emails", "website"})
"""Plain-``str`` fields that are names or addresses in no particular language."""


def catalogue(language: str, path: Path | None = None) -> Catalog:
    """A language's catalogue, read from its ``.po`` file with Babel's reader."""
    with (path or catalogue_path(language)).open("rb") as stream:
        return read_po(stream, locale=language)


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple | list):
        return tuple(str(v) for v in value if v)
    return (str(value),) if value else ()


def fragments(text: str) -> list[str]:
    """The literal pieces of a message, between its fields (``{year}``, ``%(start)s``)."""
    pieces = []
    for literal, *_ in string.Formatter().parse(text.replace("%(", "{").replace(")s", "}")):
        for piece in re.split(r"[;:()\[\]“”«»„\"/–—→·…]|, |\. |\.$", literal):
            piece = piece.strip(" ,.!?\n\t\xa0")
            if sum(ch.isalpha() for ch in piece) >= SHORTEST:
                pieces.append(piece)
    return pieces


def foreign_labels(language: str, catalogues: dict[str, Catalog] | None = None) -> set[str]:
    """The German (and, but for English, untranslated English) labels foreign to ``language``."""
    catalogues = catalogues or {}
    german = catalogues.get("de") or catalogue("de")
    own = catalogues.get(language) or catalogue(language)
    used = [s for message in own if message.id for s in _strings(message.string)]

    def used_by_language(piece: str) -> bool:  # in any case: "Partner" is English too
        pattern = re.compile(_word(piece).pattern, re.IGNORECASE)
        return any(pattern.search(text) for text in used)

    found: set[str] = set()
    for message in german:
        if not message.id:
            continue
        english = _strings(message.id)
        for text in _strings(message.string):
            if text not in english:
                found.update(fragments(text))
        if language != "en":
            for text in english:
                found.update(fragments(text))
    return {piece for piece in found if not used_by_language(piece)}


def _word(piece: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)")


@functools.cache
def _alternatives(texts: frozenset[str], words: bool) -> re.Pattern[str] | None:
    """One pattern for any of ``texts`` (longest first; ``words``: as whole words)."""
    if not texts:
        return None
    choice = "|".join(re.escape(t) for t in sorted(texts, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<!\w)(?:{choice})(?!\w)" if words else f"(?:{choice})")


def labels_in(text: str, labels: Iterable[str]) -> list[str]:
    """The labels that occur in ``text`` as whole words, sorted."""
    pattern = _alternatives(frozenset(labels), True)
    return sorted(set(pattern.findall(text))) if pattern else []


# --- the data's texts --------------------------------------------------------------------


@dataclass
class DataTexts:
    """Every text of the data, with the language it is in.

    :param tagged: ``(language, text)`` of every text in a known language.
    :param neutral: Names and addresses in no particular language.
    """

    tagged: set[tuple[str, str]] = field(default_factory=set)
    neutral: set[str] = field(default_factory=set)
    values: list[fc.Text | str] = field(default_factory=list)

    def add(self, value: object, name: str = "") -> None:
        """Collect the texts of a model object (recursively through attrs classes)."""
        if isinstance(value, enum.Enum):  # a term of the vocabulary: labelled by the catalogues
            return
        if isinstance(value, fc.Text):
            self.tagged.update((language, text) for language, text in value)
            self.values.append(value)
        elif isinstance(value, str):
            if name in FREE_TEXT_FIELDS:
                self.tagged.add(("de", value))
                self.values.append(value)
            elif name in NEUTRAL_FIELDS:
                self.neutral.add(value)
        elif isinstance(value, tuple | list):
            for item in value:
                self.add(item, name)
        elif attrs.has(type(value)):
            if type(value).__name__ in ("Address", "Phone", "PhoneNumber"):
                self.neutral.add(str(value))
                if type(value).__name__ == "Address":
                    self.neutral.update(str(line) for line in value.lines())  # type: ignore[attr-defined]
                return
            for attribute in attrs.fields(type(value)):  # type: ignore[arg-type]
                self.add(getattr(value, attribute.name), attribute.name)

    def everything(self) -> list[str]:
        """Every text, longest first (to cut out before labels are looked for)."""
        texts = {text for _, text in self.tagged} | self.neutral
        return sorted((t for t in texts if len(t) >= 3), key=len, reverse=True)

    def in_language(self, language: str) -> set[str]:
        """The texts written in ``language``."""
        return {text for tag, text in self.tagged if tag == language}

    def fallen_back(self, language: str) -> set[str]:
        """German texts of the data that have no translation into ``language``."""
        german = set()
        for value in self.values:
            tag, text = value.resolve(language) if isinstance(value, fc.Text) else ("de", value)
            if tag == "de":
                german.add(text)
        return german - self.in_language(language)


def without(text: str, texts: Iterable[str]) -> str:
    """``text`` with every one of ``texts`` cut out (longest first)."""
    pattern = _alternatives(frozenset(texts), False)
    return pattern.sub(" \0 ", text) if pattern else text


def only_data(text: str, texts: Iterable[str]) -> bool:
    """Whether ``text`` consists of ``texts`` and punctuation, digits and spaces only."""
    rest = without(text, texts)
    return not any(ch.isalpha() for ch in rest)


# --- reading HTML ------------------------------------------------------------------------

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class Page(html.parser.HTMLParser):
    """The texts of an HTML page, each with the language it is marked as being in.

    Attribute values people read (``aria-label``, ``title``, ``alt``) count as text
    of their element. ``<style>`` is skipped; ``<script>`` (JSON-LD) is kept apart.
    """

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, str | None] = {}
        self.texts: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._stack: list[tuple[str, str | None]] = []
        self._skip = ""
        self.feed(text)
        self.close()

    @property
    def language(self) -> str:
        """The language the element being read is in."""
        for _, lang in reversed(self._stack):
            if lang:
                return lang
        return ""

    def _attributes(self, values: dict[str, str | None]) -> None:
        for name in ("aria-label", "title", "alt"):
            if values.get(name):
                self.texts.append((self.language, values[name] or ""))

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        values = dict(attributes)
        if tag == "html":
            self.root = values
        if tag in ("style", "script"):
            self._skip = tag
            if tag == "script" and values.get("type") == "application/ld+json":
                self.scripts.append("")
            elif tag == "script":
                self._skip = "code"  # a chart's settings (pygal): no text for people
        if tag in VOID:
            self._stack.append((tag, values.get("lang")))
            self._attributes(values)
            self._stack.pop()
            return
        self._stack.append((tag, values.get("lang")))
        self._attributes(values)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        values = dict(attributes)
        self._stack.append((tag, values.get("lang")))
        self._attributes(values)
        self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == self._skip or (tag == "script" and self._skip == "code"):
            self._skip = ""
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip == "script":
            self.scripts[-1] += data
        elif not self._skip and data.strip():
            self.texts.append((self.language, data))


IDENTIFIERS = frozenset({"key", "unit", "id", "schema", "language", "@id", "@type", "@context"})
"""JSON members whose values are identifiers for programs (``"unit": "visits"``), not text."""


def json_strings(value: object) -> Iterator[str]:
    """Every string value in parsed JSON for people (keys and identifiers left out)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            if name not in IDENTIFIERS:
                yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


# --- the checks --------------------------------------------------------------------------


@dataclass
class Checker:
    """The checks of one language's published texts against the data they were made from.

    :param language: The language asked for.
    :param labels: :func:`foreign_labels` of the language.
    :param data: The data's texts.
    """

    language: str
    labels: set[str]
    data: DataTexts
    problems: list[str] = field(default_factory=list)
    fallen_back: set[str] = field(init=False)
    """The German texts of the data without a translation into the language: wherever
    they show, they must be marked German."""

    def __post_init__(self) -> None:
        self.fallen_back = self.data.fallen_back(self.language)

    def _fallen_back_in(self, text: str) -> list[str]:
        cut = without(text, self.data.in_language(self.language) | self.data.neutral)
        return labels_in(cut, self.fallen_back)

    def untagged(self, where: str, text: str) -> None:
        """Text without a language of its own (mixed, or Markdown/JSON): no foreign label."""
        found = labels_in(without(text, self.data.everything()), self.labels)
        if found:
            self.problems.append(f"{where}: foreign labels {found} in {text[:120]!r}")

    def tagged(self, where: str, tag: str, text: str) -> None:
        """Text marked as being in ``tag``: it must be in that language."""
        if tag == self.language:
            self.untagged(where, text)
            wrong = self._fallen_back_in(text)
            if wrong:
                self.problems.append(
                    f"{where}: German data {wrong} marked {tag!r} in {text[:120]!r}"
                )
            return
        # marked as another language: only data really in that language may be there
        allowed = self.data.in_language(tag) | self.data.neutral
        if not only_data(text, allowed):
            self.problems.append(f"{where}: {text[:120]!r} is marked {tag!r} but is not")

    def page(self, where: str, page: Page) -> None:
        """An HTML page: its root's language, and every text's language."""
        if page.root.get("lang") != self.language:
            self.problems.append(f"{where}: <html lang={page.root.get('lang')!r}>")
        expected = "rtl" if self.language == "ar" else "ltr"
        if (page.root.get("dir") or "ltr") != expected:
            self.problems.append(f"{where}: <html dir={page.root.get('dir')!r}>")
        for tag, text in page.texts:
            self.tagged(where, tag or self.language, text)
        for script in page.scripts:  # JSON-LD: no language of its own, no foreign label
            for text in json_strings(json.loads(script)):
                if text.startswith(SCHEMA_ORG):  # a term of the vocabulary (a day), not words
                    continue
                self.untagged(f"{where} JSON-LD", text)

    def calendar(self, where: str, calendar: object) -> None:
        """An iCalendar: every property with ``LANGUAGE``, and every ``DESCRIPTION``."""
        checked = 0
        for component in calendar.walk():  # type: ignore[attr-defined]
            for name, values in component.property_items(recursive=False):
                for value in _ical_values(values):
                    tag = getattr(value, "params", {}).get("LANGUAGE")
                    label = f"{where} {component.name} {component.get('UID', '')} {name}"
                    if tag is not None:
                        self.tagged(label, str(tag), _ical_text(value))
                        checked += 1
                    elif name == "DESCRIPTION":
                        self.untagged(label, _ical_text(value))
                        checked += 1
        if not checked:
            self.problems.append(f"{where}: no text with a language or DESCRIPTION")


def _ical_values(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _ical_text(value: object) -> str:
    categories = getattr(value, "cats", None)
    if categories is not None:
        return ", ".join(str(c) for c in categories)
    return str(value)
