"""Benchmark: ``describe()`` (a schedule in words) against its former implementation.

Run: ``python benchmarks/bench_describe.py [--centres 400] [--offers 40] [--runs 5]``

Every schedule of ``generate_network(400, 40)`` (16,335 schedules) is described in
German and in English, by ``familycentre.schedule.describe`` and by
``reference_describe`` below: a frozen copy of ``describe()`` as it was before its
word tables and caches, which looked every word up in the catalogue, formatted every
template and sorted every list anew on each call. Both use the same translators (and
so the same Babel formatting memory of familycentre.i18n) and the same model.

Runs are interleaved (ours, reference, ours, ...) and the best of ``--runs`` is shown
with the ratio. Before the timed runs every text of both sides is compared: they must
be equal, byte for byte. Two figures are printed for ours:

- *warm*: the small caches of ``words.py`` (word tables, weekday phrases, time
  windows, date lists) kept from run to run, as in a long-running process;
- *cold*: those caches emptied before each run, so every run builds them again
  (the translators' Babel formatting memory stays warm for both sides).

End to end (``--end-to-end N`` centres, default 20; 0 skips it): the network in a
SQLite store, and for each of N centres ``familycentre export html --layout list``
(the half-year programme, one line of words per schedule) in German and English
through the command's entry point, with ``describe()`` as it is and with the
exporter's ``describe`` replaced by ``reference_describe``; interleaved, best of
``--runs``, the pages compared byte for byte.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from network import generate_network

import familycentre as fc
from familycentre.export import html as html_exporter
from familycentre.i18n import NP_, Translator, translator
from familycentre.model.schedule import (
    ClosurePolicy,
    Daily,
    MonthlyWeekday,
    OpenOn,
    Schedule,
    TimeWindow,
    Weekday,
)
from familycentre.schedule import describe, words

LANGUAGES = ("de", "en")

# ---------------------------------------------------------------------------------------
# The reference: describe() before it was made faster (frozen copy; do not edit).
# ---------------------------------------------------------------------------------------

_NAME = {
    Weekday.MON: NP_("weekday", "Monday"),
    Weekday.TUE: NP_("weekday", "Tuesday"),
    Weekday.WED: NP_("weekday", "Wednesday"),
    Weekday.THU: NP_("weekday", "Thursday"),
    Weekday.FRI: NP_("weekday", "Friday"),
    Weekday.SAT: NP_("weekday", "Saturday"),
    Weekday.SUN: NP_("weekday", "Sunday"),
}
_PLURAL = {
    Weekday.MON: NP_("on weekdays", "Mondays"),
    Weekday.TUE: NP_("on weekdays", "Tuesdays"),
    Weekday.WED: NP_("on weekdays", "Wednesdays"),
    Weekday.THU: NP_("on weekdays", "Thursdays"),
    Weekday.FRI: NP_("on weekdays", "Fridays"),
    Weekday.SAT: NP_("on weekdays", "Saturdays"),
    Weekday.SUN: NP_("on weekdays", "Sundays"),
}
_ORDINAL = {
    1: NP_("ordinal", "first"),
    2: NP_("ordinal", "second"),
    3: NP_("ordinal", "third"),
    4: NP_("ordinal", "fourth"),
    5: NP_("ordinal", "fifth"),
    -1: NP_("ordinal", "last"),
    -2: NP_("ordinal", "second-to-last"),
}


def _window(t: Translator, window: TimeWindow) -> str:
    return f"{t.time(window.start)}–{t.time(window.end)}"


def _dates(t: Translator, days: Sequence[dt.date]) -> str:
    return t.list([t.date(day) for day in days])


def _contiguous(days: Sequence[Weekday]) -> bool:
    """Three or more weekdays in a row (Monday to Friday)."""
    numbers = [day.number for day in days]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _weekly(t: Translator, schedule: Schedule, weekly: Sequence[Weekday]) -> str:
    days = sorted(weekly, key=lambda day: day.number)
    every = schedule.every
    plural = [t.pgettext("on weekdays", _PLURAL[d]) for d in days]
    if every == 1:
        if len(days) == 7:
            return t.gettext("daily")
        if _contiguous(days):
            return t.gettext("{first} to {last}").format(
                first=t.pgettext("weekday", _NAME[days[0]]),
                last=t.pgettext("weekday", _NAME[days[-1]]),
                first_days=plural[0],
                last_days=plural[-1],
            )
        return t.list(plural)
    return t.ngettext("every week on {days}", "every {n} weeks on {days}", every).format(
        n=t.number(every), days=t.list(plural)
    )


def _daily(t: Translator, schedule: Schedule, daily: Daily) -> str:
    every = schedule.every
    if every == 1:
        return t.gettext("Monday to Friday") if daily is Daily.WEEKDAYS else t.gettext("daily")
    text = t.ngettext("every day", "every {n} days", every).format(n=t.number(every))
    if daily is Daily.WEEKDAYS:
        text = t.gettext("{pattern} (Monday to Friday)").format(pattern=text)
    return text


def _monthly_rule(t: Translator, rule: MonthlyWeekday) -> str:
    return t.gettext("the {ordinal} {weekday} of the month").format(
        ordinal=t.pgettext("ordinal", _ORDINAL[rule.ordinal]),
        weekday=t.pgettext("weekday", _NAME[rule.weekday]),
        weekdays=t.pgettext("on weekdays", _PLURAL[rule.weekday]),
    )


def _month_days(t: Translator, days: Sequence[int]) -> str:
    positive = [t.number(day) for day in days if day > 0]
    parts = []
    if positive:
        parts.append(
            t.ngettext(
                "on day {days} of the month", "on days {days} of the month", len(positive)
            ).format(days=t.list(positive))
        )
    for day in days:
        if day == -1:
            parts.append(t.gettext("on the last day of the month"))
        elif day < 0:
            parts.append(
                t.gettext("on day {n} counted from the end of the month").format(n=t.number(-day))
            )
    return t.list(parts)


def _every_month(t: Translator, schedule: Schedule, text: str) -> str:
    if schedule.every == 1:
        return text
    return t.ngettext("{rules}, every month", "{rules}, every {n} months", schedule.every).format(
        rules=text, n=t.number(schedule.every)
    )


def _pattern(t: Translator, schedule: Schedule) -> str | None:
    if schedule.weekly is not None:
        return _weekly(t, schedule, schedule.weekly)
    if schedule.daily is not None:
        return _daily(t, schedule, schedule.daily)
    if schedule.monthly is not None:
        rules = t.list([_monthly_rule(t, rule) for rule in schedule.monthly])
        return _every_month(t, schedule, t.gettext("on {rules}").format(rules=rules))
    if schedule.monthly_days is not None:
        return _every_month(t, schedule, _month_days(t, schedule.monthly_days))
    return None


def reference_describe(schedule: Schedule, language: str = "de") -> str:
    """A schedule in words: ``"dienstags und donnerstags 09:00–11:00 Uhr"``.

    :param schedule: The schedule.
    :param language: A language of :data:`LANGUAGES`; others get German.
    """
    t = translator(language)
    pattern = _pattern(t, schedule)
    when = (
        t.gettext("on {dates}").format(dates=_dates(t, schedule.dates))
        if pattern is None
        else pattern
    )
    if schedule.all_day:
        text = t.gettext("{when}, all day").format(when=when)
    else:
        times = t.list([_window(t, w) for w in sorted(schedule.times)])
        text = t.gettext("{when} {times}").format(when=when, times=times)
    extras: list[str] = []
    if schedule.sessions is not None and schedule.start is not None:
        extras.append(
            t.ngettext(
                "{count} session from {date}", "{count} sessions from {date}", schedule.sessions
            ).format(count=t.number(schedule.sessions), date=t.date(schedule.start))
        )
    elif pattern is not None and (schedule.start is not None or schedule.until is not None):
        if schedule.start is not None and schedule.until is not None:
            extras.append(
                t.gettext("from {start} to {end}").format(
                    start=t.date(schedule.start), end=t.date(schedule.until)
                )
            )
        elif schedule.start is not None:
            extras.append(t.gettext("from {date}").format(date=t.date(schedule.start)))
        elif schedule.until is not None:
            extras.append(t.gettext("until {date}").format(date=t.date(schedule.until)))
    if pattern is not None and schedule.dates:
        extras.append(t.gettext("also on {dates}").format(dates=_dates(t, schedule.dates)))
    if schedule.cancelled:
        extras.append(t.gettext("not on {dates}").format(dates=_dates(t, schedule.cancelled)))
    if schedule.closures is ClosurePolicy.SCHOOL_DAYS_ONLY:
        extras.append(t.gettext("not in school holidays"))
    elif schedule.closures is ClosurePolicy.SCHOOL_HOLIDAYS_ONLY:
        extras.append(t.gettext("only in school holidays"))
    elif schedule.closures is ClosurePolicy.REGARDLESS:
        extras.append(t.gettext("also on public holidays"))
    if schedule.closures is not ClosurePolicy.REGARDLESS:
        if OpenOn.PUBLIC_HOLIDAYS in schedule.open_on:
            extras.append(t.gettext("also on public holidays"))
        if OpenOn.CENTRE_CLOSURES in schedule.open_on:
            extras.append(t.gettext("also while the centre is closed"))
    return t.pgettext("separator", ", ").join([text, *extras])


# ---------------------------------------------------------------------------------------
# The benchmark.
# ---------------------------------------------------------------------------------------


def schedules(network: list[fc.CentreData]) -> list[Schedule]:
    """Every schedule of every offer of the network."""
    return [s for data in network for offer in data.offers for s in offer.schedule]


def run(describe_one: Callable[[Schedule, str], str], items: Sequence[Schedule]) -> int:
    """Describe every schedule in every language; the number of characters written."""
    total = 0
    for language in LANGUAGES:
        for schedule in items:
            total += len(describe_one(schedule, language))
    return total


def ours_cold(items: Sequence[Schedule]) -> int:
    words.clear_caches()
    return run(describe, items)


@contextlib.contextmanager
def exporter_describing_with(describe_one: Callable[[Schedule, str], str]) -> Iterator[None]:
    """The html exporter's ``describe`` replaced for the time being."""
    kept = html_exporter.describe
    html_exporter.describe = describe_one
    try:
        yield
    finally:
        html_exporter.describe = kept


