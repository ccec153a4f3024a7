"""The data commands: ``validate``, ``load`` and ``copy``."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from familycentre.cli.common import EXIT_INVALID, EXIT_OK, _, add_store_argument
from familycentre.cli.problems import render_invalid
from familycentre.errors import InvalidData
from familycentre.hookspecs import CommandAdder

__all__ = ["add_commands"]


def _data_files(paths: list[str]) -> list[str]:
    """The files to check: each file given, and the data files in each directory given."""
    found: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            inside = sorted(
                str(child)
                for child in folder.iterdir()
                if child.suffix.lower() in (".toml", ".json") and child.is_file()
            )
            if not inside:
                print(
                    _("{path}: is a directory without data files (.toml, .json)").format(
                        path=path
                    ),
                    file=sys.stderr,
                )
                found.append("")
            else:
                print(
                    _("{path}: is a directory: checking its {count} data files").format(
                        path=path, count=len(inside)
                    ),
                    file=sys.stderr,
                )
            found.extend(inside)
        else:
            found.append(path)
    return found


def _cmd_validate(args: argparse.Namespace) -> int:
    from familycentre.files import load

    status = EXIT_OK
    for path in _data_files(args.files):
        if not path:  # a directory without data files
            status = EXIT_INVALID
            continue
        try:
            data = load(path)
        except InvalidData as exc:
            if exc.source is None:
                exc = InvalidData(exc.problems, source=path)
            for line in render_invalid(exc):
                print(line, file=sys.stderr)
            status = EXIT_INVALID
        else:
            if not args.quiet:
                print(
                    _("{path}: valid ({centre}: {offers} offers, {partners} partners)").format(
                        path=path,
                        centre=data.centre.id,
                        offers=len(data.offers),
                        partners=len(data.partners),
                    )
                )
    return status


JOURNAL_ENV = "FAMILYCENTRE_LOAD_JOURNAL"
"""Names the load journal's file (default: ``$XDG_CACHE_HOME/familycentre/loads.json``)."""


def _journal_path() -> Path:
    named = os.environ.get(JOURNAL_ENV)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if Path(base).is_absolute() else Path.home() / ".cache"
    return root / "familycentre" / "loads.json"


