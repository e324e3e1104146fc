"""Error classes, and every problem located (file, line, column, rule id)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import stancelens
from stancelens import Analyzer, Corpus, CorpusError, Lexicon, LexiconError, StancelensError, Subject

from conftest import ROOT

KEYS = {"file", "line", "column", "rule_id", "message"}


def test_hierarchy() -> None:
    for cls in (LexiconError, CorpusError):
        assert issubclass(cls, StancelensError) and issubclass(cls, ValueError)
    assert not issubclass(StancelensError, ValueError)


def test_lexicon_errors_are_all_located() -> None:
    path = ROOT / "fixtures/lexicons/broken/many_problems.toml"
    with pytest.raises(LexiconError) as info:
        Lexicon.from_file(path)
    errors = info.value.errors()
    assert len(errors) >= 5, errors  # every problem at once, not the first only
    for e in errors:
        assert set(e) == KEYS
        assert e["file"] == str(path)
        assert isinstance(e["line"], int) and isinstance(e["column"], int)
    assert any(e["rule_id"] == "too-heavy" for e in errors)
    dup = [e for e in errors if e["rule_id"] == "dup"]
    assert dup and dup[0]["line"] > 1
    assert str(path) in str(info.value)


def test_lexicon_error_position(tmp_path: Path) -> None:
    p = tmp_path / "mine.toml"
    p.write_text('[[rule]]\nid = "a"\npattern = " "\n', encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        Lexicon.from_file(p)
    assert info.value.errors() == [{
        "file": str(p), "line": 3, "column": 11, "rule_id": "a",
        "message": "pattern is empty or only whitespace",
    }]


def test_missing_files() -> None:
    with pytest.raises(LexiconError) as info:
        Lexicon.from_file("/no/such/lexicon.toml")
    assert info.value.errors()[0]["file"] == "/no/such/lexicon.toml"
    with pytest.raises(LexiconError):
        Subject.from_file("/no/such/subject.toml")
    with pytest.raises(LexiconError, match="no bundled subject"):
        Subject.bundled("no-such-subject")
    with pytest.raises(CorpusError, match="not found"):
        Corpus.from_dir("/no/such/corpus")
    with pytest.raises(CorpusError):
        Corpus.from_jsonl("/no/such/corpus.jsonl")


def test_subject_errors_are_located() -> None:
    with pytest.raises(LexiconError) as info:
        Subject.from_toml('[subject]\nid = "Bad Id"\n', "s.toml")
    errors = info.value.errors()
    assert any(e["line"] == 2 and e["file"] == "s.toml" for e in errors)


def test_corpus_errors_jsonl_lines() -> None:
    path = ROOT / "fixtures/corpora/broken/bad-values.jsonl"
    with pytest.raises(CorpusError) as info:
        Corpus.from_jsonl(path)
    errors = info.value.errors()
    assert [e["line"] for e in errors] == [2, 3]
    assert all(e["file"] == str(path) and e["column"] for e in errors)
    assert "2025-02-30" in errors[0]["message"] and "blog" in errors[1]["message"]
    assert not errors[0]["message"].startswith(str(path))  # location is in its own fields


def test_corpus_errors_manifest() -> None:
    with pytest.raises(CorpusError) as info:
        Corpus.from_dir(ROOT / "fixtures/corpora/broken/duplicate-id")
    (e,) = info.value.errors()
    assert e["file"].endswith("corpus.toml") and e["line"] == 7 and "duplicate id" in e["message"]


def test_records_errors() -> None:
    with pytest.raises(CorpusError) as info:
        Corpus.from_records([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}, {"text": "z"}])
    lines = sorted(e["line"] for e in info.value.errors())
    assert lines == [2, 3]
    with pytest.raises(CorpusError) as info:
        Corpus.from_records([{"id": "a", "text": "x"}, {"id": "b", "text": object()}])
    assert info.value.errors()[0]["line"] == 2
    with pytest.raises(CorpusError):
        Corpus.from_records([["not", "a", "dict"]])
    with pytest.raises(TypeError):
        Corpus.from_records(42)


def test_bad_inputs_never_panic(analyzer) -> None:
    bad = [None, 3, b"bytes", ["list"]]
    for x in bad:
        with pytest.raises(TypeError):
            analyzer.valence(x)
        with pytest.raises(TypeError):
            stancelens.vader.SentimentIntensityAnalyzer().polarity_scores(x)
    with pytest.raises(TypeError):
        analyzer.valence_batch(["ok", 5])
    with pytest.raises(TypeError):
        Analyzer(subject=42)
    with pytest.raises(TypeError):
        Analyzer(lexicons=["not a lexicon"])
    # A lone surrogate cannot become UTF-8: a Python error, not a Rust panic.
    with pytest.raises((UnicodeEncodeError, TypeError)):
        analyzer.valence("bad \ud800 text")
    with pytest.raises(ValueError):
        stancelens.vader.SentimentIntensityAnalyzer("my_lexicon.txt")
    # Odd but valid text never fails.
    for text in ["", " ", "\x00", "!!!???", "😀" * 1000, "a" * 100_000, "\u200b\u00ad", "ǅ İ ẞ"]:
        analyzer.valence(text)
        stancelens.vader.SentimentIntensityAnalyzer().polarity_scores(text)
        if text.strip():
            analyzer.target_stance(text, 0, len(text))
    with pytest.raises(Exception) as info:
        stancelens.Corpus._from_state("not json")
    assert not type(info.value).__name__.startswith("Panic")


def test_errors_pickle() -> None:
    with pytest.raises(LexiconError) as info:
        Lexicon.from_toml('[[rule]]\nid = "a"\npattern = " "\n', "x.toml")
    e2 = pickle.loads(pickle.dumps(info.value))
    assert type(e2) is LexiconError and e2.errors() == info.value.errors() and str(e2) == str(info.value)
