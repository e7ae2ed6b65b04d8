"""Portal-like export files for the samples, the tests and the import benchmark.

The rows look like the portal's export as officials receive it: Vietnamese headers, unit names
spelled in several ways, dd/mm/yyyy HH:MM dates, status and sector words, "x" for the leader
flag and amounts written 1.234.567. Generated with numpy, so a million rows take a second.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sangkien.core import reference

HEADERS = {
    "stt": "STT",
    "submission_id": "Mã sáng kiến",
    "unit": "Đơn vị",
    "grassroots_union": "Công đoàn cơ sở",
    "submitted_at": "Ngày cập nhật",
    "author_is_leader": "Giữ chức vụ lãnh đạo, quản lý",
    "sector": "Khu vực",
    "field": "Lĩnh vực",
    "status": "Trạng thái",
    "reviewed_at": "Ngày xét duyệt",
    "benefit_vnd": "Giá trị làm lợi (đồng)",
}
STATUS_WORDS = ["Đã cập nhật", "Đang xét duyệt", "Hợp lệ", "Không hợp lệ", "Đã áp dụng", "Đã khen thưởng"]
STATUS_WEIGHTS = [0.25, 0.2, 0.3, 0.05, 0.15, 0.05]
SECTOR_WORDS = ["Nhà nước", "Ngoài nhà nước", "Có vốn đầu tư nước ngoài", "Hành chính sự nghiệp"]
FIELD_WORDS = ["Kỹ thuật", "Quản lý", "Giáo dục", "Y tế", "Nông nghiệp", "Chuyển đổi số", "An toàn lao động", "Khác"]


def portal_frame(
    rows: int, start: datetime, end: datetime, seed: int = 1, id_prefix: str = "SK-", units: list[str] | None = None
) -> pd.DataFrame:
    """`rows` submissions spread over [start, end], with portal headers and wording."""
    rng = np.random.default_rng(seed)
    if units is None:
        aliases = reference.aliases()
        units = aliases.groupby("unit_code")["alias"].apply(list).tolist()
        units = [spelling for spellings in units for spelling in spellings[:3]]
    span_minutes = int((end - start).total_seconds() // 60)
    minutes = np.sort(rng.integers(0, span_minutes, rows))
    submitted = pd.Timestamp(start) + pd.to_timedelta(minutes, unit="m")
    status = rng.choice(len(STATUS_WORDS), rows, p=STATUS_WEIGHTS)
    reviewed = submitted + pd.to_timedelta(rng.integers(60, 20 * 1440, rows), unit="m")
    reviewed = reviewed.where(reviewed <= pd.Timestamp(end), pd.Timestamp(end))
    has_review = status >= 2
    benefit = (np.round(10 ** rng.uniform(6, 9, rows), -3)).astype(np.int64)
    frame = pd.DataFrame(
        {
            HEADERS["stt"]: np.arange(1, rows + 1).astype(str),
            HEADERS["submission_id"]: np.char.add(id_prefix, np.char.zfill(np.arange(1, rows + 1).astype(str), 8)),
            HEADERS["unit"]: np.asarray(units, dtype=object)[rng.integers(0, len(units), rows)],
            HEADERS["grassroots_union"]: np.char.add("Công đoàn cơ sở số ", rng.integers(1, 300, rows).astype(str)),
            HEADERS["submitted_at"]: submitted.strftime("%d/%m/%Y %H:%M"),
            HEADERS["author_is_leader"]: np.where(rng.random(rows) < 0.2, "x", ""),
            HEADERS["sector"]: np.asarray(SECTOR_WORDS, dtype=object)[rng.integers(0, 4, rows)],
            HEADERS["field"]: np.asarray(FIELD_WORDS, dtype=object)[rng.integers(0, len(FIELD_WORDS), rows)],
            HEADERS["status"]: np.asarray(STATUS_WORDS, dtype=object)[status],
            HEADERS["reviewed_at"]: np.where(has_review, reviewed.strftime("%d/%m/%Y %H:%M"), ""),
            HEADERS["benefit_vnd"]: np.where(has_review & (status != 3), _dotted(benefit), ""),
        }
    )
    return frame


def _dotted(values: np.ndarray) -> np.ndarray:
    """Whole numbers written the Vietnamese way, 1.234.567, without a Python loop."""
    values = np.asarray(values, dtype=np.int64)
    group = (values % 1000).astype(str)
    out = np.where(values >= 1000, np.char.zfill(group, 3), group)
    rest = values // 1000
    while (rest > 0).any():
        group = (rest % 1000).astype(str)
        group = np.where(rest >= 1000, np.char.zfill(group, 3), group)  # only the leading group is not padded
        out = np.where(rest > 0, np.char.add(np.char.add(group, "."), out), out)
        rest = rest // 1000
    return out


def write_csv(path: Path, frame: pd.DataFrame, title: str | None = None, delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    """Write `frame` like Excel would, with an optional title row above the header."""
    path = Path(path)
    with open(path, "w", encoding=encoding, newline="") as handle:
        if title:
            handle.write(title + "\r\n\r\n")
        frame.to_csv(handle, index=False, sep=delimiter, lineterminator="\r\n")
    return path