def _fingerprint(paths: list[str]) -> str | None:
    """One digest of the files' names and contents and of familycentre's version.

    ``None`` when a path is not a regular file of at most the size data files may have
    (``load`` then reads them and says what is wrong): nothing else is ever opened.
    """
    from familycentre._version import __version__
    from familycentre.files import MAX_FILE_BYTES

    digest = hashlib.sha256(__version__.encode())
    for name in paths:
        path = Path(name).resolve()
        try:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
                return None
            content = path.read_bytes()
        except OSError:
            return None
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def _journal_read() -> dict[str, Any]:
    try:
        plain = json.loads(_journal_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return plain if isinstance(plain, dict) else {}


def _journal_write(url: str, entry: dict[str, Any]) -> None:
    """Remember the last load into ``url``; a journal that cannot be written is skipped."""
    from familycentre.files import atomic_write

    journal = _journal_read()
    journal[url] = entry
    path = _journal_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_write(path) as stream:
            stream.write(json.dumps(journal, indent=1, sort_keys=True).encode("utf-8"))
    except OSError:
        pass


def _cmd_load(args: argparse.Namespace) -> int:
    from familycentre.files import check_offer_owners, load_all
    from familycentre.model import Centre, Offer
    from familycentre.storage import Query, default_store_url, open_store

    fingerprint = _fingerprint(args.files)
    remembered = _journal_read().get(args.store or default_store_url())
    if (
        not args.full
        and isinstance(remembered, dict)
        and fingerprint is not None
        and remembered.get("files") == fingerprint
        and remembered.get("version") is not None
    ):
        with open_store(args.store) as store:
            if store.version() == remembered["version"]:
                # The same files, and nobody has written to the store since they were
                # loaded: loading them again would change nothing.
                if not args.quiet:
                    print(
                        f"{store.url}: 0 added, 0 updated, {remembered.get('records', 0)} "
                        "unchanged, 0 deleted (no file changed since the last load)"
                    )
                return EXIT_OK
    data = load_all(args.files)  # every file is checked, alone and together, before loading
    with open_store(args.store) as store:
        with store.reading():  # who holds each offer id: one id listing per centre
            owners = {
                offer: centre
                for centre in store.ids(Centre)
                for offer in store.ids(Offer, Query(centre=centre))
            }
        check_offer_owners(zip(args.files, data, strict=True), owners.get)
        with store.transaction():  # no other writer between the load and its version
            result = store.load(data)
            version = store.version()
        records = result.added + result.updated + result.unchanged
        # A load that wrote gets its version at the commit: only an unchanged load
        # knows the version its files describe, so only that one is remembered.
        _journal_write(
            args.store or default_store_url(),
            {
                "files": fingerprint,
                "version": None if result.changed else version,
                "records": records,
            },
        )
        if not args.quiet:
            print(
                _(
                    "{url}: {added} added, {updated} updated, {unchanged} unchanged, "
                    "{deleted} deleted"
                ).format(
                    url=store.url,
                    added=result.added,
                    updated=result.updated,
                    unchanged=result.unchanged,
                    deleted=result.deleted,
                )
            )
    return EXIT_OK


def _cmd_copy(args: argparse.Namespace) -> int:
    from familycentre.storage import copy_store, open_store

    with open_store(args.source) as source, open_store(args.destination) as destination:
        counts = copy_store(source, destination)
        if not args.quiet:
            listing = ", ".join(
                f"{n} {kind.replace('_', ' ')}s"
                for kind, n in counts.items()
                if n or kind != "family_contact"
            )
            print(f"copied {listing} from {source.url} to {destination.url}")
    return EXIT_OK


def add_commands(commands: CommandAdder) -> None:
    """Add ``validate``, ``load`` and ``copy``."""
    validate = commands.add_parser(
        "validate",
        help=_("check data files and report every problem"),
        description=_(
            "Check centre data files (TOML or JSON). Exit status 0 when all are "
            "valid, 1 when a file has problems (each printed as FILE: path: message)."
        ),
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help=_("data files to check"))
    validate.add_argument("-q", "--quiet", action="store_true", help=_("print problems only"))
    validate.set_defaults(handler=_cmd_validate)

    load = commands.add_parser(
        "load",
        help=_("import data files into a store"),
        description=_(
            "Check data files and import them into a store, all or nothing: "
            "new records are added, changed ones updated (their revision goes up), equal "
            "ones left alone, and offers a file no longer lists are deleted. Loading the "
            "same file twice changes nothing."
        )
        + " "
        + _(
            "When the same files (byte for byte) were loaded into the same store before "
            "and nobody has written to the store since, the files are not read again (a "
            "journal in ~/.cache/familycentre remembers the last load; --full reads them "
            "all the same)."
        ),
    )
    load.add_argument("files", nargs="+", metavar="FILE", help=_("data files (TOML or JSON)"))
    add_store_argument(load, "the store to load into")
    load.add_argument(
        "--full",
        action="store_true",
        help=_("read and compare every file even when none changed since the last load"),
    )
    load.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    load.set_defaults(handler=_cmd_load)

    copy = commands.add_parser(
        "copy",
        help=_("copy a whole store into a new, empty one (any backends)"),
        description=_(
            "Copy every centre, partner, offer, referral and family contact from "
            "the store at SRC_URL to the store at DST_URL, in one transaction of the "
            "destination: all or nothing. The destination must be empty. Revisions and "
            "modification times are kept, so exports from the copy are the same as from the "
            "original. Works between any two backends (sqlite:///..., postgresql://..., "
            "memory:)."
        ),
    )
    copy.add_argument("source", metavar="SRC_URL", help=_("the store to copy from"))
    copy.add_argument("destination", metavar="DST_URL", help=_("the new, empty store"))
    copy.add_argument("-q", "--quiet", action="store_true", help=_("print nothing on success"))
    copy.set_defaults(handler=_cmd_copy)
