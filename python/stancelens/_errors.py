"""Exceptions of stancelens. Each carries every problem found, located."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class StancelensError(Exception):
    """Base of stancelens's errors.

    ``str(err)`` is the full message; ``err.errors()`` lists the problems as dicts with
    ``file``, ``line``, ``column`` (1-based, characters; ``None`` when unknown),
    ``rule_id`` (``None`` when no rule is involved) and ``message``.
    """

    def __init__(self, message: str, errors: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message, list(errors or []))

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def errors(self) -> List[Dict[str, Any]]:
        """Every problem, located: ``file``, ``line``, ``column``, ``rule_id``, ``message``."""
        found = self.args[1] if len(self.args) > 1 else []
        return [dict(e) for e in found]


class LexiconError(StancelensError, ValueError):
    """A lexicon or subject file has problems (syntax, unknown fields, bad weights, ...)."""


class CorpusError(StancelensError, ValueError):
    """A corpus folder, manifest, JSON Lines file or record has problems."""


class InternalError(StancelensError, RuntimeError):
    """A bug in stancelens: a check inside the library failed (a Rust panic, caught at the
    Python boundary). The message names the call; please report it with the input."""


class DatasetError(StancelensError, ValueError):
    """A labelled data set (for ``Analyzer.evaluate``) cannot be read: bad UTF-8, missing
    columns, a row with the wrong number of fields, a quote never closed, an unknown label."""
