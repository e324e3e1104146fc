"""No panic reaches Python (issue 9, part 6): a forced internal error in each entry point
comes out as ``stancelens.InternalError`` (a ``StancelensError``), never as pyo3's
``PanicException``, and the process goes on working.

``STANCELENS_INJECT_PANIC=<entry>`` makes that entry panic inside its guard; it is read at
import, so each case runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Every call into the core, by the entry name its guard carries, in an order where the objects
# a call needs were made by earlier calls (or by the fallback in the script when that failed).
SCRIPT = r"""
import json, sys
import stancelens
from stancelens.vader import SentimentIntensityAnalyzer

results = {}

def run(name, call):
    try:
        value = call()
        results[name] = "ok"
        return value
    except BaseException as e:  # PanicException is a BaseException: catch it to report it
        results[name] = f"{type(e).__module__}.{type(e).__name__}: {e}"
        return None

sample = "fixtures/israel-azerbaijan"
records = [{"id": "a", "text": "Baku welcomed the deal with Israel."},
           {"id": "b", "text": "Critics said the arms trade harms Armenia."}]
subject = run("Subject.bundled", lambda: stancelens.Subject.bundled("israel-azerbaijan"))
subject_text = open("crates/stancelens/data/subjects/israel-azerbaijan.toml").read()
from_text = run("Subject.from_toml", lambda: stancelens.Subject.from_toml(subject_text))
run("Lexicon.from_toml", lambda: stancelens.Lexicon.from_toml(
    '[[rule]]\nid = "x:calm"\npattern = "calm"\nweight = 1.0\ncategory = "valence"\n'))
corpus = run("Corpus.from_dir", lambda: stancelens.Corpus.from_dir(sample))
run("Corpus.from_jsonl", lambda: stancelens.Corpus.from_jsonl("fixtures/corpora/small.jsonl"))
small = run("Corpus.from_records", lambda: stancelens.Corpus.from_records(records))
analyzer = run("Analyzer", lambda: stancelens.Analyzer(subject=subject or from_text))
if analyzer is not None:
    run("Analyzer.valence", lambda: analyzer.valence("good"))
    run("Analyzer.valence_batch", lambda: analyzer.valence_batch(["good", "bad"]))
    run("Analyzer.target_stance", lambda: analyzer.target_stance("Iran threatens Baku.", 0, 4))
    cmp = run("Analyzer.compare", lambda: analyzer.compare(corpus)) if corpus else None
    if cmp is not None:
        run("Comparison.report_html", lambda: cmp.report_html("2025-01-31"))
        run("Overall.explain", lambda: cmp.overall[0].explain())
    p = run("Analyzer.partial", lambda: analyzer.partial(records))
    if p is not None:
        merged = run("Partial.merge", lambda: p.merge(analyzer.partial(records[:0])))
        if merged is not None and small is not None:
            run("Analyzer.finish", lambda: analyzer.finish(merged, small))
sia = SentimentIntensityAnalyzer()
run("vader.polarity_scores", lambda: sia.polarity_scores("good"))
run("vader.polarity_scores_batch", lambda: sia.polarity_scores_batch(["good", "bad"]))
run("vader.explain", lambda: sia.explain("good"))
print(json.dumps(results))
"""

ENTRIES = [
    "Subject.bundled",
    "Subject.from_toml",
    "Lexicon.from_toml",
    "Corpus.from_dir",
    "Corpus.from_jsonl",
    "Corpus.from_records",
    "Analyzer",
    "Analyzer.valence",
    "Analyzer.valence_batch",
    "Analyzer.target_stance",
    "Analyzer.compare",
    "Comparison.report_html",
    "Overall.explain",
    "Analyzer.partial",
    "Partial.merge",
    "Analyzer.finish",
    "vader.polarity_scores",
    "vader.polarity_scores_batch",
    "vader.explain",
]


def _run(inject: str | None) -> dict:
    env = dict(os.environ)
    env.pop("STANCELENS_INJECT_PANIC", None)
    if inject is not None:
        env["STANCELENS_INJECT_PANIC"] = inject
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_entry_runs_without_injection() -> None:
    results = _run(None)
    assert results == {name: "ok" for name in ENTRIES}


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_forced_panic_is_an_internal_error(entry: str) -> None:
    results = _run(entry)
    got = results.get(entry, "")
    assert got.startswith("stancelens._errors.InternalError: internal error in " + entry), got
    assert "STANCELENS_INJECT_PANIC" in got and "please report" in got
    # Only the entry itself failed: the same process went on working.
    others = {k: v for k, v in results.items() if k != entry and v != "ok"}
    assert others == {}, others


def test_internal_error_is_a_stancelens_error() -> None:
    import stancelens

    assert issubclass(stancelens.InternalError, stancelens.StancelensError)
    assert issubclass(stancelens.InternalError, RuntimeError)
    assert stancelens.InternalError("x").errors() == []
