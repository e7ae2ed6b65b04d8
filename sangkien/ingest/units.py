"""Unit names as officials type them ("LĐLĐ TP.HCM", "tinh  thua thien hue", "BR-VT") to unit codes.

Matching goes through the unit_aliases table and the units' own names and codes, on the alias
key; prefixes such as "Liên đoàn Lao động", "LĐLĐ", "Tỉnh", "TP." are stripped one by one until
a key matches. An unknown name gets the closest known names as suggestions.
"""

from __future__ import annotations

import difflib

from sangkien.core.reference import alias_key
from sangkien.ingest.mapping import Mapping


class UnitResolver:
    def __init__(self, keys: dict[str, str], names: dict[str, str], prefixes: tuple[str, ...]):
        self.keys = keys  # alias key -> unit code
        self.names = names  # unit code -> name to show in a suggestion
        self.prefixes = prefixes

    @classmethod
    def from_db(cls, con, mapping: Mapping) -> UnitResolver:
        keys: dict[str, str] = {}
        names: dict[str, str] = {}
        for code, name_vi, name_en, short_vi in con.execute("select unit_code, name_vi, name_en, short_vi from units").fetchall():
            names[code] = name_vi
            for text in (name_vi, name_en, short_vi, code):
                if text:
                    keys.setdefault(alias_key(text), code)
        for key, code in con.execute("select alias_key, unit_code from unit_aliases").fetchall():
            if code in names:
                keys.setdefault(key, code)
        return cls(keys, names, mapping.unit_prefixes)

    def _stripped(self, text: str) -> list[str]:
        """The key of `text`, then the keys left after stripping each leading prefix in turn."""
        key = alias_key(text)
        out = [key] if key else []
        changed = True
        while changed and key:
            changed = False
            for prefix in self.prefixes:
                if key.startswith(prefix + " "):
                    key = key[len(prefix) + 1 :]
                    out.append(key)
                    changed = True
                    break
        return out

    def resolve(self, text: str | None) -> str | None:
        if text is None:
            return None
        for key in self._stripped(text):
            if key in self.keys:
                return self.keys[key]
        return None

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The names of the n known units whose keys are closest to `text`."""
        stripped = self._stripped(text)
        key = stripped[-1] if stripped else ""
        out: list[str] = []
        for match in difflib.get_close_matches(key, list(self.keys), n=40, cutoff=0.0):
            name = self.names[self.keys[match]]
            if name not in out:
                out.append(name)
            if len(out) == n:
                break
        return out
