"""Shared fixtures of the Python tests: the sample corpus and an analyzer over it."""

from __future__ import annotations

from pathlib import Path

import pytest

import stancelens

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "israel-azerbaijan"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus() -> stancelens.Corpus:
    return stancelens.Corpus.from_dir(SAMPLE)


@pytest.fixture(scope="session")
def analyzer() -> stancelens.Analyzer:
    return stancelens.Analyzer(subject=stancelens.Subject.bundled("israel-azerbaijan"))


@pytest.fixture(scope="session")
def comparison(analyzer: stancelens.Analyzer, corpus: stancelens.Corpus) -> stancelens.Comparison:
    return analyzer.compare(corpus)
