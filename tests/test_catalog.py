"""The UI catalog: every key used somewhere, both languages present, the same placeholders in
each, text in Unicode NFC."""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

from sangkien.i18n import CATALOG, LANGS, t

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
