"""Sphinx configuration of the familycentre documentation."""

from importlib.metadata import version as _version

project = "familycentre"
author = "The familycentre developers"
copyright = "2026, the familycentre developers"
release = _version("familycentre")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
html_theme = "alabaster"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
intersphinx_mapping: dict[str, tuple[str, None]] = {}
nitpicky = False
suppress_warnings = ["myst.xref_missing"]

exclude_patterns += ["**/_*.md"]


def _write_taxonomy_tables() -> None:
    """Generate reference/_taxonomy.md from the code, so the table cannot drift."""
    from pathlib import Path

    from familycentre import taxonomy

    lines: list[str] = []
    for name in ("CentreKind", "Category", "Audience", "PartnerKind", "Need", "Accessibility"):
        vocabulary = getattr(taxonomy, name)
        lines += [f"## {name}", "", "| identifier | Deutsch | English |", "|---|---|---|"]
        lines += [f"| `{t.value}` | {t.label('de')} | {t.label('en')} |" for t in vocabulary]
        lines.append("")
    target = Path(__file__).parent / "reference" / "_taxonomy.md"
    text = "\n".join(lines)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


_write_taxonomy_tables()


def setup(app: object) -> None:
    """Show ```mermaid blocks (state diagrams generated from code) as plain text."""
    from pygments.lexers.special import TextLexer

    app.add_lexer("mermaid", TextLexer)  # type: ignore[attr-defined]
