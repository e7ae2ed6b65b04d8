"""The DOM fit check (issue 26): on a page as drawn in Chromium, nothing is cut or overlaps.

- the page never scrolls sideways (body and main area within the window);
- every chart's text (titles, ticks, legend, labels on the marks) lies inside the chart's own
  canvas (the SVG Plotly draws), and no two labels of a chart overlap (tick against tick, legend
  against tick, a mark's label against another's or against a tick);
- every table's grid scrolls no wider than its frame (on a phone a table may scroll inside its
  own frame: `phone=True` allows it).

`overflows(page, phone)` returns a list of findings (empty = fits), each a short description.
"""

from __future__ import annotations

FIT_JS = r"""
(phone) => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) out.push(`page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main area scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (el.textContent || '').trim() !== '';
  };
  const kind = (el) => {
    if (el.closest('.legend')) return 'legend';
    if (el.closest('.xtick, .ytick, .x2tick, .y2tick') || el.closest('[class*="tick"]')) return 'tick';
    if (el.closest('.g-gtitle, .gtitle')) return 'title';
    if (el.closest('.g-xtitle, .g-ytitle, [class*="title"]')) return 'axis-title';
    if (el.closest('.annotation')) return 'annotation';
    return 'mark';
  };
  const overlap = (a, b) => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 2 && h > 2;
  };
  document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach((chart, ci) => {
    const svg = chart.querySelector('svg.main-svg');
    if (!svg) return;
    const frame = svg.getBoundingClientRect();
    const name = (chart.querySelector('.gtitle') || {}).textContent || `chart ${ci + 1}`;
    const texts = [...chart.querySelectorAll('svg text')].filter(visible).map((el) => ({
      el, kind: kind(el), box: el.getBoundingClientRect(), text: el.textContent.trim().slice(0, 40),
    }));
    for (const t of texts) {
      const b = t.box;
      if (b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1) {
        out.push(`${name}: ${t.kind} "${t.text}" outside the chart (${Math.round(b.left - frame.left)}..${Math.round(b.right - frame.left)} of ${Math.round(frame.width)})`);
      }
    }
    const pairs = {'tick|tick': 1, 'legend|tick': 1, 'mark|mark': 1, 'mark|tick': 1, 'legend|mark': 1, 'title|legend': 1, 'annotation|legend': 1, 'annotation|tick': 1, 'axis-title|tick': 1};
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i], b = texts[j];
        const key = [a.kind, b.kind].sort().join('|');
        if (!pairs[key]) continue;
        if (a.kind === 'legend' && b.kind === 'legend') continue;
        if (overlap(a.box, b.box)) out.push(`${name}: ${a.kind} "${a.text}" overlaps ${b.kind} "${b.text}"`);
      }
    }
  });
  if (!phone) {
    document.querySelectorAll('[data-testid="stDataFrame"]').forEach((grid, gi) => {
      const scroller = grid.querySelector('.dvn-scroller');
      if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
        out.push(`table ${gi + 1}: grid ${scroller.scrollWidth} wider than its frame ${scroller.clientWidth}`);
      }
    });
    document.querySelectorAll('[data-testid="stTable"]').forEach((table, ti) => {
      if (table.scrollWidth > table.clientWidth + 1) out.push(`static table ${ti + 1}: ${table.scrollWidth} > ${table.clientWidth}`);
    });
  }
  return out;
}
"""


def overflows(page, phone: bool = False) -> list[str]:
    return page.evaluate(FIT_JS, phone)
