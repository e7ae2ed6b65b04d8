"""Hội nghị khu vực: a group's figures written to be read aloud, a presentation mode
(`?present=1`), PowerPoint/Excel/CSV exports of the same report, and the custom-group editor."""

import pandas as pd
import streamlit as st

from sangkien.campaign import export, meeting, status
from sangkien.core import fmt, i18n, safe
from sangkien.storage import db
from sangkien.web import chart_data, chrome, controls, downloads, filters, group_editor, screen, tables
from sangkien.web.charts import meeting as charts

f = filters.current_filters()
lang = f.lang
raw_present = st.query_params.get("present")
present = raw_present == "1"

# slides are laid out for 1280x720 in rem; a larger screen gets a larger root type (screen.scale),
# so text, tables and spacing grow with it and the chart is drawn at that size (style.magnify)
PRESENT_CSS = """
<style>
html { font-size: ROOTpx !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
    padding: 1.2rem 2.2rem 0.4rem 2.2rem !important; max-width: 100% !important;
}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.5rem; line-height: 1.4; }
[data-testid="stCaptionContainer"] p { font-size: 1.1rem !important; }
.mt-slide-title { font-size: 2.3rem; font-weight: 700; color: #0B3D66; margin: 0 0 0.2rem 0; line-height: 1.2; }
.mt-cover-title { font-size: 2.9rem; font-weight: 700; color: #0B3D66; margin: 4rem 0 1.5rem 0; line-height: 1.25; }
.mt-stamp { font-size: 1.15rem; color: #444; }
.mt-slide-table { border-collapse: collapse; width: 100%; font-size: 1.5rem; }
.mt-slide-table th { text-align: left; font-weight: 600; border-bottom: 2px solid #0B3D66; padding: 0 8px; line-height: 1.15; vertical-align: bottom; }
.mt-slide-table td { border-bottom: 1px solid #ddd; padding: 0 8px; line-height: 1.3; }
.mt-slide-table td:first-child { white-space: nowrap; }
.mt-slide-table tr.mt-total td { font-weight: 700; border-top: 2px solid #0B3D66; }
.mt-slide-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mt-slide-table td.mt-status { white-space: nowrap; }
.st-key-mt_dense [data-testid="stMarkdownContainer"] p { font-size: 1.15rem; line-height: 1.3; }
</style>
"""


def _present_on() -> None:
    st.query_params["present"] = "1"
    st.query_params.pop("slide", None)


def _present_off() -> None:
    st.query_params.pop("present", None)
    st.query_params.pop("slide", None)


def _go(slide: int) -> None:
    st.query_params["slide"] = str(slide)


def show_table(table: export.Table, key: str) -> None:
    """A report table: numbers formatted by fmt but still sortable, the stamp, a CSV download."""
    columns = [c for c, _ in table.columns]
    frame = table.frame[columns]
    total = table.total_row()
    if total is not None:  # the "Tổng cộng" row: sums where a column adds up, blank elsewhere
        # the grid shows an empty cell of a number column as "None": columns that do not add up
        # are shown as formatted text, so their total cell can be truly empty
        numeric = [c for c in columns if pd.api.types.is_numeric_dtype(frame[c]) and c not in total]
        frame = frame.assign(**{c: [fmt.by_suffix(c, v, lang) for v in frame[c]] for c in numeric})
        frame = pd.concat([frame, pd.DataFrame([{columns[0]: f.t("ex_total"), **total}])], ignore_index=True).fillna("")
    st.caption(f.t("mt_table_caption", stamp=f.stamp))
    tables.table(
        frame,
        dict(table.columns),
        lang,
        f"{table.name}-{f.as_of:%Y%m%d-%H%M}",
        key=key,
        pinned=True,
        csv_frame=table.frame,
    )


def has_long_names(table: export.Table) -> bool:
    """Whether a unit's name in the table's first column is long (over 30 letters): its slide gives
    the table more of the width and smaller type, so the table ends within the slide."""
    return max((len(str(v)) for v in table.frame[table.columns[0][0]]), default=0) > 30


