"""The catalogues: complete for what the code uses, well-formed, shipped in the wheel."""

from __future__ import annotations

import ast
import gettext
import io
import pathlib
import string
import subprocess
import sys
import zipfile

import pytest

from familycentre.errors import InvalidData
from familycentre.i18n import LANGUAGES, check_language, translator
from familycentre.i18n.catalogues import extract, problems, read

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Fields that the code offers to translators beside those named in the message id.
EXTRA_FIELDS = {"first_days", "last_days", "weekdays"}


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    return extract()


def test_extraction_finds_the_messages_of_every_layer(template) -> None:  # type: ignore[no-untyped-def]
    files = {path for message in template for path, _ in message.locations}
    for expected in (
        "familycentre/taxonomy.py",
        "familycentre/export/text.py",
        "familycentre/schedule/words.py",
        "familycentre/report/words.py",
    ):
        assert expected in files
    assert template.get("Breakfast", context="Category") is not None


def test_every_word_of_the_report_is_extracted(template) -> None:  # type: ignore[no-untyped-def]
    from familycentre.report.words import CONTEXT, WORDS

    # a word not marked with NP_ would be missing from every catalogue, and shown in
    # English in every language, German included
    for key, message in WORDS.items():
        assert template.get(message, context=CONTEXT) is not None, key
    for language in LANGUAGES:
        catalogue = read(language)
        for key, message in WORDS.items():
            entry = catalogue.get(message, context=CONTEXT)
            assert entry is not None, (language, key)
            assert entry.string, (language, key)
            if language != "en":
                assert entry.string != message, (language, key)  # translated, not copied


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_message_the_code_uses(template, language: str) -> None:  # type: ignore[no-untyped-def]
    assert problems(language, template) == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_use_only_the_fields_the_code_gives(language: str) -> None:
    for message in read(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        given = set().union(*(_fields(i) for i in ids)) | EXTRA_FIELDS
        for text in strings:
            assert _fields(text) <= given, (language, message.id, text)


def test_a_missing_message_is_reported(template, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from familycentre.i18n import catalogues

    original = catalogues.catalogue_path("tr")
    lines = original.read_text("utf-8").split("\n")
    index = lines.index('msgid "Lunch table"')
    del lines[index - 1 : index + 2]  # msgctxt, msgid, msgstr
    copy = tmp_path / "familycentre.po"
    copy.write_text("\n".join(lines), "utf-8")
    monkeypatch.setattr(catalogues, "catalogue_path", lambda language: copy)
    assert problems("tr", template) == ["tr: missing Category: 'Lunch table'"]


def test_a_missing_report_word_is_reported(template, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from familycentre.i18n import catalogues

    original = catalogues.catalogue_path("ar")
    lines = original.read_text("utf-8").split("\n")
    index = lines.index('msgid "Help in emergencies"')
    assert lines[index - 1] == 'msgctxt "Report"'
    del lines[index - 1 : index + 2]  # msgctxt, msgid, msgstr
    copy = tmp_path / "familycentre.po"
    copy.write_text("\n".join(lines), "utf-8")
    monkeypatch.setattr(catalogues, "catalogue_path", lambda language: copy)
    assert problems("ar", template) == ["ar: missing Report: 'Help in emergencies'"]


def test_check_language_names_the_field_and_the_languages() -> None:
    assert check_language("uk") == "uk"
    with pytest.raises(InvalidData) as caught:
        check_language("xx")
    (problem,) = caught.value.problems
    assert problem.path == ("lang",)
    for language in LANGUAGES:
        assert language in problem.message


def test_formats_follow_the_locale() -> None:
    import datetime as dt

    assert translator("de").money(123456) == "1.234,56\xa0€"
    assert translator("en").money(250) == "€2.50"
    assert translator("de").date(dt.date(2026, 9, 7)) == "07.09.2026"
    assert translator("uk").date(dt.date(2026, 9, 7)) == "7 вер. 2026\u202fр."
    assert translator("ar").direction == "rtl"
    assert translator("tr").direction == "ltr"


def test_i18n_imports_nothing_above_its_layer() -> None:
    folder = ROOT / "src" / "familycentre" / "i18n"
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("familycentre"):
                    assert name in ("familycentre.errors", "familycentre.i18n"), (path, name)


def test_the_wheel_ships_compiled_catalogues(tmp_path: pathlib.Path) -> None:
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"),
            *("-w", str(tmp_path), str(ROOT)),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("familycentre-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "familycentre/export/templates/page.html" in names
        assert "familycentre/export/templates/document.html" in names
        for language in LANGUAGES:
            data = archive.read(f"familycentre/i18n/locale/{language}/LC_MESSAGES/familycentre.mo")
            catalogue = gettext.GNUTranslations(io.BytesIO(data))
            expected = translator(language).pgettext("Category", "Breakfast")
            assert catalogue.pgettext("Category", "Breakfast") == expected
