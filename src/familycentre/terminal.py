"""Text from data, made safe to print on a terminal.

Titles and names come from data files. The model refuses control characters, but
a terminal also obeys characters the model lets through, such as the direction
overrides of bidirectional text (U+202E turns the rest of the line around). Every
command that prints data as text passes it through :func:`printable`.
"""

from __future__ import annotations

__all__ = ["printable"]


def printable(text: str) -> str:
    r"""``text`` with every character that does not print escaped as ``\uXXXX``.

    Spaces and printable characters of any script stay as they are; a line break
    becomes ``\n``, a tab ``\t``, and control, format (zero-width, direction) and
    unassigned characters and surrogates their escape, so a terminal shows them
    instead of obeying them.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)
