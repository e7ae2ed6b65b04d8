"""Drill down and back: regions -> the provinces (or central unions) of one -> the grassroots
unions of one, by a click on a bar; a trail of buttons goes back. The level is in the URL (`vung`:
a region code, `tinh`: a unit code), so a link opens the same level. Each level's figures come from
a named query: drill/region_progress, progress/unit_progress, progress/unit_grassroots_top."""

from __future__ import annotations

import streamlit as st

from sangkien.core import fmt, i18n, safe
from sangkien.core.i18n import t
from sangkien.storage import db
from sangkien.web import chart_data, links, status_view
from sangkien.web.charts import drill as drill_charts
from sangkien.web.charts import progress as progress_charts
from sangkien.web.charts import unit as unit_charts
from sangkien.web.filters import Filters, set_url

GRASSROOTS_SHOWN = 15
NONCE = "_drill_nonce"  # a new chart key per level visited: a chart drawn again starts unselected
CHART_CONFIG = {"displayModeBar": False}


def _go(region: str | None, unit: str | None) -> None:
    set_url("vung", region)
    set_url("tinh", unit)
    st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1


def _drill_chart(fig, name: str, f: Filters, key: str, level_of) -> None:
    """A chart whose bars are clicked to go one level down: `level_of(code)` is the (region, unit)
    the clicked bar's code leads to."""
    event = chart_data.show_chart(fig, name, f, on_select="rerun", selection_mode="points", key=key, config=CHART_CONFIG)
    picked = chart_data.clicked_code(event)
    if picked:
        _go(*level_of(picked))
        st.rerun()


def section(f: Filters) -> None:
    """The drill on a page: its title, the trail back, and the level in the URL."""
    lang = f.lang
    st.subheader(t("drill_title", lang))
    regions = db.run("drill/region_progress", compare_as_of=f.compare_as_of, scope=None, **f.params)
    region, unit = st.query_params.get("vung"), st.query_params.get("tinh")
    if region is not None and region not in set(regions["region_code"]):
        st.warning(
            t(
                "bad_param",
                lang,
                param="vung",
                value=safe.md(region[:40]),
                reason=t("reason_choice", lang, choices=", ".join(regions["region_code"])),
            )
        )
        region, unit = None, None
        _go(None, None)
    units = db.run("meta/units")
    in_region = units[units["region_code"] == region] if region else units.iloc[0:0]
    if unit is not None and unit not in set(in_region["unit_code"]):
        st.warning(t("bad_param", lang, param="tinh", value=safe.md(unit[:40]), reason=t("drill_reason_unit", lang)))
        unit = None
        set_url("tinh", None)
    region_names = {
        code: (en if lang == "en" and isinstance(en, str) else vi if code != "TW" else t("drill_central", lang))
        for code, vi, en in zip(regions["region_code"], regions["name_vi"], regions["name_en"], strict=True)
    }
    nonce = st.session_state.get(NONCE, 0)
    # the trail: the nation, the region, the unit; each step but the last goes back to it
    trail = st.columns([3, 6, 4, 5])  # wide enough for "Nationwide" and a region's name on one line
    trail[0].button(t("drill_nation", lang), on_click=_go, args=(None, None), disabled=region is None, icon=":material/public:")
    if region:
        trail[1].button(safe.md(region_names[region]), on_click=_go, args=(region, None), disabled=unit is None, icon=":material/map:")
    name_col = i18n.name_col(lang)
    if unit:
        name = in_region.loc[in_region["unit_code"] == unit, name_col].iloc[0]
        trail[2].button(safe.md(name), disabled=True, icon=":material/location_city:")
        trail[3].markdown(links.unit_markdown(unit, t("drill_open_unit", lang, name=safe.md(name))))
    st.caption(t("drill_hint_grassroots" if unit else "drill_hint_units" if region else "drill_hint_regions", lang) + f" · {f.stamp}")

    if region is None:
        names = [region_names[c] for c in regions["region_code"]]
        _drill_chart(
            drill_charts.region_bars(regions, names, f.stamp, lang), "theo-vung", f, f"drill_regions_{nonce}", lambda code: (code, None)
        )
        return
    if unit is None:
        frame = db.run("progress/unit_progress", scope=sorted(in_region["unit_code"]), **f.params)
        chart = frame.drop(columns=["unit_codes", "worst_member"], errors="ignore").assign(status_reason=status_view.reasons(frame, lang))
        label_col = "label_vi" if lang == "vi" else "name_en"
        bars = progress_charts.progress_bars(chart, "unit_code", label_col, f.stamp, lang)
        _drill_chart(bars, f"vung-{region}", f, f"drill_units_{nonce}", lambda code: (region, code))
        return
    top = db.run("progress/unit_grassroots_top", limit=GRASSROOTS_SHOWN, unit_code=unit, scope=None, **f.params)
    if top.empty:
        st.info(t("drill_no_grassroots", lang))
        return
    chart_data.show_chart(
        unit_charts.unit_grassroots_bars(top, f.stamp, lang),
        f"cong-doan-co-so-{unit}",
        f,
        key=f"drill_grassroots_{nonce}",
        config=CHART_CONFIG,
    )
    st.caption(t("drill_grassroots_note", lang, n=fmt.number(len(top), lang)))
