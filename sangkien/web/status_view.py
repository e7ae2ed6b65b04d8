"""The progress status as pages show it: the counts sentence, the colour legend with each status's
meaning, the reason sentence of a row (of a merged province too) and a table cell's colours.

Every function reads `status` from rows a query returned (unit_status_as_of, joined by the page's
query); nothing here decides a status. Colours, names and meanings come from sangkien.campaign.status.
"""

from __future__ import annotations

import pandas as pd

from sangkien.campaign import status
from sangkien.core import fmt, safe
from sangkien.core.i18n import t


def drawn(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a progress chart draws: those with a share of a registered target."""
    return frame[frame["achieved_registered_pct"].notna()]


def counts_text(frame: pd.DataFrame, lang: str) -> str:
    """ "**8** nguy cơ không đạt, **6** cần theo dõi, **35** đúng tiến độ, **33** đã đạt" (markdown)."""
    return safe.join(", ", (f"**{fmt.number(n, lang)}** {status.name(code, lang).lower()}" for code, n in status.counts(frame)))


def reasons(frame: pd.DataFrame, lang: str, name_col: str | None = None) -> pd.Series:
    """Why each row has its status (status.reason). A merged province's row (with `worst_member`,
    progress/province_2025_progress) has the status of its worst former province: the sentence
    names that province when the merged one has several."""
    if "worst_member" not in frame.columns:
        return pd.Series([status.reason(row, lang) for _, row in frame.iterrows()], index=frame.index, dtype=object)
    out = []
    for _, row in frame.iterrows():
        member = row["worst_member"]
        text = status.reason(member, lang)
        if row.get("count_units", 1) > 1:
            text = f"{status.unit_name(member, lang)}: {text}"
        out.append(text)
    return pd.Series(out, index=frame.index, dtype=object)


def legend_html(codes: list[str], lang: str, note: str | None = None) -> str:
    """A legend of the statuses in `codes` (the vocabulary's order): a swatch of each colour, the
    status's name and its meaning; `note` (plain text) says what is coloured. HTML for st.html,
    every word escaped."""
    items = "".join(
        f'<li style="margin:0 1.2em 0.2em 0;display:inline-block">'
        f'<span aria-hidden="true" style="display:inline-block;width:0.9em;height:0.9em;margin-right:0.35em;'
        f'vertical-align:-0.1em;border-radius:2px;background:{status.COLORS[code]}"></span>'
        f"<b>{safe.html(status.name(code, lang))}</b>: {safe.html(status.meaning(code, lang))}</li>"
        for code in status.ORDER
        if code in codes
    )
    head = f"<b>{safe.html(t('status_legend_title', lang))}</b>" + (f" · {safe.html(note)}" if note else "")
    return (
        f'<div class="sk-status-legend" style="font-size:0.9rem;line-height:1.45">{head}'
        f'<ul style="list-style:none;padding:0;margin:0.2em 0 0 0">{items}</ul></div>'
    )


def cell_css(lang: str) -> dict[str, str]:
    """{status name in `lang`: the CSS of a table cell showing it} (the status's colour)."""
    return {status.name(code, lang): f"background-color: {status.COLORS[code]}; color: {status.TEXT_ON[code]}" for code in status.ORDER}
