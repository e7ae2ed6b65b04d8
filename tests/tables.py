"""A page's table as a reader sees it, from the element AppTest captured: the text of every cell
(what fmt made of the numbers) under the headers shown (the column labels)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow as pa


def labels(element) -> dict[str, str]:
    """{column sent: header shown} of an st.dataframe element."""
    config = json.loads(element.proto.columns or "{}")
    return {col: (setting or {}).get("label") or col for col, setting in config.items() if col != "_index"}


def shown(element) -> pd.DataFrame:
    """The cells' text under the shown headers (the raw values are `element.value`); a link
    column shows what its display_text pattern takes from the link (the unit's name)."""
    display = element.proto.arrow_data.styler.display_values
    frame = pa.ipc.open_stream(display).read_pandas() if display else element.value.astype(str)
    for col, setting in json.loads(element.proto.columns or "{}").items():
        pattern = ((setting or {}).get("type_config") or {}).get("display_text")
        if col in frame.columns and pattern and "(" in pattern:
            frame[col] = [m.group(1) if (m := re.search(pattern, str(v))) else v for v in frame[col]]
    names = labels(element)
    frame.columns = [names.get(col, col) for col in frame.columns]
    return frame.reset_index(drop=True)


def cut(element) -> dict[str, tuple[int, int]]:
    """{header: (width, width its longest cell needs)} of the columns whose width the page set
    narrower than their text, by the grid's own measure (sangkien/web/tables.py: Source Sans at
    14 px); a grid whose rows are two lines tall gives each cell but a link two widths."""
    from sangkien.web import tables as grid

    wraps = bool(element.proto.row_height and element.proto.row_height >= grid.WRAP_ROW_PX)
    text = shown(element)
    out = {}
    for setting in json.loads(element.proto.columns or "{}").values():
        width, label = (setting or {}).get("width"), (setting or {}).get("label")
        kind = ((setting or {}).get("type_config") or {}).get("type")
        lines = 2 if wraps and kind != "link" else 1  # a link's text never wraps
        if isinstance(width, int) and label in text.columns and kind != "progress":  # a bar's text is not shown
            need = grid._text_px(text[label].astype(str).tolist())
            if need > width * lines:
                out[label] = (width, need)
    return out
