"""What an import returns: each file's counts (FileResult) and the whole import's (ImportResult).

Its own module so that the importer, which makes them, and the report, which shows them, both
import it and neither imports the other."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

import pandas as pd


@dataclass
class FileResult:
    """One file's outcome; count_read = inserted + updated + unchanged + rejected + skipped."""

    file_name: str
    sha256: str
    format: str
    import_id: str
    header_row: int
    columns: dict[str, str]
    ignored_columns: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    count_read: int = 0
    count_inserted: int = 0
    count_updated: int = 0
    count_unchanged: int = 0
    count_rejected: int = 0
    count_skipped: int = 0
    count_blank: int = 0
    count_totals: int = 0
    count_superseded: int = 0

    @property
    def balanced(self) -> bool:
        parts = self.count_inserted + self.count_updated + self.count_unchanged + self.count_rejected + self.count_skipped
        return self.count_read == parts and self.count_skipped == self.count_blank + self.count_totals + self.count_superseded


@dataclass
class ImportResult:
    kind: str
    batch_id: str
    campaign_id: str
    imported_by: str
    files: list[FileResult]
    rejections: pd.DataFrame  # file_name, row_number, column_name, value, reason_code, detail
    data_version: str
    version_file: str
    seconds: float
    totals: dict[str, int] = field(default_factory=dict)

    def to_dict(self, max_rejections: int = 1000) -> dict:
        """For --json: everything but the rejections beyond the first `max_rejections`."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("files", "rejections")}
        out["files"] = [asdict(f) for f in self.files]
        head = self.rejections.head(max_rejections)
        out["rejections"] = head.astype(object).where(head.notna(), None).to_dict("records")
        out["count_rejection_problems"] = len(self.rejections)
        return out
