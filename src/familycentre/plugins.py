"""The plugin manager: built-in plugins, then installed ones, loaded lazily.

Built-in backends and exporters are plugins like any other: modules listed in
:data:`DEFAULT_PLUGINS` whose hook implementations carry ``trylast=True``, so an
installed plugin can replace them. Installed plugins are found through the
entry-point group ``familycentre``::

    [project.entry-points.familycentre]
    example_store = "familycentre_example_store"

Nothing is loaded at ``import familycentre``; the first call of
:func:`get_plugin_manager` loads the built-ins and then each entry point, one by one.
A plugin that fails to load is reported with a :class:`PluginWarning` naming its
distribution, and the others still load. Environment variables:

``FAMILYCENTRE_STRICT_PLUGINS=1``
    A plugin that fails to load is an error (:class:`PluginError`), for CI.
``FAMILYCENTRE_LOAD_PLUGINS``
    A comma-separated allow-list of entry-point or distribution names to load; set
    but empty loads no installed plugin at all. Unset loads every one.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import warnings
from collections.abc import Callable, Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from familycentre import hookspecs
from familycentre.errors import FamilyCentreError

if TYPE_CHECKING:
    from familycentre.export.base import Exporter
    from familycentre.hookspecs import StoreOpener

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "LOAD_ENV",
    "STRICT_ENV",
    "Backend",
    "PluginError",
    "PluginInfo",
    "PluginManager",
    "PluginWarning",
    "get_plugin_manager",
    "reset_plugin_manager",
    "set_plugin_manager",
]

ENTRY_POINT_GROUP = "familycentre"
"""The entry-point group installed plugins register under."""

STRICT_ENV = "FAMILYCENTRE_STRICT_PLUGINS"
LOAD_ENV = "FAMILYCENTRE_LOAD_PLUGINS"

DEFAULT_PLUGINS: list[str] = [
    "familycentre.storage.memory",
    "familycentre.storage.sqlite",
    "familycentre.export.builtin",
]
"""Modules of the built-in plugins, registered before installed plugins.

