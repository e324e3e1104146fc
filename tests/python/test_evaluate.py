"""Analyzer.evaluate: labelled data sets, metrics, character offsets, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import stancelens
from stancelens import Analyzer, DatasetError, StancelensError

from conftest import ROOT

DATA = ROOT / "fixtures/eval/semeval-format.tsv"


def test_metrics_and_predictions(analyzer: Analyzer) -> None:
    r = analyzer.evaluate(DATA, decide="sign", threads=1)
    assert r["subject"] == "israel-azerbaijan" and r["decision"] == "sign"
    assert len(r["predictions"]) == 8
    assert [t["target"] for t in r["by_target"]] == ["Israel-Azerbaijan alignment", "Other target"]
    m = r["overall"]
    assert sum(map(sum, m["confusion"])) == m["rows"] == 8
    assert m["f_avg"] == pytest.approx((m["favour"]["f1"] + m["against"]["f1"]) / 2)
    # The same as the CLI and the Rust core: one engine, one threads-independent result.
    assert r == analyzer.evaluate(DATA, decide="sign", threads=2)


def test_evidence_offsets_are_characters(analyzer: Analyzer, tmp_path: Path) -> None:
    p = tmp_path / "accents.tsv"
    text = "Café talk — then: Iran threatens Azerbaijan again."
    p.write_text(f"Tweet\tStance\n{text}\tFAVOR\n", encoding="utf-8")
    r = analyzer.evaluate(p, decide="sign")
    (pred,) = r["predictions"]
    assert pred["evidence"], pred
    for ev in pred["evidence"]:
        span = ev["span"]
        assert text[span["start"]:span["end"]] == ev["text"]


def test_label_map_and_columns(analyzer: Analyzer, tmp_path: Path) -> None:
    p = tmp_path / "numeric.jsonl"
    p.write_text('{"sentence": "Iran threatens Baku.", "y": 2}\n{"sentence": "Calm.", "y": 1}\n',
                 encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        analyzer.evaluate(p)
    assert "no label column" in str(info.value)
    with pytest.raises(DatasetError) as info:
        analyzer.evaluate(p, label_column="y")
    (e,) = info.value.errors()
    assert (e["file"], e["line"], e["column"]) == (str(p), 1, 43)
    assert e["message"].startswith("unknown label `2`")
    r = analyzer.evaluate(p, label_column="y", label_map={"2": "favour", "1": "none"})
    assert [x["gold"] for x in r["predictions"]] == ["favour", "none"]
    with pytest.raises(ValueError, match="is not favour, against or none"):
        analyzer.evaluate(p, label_column="y", label_map={"2": "pro-ish"})


def test_errors(analyzer: Analyzer) -> None:
    assert issubclass(DatasetError, StancelensError) and issubclass(DatasetError, ValueError)
    with pytest.raises(DatasetError) as info:
        analyzer.evaluate(ROOT / "fixtures/eval/broken/field-count.tsv")
    (e,) = info.value.errors()
    assert (e["line"], e["column"]) == (3, 26)
    with pytest.raises(DatasetError, match="the targets are"):
        analyzer.evaluate(DATA, target="Atheism")
    with pytest.raises(ValueError, match="needs a subject"):
        Analyzer().evaluate(DATA)
    with pytest.raises(ValueError, match="decide must be"):
        analyzer.evaluate(DATA, decide="vote")
    assert stancelens.DatasetError is DatasetError
