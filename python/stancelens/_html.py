"""The sources × topics heatmap that Jupyter shows for a Comparison (no dependencies)."""

from __future__ import annotations

from html import escape
from typing import Any, Optional

_SHORT = {
    "insufficient evidence": "insufficient",
    "not covered": "not covered",
}


def _colour(score: Optional[float]) -> str:
    """Green for the topic's positive direction, red for the negative; grey for no score."""
    if score is None:
        return "background:#f2f2f2;color:#888"
    a = min(1.0, abs(score)) * 0.85 + 0.05
    rgb = "26,152,80" if score > 0 else "215,48,39"
    ink = "#fff" if a > 0.55 else "#111"
    return f"background:rgba({rgb},{a:.2f});color:{ink}"


def heatmap(cmp: Any) -> str:
    """An HTML table: one row per source, one column per topic, coloured by score."""
    topics = cmp.topics
    target = cmp.target
    cells = {(c.source, c.topic): c for c in cmp.cells}
    out = [
        '<div class="stancelens-heatmap">',
        f"<p><b>Stance toward {escape(str(target.get('label', '')))}</b> — score per source "
        "and topic (green: the topic's positive direction, red: against; grey: no score)</p>",
        '<table style="border-collapse:collapse;font-size:12px">',
        "<thead><tr><th style=\"text-align:left;padding:4px\">source</th>",
    ]
    for t in topics:
        title = escape(str(t.get("positive") or ""), quote=True)
        out.append(f'<th style="padding:4px" title="{title}">{escape(str(t["label"]))}</th>')
    out.append("</tr></thead><tbody>")
    for s in cmp.sources:
        out.append(f'<tr><th style="text-align:left;padding:4px">{escape(s["id"])}</th>')
        for t in topics:
            c = cells.get((s["id"], t["id"]))
            if c is None:
                out.append("<td></td>")
                continue
            text = f"{c.score:+.2f}" if c.score is not None else _SHORT.get(c.label, c.label)
            title = escape(
                f"{c.label}; coverage {c.coverage:.0%}; confidence {c.confidence:.2f}; "
                f"evidence {c.evidence_count:g}",
                quote=True,
            )
            out.append(
                f'<td style="{_colour(c.score)};padding:4px 8px;text-align:center;'
                f'border:1px solid #fff" title="{title}">{escape(text)}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)
