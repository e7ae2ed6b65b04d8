"""A page's table as a reader sees it, from the element AppTest captured: the text of every cell
(what fmt made of the numbers) under the headers shown (the column labels)."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa


def labels(element) -> dict[str, str]:
    """{column sent: header shown} of an st.dataframe element."""
    config = json.loads(element.proto.columns or "{}")
    return {col: (setting or {}).get("label") or col for col, setting in config.items() if col != "_index"}


def shown(element) -> pd.DataFrame:
    """The cells' text under the shown headers (the raw values are `element.value`)."""
    display = element.proto.arrow_data.styler.display_values
    frame = pa.ipc.open_stream(display).read_pandas() if display else element.value.astype(str)
    names = labels(element)
    frame.columns = [names.get(col, col) for col in frame.columns]
    return frame.reset_index(drop=True)
