"""The examples in the docstrings of the native classes run and give what they show."""

from __future__ import annotations

import doctest
import os

import stancelens
import stancelens._stancelens as native

from conftest import ROOT


def test_docstring_examples() -> None:
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(native, "stancelens._stancelens", globs={"stancelens": stancelens})
    tests += finder.find(stancelens, "stancelens", globs={"stancelens": stancelens})
    # The finder skips static methods of extension types (from_dir, bundled, ...).
    for cls in vars(native).values():
        if isinstance(cls, type):
            for name, obj in vars(cls).items():
                if isinstance(obj, staticmethod):
                    tests += finder.find(obj.__func__, f"{cls.__name__}.{name}",
                                         globs={"stancelens": stancelens})
    assert sum(len(t.examples) for t in tests) >= 25
    cwd = os.getcwd()
    os.chdir(ROOT)  # examples name the sample by its path in the repository
    try:
        for t in tests:
            runner.run(t)
    finally:
        os.chdir(cwd)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, result
