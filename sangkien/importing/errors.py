"""A file or an import that cannot go ahead at all, with a message in the user's language."""

from __future__ import annotations

import re

from sangkien.i18n import t

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

    def message(self, lang: str = "vi") -> str:
        text = t(f"imp_err_{self.code}", lang, **self.detail)
        return f"{self.file}: {text}" if self.file else text

    def __str__(self) -> str:
        return self.message("en")
