"""stancelens.vader is a drop-in for vaderSentiment 3.3.2: 20,000 sentences, identical dicts."""

from __future__ import annotations

import pickle
import random
import re

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Reference

import stancelens.vader
from stancelens.vader import SentimentIntensityAnalyzer

from conftest import SAMPLE

N = 20_000
BOOSTERS = ["very", "extremely", "barely", "kind of", "sort of", "really", "hardly", "so", "totally"]
NEGATIONS = ["not", "never", "isn't", "don't", "without", "no", "nor", "ain't", "cannot"]
JOINERS = ["but", "however", "though", "yet", "and", "at least", "no doubt", "never so"]


def sentences(n: int) -> list:
    """The sample's sentences, then fixed-seed variations that exercise VADER's rules
    (boosters, negations, "but", caps, punctuation emphasis, emoji, idioms)."""
    ref = Reference()
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt")))
    base = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    words = sorted(ref.lexicon)
    emoji = sorted(ref.emojis)
    rng = random.Random(20251129)
    out = list(base)
    while len(out) < n:
        toks = rng.choice(base).split()
        for _ in range(rng.randint(1, 4)):
            pos = rng.randint(0, len(toks))
            kind = rng.random()
            if kind < 0.35:
                ins = [rng.choice(words)]
            elif kind < 0.5:
                ins = [rng.choice(BOOSTERS), rng.choice(words)]
            elif kind < 0.65:
                ins = [rng.choice(NEGATIONS), rng.choice(words)]
            elif kind < 0.75:
                ins = [rng.choice(JOINERS)]
            elif kind < 0.85:
                ins = [rng.choice(emoji)]
            else:
                ins = [rng.choice(words).upper()]
            toks[pos:pos] = ins
        s = " ".join(toks)
        r = rng.random()
        if r < 0.2:
            s += "!" * rng.randint(1, 5)
        elif r < 0.3:
            s += "?" * rng.randint(1, 4)
        elif r < 0.35:
            s = s.upper()
        out.append(s)
    return out[:n]


def test_identical_dicts_on_20000_sentences() -> None:
    texts = sentences(N)
    assert len(texts) == N and len(set(texts)) > N * 0.95
    ref = Reference()
    ours = SentimentIntensityAnalyzer()
    mismatches = []
    for t in texts:
        a = ref.polarity_scores(t)
        b = ours.polarity_scores(t)
        if a != b or list(a) != list(b):
            mismatches.append((t, a, b))
    assert not mismatches, f"{len(mismatches)} differ, first: {mismatches[:3]}"
    assert ours.polarity_scores_batch(texts[:2000]) == [ref.polarity_scores(t) for t in texts[:2000]]


def test_drop_in_surface() -> None:
    assert stancelens.vader.SentimentIntensityAnalyzer is SentimentIntensityAnalyzer
    s = SentimentIntensityAnalyzer()
    d = s.polarity_scores("VADER is smart, handsome, and funny!")
    assert d == {"neg": 0.0, "neu": 0.248, "pos": 0.752, "compound": 0.8439}
    assert list(d) == ["neg", "neu", "pos", "compound"]
    assert SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt") == s
    assert pickle.loads(pickle.dumps(s)).polarity_scores("good") == s.polarity_scores("good")
    ex = s.explain("The food is not great")
    assert ex["scores"] == s.polarity_scores("The food is not great")