def slide_table(table: export.Table) -> str:
    """A compact HTML table in projector type (a dataframe's cells are too small to read)."""
    head = "".join(f"<th>{safe.html(label)}</th>" for _, label in table.columns)
    rows = []
    for index, row in table.frame.iterrows():
        cells = []
        for col, _ in table.columns:
            value = row[col]
            filled = table.fill_of(col, index)
            if filled is not None:  # the status in its colour (status.COLORS), as on the PowerPoint slide
                style = f"background:{status.COLORS[filled]};color:{status.TEXT_ON[filled]}"
                cells.append(f'<td class="mt-status" data-status="{filled}" style="{style}">{safe.html(value)}</td>')
            elif isinstance(value, str):
                cells.append(f"<td>{safe.html(value)}</td>")
            else:
                cells.append(f'<td class="num">{safe.html(fmt.by_suffix(col, value, lang))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    total = table.total_row()
    if total is not None:
        cells = [f"<td>{safe.html(f.t('ex_total'))}</td>"]
        cells += [
            f'<td class="num">{safe.html(fmt.by_suffix(col, total[col], lang)) if col in total else ""}</td>'
            for col, _ in table.columns[1:]
        ]
        rows.append('<tr class="mt-total">' + "".join(cells) + "</tr>")
    # projector type while the rows fit a 1280x720 screen; a long group (14 units) takes smaller type
    size = min(1.5, max(1.0, 16 / (len(rows) + 1)))
    if has_long_names(table):  # a central sector union's name (up to 54 letters) on one line, within the slide
        size = min(size, 1.0)
    return f'<table class="mt-slide-table" style="font-size:{size:.2f}rem"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


zoom = 1.0
if present:
    zoom = screen.scale(screen.size("mt_screen"))
    st.html(PRESENT_CSS.replace("ROOT", f"{16 * zoom:g}"))
    for message in f.warnings:
        st.warning(message, icon=":material/warning:")
else:
    chrome.header(f, "page_meeting")
if raw_present not in (None, "0", "1"):
    st.warning(
        f.t("bad_param", param="present", value=filters.shown_value(raw_present), reason=f.t("mt_reason_present")),
        icon=":material/warning:",
    )
if chrome.before_open(f):
    st.stop()

all_groups = db.run("meeting/groups")
all_groups = all_groups[all_groups["count_units"] > 0]
name_col = i18n.name_col(lang)
options = all_groups["group_id"].tolist()
labels = {
    r["group_id"]: f.t("mt_group_option", name=r[name_col], kind=f.t(f"mt_kind_{r['kind']}"), n=int(r["count_units"]))
    for _, r in all_groups.iterrows()
}
# the default: the group whose recorded meeting is nearest the as-of minute (else the first listed)
default_group = meeting.nearest_group(all_groups, f.as_of) or (options[0] if options else None)
group_id = f.group if f.group in options else default_group
# a projector opened without a minute shows the meeting as it was: at its group's meeting minute
if present and "as_of" not in st.query_params and group_id is not None:
    held = all_groups.set_index("group_id")["meeting_at"].get(group_id)
    if pd.notna(held) and pd.Timestamp(held).to_pydatetime() != f.as_of:
        controls.set_as_of(pd.Timestamp(held).to_pydatetime())
        st.rerun()

report = None
if group_id is not None:
    campaigns = db.run("meta/campaigns").set_index("campaign_id")
    campaign_name = campaigns.loc[f.campaign_id, i18n.name_col(lang)] if f.campaign_id in campaigns.index else ""
    report = meeting.build(f.campaign_id, f.as_of, group_id, lang, campaign_name=campaign_name, is_demo=f.is_demo)

# --- presentation mode: one slide at a time ---------------------------------------------
if present and report is not None:
    slides = [None, *report.blocks]
    raw_slide = st.query_params.get("slide", "1")
    try:
        index = int(raw_slide)
    except ValueError:
        index = 0
    if not 1 <= index <= len(slides):
        st.warning(
            f.t("bad_param", param="slide", value=filters.shown_value(raw_slide), reason=f.t("mt_reason_slide", n=len(slides))),
            icon=":material/warning:",
        )
        index = min(max(index, 1), len(slides))
    block = slides[index - 1]
    stamp_line = f"{report.group_name} · {f.stamp}" + (f" · {f.t('demo_badge')}" if f.is_demo else "")
    # controls sit top right, so a long slide never pushes them off a 1280x720 screen
    head, nav = st.columns([7, 5], vertical_alignment="top")
    with nav:
        prev_col, next_col, exit_col = st.columns(3)
        prev_col.button(
            f.t("mt_prev"),
            icon=":material/arrow_back:",
            shortcut="Left",
            disabled=index <= 1,
            on_click=_go,
            args=(index - 1,),
            width="stretch",
        )
        next_col.button(
            f.t("mt_next"),
            icon=":material/arrow_forward:",
            shortcut="Right",
            disabled=index >= len(slides),
            on_click=_go,
            args=(index + 1,),
            type="primary",
            width="stretch",
        )
        exit_col.button(f.t("mt_exit_present"), icon=":material/close_fullscreen:", on_click=_present_off, width="stretch")
        st.html(f'<div class="mt-stamp">{f.t("mt_slide_of", i=index, n=len(slides))} · {f.t("mt_keys_hint")}</div>')
    if block is None:
        with head:
            st.html(f'<div class="mt-cover-title">{safe.html(report.title)}</div>')
        for line in report.cover_lines:
            st.markdown(line)
        st.stop()
    with head:
        st.html(f'<div class="mt-slide-title">{safe.html(block.title)}</div><div class="mt-stamp">{safe.html(stamp_line)}</div>')
    if block.chart is not None:
        # a slide with much to say gives its text the wider half, so it ends above 720 px
        wordy = sum(len(line) for line in block.lines) > 600
        left, right = st.columns([6, 5] if wordy else [5, 6], gap="large")
        left.markdown("\n\n".join(block.lines))
        with right:
            # theme=None keeps the chart's own large projector fonts
            chart = charts.meeting_bars(block.chart, f.stamp, lang, height=560, font_size=18, legend_on_top=True, scale=zoom)
            chart_data.show_chart(chart, f"hoi-nghi-{block.key}", f, downloads=False, theme=None, key="mt_slide_chart")
    elif block.table_on_slide and block.table is not None:
        # text beside the table, so both fit a 1280x720 screen in projector type
        left, right = st.columns([4, 8] if has_long_names(block.table) else [5, 7], gap="large")
        left.markdown("\n\n".join(block.lines))
        with right:
            st.html(slide_table(block.table))
    else:
        # a long list of reasons (a big region at risk) takes smaller type to end above 720 px
        dense = sum(len(line) for line in block.lines) > 900
        st.container(key="mt_dense" if dense else "mt_text").markdown("\n\n".join(block.lines))
    st.stop()

# --- the page ------------------------------------------------------------------------------
meetings = {
    g: pd.Timestamp(m).to_pydatetime() for g, m in zip(all_groups["group_id"], all_groups["meeting_at"], strict=True) if pd.notna(m)
}


def _picked(group: str | None) -> None:
    """A group whose meeting has a recorded minute brings the figures to that minute."""
    if group in meetings:
        controls.set_as_of(meetings[group])


st.markdown(f.t("mt_intro"))
if options:
    controls.url_choice(f, "group", options, labels, "mt_choose_group", default=default_group, kind="select", after=_picked)
else:
    st.info(f.t("mt_no_group"))

current = all_groups.set_index("group_id").loc[group_id] if group_id is not None else None
if group_id in meetings:
    moment = fmt.moment(meetings[group_id], lang)
    if f.as_of == meetings[group_id]:
        st.caption(f.t("mt_meeting_moment", moment=moment))
    else:
        st.button(
            f.t("mt_use_meeting_moment", moment=moment), icon=":material/event:", on_click=controls.set_as_of, args=(meetings[group_id],)
        )
if current is not None and current["kind"] == "custom" and pd.notna(current["created_at"]):
    st.caption(
        f.t("gr_created_by", who=safe.md(current["created_by"]), when=fmt.moment(pd.Timestamp(current["created_at"]).to_pydatetime(), lang))
    )

if report is not None:
    bar = st.columns([2, 3, 3, 2])
    bar[0].button(f.t("mt_present"), icon=":material/slideshow:", on_click=_present_on, type="primary", width="stretch")
    with bar[1]:
        downloads.download_file(f.t("mt_download_pptx"), report.pptx, f"{report.file_stem()}.pptx", "pptx", key="mt_pptx")
    with bar[2]:
        downloads.download_file(f.t("mt_download_xlsx"), report.xlsx, f"{report.file_stem()}.xlsx", "xlsx", key="mt_xlsx")
    # one block of the report at a time, as on the slides: a block is drawn when its tab is open
    for tab, block in zip(chrome.sections("mt_view", [block.title for block in report.blocks]), report.blocks, strict=True):
        with tab:
            if not tab.open:
                continue
            if block.chart is not None:
                left, right = st.columns([2, 3], gap="large")
                left.markdown("\n\n".join(block.lines))
                chart_data.show_chart(
                    charts.meeting_bars(block.chart, f.stamp, lang),
                    f"hoi-nghi-{block.key}-{f.as_of:%Y%m%d-%H%M}",
                    f,
                    container=right,
                    key=f"mt_chart_{block.key}",
                )
            else:
                st.markdown("\n\n".join(block.lines))
            if block.key == "watch":
                st.caption(f.t("mt_watch_how", band=fmt.percent(meeting.RATE_BAND, lang, 0), window=report.window_days))
                # the reasons are sentences, too long for table cells: one list per unit
                with st.expander(f.t("mt_watch_details")):
                    for unit, rows in block.table.frame.groupby("unit", sort=False):
                        st.markdown(
                            f"**{safe.md(unit)}** · {safe.md(rows['status_name'].iloc[0])}\n"
                            + "\n".join(f"- {safe.md(r['reason'])}: {safe.md(r['detail'])}" for _, r in rows.iterrows())
                        )
                columns = [c for c, _ in block.table.columns]
                downloads.download_csv(
                    block.table.frame, f"{block.table.name}-{f.as_of:%Y%m%d-%H%M}", lang, dict(block.table.columns), columns
                )
            elif block.table is not None:
                show_table(block.table, key=f"mt_table_{block.key}")

# --- custom groups: create, rename, change members -----------------------------------------
group_editor.manage(f, current, group_id, expanded=not options)