Append a module to add a built-in plugin. A listed module that does not exist (yet)
is skipped; one that exists but fails to import is an error.
"""


class PluginError(FamilyCentreError):
    """A plugin that cannot be loaded (in strict mode), or two plugins that clash."""


class PluginWarning(UserWarning):
    """A plugin that failed to load and was skipped."""


@attrs.frozen
class PluginInfo:
    """A registered plugin, as ``familycentre plugins`` lists it.

    :param name: The plugin's name (a module name for built-ins, the entry point's
        name for installed plugins).
    :param version: The version of the distribution that provides it.
    :param hooks: The hooks it implements, sorted.
    :param builtin: Whether it ships with familycentre.
    :param distribution: The name of the distribution that provides it.
    """

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool
    distribution: str | None


@attrs.frozen
class Backend:
    """A registered storage backend.

    :param scheme: The URL scheme it serves.
    :param opener: Opens a store from a URL.
    :param plugin: The name of the plugin that registered it.
    """

    scheme: str
    opener: StoreOpener
    plugin: str


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class PluginManager:
    """familycentre's wrapper around :class:`pluggy.PluginManager`.

    :param builtins: Modules of built-in plugins (default :data:`DEFAULT_PLUGINS`).
    :param entry_points: Whether to load installed plugins from entry points.
    """

    def __init__(
        self, *, builtins: Iterable[str] | None = None, entry_points: bool = True
    ) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._builtin_modules = list(DEFAULT_PLUGINS if builtins is None else builtins)
        self._use_entry_points = entry_points
        self._loaded = False
        self._builtins: set[str] = set()
        self._distributions: dict[str, tuple[str | None, str | None]] = {}
        self._backends: dict[str, Backend] | None = None
        self._exporters: dict[str, tuple[Exporter, str]] | None = None

    @property
    def hook(self) -> Any:
        """The hook relay (``manager.hook.record_changed(...)``); loads plugins first."""
        self.load()
        return self.pm.hook

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Register the built-in plugins, then the installed ones. Runs once."""
        if self._loaded:
            return
        self._loaded = True
        for module_name in self._builtin_modules:
            self._load_builtin(module_name)
        if self._use_entry_points:
            for entry_point in self._selected_entry_points():
                self._load_entry_point(entry_point)

    def _load_builtin(self, module_name: str) -> None:
        try:
            found = importlib.util.find_spec(module_name) is not None
        except ModuleNotFoundError:  # its parent package is missing
            found = False
        if not found:
            return
        module = importlib.import_module(module_name)
        if self.pm.get_plugin(module_name) is None:
            self.pm.register(module, name=module_name)
        self._builtins.add(module_name)
        self._distributions[module_name] = ("familycentre", _own_version())

    def _selected_entry_points(self) -> list[EntryPoint]:
        found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        allowed = os.environ.get(LOAD_ENV)
        if allowed is None:
            return found
        names = {_normalize(name) for name in allowed.split(",") if name.strip()}
        selected = []
        for entry_point in found:
            dist = entry_point.dist.name if entry_point.dist else ""
            if _normalize(entry_point.name) in names or (dist and _normalize(dist) in names):
                selected.append(entry_point)
        return selected

    def _load_entry_point(self, entry_point: EntryPoint) -> None:
        dist = entry_point.dist
        dist_name = dist.name if dist is not None else None
        dist_version = dist.version if dist is not None else None
        label = f"{dist_name or 'unknown distribution'} (entry point {entry_point.name!r})"
        try:
            plugin = entry_point.load()
            if self.pm.get_plugin(entry_point.name) is not None:
                raise PluginError(
                    f"a plugin named {entry_point.name!r} is already registered by "
                    f"{self._describe(entry_point.name)}"
                )
            self.pm.register(plugin, name=entry_point.name)
        except Exception as exc:
            message = f"the familycentre plugin {label} failed to load: {exc!r}"
            if _truthy(os.environ.get(STRICT_ENV)):
                raise PluginError(message) from exc
            warnings.warn(f"{message}; it is skipped", PluginWarning, stacklevel=4)
            return
        self._distributions[entry_point.name] = (dist_name, dist_version)

    def register(self, plugin: object, name: str | None = None) -> str:
        """Register a plugin object (a module or an object with hook implementations).

        For tests and applications that add plugins in code; registries built so
        far are rebuilt on next use.

        :return: The name it was registered under.
        """
        self.load()
        registered = self.pm.register(plugin, name=name)
        if registered is None:
            raise PluginError(f"the plugin {name or plugin!r} is blocked or already registered")
        self._backends = None
        self._exporters = None
        return registered

    def unregister(self, name: str) -> None:
        """Unregister the plugin registered under ``name``."""
        self.pm.unregister(name=name)
        self._builtins.discard(name)
        self._backends = None
        self._exporters = None

    def check_pending(self) -> None:
        """Raise :class:`pluggy.PluginValidationError` for an implementation of no hook.

        A misspelt hook name is otherwise silently never called.
        """
        self.load()
        self.pm.check_pending()

    # --- registries ---------------------------------------------------------------------------

    def _describe(self, name: str) -> str:
        dist = self._distributions.get(name, (None, None))[0]
        if name in self._builtins or dist is None:
            return repr(name)
        return f"{name!r} (from {dist})"

    def _collect(
        self, hook_name: str, make_register: Callable[[str], Callable[..., None]]
    ) -> None:
        """Call each implementation of a registration hook with a ``register`` of its own."""
        caller = getattr(self.pm.hook, hook_name)
        for impl in reversed(caller.get_hookimpls()):
            if impl.hookwrapper or impl.wrapper:  # wrappers make no registrations
                continue
            kwargs = {"register": make_register(impl.plugin_name)}
            try:
                impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except PluginError:
                raise
            except Exception as exc:
                message = f"the plugin {self._describe(impl.plugin_name)} failed in {hook_name}"
                if _truthy(os.environ.get(STRICT_ENV)):
                    raise PluginError(f"{message}: {exc!r}") from exc
                warnings.warn(f"{message}: {exc!r}", PluginWarning, stacklevel=4)

    def _accept(self, what: str, key: str, existing: str | None, plugin: str) -> bool:
        """Whether ``plugin`` may register ``key``; :class:`PluginError` for a clash."""
        if existing is None:
            return True
        if existing == plugin:
            raise PluginError(f"the plugin {self._describe(plugin)} registers {what} twice")
        if plugin in self._builtins:
            return False  # an installed plugin replaces a built-in
        if existing in self._builtins:
            return True
        raise PluginError(
            f"{what} is registered by two plugins: {self._describe(existing)} and "
            f"{self._describe(plugin)}; uninstall one of them"
        )

    def storage_backends(self) -> dict[str, Backend]:
        """The storage backends by URL scheme, collected once from ``register_storage_backends``.

        :raises PluginError: when two plugins register the same scheme.
        """
        self.load()
        if self._backends is None:
            backends: dict[str, Backend] = {}

            def make_register(plugin: str) -> Callable[[str, StoreOpener], None]:
                def register(scheme: str, opener: StoreOpener) -> None:
                    if not isinstance(scheme, str) or not _SCHEME.fullmatch(scheme):
                        raise PluginError(
                            f"the plugin {self._describe(plugin)} registers a storage backend "
                            f"with an invalid scheme {scheme!r} (lowercase letters, digits, +.-)"
                        )
                    if not callable(opener):
                        raise PluginError(
                            f"the plugin {self._describe(plugin)} registers the scheme "
                            f"{scheme!r} with {opener!r}, which is not callable"
                        )
                    existing = backends.get(scheme)
                    what = f"the storage scheme {scheme!r}"
                    owner = existing.plugin if existing else None
                    if self._accept(what, scheme, owner, plugin):
                        backends[scheme] = Backend(scheme, opener, plugin)

                return register

            self._collect("register_storage_backends", make_register)
            self._backends = backends
        return dict(self._backends)

    def exporters(self) -> dict[str, Exporter]:
        """The exporters by name, collected once from ``register_exporters``.

        :raises PluginError: when two plugins register the same name.
        """
        self.load()
        if self._exporters is None:
            from familycentre.export.base import Exporter

            exporters: dict[str, tuple[Exporter, str]] = {}

            def make_register(plugin: str) -> Callable[[type[Exporter] | Exporter], None]:
                def register(exporter: type[Exporter] | Exporter) -> None:
                    if isinstance(exporter, type) and issubclass(exporter, Exporter):
                        instance = exporter()
                    elif isinstance(exporter, Exporter):
                        instance = exporter
                    else:
                        raise PluginError(
                            f"the plugin {self._describe(plugin)} registers {exporter!r}, "
                            "which is not an Exporter (familycentre.export.base.Exporter)"
                        )
                    name = instance.name
                    existing = exporters.get(name)
                    what = f"the exporter {name!r}"
                    if self._accept(what, name, existing and existing[1], plugin):
                        exporters[name] = (instance, plugin)

                return register

            self._collect("register_exporters", make_register)
            self._exporters = exporters
        return {name: item[0] for name, item in self._exporters.items()}

    # --- listing ------------------------------------------------------------------------------

    def plugins(self, *, include_builtins: bool = False) -> list[PluginInfo]:
        """The registered plugins, sorted by name; built-ins only when asked."""
        self.load()
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            if name is None or (name in self._builtins and not include_builtins):
                continue
            hooks = sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or [])
            dist, version = self._distributions.get(name, (None, None))
            infos.append(PluginInfo(name, version, tuple(hooks), name in self._builtins, dist))
        return sorted(infos, key=lambda info: (not info.builtin, info.name))


def _own_version() -> str:
    from familycentre import __version__

    return __version__


_manager: PluginManager | None = None


def get_plugin_manager() -> PluginManager:
    """The process's plugin manager; the first call loads the plugins."""
    global _manager
    if _manager is None:
        manager = PluginManager()
        manager.load()
        _manager = manager
    return _manager


def set_plugin_manager(manager: PluginManager | None) -> PluginManager | None:
    """Install ``manager`` as the process's plugin manager (for tests); returns the old one.

    ``None`` makes the next :func:`get_plugin_manager` build a new one.
    """
    global _manager
    previous, _manager = _manager, manager
    return previous


def reset_plugin_manager() -> None:
    """Forget the process's plugin manager, so the next use loads plugins afresh (tests)."""
    set_plugin_manager(None)
