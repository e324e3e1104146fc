"""Partials and the Dask comparison: shards scored apart, merged in any order, equal the
single-process comparison; on a real 2-worker LocalCluster (separate processes)."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys

import pytest

import stancelens


def synthetic_records(corpus: stancelens.Corpus, n: int = 36) -> list[dict]:
    """`n` sources from the sample's texts: repeated texts (reprints, shared claims), and
    comments whose article may land in another partition."""
    ids = corpus.source_ids
    out = []
    for i in range(n):
        src = ids[i % len(ids)]
        meta = corpus.meta(src)
        rec = {"id": f"s{(i * 7) % n:03d}", "text": corpus.text(src), "outlet": meta["outlet"]}
        if meta["kind"] == "comment":
            rec["kind"] = "comment"
            rec["parent"] = f"s{(i * 7 + 7) % n:03d}"
        out.append(rec)
    return out


@pytest.fixture(scope="module")
def records(corpus: stancelens.Corpus) -> list[dict]:
    return synthetic_records(corpus)


@pytest.fixture(scope="module")
def expected(analyzer: stancelens.Analyzer, records: list[dict]) -> str:
    return analyzer.compare(stancelens.Corpus.from_records(records)).to_json()


def test_the_corpus_exercises_reprints_and_claims(expected: str) -> None:
    import json

    d = json.loads(expected)
    assert d["reprints"] and d["claims"]


def test_shards_merged_in_any_order_equal_compare(
    analyzer: stancelens.Analyzer, records: list[dict], expected: str
) -> None:
    corpus = stancelens.Corpus.from_records(records)
    rng = random.Random(7)
    for _ in range(3):
        shuffled = records[:]
        rng.shuffle(shuffled)
        cuts = sorted(rng.sample(range(1, len(shuffled)), 3))
        shards = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)])]
        # Through pickle, as between processes.
        parts = [pickle.loads(pickle.dumps(analyzer.partial(s, threads=1))) for s in shards]
        rng.shuffle(parts)
        merged = parts[0]
        for p in parts[1:]:
            merged = p.merge(merged)
        assert len(merged) == len(records)
        assert analyzer.finish(merged, corpus).to_json() == expected


def test_merge_is_associative(analyzer: stancelens.Analyzer, records: list[dict]) -> None:
    a, b, c = (analyzer.partial(records[k::3]) for k in range(3))
    assert a.merge(b).merge(c) == a.merge(b.merge(c))


def test_finish_checks_ids_and_the_corpus(analyzer: stancelens.Analyzer, records: list[dict]) -> None:
    records = [r for r in records if "parent" not in r]
    twice = analyzer.partial(records[:2]).merge(analyzer.partial(records[:1]))
    with pytest.raises(stancelens.CorpusError, match="duplicate id"):
        analyzer.finish(twice, stancelens.Corpus.from_records(records[:2]))
    orphan = {"id": "c", "text": "Good.", "kind": "comment", "parent": "nowhere"}
    with pytest.raises(stancelens.CorpusError, match="nowhere"):
        analyzer.finish(analyzer.partial([orphan]), stancelens.Corpus.from_records(records[:1]))
    with pytest.raises(ValueError, match="does not hold"):
        analyzer.finish(analyzer.partial(records[:2]), stancelens.Corpus.from_records(records[:3]))
    other = stancelens.Analyzer(subject="israel-azerbaijan", lexicons=[
        stancelens.Lexicon.from_toml(
            '[lexicon]\nname = "extra"\nversion = "1"\n[[rule]]\nid = "x"\npattern = "splendid"\n'
            'weight = 2.0\nrationale = "test"\n'
        )
    ])
    with pytest.raises(ValueError, match="different lexicons"):
        analyzer.partial(records[:1]).merge(other.partial(records[1:2]))


def test_the_package_imports_without_dask() -> None:
    code = (
        "import sys; sys.modules['dask'] = None\n"
        "import stancelens, stancelens.dask\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def test_dask_on_a_local_cluster_equals_the_single_process(
    analyzer: stancelens.Analyzer, records: list[dict], expected: str
) -> None:
    pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    import stancelens.dask

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        bag = db.from_sequence(records, npartitions=5)
        cmp = stancelens.dask.compare(bag, subject="israel-azerbaijan", split_every=2)
        assert isinstance(cmp, stancelens.Comparison)
        assert cmp.to_json() == expected
        assert cmp == analyzer.compare(cmp.corpus)
        # Both workers took part.
        assert len(client.scheduler_info()["workers"]) == 2
        # A DataFrame (missing fields are NaN/None cells) gives the same comparison.
        frame = dd.from_pandas(pd.DataFrame(records), npartitions=3)
        assert stancelens.dask.compare(frame, analyzer=analyzer).to_json() == expected
