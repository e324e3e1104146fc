"""The .pyi stubs match the compiled module (mypy.stubtest), and the package is typed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import stancelens


def test_stubtest() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "stancelens._stancelens"],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_typed_package_files() -> None:
    pkg = Path(stancelens.__file__).parent
    assert (pkg / "py.typed").is_file()
    assert (pkg / "_stancelens.pyi").is_file()
