"""Hostile text made harmless: one place for every medium fetched text reaches.

Pages are written by others. Their text may carry control characters, terminal escape
sequences, bidirectional overrides that make ``read`` display as ``daer``, or markup that a
Markdown viewer would run. The functions here are pure and small so any output can use them:

- :func:`unsafe_chars` names the characters no scope name, display name or description may
  hold: C0/C1 controls other than newline and tab, DEL, and the bidi embedding, override and
  isolate marks (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C);
- :func:`clean_text` removes them and says which it removed (for a note);
- :func:`terminal_safe` drops whole escape sequences (CSI, OSC, other ESC forms) and then
  every unsafe character, for text printed to a terminal;
- :func:`markdown_text` and :func:`markdown_code` escape text for a Markdown line, so no raw
  HTML (``<img onerror>``, ``<script>``), link, image or emphasis from a page is live.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

#: How a scope without a description reads in the checklist, report, terminal and notebook.
NO_DESCRIPTION: Final = "(no description on the page)"

#: Bidi marks that reorder how text displays (embeddings, overrides, isolates, marks).
BIDI_CONTROLS: Final = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
#: Characters with no width that make two names look alike (``ads\u200b.write`` shows as
#: ``ads.write``): allowed in running text, never inside a name.
ZERO_WIDTH: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")
_KEPT: Final = frozenset("\n\t")
# ESC [ ... final byte (CSI); ESC ] ... BEL or ESC \ (OSC); ESC P/X/^/_ ... ESC \ (DCS, SOS,
# PM, APC); any other two-byte ESC sequence. The 8-bit forms (U+009B CSI, U+009D OSC) too.
_ESCAPES: Final = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Inline Markdown punctuation (emphasis, code, links/images, strike-through, escapes); the
# text never starts a line, so block markers (#, >, -, 1.) cannot take effect.
_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]~])")


def is_unsafe_char(char: str) -> bool:
    """Whether one character is a control (C0, DEL, C1; not ``\\n``/``\\t``), a bidi mark or a
    lone surrogate."""
    if char in _KEPT:
        return False
    # Cs: a lone surrogate (a JSON "\ud800" escape) cannot be written as UTF-8 at all.
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs")


def unsafe_chars(text: str) -> list[tuple[int, str]]:
    """Every unsafe character of ``text`` as ``(position, "U+XXXX")``, in order."""
    return [(i, f"U+{ord(c):04X}") for i, c in enumerate(text) if is_unsafe_char(c)]


def name_unsafe_chars(text: str) -> list[tuple[int, str]]:
    """What :func:`unsafe_chars` finds plus zero-width characters: what no name may hold."""
    return [
        (i, f"U+{ord(c):04X}") for i, c in enumerate(text) if c in ZERO_WIDTH or is_unsafe_char(c)
    ]


def describe_char(code: str) -> str:
    """``"zero-width character U+200B"`` or ``"control or bidi character U+202E"``."""
    kind = "zero-width" if chr(int(code[2:], 16)) in ZERO_WIDTH else "control or bidi"
    return f"{kind} character {code}"


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its unsafe characters, and the code points removed (distinct, sorted).

    Escape sequences are removed whole (``ESC [31m`` goes, not only its ``ESC``), so no
    leftover ``[31m`` lands in a description.
    """
    found = sorted({code for _, code in unsafe_chars(text)})
    if not found:
        return text, ()
    stripped = _ESCAPES.sub("", text)
    return "".join(c for c in stripped if not is_unsafe_char(c)), tuple(found)


def terminal_safe(text: str) -> str:
    """Text safe to print: escape sequences and unsafe characters dropped, lines kept."""
    return clean_text(text)[0]


def markdown_text(text: str) -> str:
    """Text for one Markdown line: HTML specials as entities, Markdown punctuation
    backslash-escaped, line breaks folded into spaces, unsafe characters dropped."""
    flat = " ".join(terminal_safe(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def markdown_code(text: str) -> str:
    """A Markdown code span holding ``text`` literally, whatever backticks it contains."""
    flat = " ".join(terminal_safe(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def present_text(value: object) -> str:
    """``value`` as text, or ``""`` when it is missing: ``None``, NaN, pandas' NA or NaT.

    A table cell pandas filled for a missing value must read as missing, never as ``nan``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' markers, without pandas
        return ""
    return str(value)
