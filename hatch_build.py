"""Build hook: compile the gettext catalogues (``.po``) into the wheel as ``.mo`` files."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src/familycentre/i18n/locale")


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile each ``locale/<lang>/LC_MESSAGES/familycentre.po`` with Babel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Add the compiled catalogues to the wheel (editable installs compile on use)."""
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._folder = tempfile.TemporaryDirectory()
        root = Path(self.root)
        for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/familycentre.po")):
            language = po.parent.parent.name
            with po.open("rb") as stream:
                catalog = read_po(stream, locale=language, domain="familycentre")
            mo = Path(self._folder.name) / f"{language}.mo"
            with mo.open("wb") as stream:
                write_mo(stream, catalog)
            target = f"familycentre/i18n/locale/{language}/LC_MESSAGES/familycentre.mo"
            build_data["force_include"][str(mo)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary folder of compiled catalogues."""
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
