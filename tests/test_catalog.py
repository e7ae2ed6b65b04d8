"""The UI catalog: every key used somewhere, both languages present, the same placeholders in
each, text in Unicode NFC."""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

from sangkien.core.i18n import CATALOG, LANGS, t

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for d in ("sangkien", "pages") for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SOURCES if p.name != "i18n.py")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_both_languages_in_nfc():
    for key, entry in CATALOG.items():
        assert set(entry) == set(LANGS), key
        for lang, text in entry.items():
            assert text.strip(), (key, lang)
            assert unicodedata.normalize("NFC", text) == text, (key, lang)


def test_placeholders_are_the_same_in_every_language():
    for key, entry in CATALOG.items():
        assert _placeholders(entry["vi"]) == _placeholders(entry["en"]), key


def test_no_unused_keys():
    code = _code()
    literal = set(re.findall(r"""["']([a-z][A-Za-z0-9_]*)["']""", code))
    # keys built at run time: t(f"wl_label_{code}") uses every key starting "wl_label_"
    prefixes = set(re.findall(r"""f["']([a-z][a-z0-9_]*_)\{""", code))
    unused = [k for k in CATALOG if k not in literal and not any(k.startswith(p) for p in prefixes)]
    assert not unused, f"catalog keys no code uses: {unused}"


def test_english_counts_agree_with_their_nouns():
    assert t("kpi_at_or_above", "en", n="1") == "1 unit at or above"
    assert t("kpi_at_or_above", "en", n="2") == "2 units at or above"
    assert t("kpi_at_or_above", "en", n="11") == "11 units at or above"  # not "11 unit"
    assert t("mt_cover_group", "en", group="G", n="1", units="Hà Nội") == "Group: G (1 unit: Hà Nội)"
    assert t("kpi_at_or_above", "vi", n="1") == "1 đơn vị đạt hoặc vượt"


# --- text is text in every message (issue 22, item 7) -----------------------------------------

HOSTILE = [
    "**bold**",
    "[x](http://evil.invalid)",
    "![i](http://evil.invalid/x.png)",
    "$x^2$",
    "<img src=x>",
    "\x1b]0;title\x07",
    "<a href='http://evil.invalid'>a</a>",
    "_em_ ~~gone~~ `code`",
    "http://evil.invalid www.evil.invalid mail@evil.invalid",
    ":red[red] :material/home: :smile:",
    "&lt;b&gt; \\*x\\* \\",
    "# heading",
    "1. item",
    "> quote",
    "- item",
]


def render(markdown: str) -> str:
    """Markdown to HTML as Streamlit's client renders it: CommonMark with GitHub's extensions
    (tables, strikethrough, bare-URL links) and $ math (KaTeX), raw HTML allowed."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    return MarkdownIt("gfm-like", {"html": True, "linkify": True}).use(dollarmath_plugin).render(markdown)


def _tags(html: str) -> list[str]:
    return sorted(re.findall(r"<([a-z0-9]+)", _gfm(html)))


def _gfm(html: str) -> str:
    """`html` without the links linkify-it makes of a bare domain ("src=x.org"): GitHub-flavoured
    markdown (Streamlit's remark-gfm) links only www., scheme:// and e-mail addresses."""

    def keep(m: re.Match) -> str:
        href, text = m.group(1), m.group(2)
        bare = href == f"http://{text}" and "www." not in text.lower() and "@" not in text
        return text if bare else m.group(0)

    return re.sub(r'<a href="([^"]*)">([^<]*)</a>', keep, html)


def has_link(html: str) -> bool:
    return "<a " in _gfm(html) or "<a>" in html


def test_the_renderer_would_catch_raw_values():
    """Sanity check of the test itself: unescaped, each hostile value makes markup."""
    for value in HOSTILE[:5] + HOSTILE[6:9]:
        assert _tags(render(f"a {value}")) != ["p"] or "math" in render(f"a {value}"), value


def _keys_with_values() -> list[str]:
    return sorted(key for key, entry in CATALOG.items() if _placeholders(entry["vi"]))


def test_every_value_placed_in_a_message_is_text():
    """Every catalogue key that takes a value, filled with each hostile value, rendered as
    markdown: no link, image, math, HTML or style made of the value; the same elements as the
    message filled with a plain word (the catalogue's own bold stays)."""
    from sangkien.core import safe

    keys = _keys_with_values()
    assert len(keys) > 100
    problems = []
    for key in keys:
        names = _placeholders(CATALOG[key]["vi"])
        for lang in LANGS:
            plain = render(t(key, lang, **dict.fromkeys(names, "word")))
            for value in HOSTILE:
                shown = render(t(key, lang, **dict.fromkeys(names, value)))
                bad = [
                    what
                    for what, found in (
                        ("link", has_link(shown)),
                        ("image", "<img" in shown),
                        ("math", 'class="math' in shown or "<eq" in shown),
                        ("escape", "\x1b" in shown or "\x07" in shown),
                        ("directive", re.search(r":(red|material|smile)", shown) is not None),
                        ("elements", _tags(shown) != _tags(plain)),
                    )
                    if found
                ]
                if bad:
                    problems.append((key, lang, value, bad, shown[:200]))
    assert not problems, problems[:5]
    # what was typed is what is read (the hostile text itself, not a mangled version)
    shown = render(t("auth_err_email", "en", email="**bold** $x^2$ [x](y)"))
    text = re.sub(r"<[^>]+>", "", shown).replace(safe.JOINER, "")
    assert "**bold** $x^2$ [x](y)" in text


def test_pre_escaped_fragments_are_placed_as_they_are():
    from sangkien.core import safe

    name = "Bà Rịa - Vũng Tàu *"
    assert t("freshness", "vi", stamp=safe.md(name)) == "Dữ liệu tính đến " + safe.md(name)
    # a fragment that lost its mark (joined, concatenated) is escaped again without change
    assert t("freshness", "vi", stamp=", ".join([safe.md(name), safe.md("x_y")])) == t(
        "freshness", "vi", stamp=safe.Markup(", ".join([safe.md(name), safe.md("x_y")]))
    )
    # ordinary values read the same on a chart or in a file as before they were escaped
    for value in ("1.234.567", "15,6%", "08:00 ngày 20/04/2022", "LĐLĐ tỉnh Bà Rịa - Vũng Tàu (cũ)", "-3", "ket-qua.csv"):
        assert t("freshness", "vi", stamp=value) == f"Dữ liệu tính đến {value}"
    assert t("freshness", "vi", stamp=5) == "Dữ liệu tính đến 5"
