"""The benchmark's floor: a bare Streamlit app, `streamlit run sangkien/ops/bench_floor.py`.

Three pages, each one metric, one 63-bar Plotly chart and one 63-row table, nothing cached and no
database, so a page switch costs what Streamlit itself costs on this machine. `sangkien.ops.bench`
clicks through it in the same run as through the dashboard and reports each page's ratio to it.
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
PROVINCES = [f"Tỉnh {i:02d}" for i in range(1, 64)]


def page(seed: int):
    def draw() -> None:
        values = np.random.default_rng(seed).integers(100, 40_000, size=len(PROVINCES))
        frame = pd.DataFrame({"province": PROVINCES, "count": values})
        st.title(f"Page {seed}")
        st.metric("Total", f"{int(values.sum()):,}")
        st.plotly_chart(go.Figure(go.Bar(x=frame["province"], y=frame["count"])), width="stretch")
        st.dataframe(frame, hide_index=True)

    draw.__name__ = f"page_{seed}"
    return draw


st.navigation([st.Page(page(i), title=f"Page {i}", url_path=f"p{i}", default=i == 0) for i in range(3)]).run()
