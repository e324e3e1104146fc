"""DataFrame views: long format, dtypes, NaN (never 0) for missing scores."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stancelens._frames import LABELS


def test_to_pandas_dtypes(comparison) -> None:
    df = comparison.to_pandas()
    assert len(df) == len(comparison.cells)
    for col in ("source", "topic", "topic_label", "label", "kind"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert list(df["label"].cat.categories) == LABELS
    assert list(df["source"].cat.categories) == [s["id"] for s in comparison.sources]
    for col in ("score", "coverage", "evidence_count", "confidence"):
        assert df[col].dtype == np.float64, col
    assert df["n_evidence"].dtype == np.int64


def test_missing_scores_are_nan_not_zero(comparison) -> None:
    df = comparison.to_pandas()
    for cell, (_, row) in zip(comparison.cells, df.iterrows()):
        if cell.score is None:
            assert np.isnan(row["score"])
        else:
            assert row["score"] == cell.score
    not_covered = df[df["label"] == "not covered"]
    assert len(not_covered) > 0 and not_covered["score"].isna().all()


def test_evidence_frame(comparison) -> None:
    ev = comparison.evidence_frame()
    expected = sum(len(s["contributions"]) for c in comparison.cells for s in c.evidence)
    assert len(ev) == expected > 0
    for col in ("source", "topic", "voice", "kind", "rule_id"):
        assert isinstance(ev[col].dtype, pd.CategoricalDtype), col
    for col in ("start", "end", "sentence_start", "sentence_end"):
        assert ev[col].dtype == np.int64, col
    for col in ("value", "base", "weight", "modified"):
        assert ev[col].dtype == np.float64, col
    assert ev["reported"].dtype == bool
    assert set(ev["kind"].unique()) <= {"cue", "entity_valence"}


def test_overall_frame_and_explain_frames(comparison, analyzer) -> None:
    of = comparison.overall_frame()
    assert len(of) == len(comparison.sources) and of["score"].dtype == np.float64
    vf = analyzer.valence("The talks were not good, but the food was great!").explain(frame=True)
    assert list(vf["text"]) == ["good", "great"] or "good" in set(vf["text"])
    assert vf["start"].dtype.kind == "i" or str(vf["start"].dtype) == "Int64"
    cf = comparison.cells[0].explain(frame=True)
    assert isinstance(cf, pd.DataFrame)
