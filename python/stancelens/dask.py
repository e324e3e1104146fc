"""Distributed comparison on Dask: the same ``Comparison`` as ``Analyzer.compare``.

Each partition of a Dask bag (of source records, dicts with the fields of a JSON Lines
source) or DataFrame (one row per source, those fields as columns) is scored on a worker
with the compiled wheel into a ``Partial``; the partials are merged in a tree reduction
(merging is associative), and the merged partial is finished on the client:

>>> import dask.bag as db                                              # doctest: +SKIP
>>> import stancelens.dask
>>> bag = db.read_text("corpus-*.jsonl").map(json.loads)               # doctest: +SKIP
>>> cmp = stancelens.dask.compare(bag, subject="israel-azerbaijan")    # doctest: +SKIP

Dask is imported only when ``compare`` is called: ``import stancelens`` never needs it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from stancelens._stancelens import Analyzer, Comparison, Corpus, Lexicon, Partial, Subject

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import dask.dataframe

__all__ = ["compare"]


def _present(value: Any) -> bool:
    """A field a DataFrame row really has: not None and not a missing-value NaN."""
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return True


def _clean(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record without the empty cells a DataFrame gives to missing optional fields."""
    return {k: v for k, v in record.items() if _present(v)}


def _shard(records: Iterable[Mapping[str, Any]], analyzer: Analyzer, threads: int) -> Partial:
    """Score one partition into a partial (runs on a worker)."""
    return analyzer.partial([_clean(r) for r in records], name="<partition>", threads=threads)


def _merge(partials: Iterable[Partial]) -> Partial | None:
    """Merge the partials of a node of the reduction tree (empty partitions give none)."""
    merged: Partial | None = None
    for p in partials:
        if p is None:
            continue
        merged = p if merged is None else merged.merge(p)
    return merged


def _to_bag(data: Any) -> "dask.bag.Bag":
    import dask.bag

    if isinstance(data, dask.bag.Bag):
        return data
    try:  # dask.dataframe needs pandas and pyarrow: only when given a DataFrame
        import dask.dataframe
    except ImportError:
        pass
    else:
        if isinstance(data, dask.dataframe.DataFrame):
            return data.to_bag(format="dict")
    raise TypeError(
        f"expected a dask.bag.Bag of source records or a dask.dataframe.DataFrame, got {type(data).__name__}"
    )


def compare(
    data: "dask.bag.Bag | dask.dataframe.DataFrame",
    subject: Subject | str | None = None,
    lexicons: Sequence[Lexicon] | None = None,
    *,
    analyzer: Analyzer | None = None,
    corpus: Corpus | None = None,
    split_every: int = 8,
    threads: int = 1,
) -> Comparison:
    """Compare the sources of a Dask bag or DataFrame on the current Dask scheduler.

    ``data`` holds one source per item (bag of dicts) or per row (DataFrame), with the
    fields of a JSON Lines source (``id``, ``text``, and optionally ``title``, ``outlet``,
    ``author``, ``date``, ``url``, ``lang``, ``kind``, ``parent``, ``voices``,
    ``exclude``); missing values (None, NaN) are left out. ``subject`` and ``lexicons``
    are those of ``Analyzer`` (or pass an ``analyzer``). Each partition is scored on a
    worker (``threads`` scoring threads per task: 1 fits one Dask thread per core), the
    partials are merged ``split_every`` at a time, and the result equals
    ``Analyzer.compare`` on the same sources, byte for byte (``to_json()``).

    The returned ``Comparison`` needs the sources' texts for its character offsets and
    reports: they are gathered to the client as a ``Corpus`` (checked like
    ``Corpus.from_records``), unless ``corpus`` is given.
    """
    import dask

    an = analyzer if analyzer is not None else Analyzer(subject=subject, lexicons=lexicons)
    bag = _to_bag(data)
    merged = bag.reduction(
        lambda part: _shard(part, an, threads),
        _merge,
        split_every=split_every,
        name="stancelens-partial",
    )
    if corpus is None:
        partial, records = dask.compute(merged, bag.map(_clean))
        corpus = Corpus.from_records(records, name="<dask>")
    else:
        (partial,) = dask.compute(merged)
    if partial is None:  # no partition at all
        partial = an.partial([])
    return an.finish(partial, corpus)
