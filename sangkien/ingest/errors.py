"""A file or an import that cannot go ahead at all, with a message in the user's language."""

from __future__ import annotations

import re

from sangkien.core import safe
from sangkien.core.i18n import translate

# an absolute path inside a library's message: only its last part is shown to users
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\\"'“”()]+)+[/\\]([^\s/\\\"'“”()]+)")


def without_paths(text: str) -> str:
    """'Could not set lock on file "/srv/data/x.duckdb"' -> '... "x.duckdb"'."""
    return _PATH.sub(r"\1", text)


class ImportFailure(Exception):
    """Nothing was stored. `code` names the reason (i18n key imp_err_<code>), `file` the file."""

    def __init__(self, code: str, file: str | None = None, **detail):
        super().__init__(code)
        self.code, self.file, self.detail = code, file, {k: without_paths(str(v)) for k, v in detail.items()}

    def message(self, lang: str = "vi", surface: str = "md") -> str:
        """Why, for a markdown surface (the page), "text" (JSON, logs) or "term" (the terminal)."""
        text = translate(surface, f"imp_err_{self.code}", lang, **self.detail)
        if not self.file:
            return text
        if surface == "md":
            return safe.Markup(f"{safe.md_value(self.file, line_start=True)}: {text}")
        return f"{(safe.term if surface == 'term' else safe.plain)(self.file)}: {text}"

    def __str__(self) -> str:
        return self.message("en", "text")
