"""Text from URLs, imported files and users, made safe for each surface it is shown on.

Such text is shown as text, never as markup: `md()` for Streamlit's markdown surfaces
(st.markdown, st.caption, st.warning, st.subheader, ...), `html()` for Plotly labels, hovers and
titles (Plotly renders a subset of HTML), `plain()` for table cells, PowerPoint and Excel. All
three first drop control characters and the bidirectional overrides that would reverse text, and
collapse line breaks to spaces. docs/security.md lists where each is used and the limits.
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


def md(value) -> str:
    """For a Streamlit markdown surface: shown exactly as typed, never as a link, image or style."""
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER, _MD_SPECIAL.sub(r"\\\1", plain(value)))


# Inside a cell of st.table (whose cells Streamlit renders as markdown) names are shown as the
# tests and the CSV see them: only the characters that can start inline markup are escaped, and
# a leading list or heading marker.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()<>!|~$:@&])")
_MD_LEADING = re.compile(r"^(\s*(?:\d+)?)([-+#=>.)])")


def md_cell(value) -> str:
    """For a table cell rendered as markdown (st.table): text as typed, with fewer escapes."""
    text = _MD_LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), _MD_INLINE.sub(r"\\\1", plain(value)))
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER, text)


def unmd(text: str) -> str:
    """Undo md()'s escapes (for PowerPoint/Excel, which get the page's markdown lines)."""
    return _MD_ESCAPED.sub(r"\1", text.replace(JOINER, ""))


def html(value) -> str:
    """For Plotly text, labels, hovers and titles and for st.html: entities instead of tags."""
    return _html.escape(plain(value), quote=False)  # Plotly shows &quot; as typed; quotes are harmless without tags
