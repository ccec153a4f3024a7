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

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import pluggy

if TYPE_CHECKING:
    from familycentre.export.base import Exporter
    from familycentre.storage.base import Store

__all__ = [
    "PROJECT",
    "Action",
    "ExporterRegister",
    "RecordKind",
    "StorageRegister",
    "StoreOpener",
    "hookimpl",
    "hookspec",
    "record_changed",
    "referral_transition",
    "register_exporters",
    "register_storage_backends",
]

PROJECT = "familycentre"
"""The pluggy project name; also the entry-point group plugins are found in."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a hook specification (only this module uses it)."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's implementation of a hook; exported as ``familycentre.hookimpl``."""

StoreOpener = Callable[[str], "Store"]
"""Opens a store from its whole URL (``"sqlite:///var/lib/fc.db"``)."""

StorageRegister = Callable[[str, StoreOpener], None]
"""The ``register`` callback of :func:`register_storage_backends`: ``register(scheme, opener)``."""

ExporterRegister = Callable[["type[Exporter] | Exporter"], None]
"""The ``register`` callback of :func:`register_exporters`: ``register(exporter)``."""

RecordKind = Literal["centre", "offer", "partner", "referral"]
"""The kinds of record a store holds."""

Action = Literal["added", "updated", "deleted"]
"""What happened to a record."""


@hookspec
def register_storage_backends(register: StorageRegister) -> None:
    """Register storage backends, each under a URL scheme.

    Call ``register(scheme, opener)`` once per backend: ``scheme`` is the part of a
    store URL before the colon (``"sqlite"`` in ``"sqlite:///path/fc.db"``), lowercase;
    ``opener`` is a callable that takes the whole URL and returns an open
    :class:`~familycentre.storage.Store`. Two plugins registering the same scheme is
    an error naming both; a plugin's backend replaces a built-in one of the same scheme.

    :param register: The callback to call once per backend.
    :return: Nothing; backends are registered through ``register``.
    """


@hookspec
def register_exporters(register: ExporterRegister) -> None:
    """Register export formats.

    Call ``register(exporter)`` once per format, with a subclass of
    :class:`familycentre.export.base.Exporter` (instantiated without arguments) or an
    instance of one. Exporters are keyed by their ``name``; two plugins registering the
    same name is an error naming both; a plugin's exporter replaces a built-in one.

    :param register: The callback to call once per exporter.
    :return: Nothing; exporters are registered through ``register``.
    """


@hookspec
def record_changed(
    store_url: str, kind: RecordKind, record_id: str, action: Action, revision: int
) -> None:
    """Observe a change to a record, after it was committed.

    Called once per added, updated or deleted record when the transaction that
    changed it commits; never for changes that were rolled back. The hook receives
    no record data (referrals are personal data): read the record from the store
    when you need it. An exception raised here is reported as a warning; it cannot
    undo the change.

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

    Called by ``store.transition_referral()`` once the move is stored. Like
    :func:`record_changed` it carries no personal data: read the referral from the
    store when you need it. An exception raised here is reported as a warning; it
    cannot undo the move.

    :param store_url: The URL of the store that holds the referral.
    :param referral_id: The id of the referral.
    :param source: The status before (``"requested"``).
    :param target: The status after (``"accepted"``).
    :param role: Who made the move: ``"staff"``, ``"partner"`` or ``"system"``.
    :param at: When the move was made (timezone-aware).
    :param revision: The referral's revision after the move.
    :return: Nothing; return values are ignored.
    """
