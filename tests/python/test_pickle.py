"""Pickling round trips (equality after pickle.loads(pickle.dumps(x)))."""

from __future__ import annotations

import pickle

import stancelens
from stancelens import Analyzer, Corpus, Lexicon, Subject


def roundtrip(x):
    y = pickle.loads(pickle.dumps(x))
    assert type(y) is type(x)
    assert y == x
    return y


def test_pickle_inputs(corpus, root) -> None:
    roundtrip(corpus)
    roundtrip(Corpus.from_records([{"id": "ə", "text": "Əliyev “said” 😀"}]))
    roundtrip(Subject.bundled("israel-azerbaijan"))
    s = roundtrip(Subject.from_file(root / "fixtures/subjects/urban-cycling.toml"))
    assert s.sha256 == Subject.from_file(root / "fixtures/subjects/urban-cycling.toml").sha256
    lex = roundtrip(Lexicon.from_file(root / "fixtures/lexicons/names.toml"))
    a = roundtrip(Analyzer(subject="israel-azerbaijan", lexicons=[lex]))
    assert a.lexicons == [lex]
    roundtrip(Analyzer())
    roundtrip(stancelens.vader.SentimentIntensityAnalyzer())


def test_pickle_results(comparison, analyzer) -> None:
    c2 = roundtrip(comparison)
    assert c2.to_json() == comparison.to_json()
    roundtrip(comparison.cells[0])
    v = roundtrip(analyzer.valence("Əliyev’s plan is not great 😀"))
    assert v.explain() == analyzer.valence("Əliyev’s plan is not great 😀").explain()
    roundtrip(analyzer.target_stance("Iran is a dangerous regime.", 0, 4))


def test_not_equal() -> None:
    a = Analyzer()
    assert a.valence("good") != a.valence("bad")
    assert Analyzer() != Analyzer(subject="israel-azerbaijan")
    assert (Analyzer() == 3) is False
