"""Text from URLs, imported files and users, made safe for each surface it is shown on.

Such text is shown as text, never as markup: `md()` for Streamlit's markdown surfaces
(st.markdown, st.caption, st.warning, st.subheader, ...), `html()` for Plotly labels, hovers and
titles (Plotly renders a subset of HTML), `plain()` for table cells, PowerPoint and Excel. All
three first drop control characters and the bidirectional overrides that would reverse text, and
collapse line breaks to spaces. `term()` is for a terminal: control, escape and bidi characters
shown visibly (`\x1b`), never sent. docs/security.md lists where each is used and the limits.

The catalogue's `t()` (sangkien/core/i18n.py) escapes every value it places with `md_value()`, unless
the value is `Markup`: text already safe for markdown (what `md()`, `md_cell()` and `t()` return).
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

# Bidirectional embeddings, overrides, isolates and marks: invisible, and able to reverse what
# follows them (U+202E turns "txt.exe" into "exe.txt" on screen).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_TABLE = {ord(c): None for c in BIDI}
# Line and paragraph separators, tabs and line breaks become one space.
_SPACES = re.compile(r"[\t\n\r\v\f\u0085\u2028\u2029]+")
# ASCII punctuation: every character CommonMark lets a backslash escape. Escaping all of them
# defeats links, images, emphasis, headings, lists, tables, HTML, math ($) and Streamlit's
# :colour[...] directives.
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
# GitHub-flavoured markdown turns bare URLs, www. names and e-mail addresses into links *after*
# escapes are resolved; an invisible word joiner before ":" and "@" and after "www" stops it.
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(www)(?=\\\.)|(?=\\[:@])")


class Markup(str):
    """Text already safe for a markdown surface (escaped names, the catalogue's own markdown):
    `t()` places it as it is. Anything else it is given is escaped. A str operation on it (+,
    join, an f-string) gives a plain str again: escaped once more, which md_value() leaves alone."""

    __slots__ = ()


def join(sep: str, parts) -> Markup:
    """`sep.join(parts)` kept as Markup (a plain join would give a str that `t()` escapes again).
    The caller vouches for every part as markdown already safe: escaped names (md(), md_value()),
    the catalogue's own text (t()), formatted numbers; nothing here escapes them."""
    return Markup(sep.join(parts))


def plain(value) -> str:
    """The text without control, format or bidi characters; NFC; line breaks as spaces."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _SPACES.sub(" ", text.translate(_BIDI_TABLE))
    if text.isprintable():
        return text
    # Cc (controls, NUL), Cf (format characters: zero-width, soft hyphen, other bidi), Cs, Co.
    return "".join(ch for ch in text if ch == " " or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))


def strip_invisible(text: str) -> str:
    """Like plain() but keeps tabs and line breaks (a CSV or Excel cell may hold them): removes
    NUL and other controls, format characters and bidi overrides."""
    text = text.translate(_BIDI_TABLE)
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch in "\t\n\r " or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))


def md(value) -> Markup:
    """For a Streamlit markdown surface: shown exactly as typed, never as a link, image or style."""
    return Markup(_AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER, _MD_SPECIAL.sub(r"\\\1", plain(value))))


# A value placed into a catalogue string (md_value): an escaped pair is kept (so escaping twice
# changes nothing); a character that can start inline markup is escaped: code, emphasis, links
# and images, HTML and autolinks, KaTeX math, strikethrough, and an entity (&lt;); "_" only where
# it can open or close emphasis (not inside a word: rollup_unit_cum). Numbers, dates,
# times, names and file names are left as they read, so a message looks the same on a chart or
# in a cell as it did before values were escaped.
_VALUE_SPECIAL = re.compile(r"\\[!-/:-@\[-`{-~]|[\\`*\[\]<>$~]|(?<!\w)_|_(?!\w)|&(?=#?\w+;)")
# Autolinks and Streamlit's :directives: a joiner after a ":" that a letter or "/" follows
# (http://, :red[...], :material/...:, emoji shortcodes), before "@" (e-mail addresses), after
# "www" before a dot.
_VALUE_COLON = re.compile(r"(?<=:)(?=\\?[A-Za-z/])")  # "http://" and, already escaped, "http\:\/\/"
_VALUE_AT = re.compile(r"(?<![\u2060\\])(?=\\?@)")
_VALUE_WWW = re.compile(r"(?i)\b(www)(?=\\?\.)")
# At the start of a line: a heading, list, quote or thematic break marker.
_VALUE_BLOCK = re.compile(r"^(\s*)(?:([#+*-])(?=\s|$)|(>)|(\d{1,9})([.)])(?=\s|$)|([=-])(?=[=-]*\s*$))")


def md_value(value, line_start: bool = False) -> Markup:
    """A value inside a catalogue string shown as markdown: as typed, never as markup. Unlike
    md() it leaves ordinary punctuation alone (1.234.567, 15,6%, 08:00, Bà Rịa - Vũng Tàu);
    `line_start`: the value begins a line of the message (block markers escaped too)."""
    text = _VALUE_SPECIAL.sub(lambda m: m.group() if len(m.group()) == 2 else "\\" + m.group(), plain(value))
    text = _VALUE_WWW.sub(r"\1" + JOINER, _VALUE_AT.sub(JOINER, _VALUE_COLON.sub(JOINER, text)))
    if line_start:
        text = _VALUE_BLOCK.sub(
            lambda m: m.group(1) + (f"{m.group(4)}\\{m.group(5)}" if m.group(4) else "\\" + (m.group(2) or m.group(3) or m.group(6))), text
        )
    return Markup(text)


def term(value) -> str:
    """For a terminal: control, escape, format and bidi characters shown as \\xNN or \\uNNNN,
    so a file named with an escape sequence cannot clear the screen or set the title."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if text.isprintable() and not any(c in BIDI for c in text):
        return text
    return "".join(_visible(ch) for ch in text)


def echo(*lines, file=None) -> None:
    """Print to the terminal (stdout, or `file`) with term(): every line the command line prints
    that holds a file name, a header, an address or any text from a file or a user goes here."""
    import sys

    stream = sys.stdout if file is None else file
    for line in lines:
        for part in str(line).split("\n"):
            print("\t".join(term(cell) for cell in part.split("\t")), file=stream)  # tabs kept: columns


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(ch: str) -> str:
    if ch == " " or (ch not in BIDI and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")):
        return ch
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


# Inside a cell of st.table (whose cells Streamlit renders as markdown) names are shown as the
# tests and the CSV see them: only the characters that can start inline markup are escaped, and
# a leading list or heading marker.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()<>!|~$:@&])")
_MD_LEADING = re.compile(r"^(\s*(?:\d+)?)([-+#=>.)])")


def md_cell(value) -> Markup:
    """For a table cell rendered as markdown (st.table): text as typed, with fewer escapes."""
    text = _MD_LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), _MD_INLINE.sub(r"\\\1", plain(value)))
    return Markup(_AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER, text))


def unmd(text: str) -> str:
    """Undo md()'s escapes (for PowerPoint/Excel, which get the page's markdown lines)."""
    return _MD_ESCAPED.sub(r"\1", text.replace(JOINER, ""))


def html(value) -> str:
    """For Plotly text, labels, hovers and titles and for st.html: entities instead of tags."""
    return _html.escape(plain(value), quote=False)  # Plotly shows &quot; as typed; quotes are harmless without tags
