"""The plugin manager: built-ins, entry points, failures, allow-list, registries, hooks."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pluggy
import pytest

import familycentre as fc
from familycentre import hookspecs
from familycentre.cli import main
from familycentre.export import exporters
from familycentre.export.base import Exporter, ExportOptions
from familycentre.plugins import (
    DEFAULT_PLUGINS,
    PluginError,
    PluginManager,
    PluginWarning,
    get_plugin_manager,
    reset_plugin_manager,
    set_plugin_manager,
)
from familycentre.storage import storage_backends
from familycentre.storage.memory import MemoryBackend
from familycentre.testing import make_centre
from familycentre.testing.distributions import fake_distribution

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "plugins" / "familycentre-example-store"
HOOKS = sorted(
    name for name in vars(hookspecs) if hasattr(getattr(hookspecs, name), "familycentre_spec")
)
_counter = itertools.count()

BACKEND = """
import familycentre as fc
from familycentre.storage.memory import MemoryBackend

class {cls}(MemoryBackend):
    pass

@fc.hookimpl
def register_storage_backends(register):
    register({scheme!r}, lambda url: {cls}(url))
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path for fake distributions; a clean plugin environment.

    Only the distributions a test makes are loaded (through the allow-list), so
    plugins installed in the environment do not change the outcome.
    """
    allowed: list[str] = []
    original = fake_distribution

    def make(directory: Path, name: str, *args: Any, **kwargs: Any) -> Path:
        allowed.append(name)
        monkeypatch.setenv("FAMILYCENTRE_LOAD_PLUGINS", ",".join(allowed))
        return original(directory, name, *args, **kwargs)

    monkeypatch.setattr(sys.modules[__name__], "fake_distribution", make)
    monkeypatch.setenv("FAMILYCENTRE_LOAD_PLUGINS", "")
    monkeypatch.delenv("FAMILYCENTRE_STRICT_PLUGINS", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    previous = set_plugin_manager(None)
    before = set(sys.modules)
    yield tmp_path
    set_plugin_manager(previous)
    for name in set(sys.modules) - before:
        if name.startswith("fake_"):
            del sys.modules[name]


def backend_plugin(site: Path, dist: str, scheme: str, version: str = "1.0") -> str:
    """A fake distribution with a plugin that registers ``scheme``; returns its module."""
    module = f"fake_{next(_counter)}"
    source = BACKEND.format(cls="Store" + module.title().replace("_", ""), scheme=scheme)
    fake_distribution(
        site,
        dist,
        version,
        entry_points={"familycentre": {dist.replace("-", "_"): module}},
        modules={module: source},
    )
    return module


# --- loading ------------------------------------------------------------------------------


def test_import_loads_no_plugins_and_nothing_heavy() -> None:
    code = (
        "import sys, familycentre; "
        "print(sorted(m for m in ('pluggy', 'sqlite3', 'familycentre.plugins', "
        "'familycentre.storage', 'familycentre.hookspecs') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_builtins_are_plugins_marked_trylast() -> None:
    manager = PluginManager(entry_points=False)
    backends = storage_backends(manager)
    assert {"memory", "sqlite"} <= set(backends)
    assert backends["sqlite"].plugin == "familycentre.storage.sqlite"
    for impl in manager.pm.hook.register_storage_backends.get_hookimpls():
        assert impl.trylast
    names = [info.name for info in manager.plugins(include_builtins=True)]
    assert "familycentre.storage.memory" in names
    assert manager.plugins() == []  # without --all: installed plugins only


def test_missing_builtin_module_is_skipped() -> None:
    manager = PluginManager(builtins=[*DEFAULT_PLUGINS, "familycentre.no_such_module"])
    assert "memory" in storage_backends(manager)


def test_broken_builtin_is_an_error(site: Path) -> None:
    (site / "fake_broken_builtin.py").write_text("raise RuntimeError('bug')\n")
    with pytest.raises(RuntimeError, match="bug"):
        PluginManager(builtins=["fake_broken_builtin"], entry_points=False).load()


def test_entry_point_plugin_is_found_once(site: Path) -> None:
    module = backend_plugin(site, "familycentre-fake", "fake", "2.5")
    manager = get_plugin_manager()
    assert get_plugin_manager() is manager
    manager.load()  # again: nothing happens twice
    assert module in sys.modules
    with fc.open_store("fake:") as store:
        assert type(store.backend).__module__ == module
    [info] = manager.plugins()
    assert (info.name, info.version, info.distribution) == (
        "familycentre_fake",
        "2.5",
        "familycentre-fake",
    )
    assert info.hooks == ("register_storage_backends",)
    assert not info.builtin


def test_broken_plugin_warns_and_others_load(site: Path) -> None:
    fake_distribution(
        site,
        "familycentre-broken",
        entry_points={"familycentre": {"broken": "fake_broken_module"}},
        modules={"fake_broken_module": "raise ImportError('needs libfoo')\n"},
    )
    backend_plugin(site, "familycentre-good", "good")
    with pytest.warns(PluginWarning, match=r"familycentre-broken .*needs libfoo.*skipped"):
        manager = get_plugin_manager()
    assert "good" in storage_backends(manager)
    assert [info.name for info in manager.plugins()] == ["familycentre_good"]


def test_missing_module_of_entry_point_warns(site: Path) -> None:
    fake_distribution(
        site, "familycentre-ghost", entry_points={"familycentre": {"ghost": "fake_nowhere"}}
    )
    with pytest.warns(PluginWarning, match="familycentre-ghost"):
        get_plugin_manager()


def test_strict_mode_makes_a_broken_plugin_fatal(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_distribution(
        site,
        "familycentre-broken",
        entry_points={"familycentre": {"broken": "fake_broken_strict"}},
        modules={"fake_broken_strict": "1 / 0\n"},
    )
    monkeypatch.setenv("FAMILYCENTRE_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match=r"familycentre-broken.*ZeroDivisionError"):
        get_plugin_manager()


def test_invalid_hook_signature_is_reported(site: Path) -> None:
    source = (
        "import familycentre as fc\n"
        "@fc.hookimpl\n"
        "def register_exporters(register, extra):\n"
        "    pass\n"
    )
    fake_distribution(
        site,
        "familycentre-wrongargs",
        entry_points={"familycentre": {"wrong": "fake_wrong"}},
        modules={"fake_wrong": source},
    )
    with pytest.warns(PluginWarning, match="familycentre-wrongargs.*extra"):
        manager = get_plugin_manager()
    assert manager.plugins() == []


def test_allow_list(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backend_plugin(site, "familycentre-one", "one")
    backend_plugin(site, "familycentre-two", "two")
    assert {"one", "two"} <= set(storage_backends(PluginManager()))  # both allowed
    monkeypatch.setenv("FAMILYCENTRE_LOAD_PLUGINS", "")
    assert {"one", "two"}.isdisjoint(storage_backends(PluginManager()))
    assert PluginManager().plugins() == []
    monkeypatch.setenv("FAMILYCENTRE_LOAD_PLUGINS", "familycentre-two")  # a distribution
    assert "two" in (backends := storage_backends(PluginManager()))
    assert "one" not in backends
    monkeypatch.setenv("FAMILYCENTRE_LOAD_PLUGINS", "familycentre_one, other")  # entry point
    assert "one" in (backends := storage_backends(PluginManager()))
    assert "two" not in backends
    monkeypatch.delenv("FAMILYCENTRE_LOAD_PLUGINS")
    assert {"one", "two"} <= set(storage_backends(PluginManager()))


def test_check_pending_catches_misspelt_hooks() -> None:
    class Misspelt:
        @fc.hookimpl
        def register_storage_backend(self, register: Any) -> None:  # no "s"
            pass

    manager = PluginManager(entry_points=False)
    manager.register(Misspelt(), name="misspelt")
    with pytest.raises(pluggy.PluginValidationError, match="register_storage_backend"):
        manager.check_pending()


# --- register_storage_backends ------------------------------------------------------------


def test_hook_register_storage_backends(site: Path) -> None:
    class Plugin:
        @fc.hookimpl
        def register_storage_backends(self, register: hookspecs.StorageRegister) -> None:
            register("scratch", MemoryBackend.from_url)

    manager = PluginManager(entry_points=False)
    manager.register(Plugin(), name="scratch-plugin")
    backend = storage_backends(manager)["scratch"]
    assert backend.plugin == "scratch-plugin"
    with fc.open_store("scratch:", plugin_manager=manager) as store:
        store.add(make_centre())


def test_duplicate_scheme_names_both_plugins(site: Path) -> None:
    backend_plugin(site, "familycentre-alpha", "twin")
    backend_plugin(site, "familycentre-beta", "twin")
    with pytest.raises(PluginError, match=r"'twin' is registered by two plugins") as caught:
        storage_backends(get_plugin_manager())
    assert "(from familycentre-alpha)" in str(caught.value)
    assert "(from familycentre-beta)" in str(caught.value)


def test_plugin_replaces_a_builtin_backend(site: Path) -> None:
    module = backend_plugin(site, "familycentre-better-memory", "memory")
    backends = storage_backends(get_plugin_manager())
    assert backends["memory"].plugin == "familycentre_better_memory"
    with fc.open_store("memory:") as store:
        assert type(store.backend).__module__ == module


@pytest.mark.parametrize(
    ("scheme", "opener", "match"),
    [
        ("Bad Scheme", MemoryBackend.from_url, "invalid scheme"),
        ("ok", "not callable", "not callable"),
    ],
)
def test_invalid_backend_registration(scheme: str, opener: Any, match: str) -> None:
    class Plugin:
        @fc.hookimpl
        def register_storage_backends(self, register: Any) -> None:
            register(scheme, opener)

    manager = PluginManager(entry_points=False)
    manager.register(Plugin(), name="bad")
    with pytest.raises(PluginError, match=f"'bad'.*{match}"):
        storage_backends(manager)


def test_failing_registration_hook_warns(site: Path) -> None:
    class Plugin:
        @fc.hookimpl
        def register_storage_backends(self, register: Any) -> None:
            raise OSError("config missing")

    manager = PluginManager(entry_points=False)
    manager.register(Plugin(), name="failing")
    with pytest.warns(PluginWarning, match="'failing' failed in register_storage_backends"):
        backends = storage_backends(manager)
    assert "sqlite" in backends


# --- register_exporters -------------------------------------------------------------------


class Listing(Exporter):
    name = "listing"
    title = "Plain listing"
    media_type = "text/plain"
    suffix = ".txt"

    def write(self, store: Any, options: ExportOptions, stream: BinaryIO) -> None:
        for record in store.records(fc.Offer):
            stream.write(f"{record.id}\n".encode())


def exporter_plugin(*exporters: Any) -> object:
    class Plugin:
        @fc.hookimpl
        def register_exporters(self, register: hookspecs.ExporterRegister) -> None:
            for exporter in exporters:
                register(exporter)

    return Plugin()


def test_hook_register_exporters() -> None:
    manager = PluginManager(builtins=[], entry_points=False)
    manager.register(exporter_plugin(Listing), name="listing-plugin")
    found = exporters(manager)
    assert isinstance(found["listing"], Listing)
    instance = Listing()
    other = PluginManager(builtins=[], entry_points=False)
    other.register(exporter_plugin(instance), name="instance-plugin")
    assert exporters(other)["listing"] is instance


def test_duplicate_exporter_names_both_plugins() -> None:
    manager = PluginManager(builtins=[], entry_points=False)
    manager.register(exporter_plugin(Listing), name="first-plugin")
    manager.register(exporter_plugin(Listing), name="second-plugin")
    with pytest.raises(
        PluginError,
        match=r"'listing'.*'(first|second)-plugin'.*'(first|second)-plugin'",
    ):
        exporters(manager)


def test_not_an_exporter_is_refused() -> None:
    manager = PluginManager(builtins=[], entry_points=False)
    manager.register(exporter_plugin(object), name="confused")
    with pytest.raises(PluginError, match=r"'confused'.*not an Exporter"):
        exporters(manager)


# --- register_report_sections ----------------------------------------------------------------


def test_hook_register_report_sections() -> None:
    import datetime as dt
    import importlib.util

    from familycentre.report import render, report_sections, yearly_report
    from familycentre.report.builtin import BUILTIN_SECTIONS

    spec = importlib.util.spec_from_file_location(
        "report_section_plugin", ROOT / "examples" / "report_section_plugin.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    manager = PluginManager(entry_points=False)
    manager.register(module, name="library-plugin")
    sections = report_sections(manager)
    assert list(sections) == [*BUILTIN_SECTIONS, "library"]  # built-ins first
    data = fc.load(ROOT / "examples" / "sonnenblume.toml")
    library = fc.Offer(id="bibliothek", centre="sonnenblume", title="Bibliothek", category="other")
    day = dt.date(2026, 3, 2)
    records = [
        fc.Attendance(
            id=f"b-{n}",
            centre="sonnenblume",
            offer="bibliothek",
            date=day + dt.timedelta(days=7 * n),
            participants=10 + n,
        )
        for n in range(3)
    ] + [
        fc.HelpCase(
            id="loans", centre="sonnenblume", date=day, kind="other", cases=3, note="Ausleihe"
        )
    ]
    report = yearly_report(
        year=2026,
        centres=[data.centre],
        offers=[*data.offers, library],
        activities=records,
        sections=sections,
    )
    section = report.sections[-1]
    assert section.key == "library"
    assert section.figure("visits").value.value == 10 + 11 + 12
    assert section.figure("visits").previous is None  # nothing counted in 2025
    assert str(section.figure("loans").value) == "<5"  # about families: suppressed
    assert "## Bibliothek" in render(report, "markdown")
    without = yearly_report(
        year=2026, centres=[data.centre], offers=data.offers, sections=sections
    )
    assert "library" not in [s.key for s in without.sections]  # no library: left out


def test_report_section_plugins_replace_builtins_and_clash_with_each_other() -> None:
    from familycentre.report import Section, report_sections

    def replacement(context: Any) -> Section:
        return Section(key="demand", title="Eigene Bedarfsanalyse")

    class Replacing:
        @fc.hookimpl
        def register_report_sections(self, register: Any) -> None:
            register("demand", replacement)

    manager = PluginManager(entry_points=False)
    manager.register(Replacing(), name="replacing")
    assert report_sections(manager)["demand"] is replacement
    manager.register(Replacing(), name="replacing-too")
    with pytest.raises(PluginError, match=r"'demand'.*'replacing(-too)?'.*'replacing(-too)?'"):
        report_sections(manager)
    broken = PluginManager(builtins=[], entry_points=False)

    class Broken:
        @fc.hookimpl
        def register_report_sections(self, register: Any) -> None:
            register("not a word", replacement)

    broken.register(Broken(), name="broken")
    with pytest.raises(PluginError, match="a section's name is a word"):
        report_sections(broken)


# --- record_changed -----------------------------------------------------------------------


def test_hook_record_changed(fc_plugin_manager: PluginManager) -> None:
    seen: list[tuple[str, str, str, str, int]] = []

    class Observer:
        @fc.hookimpl
        def record_changed(
            self, store_url: str, kind: str, record_id: str, action: str, revision: int
        ) -> None:
            seen.append((store_url, kind, record_id, action, revision))

    class Partial:  # an implementation may take fewer arguments
        @fc.hookimpl
        def record_changed(self, record_id: str) -> None:
            seen.append(("partial", "", record_id, "", 0))

    fc_plugin_manager.register(Observer(), name="observer")
    fc_plugin_manager.register(Partial(), name="partial")
    with fc.open_store("memory:") as store:
        store.add(make_centre())
    assert sorted(seen) == [
        ("memory:", "centre", "sonnenblume", "added", 1),
        ("partial", "", "sonnenblume", "", 0),
    ]


def test_failing_observer_warns_and_the_change_stays(fc_plugin_manager: PluginManager) -> None:
    class Observer:
        @fc.hookimpl
        def record_changed(self, record_id: str) -> None:
            raise RuntimeError("mail server down")

    fc_plugin_manager.register(Observer(), name="observer")
    with fc.open_store("memory:") as store:
        with pytest.warns(
            PluginWarning, match=r"'observer' failed in record_changed.*mail server down"
        ):
            store.add(make_centre())
        assert store.exists(fc.Centre, "sonnenblume")


# --- referral_transition ------------------------------------------------------------------


def test_hook_referral_transition(fc_plugin_manager: PluginManager) -> None:
    from tests.referrals.test_store import stored_referral_setup

    seen: list[tuple[str, str, str, str, str, int]] = []

    class Reminder:
        @fc.hookimpl
        def referral_transition(
            self,
            store_url: str,
            referral_id: str,
            source: str,
            target: str,
            role: str,
            revision: int,
        ) -> None:
            seen.append((store_url, referral_id, source, target, role, revision))

    fc_plugin_manager.register(Reminder(), name="reminder")
    with fc.open_store("memory:") as store:
        at = stored_referral_setup(store)
        fc.transition_referral(store, "r-1", "requested", at=at)
        with pytest.raises(fc.TransitionError):
            fc.transition_referral(store, "r-1", "completed", at=at)
    assert seen == [("memory:", "r-1", "draft", "requested", "staff", 2)]


def test_hook_register_commands(
    fc_plugin_manager: PluginManager, capsys: pytest.CaptureFixture[str]
) -> None:
    from familycentre.cli import add_source_arguments, main, open_source

    def count(args: Any) -> int:
        with open_source(args) as store:
            print(len(store.offers()))
        return 0

    class Commands:
        @fc.hookimpl
        def register_commands(self, commands: hookspecs.CommandAdder) -> None:
            parser = commands.add_parser("count-offers", help="count the offers")
            add_source_arguments(parser)
            parser.set_defaults(handler=count)

        @fc.hookimpl
        def register_exporters(self, register: Any) -> None:
            raise RuntimeError("broken beside it")

    fc_plugin_manager.register(Commands(), name="commands-plugin")
    example = ROOT / "examples" / "sonnenblume.toml"
    with pytest.warns(PluginWarning):  # another hook of the plugin fails: its command stays
        status = main(["count-offers", str(example)]), main(["export", "--list"])
    assert status == (0, 0)
    assert capsys.readouterr().out.startswith("21\n")


def test_every_hook_has_a_test() -> None:
    assert HOOKS == [
        "record_changed",
        "referral_transition",
        "register_commands",
        "register_exporters",
        "register_report_sections",
        "register_storage_backends",
    ]
    for hook in HOOKS:
        assert callable(globals().get(f"test_hook_{hook}")), f"no test_hook_{hook}"


def test_every_hook_is_typed_and_documented() -> None:
    for hook in HOOKS:
        function = getattr(hookspecs, hook)
        assert function.__annotations__.get("return") == "None"
        doc = function.__doc__ or ""
        for argument in function.__code__.co_varnames[: function.__code__.co_argcount]:
            assert f":param {argument}:" in doc
            assert argument in function.__annotations__
        assert ":return:" in doc


# --- the example plugin and the command -------------------------------------------------------


@pytest.fixture
def example_plugin(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example plugin of plugins/, 'installed' through a dist-info of its own."""
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    fake_distribution(
        site,
        "familycentre-example-store",
        "0.1.0",
        entry_points={"familycentre": {"example_store": "familycentre_example_store"}},
    )
    yield site
    sys.modules.pop("familycentre_example_store", None)


