"""Every hook of familycentre: the plugin author's contract.

A plugin is a module (or any object) with functions named like the hooks below,
marked with :data:`familycentre.hookimpl`::

    import familycentre as fc

    @fc.hookimpl
    def register_storage_backends(register):
        register("jsonfile", JsonFileStore.from_url)

Hooks are called with keyword arguments. An implementation may accept fewer
arguments than the specification names, never others; an argument given a default
value in the implementation is never passed (pluggy's rule). Installed plugins are
found through the entry-point group ``familycentre`` (see :mod:`familycentre.plugins`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import pluggy

if TYPE_CHECKING:  # types only: the storage package finds its backends through this module
    from familycentre.storage.base import Action, RecordKind, StorageBackend

__all__ = [
    "PROJECT",
    "CommandAdder",
    "ExporterRegister",
    "SectionRegister",
    "StorageRegister",
    "StoreOpener",
    "hookimpl",
    "hookspec",
    "record_changed",
    "referral_transition",
    "register_commands",
    "register_exporters",
    "register_report_sections",
    "register_storage_backends",
]

PROJECT = "familycentre"
"""The pluggy project name; also the entry-point group plugins are found in."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a hook specification (only this module uses it)."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's implementation of a hook; exported as ``familycentre.hookimpl``."""

StoreOpener = Callable[[str], "StorageBackend"]
"""Opens a storage backend from the store's whole URL (``"sqlite:///var/lib/fc.db"``)."""

StorageRegister = Callable[[str, StoreOpener], None]
"""The ``register`` callback of :func:`register_storage_backends`: ``register(scheme, opener)``."""

ExporterRegister = Callable[[Any], None]
"""The ``register`` callback of :func:`register_exporters`: ``register(exporter)``.

It takes a subclass or an instance of :class:`familycentre.export.Exporter` (typed
loosely here because exporters live in a higher layer than this contract)."""


class CommandAdder(Protocol):
    """What :func:`register_commands` receives: argparse's sub-command collection."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """Add a sub-command ``name``; ``kwargs`` as for :class:`argparse.ArgumentParser`."""
        ...


@hookspec
def register_storage_backends(register: StorageRegister) -> None:
    """Register storage backends, each under a URL scheme.

    Call ``register(scheme, opener)`` once per backend: ``scheme`` is the part of a
    store URL before the colon (``"sqlite"`` in ``"sqlite:///path/fc.db"``), lowercase;
    ``opener`` is a callable that takes the whole URL and returns an open
    :class:`~familycentre.storage.StorageBackend`, which :func:`familycentre.open_store`
    wraps in a :class:`~familycentre.storage.Store`. Two plugins registering the same scheme is
    an error naming both; a plugin's backend replaces a built-in one of the same scheme.

    :param register: The callback to call once per backend.
    :return: Nothing; backends are registered through ``register``.
    """


@hookspec
def register_exporters(register: ExporterRegister) -> None:
    """Register export formats.

    Call ``register(exporter)`` once per format, with a subclass of
    :class:`familycentre.export.Exporter` (instantiated without arguments) or an
    instance of one. Exporters are keyed by their ``name``; two plugins registering the
    same name is an error naming both; a plugin's exporter replaces a built-in one.

    :param register: The callback to call once per exporter.
    :return: Nothing; exporters are registered through ``register``.
    """


SectionRegister = Callable[[str, Callable[..., Any]], None]
"""The ``register`` callback of :func:`register_report_sections`: ``register(name, build)``."""


@hookspec
def register_report_sections(register: SectionRegister) -> None:
    """Add sections to the yearly report (``familycentre report``).

    Call ``register(name, build)`` once per section. ``name`` is a word
    (``"library_visits"``), the section's key in the JSON; ``build(context)`` gets a
    :class:`familycentre.report.ReportContext` (the year's centres, offers, partners,
    referrals and activity records, and helpers for words, figures and suppressed
    tables) and returns a :class:`familycentre.report.Section`, or ``None`` to leave
    the section out. Built-in sections come first, plugins' sections after them in
    the order of their names; a plugin's section of a built-in's name replaces it,
    and two plugins registering the same name is an error naming both.

    :param register: The callback to call once per section.
    :return: Nothing; sections are registered through ``register``.
    """


@hookspec
def record_changed(
    store_url: str, kind: RecordKind, record_id: str, action: Action, revision: int
) -> None:
    """Observe a change to a record, after it was committed.

    Called once per added, updated or deleted record when the outermost transaction
    that changed it commits; never for changes that were rolled back. Only stores
    opened with :func:`familycentre.open_store` announce, to the plugin manager given
    there. Each plugin's implementation is called on its own: one that raises is
    reported as a :class:`~familycentre.errors.PluginWarning` naming the plugin (an
    error under ``FAMILYCENTRE_STRICT_PLUGINS=1``) and the others still run; it
    cannot undo the change. The hook receives no record data (referrals are personal
    data): read the record from the store when you need it. Changes to family
    contact details are never announced.

    :param store_url: The URL of the store that changed (``"sqlite:///..."``).
    :param kind: ``"centre"``, ``"offer"``, ``"partner"`` or ``"referral"``.
    :param record_id: The id of the record.
    :param action: ``"added"``, ``"updated"`` or ``"deleted"``.
    :param revision: The record's revision after the change; for a deleted record,
        the revision it had when it was deleted.
    :return: Nothing; return values are ignored.
    """


@hookspec
def referral_transition(
    store_url: str,
    referral_id: str,
    source: str,
    target: str,
    role: str,
    at: dt.datetime,
    revision: int,
) -> None:
    """Act on a referral's change of status (a reminder, a statistic), after it was committed.

    Called by :func:`familycentre.referrals.transition_referral` once the outermost
    transaction that made the move commits; never for a move that was rolled back.
    Like :func:`record_changed` it carries no personal data (read the referral from
    the store when you need it), and each implementation is called on its own.

    :param store_url: The URL of the store that holds the referral.
    :param referral_id: The id of the referral.
    :param source: The status before (``"requested"``).
    :param target: The status after (``"accepted"``).
    :param role: Who made the move: ``"staff"``, ``"partner"`` or ``"system"``.
    :param at: When the move was made (timezone-aware).
    :param revision: The referral's revision after the move.
    :return: Nothing; return values are ignored.
    """


@hookspec
def register_commands(commands: CommandAdder) -> None:
    """Add sub-commands to the ``familycentre`` command line.

    ``commands`` is argparse's sub-command collection: call
    ``commands.add_parser(name, help=..., description=...)``, add arguments to the
    parser it returns, and ``parser.set_defaults(handler=function)``, where
    ``function(args)`` runs the command and returns its exit status. Raise
    :class:`~familycentre.errors.FamilyCentreError` for a failure the user should
    read (printed without a traceback, exit status 1). The built-in commands are
    added through this hook too, so a plugin's command of the same name is refused
    by argparse.

    :param commands: The sub-command collection of the ``familycentre`` parser.
    :return: Nothing; commands are added through ``commands``.
    """
