"""The programme pages looked at in a real browser (Debian's Chromium via Playwright).

What a person would check: nothing on the console, every offer of the week visible,
no text running out of its cell or off the page, the Arabic page right to left, the
print-out on the documented number of A4 pages, and no serious or critical
accessibility violation found by axe-core. Screenshots go to ``tests/_artefacts/``.

Without Chromium, Playwright or axe-core these tests skip on a developer's machine
and fail in CI (``CI`` set), where ``.ci/run`` installs them.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import familycentre as fc
from familycentre.chromium import FLAGS, find_chromium
from familycentre.i18n import LANGUAGES
from familycentre.schedule import ClosureCalendar, occurrences
from tests.export.conftest import export_bytes
from tests.export.schema_org_schedule import expand, occurrence_key, required_problems

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "tests" / "_artefacts"
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
WEEK = dt.date(2026, 9, 28), dt.date(2026, 10, 4)
PERIOD = dt.date(2026, 9, 1), dt.date(2027, 2, 28)
# The documented print-outs of the example: the busy week on one A4 landscape page,
# the half-year programme on at most twelve A4 portrait pages.
WEEK_PAGES = 1
LIST_PAGES = range(2, 13)
A4_LANDSCAPE = {"width": 1123, "height": 794}  # CSS pixels at 96 dpi
A4_PORTRAIT = {"width": 794, "height": 1123}


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; .ci/run installs it")
    pytest.skip(f"{what} is missing (CI installs it and fails without it)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright (pip install -e '.[browser]')")
    executable = find_chromium()
    if executable is None:
        missing("Chromium (apt-get install chromium, or FAMILYCENTRE_CHROMIUM)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=[flag for flag in FLAGS if flag != "--headless"],  # Playwright adds its own
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    return fc.load(ROOT / "examples" / "sonnenblume.toml")


def open_page(browser: Any, example: fc.CentreData, language: str, layout: str) -> Any:
    start, end = WEEK if layout == "week" else PERIOD
    html = export_bytes(
        example, "html", start=start, end=end, language=language, extra={"layout": layout}
    )
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / f"{layout}-{language}.html"
    path.write_bytes(html)
    page = browser.new_page(viewport=A4_LANDSCAPE if layout == "week" else A4_PORTRAIT)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.screenshot(path=str(ARTEFACTS / f"{layout}-{language}.png"), full_page=True)
    page.problems = problems
    return page


OVERFLOW = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push('page ' + root.scrollWidth);
  for (const el of document.querySelectorAll('td, th, .offer, .title, .room, dd, h1, h2, h3, p')) {
    if (el.scrollWidth > el.clientWidth + 1)
      out.push(el.tagName + ' ' + el.textContent.trim().slice(0, 40)
               + ' ' + el.scrollWidth + '>' + el.clientWidth);
  }
  return out;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_week_grid_in_the_browser(browser: Any, example: fc.CentreData, language: str) -> None:
    page = open_page(browser, example, language, "week")
    try:
        assert page.problems == []
        calendar = ClosureCalendar.for_centre(example.centre, *WEEK)
        expected: dict[str, int] = {}
        for offer in example.offers:
            for _ in occurrences(offer, calendar, *WEEK):
                expected[offer.id] = expected.get(offer.id, 0) + 1
        assert expected
        for offer_id, count in expected.items():
            cells = page.locator(f'[data-offer="{offer_id}"]')
            assert cells.count() == count, offer_id
            for n in range(count):
                assert cells.nth(n).is_visible(), offer_id
        assert page.evaluate(OVERFLOW) == []
        direction = page.evaluate("getComputedStyle(document.documentElement).direction")
        assert direction == ("rtl" if language == "ar" else "ltr")
        headers = page.locator("thead th time")
        first = headers.first.bounding_box()
        last = headers.last.bounding_box()
        if language == "ar":  # the grid mirrors: Monday on the right
            assert first["x"] > last["x"]
        else:
            assert first["x"] < last["x"]
    finally:
        page.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_programme_list_in_the_browser(
    browser: Any, example: fc.CentreData, language: str
) -> None:
    page = open_page(browser, example, language, "list")
    try:
        assert page.problems == []
        for offer in example.offers:
            if offer.status != "paused":
                assert page.locator(f'[data-offer="{offer.id}"]').first.is_visible(), offer.id
        assert page.evaluate(OVERFLOW) == []
        # The browser reads the page's schema.org block as a search engine would: its
        # series and single events give the library's occurrences of the period.
        document = page.evaluate(JSON_LD)
        assert len(document) == 1
        assert required_problems(document[0]) == []
        calendar = ClosureCalendar.for_centre(example.centre, *PERIOD)
        expected = collections.Counter(
            occurrence_key(o)
            for offer in example.offers
            for o in occurrences(offer, calendar, *PERIOD)
        )
        assert expand(document[0]) == expected
    finally:
        page.close()


JSON_LD = """() => Array.from(
  document.querySelectorAll('script[type="application/ld+json"]'),
  (script) => JSON.parse(script.textContent))"""


@pytest.mark.parametrize(("layout", "pages"), [("week", WEEK_PAGES), ("list", LIST_PAGES)])
def test_print_layout_page_count(
    browser: Any, example: fc.CentreData, layout: str, pages: int | range
) -> None:
    import pypdf

    page = open_page(browser, example, "de", layout)
    try:
        page.emulate_media(media="print")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        (ARTEFACTS / f"{layout}-de.pdf").write_bytes(pdf)
        count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        assert count in pages if isinstance(pages, range) else count == pages
    finally:
        page.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("layout", ["week", "list"])
def test_no_serious_accessibility_violation(
    browser: Any, example: fc.CentreData, language: str, layout: str
) -> None:
    if not AXE.is_file():
        missing("axe-core (npm ci --prefix tests)")
    page = open_page(browser, example, language, layout)
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        assert result["passes"]  # axe ran its rules
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        page.close()


def test_accessibility_check_finds_a_violation(browser: Any, example: fc.CentreData) -> None:
    if not AXE.is_file():
        missing("axe-core (npm ci --prefix tests)")
    page = open_page(browser, example, "de", "week")
    try:
        # a symbol without its text alternative: what the check must catch
        page.evaluate("document.querySelector('.symbol[role=img]').removeAttribute('aria-label')")
        page.evaluate("document.querySelector('.symbol[role=img]').removeAttribute('title')")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        found = {v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")}
        assert "role-img-alt" in found
    finally:
        page.close()


def test_overflow_check_finds_overflow(browser: Any, example: fc.CentreData) -> None:
    page = open_page(browser, example, "de", "week")
    try:
        page.evaluate(
            "document.querySelector('.offer .title').style.whiteSpace = 'nowrap';"
            "document.querySelector('.offer .title').textContent = 'W'.repeat(200)"
        )
        assert page.evaluate(OVERFLOW) != []
    finally:
        page.close()
