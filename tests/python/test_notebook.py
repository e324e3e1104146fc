"""docs/notebook.ipynb runs end to end without errors."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import ROOT


def test_notebook_runs() -> None:
    nb = nbformat.read(ROOT / "docs" / "notebook.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "docs")}},
    )
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("stancelens-heatmap" in o["data"]["text/html"] for o in html), "heatmap shown"
    assert any("image/png" in o.get("data", {}) for o in outputs), "matplotlib figure shown"
