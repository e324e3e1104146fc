"""Character offsets at the Python boundary: non-ASCII text (Azerbaijani letters, curly
quotes, emoji) must slice with Python indices exactly where the core's byte spans point."""

from __future__ import annotations

import stancelens
from stancelens import Analyzer, Corpus

TEXT = "🎉🎉 Əliyev’s “partner” Iran is a dangerous, hateful regime 😡, says İlham Əliyev."


def test_target_stance_char_offsets(analyzer) -> None:
    start = TEXT.index("Iran")
    t = analyzer.target_stance(TEXT, start, start + 4)
    assert t.span == (start, start + 4)
    assert t.evidence, "the valence of 'dangerous' is aimed at Iran"
    for e in t.evidence:
        assert TEXT[e["start"]:e["end"]] == e["text"]
        for m in e["modifiers"]:
            if m["start"] is not None:
                assert 0 <= m["start"] < m["end"] <= len(TEXT)
        if e["reported"] is not None:
            cue = e["reported"]["cue"]
            assert 0 <= cue["start"] < cue["end"] <= len(TEXT)
    assert any(e["text"] == "dangerous" for e in t.evidence)


def test_valence_explain_char_offsets() -> None:
    text = "Əliyev’s “great” plan 🎉🎉 is not good, but İlham is happy 😀!"
    v = Analyzer().valence(text)
    hits = [h for h in v.explain() if h["type"] == "hit"]
    assert {h["text"] for h in hits} >= {"great", "good", "happy"}
    for h in hits:
        assert text[h["start"]:h["end"]] == h["text"]
        for m in h["modifiers"]:
            if m["start"] is not None:
                assert text[m["start"]:m["end"]].strip()
    sentences = v.to_dict()["explanation"]["sentences"]
    assert sentences[-1]["end"] <= len(text)


def test_comparison_char_offsets_in_non_ascii_sources() -> None:
    # A source whose text puts many multi-byte characters before the evidence.
    text = ("😀" * 10 + " Əliyev’s government in Baku. "
            "Iran threatens Azerbaijan. Tehran is hostile and dangerous. Iran lies “again”.")
    corpus = Corpus.from_records([{"id": "ə-src", "text": text, "kind": "news"}])
    cmp = Analyzer(subject="israel-azerbaijan").compare(corpus)
    rows = cmp.evidence_frame()
    assert len(rows) > 0
    for r in rows.itertuples():
        assert text[r.start:r.end] == r.text
        assert text[r.sentence_start:r.sentence_end] == r.sentence
    for cell in cmp.cells:
        for a, b in cell.passages:
            assert 0 <= a < b <= len(text)
    for d in cmp.divergent:
        for side in ("high", "low"):
            s = d[side]["strongest"]
            if s:
                assert text[s["span"]["start"]:s["span"]["end"]] == s["text"]
    assert all(r["source"] == "ə-src" for r in cmp.overall[0].explain())


def test_offsets_in_sample(comparison, corpus) -> None:
    # The sample has curly quotes and dashes: every evidence row must slice correctly.
    ev = comparison.evidence_frame()
    assert len(ev) > 50
    for r in ev.itertuples():
        src = corpus.text(r.source)
        assert src[r.start:r.end] == r.text
        assert src[r.sentence_start:r.sentence_end] == r.sentence


def test_bad_offsets_are_value_errors(analyzer) -> None:
    import pytest

    for start, end in [(-1, 2), (3, 3), (5, 2), (0, len(TEXT) + 1), (10**30, 10**30 + 1)]:
        with pytest.raises((ValueError, OverflowError)):
            analyzer.target_stance(TEXT, start, end)
    # The last character (an ASCII dot after multi-byte text) is a valid span.
    t = analyzer.target_stance(TEXT, len(TEXT) - 1, len(TEXT))
    assert t.span == (len(TEXT) - 1, len(TEXT))
    assert isinstance(stancelens.Analyzer().target_stance("😀 x", 0, 1).label, str)


def test_explain_char_offsets(analyzer) -> None:
    e = analyzer.explain(TEXT)
    assert e["text"] == TEXT
    assert e["sentences"], "one sentence at least"
    for s in e["sentences"]:
        assert TEXT[s["span"]["start"]:s["span"]["end"]] == s["text"]
        for m in s["mentions"]:
            assert TEXT[m["span"]["start"]:m["span"]["end"]] == m["text"]
        for w in s["uncounted"]:
            assert TEXT[w["span"]["start"]:w["span"]["end"]] == w["text"]
            assert w["why"] in {"names_topic", "mention", "helps_harm", "warded_off", "aim_filter", "not_aimed"}
    contributions = [
        c
        for score in [t["stance"] for t in e["topics"]] + [e["overall"]]
        for ev in score["evidence"]
        for c in ev["contributions"]
    ]
    assert any(c["text"] == "dangerous" for c in contributions)
    for c in contributions:
        assert TEXT[c["span"]["start"]:c["span"]["end"]] == c["text"]


def test_explain_needs_a_subject() -> None:
    import pytest

    with pytest.raises(ValueError, match="explain needs a subject"):
        Analyzer().explain("Iran threatens Azerbaijan.")
