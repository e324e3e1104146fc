"""stancelens: compare how sources cover one subject.

>>> import stancelens
>>> corpus = stancelens.Corpus.from_dir("fixtures/israel-azerbaijan")  # doctest: +SKIP
>>> analyzer = stancelens.Analyzer(subject=stancelens.Subject.bundled("israel-azerbaijan"))
>>> cmp = analyzer.compare(corpus)  # doctest: +SKIP
>>> cmp.to_pandas()  # doctest: +SKIP

Every score traces back to the words that produced it: ``.explain()`` on any score object.
Offsets in the Python API are character offsets (``text[start:end]``).
"""

from stancelens._errors import (
    CorpusError,
    DatasetError,
    InternalError,
    LexiconError,
    StancelensError,
)
from stancelens._stancelens import (
    Analyzer,
    Cell,
    Comparison,
    Corpus,
    Lexicon,
    Overall,
    Partial,
    Subject,
    TargetStance,
    Valence,
    __version__,
)
from stancelens import vader

__all__ = [
    "Analyzer",
    "Cell",
    "Comparison",
    "Corpus",
    "CorpusError",
    "DatasetError",
    "InternalError",
    "Lexicon",
    "LexiconError",
    "Overall",
    "Partial",
    "StancelensError",
    "Subject",
    "TargetStance",
    "Valence",
    "__version__",
    "vader",
]
