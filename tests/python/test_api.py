"""The public API of the stancelens package, on the sample corpus."""

from __future__ import annotations

import json
import math

import pytest

import stancelens
from stancelens import Analyzer, Corpus, Lexicon, Subject

from conftest import ROOT


def test_version_and_exports() -> None:
    assert stancelens.__version__.count(".") == 2
    for name in stancelens.__all__:
        assert hasattr(stancelens, name), name


def test_corpus_loaders(corpus: Corpus) -> None:
    assert len(corpus) == 9
    assert "blank-jan-2025/tutty" in corpus.source_ids
    assert corpus.meta("blank-jan-2025/tutty")["parent"] == "blank-jan-2025"
    assert corpus.text("blank-jan-2025").startswith("Rising powers")
    with pytest.raises(KeyError):
        corpus.text("no-such-source")
    jl = Corpus.from_jsonl(ROOT / "fixtures/corpora/small.jsonl")
    assert len(jl) > 0 and jl.name == "small"
    recs = Corpus.from_records([
        {"id": "a", "text": "Baku welcomed the deal.", "kind": "news"},
        {"id": "a/c1", "text": "Good news.", "kind": "comment", "parent": "a"},
    ])
    assert recs.source_ids == ["a", "a/c1"]
    assert recs.meta("a")["author"] is None  # never invented
    assert repr(recs) == 'Corpus(name="<records>", sources=2)'


def test_corpus_warnings_are_located() -> None:
    c = Corpus.from_records([{"id": "a", "text": "   "}])
    assert c.warnings and c.warnings[0]["kind"] == "empty_source"
    assert c.warnings[0]["file"] == "<records>" and c.warnings[0]["line"] == 1


def test_subject_and_lexicon(root) -> None:
    s = Subject.bundled("israel-azerbaijan")
    assert s.id == "israel-azerbaijan" and len(s.sha256) == 64
    assert {t["id"] for t in s.topics} >= {"iran-threat", "energy"}
    assert {e["role"] for e in s.entities} <= {"ally", "adversary", "neutral"}
    f = Subject.from_file(root / "fixtures/subjects/urban-cycling.toml")
    assert f.id == "urban-cycling" and f != s
    assert Subject.bundled("israel-azerbaijan") == s
    lex = Lexicon.from_file(root / "fixtures/lexicons/names.toml")
    assert lex.name == "names-test" and "person.aliyev" in lex.rule_ids and len(lex) == len(lex.rule_ids)


def test_user_lexicon_changes_valence() -> None:
    text = "A de-escalation."
    assert Analyzer().valence(text).compound == 0.0
    user = Lexicon.from_toml(
        '[[rule]]\nid = "mine:calm"\npattern = "de-escalation"\nweight = 1.5\ncategory = "valence"\n',
        "user.toml",
    )
    a = Analyzer(lexicons=[user])
    v = a.valence(text)
    assert v.compound > 0
    assert [h["rule_id"] for h in v.explain()] == ["mine:calm"]
    assert a.lexicons == [user]


def test_compare_shapes(comparison, corpus: Corpus) -> None:
    cmp = comparison
    d = cmp.to_dict()
    assert len(cmp.cells) == len(cmp.sources) * len(cmp.topics) == len(d["cells"])
    # Canonical order: sources by id, whatever the corpus order.
    assert [o.source for o in cmp.overall] == sorted(corpus.source_ids)
    assert json.loads(cmp.to_json()) == d
    assert json.loads(cmp.to_json(indent=False)) == d
    # bias and claims are read from the JSON, whatever their Rust type.
    assert cmp.bias == d["bias"] and cmp.claims == d["claims"]
    assert isinstance(cmp.bias, list) and isinstance(cmp.claims, list)
    for cell, raw in zip(cmp.cells, d["cells"]):
        assert (cell.source, cell.topic, cell.label) == (raw["source"], raw["topic"], raw["label"])
        assert cell.score == raw["score"]
        assert cell.score is None or -1 <= cell.score <= 1
    assert cmp.corpus == corpus
    assert cmp.lexicons[-1]["name"] == "subject:israel-azerbaijan"
    assert {r["topic"] for r in cmp.rankings} == {t["id"] for t in cmp.topics}
    assert repr(cmp).startswith('Comparison(subject="israel-azerbaijan", sources=9')


