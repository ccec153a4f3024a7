"""Installed-looking distributions for tests of plugin loading, without pip.

:func:`fake_distribution` writes a ``*.dist-info`` folder (and optionally modules)
into a directory; with that directory on :data:`sys.path`,
:func:`importlib.metadata.entry_points` finds its entry points exactly as it finds
those of an installed package.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

__all__ = ["fake_distribution"]


def fake_distribution(
    directory: Path,
    name: str,
    version: str = "1.0",
    *,
    entry_points: Mapping[str, Mapping[str, str]] | None = None,
    modules: Mapping[str, str] | None = None,
) -> Path:
    """Write a distribution ``name`` into ``directory``; return its dist-info folder.

    :param entry_points: Entry points by group: ``{"familycentre": {"mine": "my_module"}}``.
    :param modules: Source of modules to write beside it: ``{"my_module": "..."}``.
    """
    folder = directory / f"{name.replace('-', '_')}-{version}.dist-info"
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines: list[str] = []
    for group, points in (entry_points or {}).items():
        lines.append(f"[{group}]")
        lines += [f"{point} = {target}" for point, target in points.items()]
        lines.append("")
    (folder / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    for module, source in (modules or {}).items():
        (directory / f"{module}.py").write_text(source, encoding="utf-8")
    return folder