def test_example_plugin_is_found_through_its_entry_point(
    example_plugin: Path, tmp_path: Path
) -> None:
    infos = get_plugin_manager().plugins()
    assert [(i.name, i.version, i.hooks) for i in infos] == [
        ("example_store", "0.1.0", ("register_storage_backends",))
    ]
    data = fc.load(ROOT / "examples" / "sonnenblume.toml")
    url = f"jsonfile://{tmp_path / 'centre.json'}"
    with fc.open_store(url) as store:
        store.load(data)
    with fc.open_store(url) as store:
        assert store.centre_data(data.centre.id).centre == data.centre
        assert not store.load(data).changed


def test_example_plugin_uses_only_public_modules() -> None:
    source = (EXAMPLE / "src" / "familycentre_example_store" / "__init__.py").read_text()
    imported = [
        line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))
    ]
    private = [
        name
        for name in imported
        if name != "__future__" and any(part.startswith("_") for part in name.split("."))
    ]
    assert private == []
    assert "familycentre.storage" in imported


def test_plugins_command(example_plugin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "example_store" in out
    assert "0.1.0" in out
    assert "register_storage_backends" in out
    assert "example_store 0.1.0 (from familycentre-example-store)" in out
    assert "familycentre.storage.sqlite" not in out
    assert main(["plugins", "--all", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    by_name = {item["name"]: item for item in listing}
    assert by_name["familycentre.storage.sqlite"]["builtin"] is True
    assert by_name["familycentre.storage.sqlite"]["hooks"] == ["register_storage_backends"]
    assert by_name["example_store"] == {
        "name": "example_store",
        "version": "0.1.0",
        "distribution": "familycentre-example-store",
        "hooks": ["register_storage_backends"],
        "builtin": False,
    }


def test_plugins_command_reports_a_clash(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backend_plugin(site, "familycentre-alpha", "twin")
    backend_plugin(site, "familycentre-beta", "twin")
    assert main(["plugins"]) == 1
    assert "familycentre-alpha" in capsys.readouterr().err


def test_reset_plugin_manager() -> None:
    first = get_plugin_manager()
    reset_plugin_manager()
    assert get_plugin_manager() is not first
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reset_plugin_manager()


def test_registration_wrappers_are_left_alone() -> None:
    calls: list[str] = []

    class Wrapper:
        @fc.hookimpl(wrapper=True)
        def register_storage_backends(self, register: Any) -> Iterator[None]:
            calls.append("wrapper")
            return (yield)

    manager = PluginManager(entry_points=False)
    manager.register(Wrapper(), name="wrapper")
    assert {"memory", "sqlite"} <= set(storage_backends(manager))
    assert calls == []