def test_cell_explain_recomputes_sums(comparison) -> None:
    scored = [c for c in comparison.cells if c.score is not None]
    assert scored
    for cell in scored:
        rows = cell.explain()
        assert rows and all(r["source"] == cell.source and r["topic"] == cell.topic for r in rows)
        # Each evidence sentence's sum is the left-to-right sum of its contributions.
        for sent in cell.evidence:
            total = 0.0
            for c in sent["contributions"]:
                total += c["value"]
            assert total == sent["sum"]
    assert "Cell(source=" in repr(scored[0])


def test_overall_explain(comparison) -> None:
    o = next(o for o in comparison.overall if o.score is not None)
    rows = o.explain()
    assert rows and all(r["source"] == o.source and r["topic"] is None for r in rows)
    assert o.explain(frame=True).shape[0] == len(rows)


def test_compare_needs_subject(corpus: Corpus) -> None:
    with pytest.raises(ValueError, match="subject"):
        Analyzer().compare(corpus)


def test_heatmap_html(comparison) -> None:
    html = comparison._repr_html_()
    assert html.startswith("<div") and "<table" in html
    for s in comparison.sources:
        assert s["id"] in html
    for t in comparison.topics:
        assert t["label"].replace("&", "&amp;") in html


def test_report_html(comparison) -> None:
    page = comparison.report_html(run_date="2025-01-31")
    assert page.startswith("<!DOCTYPE html>") and "2025-01-31" in page
    for s in comparison.sources:
        assert s["id"] in page
    # The report reads no clock: the same inputs give the same file.
    assert comparison.report_html(run_date="2025-01-31") == page
    assert "not recorded" in comparison.report_html()


def test_valence_and_batch_agree() -> None:
    a = Analyzer()
    texts = ["The talks were not good.", "A great success!", "", "Neutral words only."]
    batch = a.valence_batch(texts)
    assert batch == [a.valence(t) for t in texts]
    assert a.valence_batch(iter(texts)) == batch  # any iterable
    v = batch[0]
    assert v.compound < 0 and 0 <= v.neu <= 1 and v.text == texts[0]
    hit = v.explain()[0]
    assert hit["rule_id"] == "vader:good" and hit["modifiers"][0]["rule_id"] == "neg.not"
    assert math.isclose(v.to_dict()["compound"], v.compound)
    assert repr(v).startswith("Valence(compound=")


def test_valence_explanation_reproduces_raw_sum() -> None:
    v = Analyzer().valence("Good, but the plan is NOT great!! It is awful.")
    total = 0.0
    for c in v.explain():
        total += c["contribution"]
    assert total == v.to_dict()["explanation"]["normalisation"]["raw_sum"]


def test_target_stance(analyzer) -> None:
    t = analyzer.target_stance("Iran is a dangerous, hateful regime.", 0, 4)
    assert t.label == "favour" and t.score is not None and t.score > 0
    assert t.evidence and t.evidence[0]["entity"] == "iran"
    assert t.explain() == t.evidence
    assert t.span == (0, 4)
    assert repr(t).startswith("TargetStance(score=")
    none = analyzer.target_stance("Iran exists.", 0, 4)
    assert none.score is None and none.label == "not covered" and none.evidence == []
    free = Analyzer().target_stance("The plan is excellent, but the weather is awful.", 4, 8)
    assert free.label == "favour"


def test_keyword_arguments(corpus) -> None:
    a = Analyzer(subject="israel-azerbaijan", lexicons=[])
    assert a.subject == Subject.bundled("israel-azerbaijan")
    assert a.target_stance(text="Iran is dangerous.", start=0, end=4).label == "favour"
    assert a.valence(text="good").compound > 0
    assert Corpus.from_records(records=[{"id": "x", "text": "y"}], name="mem").name == "mem"
