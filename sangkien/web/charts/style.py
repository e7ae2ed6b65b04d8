"""The look every chart shares: the Okabe-Ito colours, the font, the title with its as-of stamp
(base_layout), the day ticks, and the breaking of long labels into lines.

Colours come from the Okabe-Ito palette, which stays distinguishable for colour-blind viewers
and on a washed-out projector. Plotly renders a subset of HTML in labels, hovers and titles, so
every name that reaches a chart goes through safe.html() (escaped text, never a tag or a link).
"""

from __future__ import annotations

import plotly.graph_objects as go

from sangkien.core import fmt, safe

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6B6B6B",
}
FONT = dict(family="Noto Sans, Segoe UI, Arial, sans-serif", size=16)


def base_layout(fig: go.Figure, title: str, stamp: str, lang: str, height: int = 440, wrap: int | None = None) -> go.Figure:
    """The shared look; the title is text (markup in a unit's name is shown as typed), broken into
    lines of about `wrap` characters when given."""
    text = wrap_label(title, wrap) if wrap else safe.html(title)  # wrap_label escapes the words
    fig.update_layout(
        title=dict(text=f"{text}<br><sup>{safe.html(stamp)}</sup>", x=0, xanchor="left", font=dict(size=20)),
        separators=fmt.PLOTLY_SEPARATORS[lang],
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=80, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        plot_bgcolor="white",
        hovermode="x unified",
    )
    fig.update_xaxes(showgrid=False, linecolor="#999")
    fig.update_yaxes(gridcolor="#e5e5e5", tickformat=",d", rangemode="tozero")
    return fig


HOVER_DAY = "%{x|%d/%m/%Y}"  # a day in a hover, in every language


def day_ticks(lang: str, year: bool = True) -> str:
    """The tick format of a day axis: 20/04/2022 (vi) or 20 Apr 2022 (en); without the year for a
    span of weeks."""
    if lang == "vi":
        return "%d/%m/%Y" if year else "%d/%m"
    return "%d %b %Y" if year else "%d %b"


def lines(text: str, width: int) -> list[str]:
    """`text`'s words in lines of about `width` characters (a longer word stands alone)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def wrap_label(label: str, width: int = 18) -> str:
    """A label broken into lines of about `width` characters (Plotly needs <br>), escaped."""
    return "<br>".join(lines(safe.html(label), width))


def halve_label(text: str, width: int = 26) -> str:
    """A label longer than `width` broken in two at the space nearest its middle, so that half a
    page still leaves room for the bars (`text` is already escaped)."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if len(text) <= width or not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "<br>" + text[cut + 1 :]


def magnify(fig: go.Figure, k: float) -> go.Figure:
    """`fig`, laid out for one size, drawn `k` times larger by Plotly itself (its height, margins,
    pads and every font), so a slide laid out for 1280×720 fills a larger screen with sharp type,
    not a zoomed picture. Positions given in paper units stay as they are."""
    if k == 1:
        return fig

    def times(value):
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return [times(v) for v in value]
        return round(value * k, 2)

    layout = fig.layout
    fig.update_layout(height=times(layout.height), width=times(layout.width))
    fig.update_layout(margin={side: times(getattr(layout.margin, side)) for side in ("l", "r", "t", "b", "pad")})
    fig.update_layout(font_size=times(layout.font.size or FONT["size"]), title_font_size=times(layout.title.font.size))
    fig.update_layout(title_pad={side: times(getattr(layout.title.pad, side)) for side in ("t", "b", "l", "r")})
    fig.update_layout(legend_font_size=times(layout.legend.font.size), legend_title_font_size=times(layout.legend.title.font.size))
    fig.update_layout(uniformtext_minsize=times(layout.uniformtext.minsize))
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        axis.update(tickfont_size=times(axis.tickfont.size), title_font_size=times(axis.title.font.size))
    for note in layout.annotations or ():
        note.update(font_size=times(note.font.size))
    for trace in fig.data:
        if "textfont" in trace and trace.textfont.size is not None:
            trace.textfont.size = times(trace.textfont.size)
        if "marker" in trace and getattr(trace.marker, "size", None) is not None:
            trace.marker.size = times(trace.marker.size)
    return fig
