"""docs/watchlist.md's table of the other findings, written from the code's own thresholds
(`watchlist.Settings`' defaults), so the doc states what the code does.

    python tools/watchlist_doc.py          # print the block
    python tools/watchlist_doc.py --write  # rewrite it in docs/watchlist.md

tests/test_watchlist_doc.py checks that the doc's block is this script's output.
"""

from __future__ import annotations

import re
import sys
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sangkien.campaign import watchlist  # noqa: E402
from sangkien.core import fmt  # noqa: E402

DOC = ROOT / "docs" / "watchlist.md"
NAME = "findings"

# what each setting means, with {value} its default as the doc writes it
MEANING = {
    "band_pct": "“at the national average” = the update rate within ±{value} of the national rate",
    "peer_count": "the peers: the {value} units of the same kind closest in members",
    "potential_quantile": "the potential = {value} of those peers (outliers beyond the kind's Tukey fence left out)",
    "potential_margin": "“below potential” = per 1,000 members more than {value} below the potential",
    "below_ratio": "“well below the others” = achieved % under {value} of the median of its kind (and in its lowest quarter)",
    "pace_days": "“well below the others” is judged once the portal has been open {value} days",
}


def value_text(name: str, value) -> str:
    if name == "potential_quantile":
        return watchlist.quantile_label(value, "en")
    if name.endswith("_pct") or name.endswith(("_margin", "_ratio")):
        return fmt.percent(value, "vi", 0)
    return fmt.number(value, "vi")


def block() -> str:
    """The findings table and the settings' defaults, from watchlist.Settings."""
    s = watchlist.Settings()
    v = {f.name: value_text(f.name, getattr(s, f.name)) for f in fields(s)}
    lines = [
        "| code | label (vi) | rule (the defaults of `watchlist.Settings`) |",
        "|---|---|---|",
        "| `at_risk` | Nguy cơ không đạt | the status (above) |",
        "| `stalled` | Ngừng cập nhật | the status (above) |",
        "| `missed` | Không đạt | the status after the close |",
        f"| `below_average` | Thấp hơn hẳn mặt bằng | Once the portal is {v['pace_days']} days old (`pace_days`): achieved % under "
        f"**{v['below_ratio']}** of the median of the units of its kind (`below_ratio`) **and** in the kind's lowest quarter. |",
        f"| `below_potential_at_average` | Trung bình, dưới tiềm năng | The seed's words: the update rate within ±{v['band_pct']} of "
        f"the national rate (`band_pct`) **and** per 1,000 members more than **{v['potential_margin']}** (`potential_margin`) below "
        f"the potential = {v['potential_quantile']} (`potential_quantile` {fmt.number(s.potential_quantile, 'vi', 2)}) of the "
        f"{v['peer_count']} (`peer_count`) same-kind units closest in members, leaving out outliers beyond the kind's Tukey fence "
        "(Q3 + 1,5 IQR of per 1,000 members). |",
        "| `below_guideline` | Dưới định hướng | Registered target below the guideline (the campaign's share of members). |",
        "",
        "| setting | default | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{f.name}` | {v[f.name]} | {MEANING[f.name].format(value=v[f.name])} |" for f in fields(s)]
    return "\n".join(lines) + "\n"


def doc_block(text: str) -> str | None:
    match = re.search(rf"<!-- {NAME}:begin -->\n(.*?)<!-- {NAME}:end -->", text, re.S)
    return match.group(1) if match else None


def main() -> None:
    if "--write" in sys.argv:
        text = DOC.read_text(encoding="utf-8")
        new = re.sub(rf"(<!-- {NAME}:begin -->\n).*?(<!-- {NAME}:end -->)", lambda m: m.group(1) + block() + m.group(2), text, flags=re.S)
        DOC.write_text(new, encoding="utf-8")
    else:
        print(block(), end="")


if __name__ == "__main__":
    main()
