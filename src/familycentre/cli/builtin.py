"""The built-in commands, registered through ``register_commands`` like a plugin's."""

from __future__ import annotations

from familycentre.cli import (
    data,
    export,
    plugin_list,
    programme,
    record,
    referral,
    referrals,
    report,
    serve,
)
from familycentre.hookspecs import CommandAdder, hookimpl

__all__ = ["register_commands"]


@hookimpl(trylast=True)
def register_commands(commands: CommandAdder) -> None:
    """Add the built-in command groups, in the order ``--help`` lists them."""
    for group in (
        data,
        programme,
        export,
        record,
        referral,
        referrals,
        report,
        serve,
        plugin_list,
    ):
        group.add_commands(commands)
