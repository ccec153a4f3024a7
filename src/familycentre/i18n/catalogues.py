"""Maintaining the catalogues: extract the messages, update and check the translations.

A command for translators and maintainers (Babel does the work)::

    python -m familycentre.i18n.catalogues extract   # write locale/familycentre.pot
    python -m familycentre.i18n.catalogues update    # merge new messages into every .po
    python -m familycentre.i18n.catalogues init fa   # start a catalogue for a new language
    python -m familycentre.i18n.catalogues check     # list untranslated or stale messages

Messages are found in the package's Python modules (calls of ``gettext``,
``ngettext``, ``pgettext``, ``npgettext``, ``N_`` and ``NP_``) and in its Jinja2
templates (``{% trans %}`` blocks and ``_()``), as ``babel.cfg`` beside this module says.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from familycentre.i18n import DOMAIN, LANGUAGES

__all__ = [
    "KEYWORDS",
    "PACKAGE",
    "catalogue_path",
    "extract",
    "init",
    "main",
    "problems",
    "read",
    "template_path",
    "update",
]

PACKAGE = Path(__file__).resolve().parent.parent
"""The directory of the ``familycentre`` package, where messages are extracted from."""

KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}
"""The functions whose arguments are messages (Babel's defaults and the ``NP_`` marker)."""

_HERE = Path(__file__).resolve().parent


def template_path() -> Path:
    """Where the template catalogue (``familycentre.pot``) lives."""
    return _HERE / "locale" / f"{DOMAIN}.pot"


def catalogue_path(language: str) -> Path:
    """Where the catalogue of ``language`` lives."""
    return _HERE / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    from babel.messages.frontend import parse_mapping_cfg

    with (_HERE / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream)  # type: ignore[no-untyped-call]
    return list(method_map), dict(options_map)


def extract() -> Catalog:
    """The messages the code and templates use, as a template catalogue."""
    method_map, options_map = _mapping()
    catalog = Catalog(project="familycentre", domain=DOMAIN, charset="utf-8")
    found = extract_from_dir(
        str(PACKAGE),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        path = Path("familycentre") / filename
        catalog.add(
            message,
            None,
            [(path.as_posix(), lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def read(language: str) -> Catalog:
    """The catalogue of ``language`` as it is on disk."""
    with catalogue_path(language).open("rb") as stream:
        return read_po(stream, locale=language, domain=DOMAIN)


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as stream:
        write_po(stream, catalog, width=99, sort_output=True, ignore_obsolete=True)
    temporary.replace(path)


def write_template() -> Catalog:
    """Extract the messages and write ``familycentre.pot``."""
    template = extract()
    _write(template, template_path())
    return template


def update(languages: Iterable[str] = LANGUAGES) -> None:
    """Extract, write the template, and merge new messages into each language's catalogue."""
    template = write_template()
    for language in languages:
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        _write(catalog, catalogue_path(language))


def init(language: str) -> Path:
    """Start a catalogue for a new language from the extracted messages."""
    from babel import Locale

    path = catalogue_path(language)
    if path.exists():
        raise FileExistsError(f"{path} exists; use update")
    template = extract()
    catalog = Catalog(locale=Locale.parse(language), project="familycentre", domain=DOMAIN)
    catalog.update(template)
    _write(catalog, path)
    return path


def _message_key(message: object) -> object:
    return getattr(message, "id", None), getattr(message, "context", None)


def problems(language: str, template: Catalog | None = None) -> list[str]:
    """What is wrong with a language's catalogue: missing, untranslated, fuzzy messages.

    :param template: The extracted messages (extracted now when not given).
    """
    template = template if template is not None else extract()
    catalog = read(language)
    found: list[str] = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        label = f"{message.context + ': ' if message.context else ''}{message.id!r}"
        if translated is None:
            found.append(f"{language}: missing {label}")
            continue
        strings = (
            translated.string if isinstance(translated.string, tuple) else (translated.string,)
        )
        if not all(strings):
            found.append(f"{language}: untranslated {label}")
        if translated.fuzzy:
            found.append(f"{language}: fuzzy {label}")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``extract``, ``update``, ``init LANG``, ``check``."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "check"
    if command == "extract":
        write_template()
    elif command == "update":
        update()
    elif command == "init" and len(args) == 2:
        print(init(args[1]))
    elif command == "check":
        template = extract()
        found = [p for language in LANGUAGES for p in problems(language, template)]
        print("\n".join(found) or "every catalogue is complete")
        return 1 if found else 0
    else:
        print("usage: python -m familycentre.i18n.catalogues extract|update|init LANG|check")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
