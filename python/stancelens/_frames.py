"""pandas views of stancelens results. pandas is imported only when a view is asked for."""

from __future__ import annotations

from typing import Any, Dict, List

#: Every stance label, in a fixed order (the categories of ``label`` columns).
LABELS = ["favour", "against", "mixed", "neutral", "insufficient evidence", "not covered"]


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "this view needs pandas: pip install pandas (or pip install 'stancelens[pandas]')"
        ) from e
    return pd


def _modifiers(mods: Any) -> str:
    """A modifier list as one readable cell: ``neg.not ×-0.74; booster +0.293``."""
    parts = []
    for m in mods or []:
        name = m.get("rule_id") or m.get("effect") or "?"
        op = m.get("op") or {}
        if "scale" in op:
            parts.append(f"{name} ×{op['scale']:g}")
        elif "add" in op:
            parts.append(f"{name} {op['add']:+g}")
        else:
            parts.append(str(name))
    return "; ".join(parts)


def _finish(pd: Any, df: Any, categories: Dict[str, Any], floats: List[str],
            ints: List[str], strings: List[str]) -> Any:
    for col in floats:
        if col in df:
            df[col] = df[col].astype("float64")
    for col in ints:
        if col in df:
            df[col] = df[col].astype("Int64" if df[col].isna().any() else "int64")
    for col in strings:
        if col in df:
            df[col] = df[col].astype("string")
    for col, cats in categories.items():
        if col in df:
            df[col] = pd.Categorical(df[col], categories=cats) if cats is not None \
                else df[col].astype("category")
    return df


def _rows_frame(rows: List[Dict[str, Any]], columns: List[str]) -> Any:
    pd = _pandas()
    flat = []
    for r in rows:
        r = dict(r)
        if "modifiers" in r:
            r["modifiers"] = _modifiers(r["modifiers"])
        if "reported" in r:
            r["reported"] = r["reported"] is not None
        flat.append(r)
    return pd, pd.DataFrame(flat, columns=columns)


_EVIDENCE_COLUMNS = [
    "source", "topic", "sentence_start", "sentence_end", "sentence", "voice", "weight",
    "kind", "rule_id", "text", "start", "end", "base", "modifiers", "modified", "entity",
    "role_sign", "direction", "reported", "value",
]


def explain_frame(rows: List[Dict[str, Any]]) -> Any:
    """A list of explanation rows as a DataFrame (modifiers summarised as text)."""
    columns: List[str] = []
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    pd, df = _rows_frame(rows, columns)

    def whole(col: str) -> bool:
        return all(v is None or (isinstance(v, int) and not isinstance(v, bool))
                   for v in (r.get(col) for r in rows))

    return _finish(
        pd, df,
        categories={c: None for c in ("source", "topic", "voice", "kind", "rule_id", "entity",
                                      "type", "label")},
        floats=["weight", "base", "modified", "role_sign", "direction", "value", "contribution"],
        # "sentence" is an index in valence explanations and the text in stance evidence.
        ints=[c for c in ("sentence_start", "sentence_end", "start", "end", "sentence")
              if whole(c)],
        strings=["text", "modifiers"] + ([] if whole("sentence") else ["sentence"]),
    )


def comparison_frame(cmp: Any) -> Any:
    """One row per source × topic cell (long format)."""
    pd = _pandas()
    sources = cmp.sources
    topics = cmp.topics
    meta = {s["id"]: s for s in sources}
    topic_label = {t["id"]: t["label"] for t in topics}
    rows = []
    for c in cmp.cells:
        m = meta.get(c.source, {})
        rows.append({
            "source": c.source,
            "topic": c.topic,
            "topic_label": topic_label.get(c.topic),
            "score": c.score,
            "label": c.label,
            "coverage": c.coverage,
            "evidence_count": c.evidence_count,
            "confidence": c.confidence,
            "n_evidence": len(c.evidence),
            "kind": m.get("kind"),
            "parent": m.get("parent"),
            "outlet": m.get("outlet"),
            "author": m.get("author"),
            "date": m.get("date"),
        })
    columns = ["source", "topic", "topic_label", "score", "label", "coverage",
               "evidence_count", "confidence", "n_evidence", "kind", "parent", "outlet",
               "author", "date"]
    df = pd.DataFrame(rows, columns=columns)
    ids = [s["id"] for s in sources]
    return _finish(
        pd, df,
        categories={
            "source": ids,
            "topic": [t["id"] for t in topics],
            "topic_label": list(dict.fromkeys(t["label"] for t in topics)),
            "label": LABELS,
            "kind": None,
            "parent": None,
            "outlet": None,
        },
        floats=["score", "coverage", "evidence_count", "confidence"],
        ints=["n_evidence"],
        strings=["author", "date"],
    )


def evidence_frame(cmp: Any) -> Any:
    """One row per contribution of every cell's evidence."""
    rows: List[Dict[str, Any]] = []
    for c in cmp.cells:
        rows.extend(c.explain())
    pd, df = _rows_frame(rows, _EVIDENCE_COLUMNS)
    return _finish(
        pd, df,
        categories={
            "source": [s["id"] for s in cmp.sources],
            "topic": [t["id"] for t in cmp.topics],
            "voice": None, "kind": None, "rule_id": None, "entity": None,
        },
        floats=["weight", "base", "modified", "role_sign", "direction", "value"],
        ints=["sentence_start", "sentence_end", "start", "end"],
        strings=["sentence", "text", "modifiers"],
    )


def overall_frame(cmp: Any) -> Any:
    """One row per source: overall stance toward the target."""
    pd = _pandas()
    rows = [{"source": o.source, "score": o.score, "label": o.label,
             "evidence_count": o.evidence_count, "confidence": o.confidence}
            for o in cmp.overall]
    df = pd.DataFrame(rows, columns=["source", "score", "label", "evidence_count", "confidence"])
    return _finish(
        pd, df,
        categories={"source": [s["id"] for s in cmp.sources], "label": LABELS},
        floats=["score", "evidence_count", "confidence"], ints=[], strings=[],
    )
