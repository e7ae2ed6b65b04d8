"""A report's HTML message and its plain-text twin, drawn from the same content.

The HTML follows the checklist in docs/reports.md: inline styles only (no <style>, no classes),
tables for layout, no scripts, no forms, no remote images (no images at all), a lang attribute,
and every text escaped; names from users or files arrive inert (content.inert: they never become
a link). The plain-text part carries the same lines and tables.
"""

from __future__ import annotations

import html
import re

from sangkien.campaign.reports.content import Grid, Pack, inert
from sangkien.core.i18n import t_text

_TAGS = re.compile(r"(<[^>]*>)")
FONT = "font-family:Arial,Helvetica,sans-serif;"
INK, MUTED, LINE, HEAD_BG, ACCENT = "#1a1a1a", "#555555", "#d0d0d0", "#f2f4f7", "#0b4f8a"


def inert_names(text: str, names: tuple[str, ...], escaped: bool = False) -> str:
    """`text` with every name from users or files (longest first) made inert (content.inert). With
    `escaped`, `text` is HTML: only the text between tags changes (escaping leaves "@", ":" and "."
    alone, so an escaped name made inert is the inert name escaped)."""
    if not names:
        return text
    if escaped:
        return "".join(
            part if part.startswith("<") else inert_names(part, tuple(html.escape(n) for n in names)) for part in _TAGS.split(text)
        )
    for name in names:
        if name in text:
            text = text.replace(name, inert(name))
    return text


def esc(value) -> str:
    """Text escaped for HTML (quotes included: it may sit in an attribute). Every text arrives
    plain (the catalogue's t_text, safe.plain); the names are made inert at the end."""
    return html.escape(str(value), quote=True)


def _grid_html(grid: Grid) -> str:
    cell = f"padding:6px 8px;border:1px solid {LINE};{FONT}font-size:14px;color:{INK};vertical-align:top;"
    head = "".join(
        f'<th scope="col" style="{cell}background:{HEAD_BG};text-align:{"right" if i in grid.numeric else "left"};">{esc(c)}</th>'
        for i, c in enumerate(grid.columns)
    )
    rows = []
    for row in grid.rows:
        tds = "".join(f'<td style="{cell}text-align:{"right" if i in grid.numeric else "left"};">{esc(v)}</td>' for i, v in enumerate(row))
        rows.append(f"<tr>{tds}</tr>")
    if grid.total:
        tds = "".join(
            f'<td style="{cell}font-weight:bold;background:{HEAD_BG};text-align:{"right" if i in grid.numeric else "left"};">{esc(v)}</td>'
            for i, v in enumerate(grid.total)
        )
        rows.append(f"<tr>{tds}</tr>")
    return (
        f'<table role="table" cellpadding="0" cellspacing="0" border="0" width="100%" '
        f'style="border-collapse:collapse;width:100%;margin:8px 0 16px 0;">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _p(text: str, style: str = "") -> str:
    return f'<p style="margin:0 0 10px 0;{FONT}font-size:15px;line-height:1.5;color:{INK};{style}">{esc(text)}</p>'


def render_html(pack: Pack, notes: list[str]) -> str:
    """The message's HTML: one centred 640-pixel table, the sections in order, the link and notes."""
    parts = [
        f'<h1 style="margin:0 0 4px 0;{FONT}font-size:22px;color:{ACCENT};">{esc(pack.title)}</h1>',
        _p(pack.stamp, f"color:{MUTED};font-size:13px;"),
    ]
    if pack.is_demo:
        parts.append(_p(t_text("demo_badge", pack.lang), "color:#8a4b00;font-weight:bold;"))
    parts += [_p(line, "font-weight:bold;") for line in pack.headline]
    for section in pack.sections:
        parts.append(f'<h2 style="margin:18px 0 6px 0;{FONT}font-size:18px;color:{ACCENT};">{esc(section.title)}</h2>')
        parts += [_p(line) for line in section.lines]
        if section.grid is not None:
            parts.append(_grid_html(section.grid))
    if pack.link:
        label = esc(t_text("rp_open_dashboard", pack.lang))
        # the link is ours (the configured base URL with our own filters), quoted for the attribute
        parts.append(
            f'<p style="margin:16px 0;{FONT}font-size:15px;"><a href="{html.escape(pack.link, quote=True)}" '
            f'style="color:{ACCENT};font-weight:bold;">{label}</a></p>'
        )
    parts += [_p(note, f"color:{MUTED};font-size:13px;") for note in notes]
    parts.append(_p(t_text("rp_footer", pack.lang), f"color:{MUTED};font-size:12px;"))
    body = "".join(parts)
    page = (
        f'<!DOCTYPE html><html lang="{pack.lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{esc(pack.subject)}</title></head>'
        f'<body style="margin:0;padding:0;background:#ffffff;">'
        f'<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="width:100%;background:#ffffff;">'
        f'<tr><td align="center" style="padding:16px;">'
        f'<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="640" style="width:100%;max-width:640px;">'
        f'<tr><td style="text-align:left;">{body}</td></tr></table></td></tr></table></body></html>'
    )
    return inert_names(page, pack.names, escaped=True)


def _grid_text(grid: Grid) -> list[str]:
    rows = [grid.columns, *grid.rows, *([grid.total] if grid.total else [])]
    cells = [[str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(grid.columns))]
    out = []
    for k, row in enumerate(cells):
        out.append(" | ".join(v.rjust(widths[i]) if i in grid.numeric else v.ljust(widths[i]) for i, v in enumerate(row)).rstrip())
        if k == 0 or (grid.total and k == len(cells) - 2):
            out.append("-+-".join("-" * w for w in widths))
    return out


def render_text(pack: Pack, notes: list[str]) -> str:
    """The plain-text part: the same title, lines, tables, link and notes."""
    lines = [pack.title, pack.stamp]
    if pack.is_demo:
        lines.append(t_text("demo_badge", pack.lang))
    lines += ["", *pack.headline]
    for section in pack.sections:
        lines += ["", section.title.upper(), *section.lines]
        if section.grid is not None:
            lines += ["", *_grid_text(section.grid)]
    if pack.link:
        lines += ["", f"{t_text('rp_open_dashboard', pack.lang)}: {pack.link}"]
    lines += ["", *notes, "", t_text("rp_footer", pack.lang)]
    return inert_names("\n".join(lines).strip() + "\n", pack.names)
