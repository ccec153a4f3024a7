"""The data commands: ``validate``, ``load`` and ``copy``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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


def _cmd_load(args: argparse.Namespace) -> int:
    from familycentre.files import check_offer_owners, load_all
    from familycentre.model import Offer
    from familycentre.storage import open_store

    data = load_all(args.files)  # every file is checked, alone and together, before loading
    with open_store(args.store) as store:
        check_offer_owners(
            zip(args.files, data, strict=True),
            lambda i: store.get(Offer, i).centre if store.exists(Offer, i) else None,
        )
        result = store.load(data)
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
        ),
    )
    load.add_argument("files", nargs="+", metavar="FILE", help=_("data files (TOML or JSON)"))
    add_store_argument(load, "the store to load into")
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
