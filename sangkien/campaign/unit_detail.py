"""Chi tiết đơn vị's status block: the unit's progress status (decided once, unit_status_as_of in
queries/_macros/, carried by queries/progress/unit_summary.sql), why (sangkien/campaign/status.py
`reason`), the projection's figures, and the projection drawn on the unit's curve. The page
draws; nothing here decides a status.
"""

from __future__ import annotations

import html as _html
from datetime import datetime

import pandas as pd

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.core.i18n import t


def first_unit(campaign_id: str, as_of: datetime, scope: list[str] | None) -> pd.Series | None:
    """The unit to call first (status.frame's order: the most serious status, then the largest
    projected shortfall), or None when there is no unit in scope."""
    units = status.frame(campaign_id, as_of, scope)
    return None if units.empty else units.iloc[0]


def status_html(row, lang: str) -> str:
    """The status panel: the status's name in its colour, its one-line meaning, and why (the
    status's reason sentence, the same words as every surface). Every text escaped (st.html)."""
    code = row["status"]
    colour, text_on = status.COLORS[code], status.TEXT_ON[code]
    meaning = status.meaning(code, lang, int(row["stall_days"]))
    return (
        f'<div class="ud-status" data-status="{_html.escape(code)}" '
        f'style="border-left:6px solid {colour};padding:0.4rem 0.75rem;background:#f6f6f6;border-radius:0.4rem">'
        f'<div style="font-size:0.85rem;color:#444">{safe.html(t("status_legend_title", lang))}</div>'
        f'<span class="ud-badge" style="display:inline-block;margin:0.15rem 0;padding:0.1rem 0.6rem;border-radius:0.7rem;'
        f'font-weight:600;font-size:1.1rem;background:{colour};color:{text_on}">{safe.html(status.name(code, lang))}</span> '
        f'<span style="font-size:0.9rem">{safe.html(meaning)}</span>'
        f'<p class="ud-reason" style="margin:0.3rem 0 0 0">{safe.html(status.reason(row, lang))}</p></div>'
    )


def projection_cards(row, lang: str) -> list[tuple[str, str, str | None, str]]:
    """The projection as KPI cards (label, figure, the grey line under it, help): where the unit
    ends at its recent rate and its share of the target, the shortfall or the margin, and the
    daily rate still needed against its recent rate. After the close: the final count and by how
    much it missed or made it."""
    help_text = t("ud_help_projection", lang, window=fmt.number(row["window_days"], lang))
    target = fmt.number(row["registered_target"], lang)
    shortfall = row["shortfall"]
    missing = pd.notna(shortfall) and shortfall > 0
    if bool(row["is_closed"]):
        return [
            (t("ud_metric_final", lang), fmt.number(row["count_submitted"], lang),
             t("ud_delta_projected", lang, pct=fmt.percent(row["achieved_pct"], lang)), help_text),
            (t("ud_metric_missing" if missing else "ud_metric_made_by", lang),
             fmt.number(abs(shortfall) if pd.notna(shortfall) else None, lang), t("ud_delta_shortfall", lang, target=target), help_text),
        ]  # fmt: skip
    rate = row["recent_per_day"] if pd.notna(row["recent_per_day"]) else 0
    return [
        (t("ud_metric_projected", lang), fmt.number(row["projected_count"], lang),
         t("ud_delta_projected", lang, pct=fmt.percent(row["projected_pct"], lang)), help_text),
        (t("ud_metric_shortfall" if missing else "ud_metric_margin", lang),
         fmt.number(abs(shortfall) if pd.notna(shortfall) else None, lang), t("ud_delta_shortfall", lang, target=target), help_text),
        (t("ud_metric_needed", lang), fmt.number(row["needed_per_day"], lang, 1),
         t("ud_delta_needed", lang, rate=fmt.number(rate, lang, 1)), help_text),
    ]  # fmt: skip