def export_pages(url: str, folder: Path, ids: Sequence[str]) -> bytes:
    """``familycentre export html --layout list`` of each centre in de and en: the pages."""
    from familycentre.cli import main as cli

    pages = []
    for centre in ids:
        for language in LANGUAGES:
            out = folder / f"{centre}-{language}.html"
            code = cli(
                [
                    "export", "html", "--store", url, "--centre", centre, "--layout", "list",
                    "--from", "2026-09-01", "--to", "2027-02-28", "--lang", language,
                    "--no-cache", "-q", "-o", str(out),
                ]
            )  # fmt: skip
            assert code == 0, f"export of {centre} in {language} failed"
            pages.append(out.read_bytes())
    return b"".join(pages)


def end_to_end(network: list[fc.CentreData], sample: int, runs: int) -> None:
    """Programme lists through the command line and a SQLite store, ours and reference."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder}/network.db"
        with fc.open_store(url) as store:
            for item in network[:sample]:
                store.add(item.centre)
                for offer in item.offers:
                    store.add(offer)
        ids = [item.centre.id for item in network[:sample]]

        def reference_pages() -> bytes:
            with exporter_describing_with(reference_describe):
                return export_pages(url, folder, ids)

        sides: dict[str, Callable[[], bytes]] = {
            "ours": lambda: export_pages(url, folder, ids),
            "reference": reference_pages,
        }
        best = dict.fromkeys(sides, float("inf"))
        pages: dict[str, bytes] = {}
        with contextlib.redirect_stderr(io.StringIO()):
            for side in sides.values():  # warm up: imports, templates, translators
                side()
            for _ in range(runs):
                for name, side in sides.items():
                    began = time.perf_counter()
                    pages[name] = side()
                    best[name] = min(best[name], time.perf_counter() - began)
    assert pages["ours"] == pages["reference"], "the pages differ"
    exports = len(ids) * len(LANGUAGES)
    print(
        f"\nend to end: familycentre export html --layout list (SQLite store, the command's "
        f"entry point), {len(ids)} centres in {', '.join(LANGUAGES)}: {exports} pages, "
        f"{len(pages['ours']):,} bytes each side (equal); best of {runs}"
    )
    for name, seconds in best.items():
        print(
            f"{name:<12} {seconds:8.3f} s {seconds / exports * 1e3:8.2f} ms/page "
            f"{best['reference'] / seconds:8.2f}x"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=400)
    parser.add_argument("--offers", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--end-to-end", type=int, default=20, help="centres through the CLI")
    args = parser.parse_args(argv)

    network = generate_network(args.centres, args.offers)
    items = schedules(network)
    for language in LANGUAGES:  # the same text for every schedule, byte for byte
        for schedule in items:
            ours = describe(schedule, language)
            theirs = reference_describe(schedule, language)
            assert ours == theirs, f"{language}: {ours!r} != {theirs!r} for {schedule!r}"
    works: list[tuple[str, Callable[[], int]]] = [
        ("ours (warm)", lambda: run(describe, items)),
        ("ours (cold)", lambda: ours_cold(items)),
        ("reference", lambda: run(reference_describe, items)),
    ]
    best = dict.fromkeys((name for name, _ in works), float("inf"))
    counts: dict[str, int] = {}
    for _ in range(args.runs):
        for name, work in works:
            began = time.perf_counter()
            counts[name] = work()
            best[name] = min(best[name], time.perf_counter() - began)
    assert len(set(counts.values())) == 1, f"the sides wrote different amounts: {counts}"

    calls = len(items) * len(LANGUAGES)
    print(
        f"describe() of {len(items):,} schedules ({args.centres} centres x {args.offers} "
        f"offers) in {', '.join(LANGUAGES)}: {calls:,} calls, {counts['reference']:,} "
        f"characters each side (texts compared: equal); best of {args.runs} interleaved runs"
    )
    print(f"{'':<12} {'seconds':>8} {'us/call':>8} {'speed-up':>9}")
    reference = best["reference"]
    for name, seconds in best.items():
        print(
            f"{name:<12} {seconds:8.3f} {seconds / calls * 1e6:8.2f} {reference / seconds:8.2f}x"
        )
    if args.end_to_end > 0:
        end_to_end(network, args.end_to_end, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
