"""The HTML report in headless Chromium (Debian's `chromium` package, driven by Playwright
without its own browser download).

Checks the page structure of the sample report (one heatmap cell per source × topic, every
cell's evidence opens), no console errors, no network requests other than the file itself,
and that a hostile corpus runs no script. Saves `out/report.png` (and `out/hostile.png`)
for a person to look at.

Run: `.venv/bin/python -m pytest tests/browser` (the reports are built with the debug
binary; set STANCELENS_BIN to use another).
"""

import json
import os
import pathlib
import shutil
import subprocess

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "out"
RUN_DATE = "2025-01-31"


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    pytest.fail("no chromium executable found: apt-get install chromium (see .ci/run)")


def cli():
    binary = os.environ.get("STANCELENS_BIN")
    return [binary] if binary else ["cargo", "run", "--quiet", "--locked", "-p", "stancelens-cli", "--"]


def build_report(corpus, out_name):
    OUT.mkdir(exist_ok=True)
    out = OUT / out_name
    cmd = cli() + ["report", str(ROOT / corpus), "--date", RUN_DATE, "-o", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=["--no-sandbox"])
        yield b
        b.close()


class Watch:
    """Console messages, page errors, requests and dialogs of one page."""

    def __init__(self, page, url):
        self.url = url
        self.console_errors = []
        self.page_errors = []
        self.requests = []
        self.dialogs = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def foreign_requests(self):
        return [u for u in self.requests if u.split("#")[0] != self.url]


def open_report(browser, path, width=1400):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    url = path.as_uri()
    w = Watch(page, url)
    page.goto(url)
    page.wait_for_load_state("load")
    return page, w


def test_sample_report_structure(browser):
    path = build_report("fixtures/israel-azerbaijan", "report.html")
    cmp = json.loads(
        subprocess.run(
            cli() + ["compare", str(ROOT / "fixtures/israel-azerbaijan")],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
    )
    n_sources, n_topics = len(cmp["sources"]), len(cmp["topics"])
    page, w = open_report(browser, path)
    # The screenshot a person looks at: the header and the heatmap.
    box = page.locator("#heatmap").bounding_box()
    page.screenshot(
        path=str(OUT / "report.png"),
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1400, "height": box["y"] + box["height"] + 16},
    )

    cells = page.locator("table.heatmap td.cell")
    assert cells.count() == n_sources * n_topics
    pairs = page.eval_on_selector_all(
        "table.heatmap td.cell", "els => els.map(e => [e.dataset.source, e.dataset.topic])"
    )
    expected = {(s["id"], t["id"]) for s in cmp["sources"] for t in cmp["topics"]}
    assert set(map(tuple, pairs)) == expected
    assert len(pairs) == len(expected)
    # Comments follow their article: every child row comes after its parent's row.
    rows = page.eval_on_selector_all(
        "table.heatmap tbody tr", "els => els.map(e => e.querySelector('th bdi').textContent)"
    )
    parents = {s["id"]: s["parent"] for s in cmp["sources"]}
    for i, sid in enumerate(rows):
        if parents[sid]:
            assert rows.index(parents[sid]) < i
    # Hatched marks for unscored cells, colours for scored ones.
    for c in cmp["cells"]:
        if c["label"] == "not covered":
            sel = f'td.cell[data-topic="{c["topic"]}"].hatch-nc'
            assert page.locator(sel).count() >= 1

    # Every cell's evidence opens: click it, its <details> is open and in view.
    for i in range(cells.count()):
        link = cells.nth(i).locator("a.cell-link")
        target = link.get_attribute("href")[1:]
        link.click()
        assert page.eval_on_selector(f"#{target}", "d => d.open"), target
        assert page.locator(f"#{target}").is_visible()
    # A sentence link jumps to the full text, to an existing anchor.
    first = page.locator("details.cell-evidence[open] .ev a").first
    href = first.get_attribute("href")
    first.click()
    assert page.locator(href).count() == 1
    assert page.evaluate("location.hash") == href

    assert w.console_errors == [] and w.page_errors == []
    assert w.foreign_requests() == []
    page.close()


def test_sample_report_without_javascript(browser):
    path = OUT / "report.html"
    if not path.exists():
        path = build_report("fixtures/israel-azerbaijan", "report.html")
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(path.as_uri())
    # Drill-down still opens by hand: <details> needs no script.
    d = page.locator("details.cell-evidence").first
    d.locator("summary").click()
    assert d.evaluate("d => d.open")
    assert page.locator("table.heatmap td.cell").count() > 0
    ctx.close()


def test_hostile_corpus_is_inert(browser):
    path = build_report("fixtures/corpora/hostile.jsonl", "hostile.html")
    page, w = open_report(browser, path)
    page.screenshot(path=str(OUT / "hostile.png"), full_page=True)
    # Hover and click everything a hostile string could have become.
    for sel in ["table.heatmap td.cell a", "summary", "#texts .fulltext"]:
        for i in range(page.locator(sel).count()):
            page.locator(sel).nth(i).hover()
            page.locator(sel).nth(i).click()
    assert w.dialogs == []
    assert page.evaluate("document.scripts.length") == 1
    assert page.locator("img, iframe, svg, object, embed").count() == 0
    assert page.locator("style").count() == 1
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs), hrefs
    # The hostile strings are on the page as text.
    body = page.inner_text("body")
    assert "<script>alert(4)</script>" in body
    assert "javascript:alert(3)" in body
    assert "U+202E" in body and "U+0007" in body
    assert w.console_errors == [] and w.page_errors == []
    assert w.foreign_requests() == []
    page.close()
