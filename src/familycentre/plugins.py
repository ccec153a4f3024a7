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
from typing import Any, Generic, Protocol, TypeVar

import attrs
import pluggy

from familycentre import hookspecs
from familycentre.errors import PluginError, PluginWarning

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "LOAD_ENV",
    "STRICT_ENV",
    "Notification",
    "PluginError",
    "PluginInfo",
    "PluginManager",
    "PluginWarning",
    "Registered",
    "get_plugin_manager",
    "reset_plugin_manager",
    "set_plugin_manager",
]

T = TypeVar("T")

ENTRY_POINT_GROUP = "familycentre"
"""The entry-point group installed plugins register under."""

STRICT_ENV = "FAMILYCENTRE_STRICT_PLUGINS"
LOAD_ENV = "FAMILYCENTRE_LOAD_PLUGINS"

DEFAULT_PLUGINS: list[str] = [
    "familycentre.storage.memory",
    "familycentre.storage.sqlite",
    "familycentre.export.builtin",
    "familycentre.report.builtin",
]
"""Modules of the built-in plugins, registered before installed plugins.

Append a module to add a built-in plugin. A listed module that does not exist (yet)
is skipped; one that exists but fails to import is an error.
"""


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
class Registered(Generic[T]):
    """One entry of a registry built from a registration hook.

    :param value: What was registered (an opener, an exporter, ...).
    :param plugin: The name of the plugin that registered it.
    """

    value: T
    plugin: str


class Notification(Protocol):
    """An event a store delivers after a commit: it names the hook that observes it.

    Its attrs fields are the hook's keyword arguments
    (:class:`familycentre.storage.RecordChanged`, :class:`familycentre.storage.ReferralMoved`).
    """

    @property
    def hook(self) -> str:
        """The name of the hook that observes the event."""
        ...


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
        self._registries: dict[str, dict[str, Registered[Any]]] = {}

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
            self._register_builtin(module_name)
        if self._use_entry_points:
            for entry_point in self._selected_entry_points():
                self._load_entry_point(entry_point)

    def add_builtin(self, module_name: str) -> None:
        """Register the module ``module_name`` as a built-in plugin (once).

        Built-ins are listed apart by ``familycentre plugins`` and are replaced by an
        installed plugin registering the same name. The command line adds its
        built-in commands this way, so the library never imports it. A module that
        does not exist is skipped; one that fails to import is an error.
        """
        self.load()
        if module_name in self._builtins:
            return
        self._register_builtin(module_name)
        self._registries.clear()

    def _register_builtin(self, module_name: str) -> None:
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
        self._registries.clear()
        return registered

    def unregister(self, name: str) -> None:
        """Unregister the plugin registered under ``name``."""
        self.pm.unregister(name=name)
        self._builtins.discard(name)
        self._registries.clear()

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

    def _failed(self, what: str, plugin: str, exc: Exception) -> None:
        """Report a plugin that raised: a warning naming it, or :class:`PluginError` if strict."""
        message = f"the plugin {self._describe(plugin)} failed in {what}: {exc!r}"
        if _truthy(os.environ.get(STRICT_ENV)):
            raise PluginError(message) from exc
        warnings.warn(message, PluginWarning, stacklevel=4)

    def _implementations(self, hook_name: str) -> list[Any]:
        """The implementations of a hook in call order, wrappers left out."""
        caller = getattr(self.pm.hook, hook_name)
        return [i for i in reversed(caller.get_hookimpls()) if not (i.hookwrapper or i.wrapper)]

    def call_each(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation of a hook on its own; return ``(plugin, result)`` pairs.

        Unlike pluggy's hook caller, one implementation that raises does not stop the
        others: it is reported with a :class:`PluginWarning` naming the plugin (a
        :class:`PluginError` under ``FAMILYCENTRE_STRICT_PLUGINS=1``) and left out of
        the results. Registration hooks and observers are both called this way.
        """
        self.load()
        results: list[tuple[str, Any]] = []
        for impl in self._implementations(hook_name):
            try:
                result = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except PluginError:
                raise
            except Exception as exc:
                self._failed(hook_name, impl.plugin_name, exc)
                continue
            results.append((impl.plugin_name, result))
        return results

    def observes(self, hook_name: str) -> bool:
        """Whether any plugin implements the hook ``hook_name`` (an observer would be called).

        A store asks before it builds the events of a bulk load (see
        :meth:`familycentre.Store.set_event_sink`).
        """
        self.load()
        return bool(self._implementations(hook_name))

    def notify(self, event: Notification) -> None:
        """Deliver a committed store event to each observer of its hook, one by one.

        The event's fields are the hook's keyword arguments. An observer that raises
        is reported by plugin name (see :meth:`call_each`); the others still run.
        """
        self.call_each(event.hook, **attrs.asdict(event, recurse=False))  # type: ignore[arg-type]

    def registry(
        self,
        hook_name: str,
        build: Callable[..., tuple[str, T]],
        what: str,
    ) -> dict[str, Registered[T]]:
        """Collect a registration hook into a registry keyed by name, once.

        Each implementation of ``hook_name`` is called with a ``register`` callback of
        its own; each call ``register(*args)`` is passed to ``build(*args)``, which
        checks the arguments (raising :class:`TypeError` or :class:`ValueError` with a
        message) and returns ``(key, value)``. Two plugins registering the same key is
        a :class:`PluginError` naming both; an installed plugin replaces a built-in.
        A plugin whose implementation raises is reported as a warning and skipped.

        :param what: What is registered, for messages (``"the exporter"``).
        :return: ``{key: Registered(value, plugin)}``; rebuilt after :meth:`register`.
        """
        self.load()
        cached = self._registries.get(hook_name)
        if cached is not None:
            return dict(cached)
        entries: dict[str, Registered[Any]] = {}

        def make_register(plugin: str) -> Callable[..., None]:
            def register(*args: Any) -> None:
                try:
                    key, value = build(*args)
                except (TypeError, ValueError) as exc:
                    raise PluginError(
                        f"the plugin {self._describe(plugin)} registers {what} wrongly: {exc}"
                    ) from None
                existing = entries.get(key)
                owner = existing.plugin if existing else None
                if self._accept(f"{what} {key!r}", owner, plugin):
                    entries[key] = Registered(value, plugin)

            return register

        for impl in self._implementations(hook_name):
            kwargs = {"register": make_register(impl.plugin_name)}
            try:
                impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except PluginError:
                raise
            except Exception as exc:
                self._failed(hook_name, impl.plugin_name, exc)
        self._registries[hook_name] = entries
        return dict(entries)

    def _accept(self, what: str, existing: str | None, plugin: str) -> bool:
        """Whether ``plugin`` may register ``what``; :class:`PluginError` for a clash."""
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
    from familycentre._version import __version__

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
