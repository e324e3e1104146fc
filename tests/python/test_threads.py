"""The batch calls from several Python threads at once (issue 9, part 6): each thread gets
exactly the results a lone call gives, whatever runs beside it (the calls release the GIL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import stancelens
from stancelens.vader import SentimentIntensityAnalyzer

TEXTS = [
    "The talks were not good, but the food was great.",
    "Iran is a dangerous, hateful regime.",
    "Baku and Jerusalem signed a strong, good energy deal!!!",
    "Nothing to see here.",
    "",
] * 40


def _in_threads(call, n: int = 6):
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(lambda _: call(), range(n * 2)))


def test_valence_batch_from_threads(analyzer) -> None:
    alone = [v.to_dict() for v in analyzer.valence_batch(TEXTS)]
    for got in _in_threads(lambda: [v.to_dict() for v in analyzer.valence_batch(TEXTS)]):
        assert got == alone


def test_polarity_scores_batch_from_threads() -> None:
    sia = SentimentIntensityAnalyzer()
    alone = sia.polarity_scores_batch(TEXTS)
    for got in _in_threads(lambda: sia.polarity_scores_batch(TEXTS)):
        assert got == alone


def test_compare_from_threads(analyzer, corpus) -> None:
    alone = analyzer.compare(corpus).to_json()
    for got in _in_threads(lambda: analyzer.compare(corpus).to_json(), n=4):
        assert got == alone


def test_mixed_calls_from_threads(analyzer, corpus) -> None:
    """Different batch calls on one analyzer at once."""
    want_json = analyzer.compare(corpus).to_json()
    want_val = [v.compound for v in analyzer.valence_batch(TEXTS)]
    calls = [
        lambda: analyzer.compare(corpus).to_json() == want_json,
        lambda: [v.compound for v in analyzer.valence_batch(TEXTS)] == want_val,
    ] * 4
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        assert all(pool.map(lambda c: c(), calls))


def test_bad_spans_raise_value_error(analyzer) -> None:
    text = "Iran is a dangerous regime."
    for start, end in [(5, 2), (0, 0), (0, 999), (-1, 3)]:
        with pytest.raises((ValueError, OverflowError)) as info:
            analyzer.target_stance(text, start, end)
        assert not type(info.value).__name__.startswith("Panic")
    assert isinstance(analyzer.target_stance(text, 0, 4), stancelens.TargetStance)
