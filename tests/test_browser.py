"""The shared report in a real browser: every page opens offline, draws its charts, runs no article text,
and the explorer filters and shows articles.

Headless Chromium (Debian's ``chromium``) is driven over the DevTools protocol
(``--remote-debugging-port`` and ``websocket-client``; no browser download).
Without Chromium these tests skip with the reason, except under CI (``CI=true``),
where that is a failure (``.ci/run`` installs it).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis import report
from analysis.present.pages import chromium
from test_report import SENTENCES, private_data  # the report tests' sentences and data folder

CHROMIUM = chromium()  # the browser report --pdf uses

# A hostile fixture corpus: titles, outlets, authors and texts carry markup, script URLs, Markdown and maths.
PWN = "window.__pwned = 1"
HOSTILE_TITLE = f'Oil $5 and $6 <script>{PWN}</script> [click](javascript:{PWN}) http://evil.example/x'
HOSTILE_TEXT = (f'Oil prices fell as the pipeline closed. <img src=x onerror="{PWN}"> '
                f'![chart](http://evil.example/i.png) <a href="javascript:{PWN}">link</a> '
                f'Russia said $x^2$ sanctions were unfair. <!-- </script><script>{PWN}</script> -->')
HOSTILE_OUTLET = '<b onmouseover="window.__pwned=1">evil.example</b>'
OUTLETS = ["tass.com", "bbc.co.uk", "cnn.com"]
#: The notebooks rendered for these tests (all of them run in tests/test_report.py; two keep this under a minute).
PAGES = ["02-corpus-overview", "03-sanctions-energy-un"]


def hostile_corpus(n: int = 24) -> pd.DataFrame:
    """Hand-written articles (our own words), three of them hostile."""
    rows = []
    for i in range(n):
        theme = ["sanctions", "energy", "un_voting", "other"][i % 4]
        text = " ".join([SENTENCES[theme][i % 2], SENTENCES["other"][i % 4], SENTENCES["other"][(i + 1) % 4]])
        rows.append({"title": f"Story {i} about {theme}", "text": text, "source": OUTLETS[i % 3],
                     "authors": "Pat Doe", "published": (pd.Timestamp("2017-01-02") + pd.Timedelta(days=i)).isoformat()})
    hostile = [
        {"title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "source": "cnn.com", "authors": f"<script>{PWN}</script>",
         "published": "2017-02-01"},
        {"title": "Pipeline [talks](http://evil.example/t) ![x](http://evil.example/y.png)",
         "text": "The pipeline deal with Gazprom collapsed and oil prices rose. Officials were unhappy.",
         "source": HOSTILE_OUTLET, "authors": "[A](javascript:alert(1))", "published": "2017-02-02"},
        {"title": "Vote <svg onload=alert(3)>", "text": "Russia vetoed a draft resolution at the UN Security Council. "
         "See https://evil.example/vote for $10 $20.", "source": "tass.com", "authors": "", "published": "2017-02-03"},
    ]
    return pd.DataFrame([*hostile, *rows])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The report built once from the hostile fixture corpus, and its analysed articles with text."""
    root = tmp_path_factory.mktemp("browser")
    corpus = root / "hostile.csv"
    hostile_corpus().to_csv(corpus, index=False)
    with private_data(root):
        index = report.build(str(corpus), out=root / "reports", progress=False, n_jobs=1, notebooks=PAGES)
        bundle = report.prepare(str(corpus))
        texts, evidence = bundle.texts(), bundle.evidence
    return index.parent, texts, evidence


# --------------------------------------------------------------------------- a small DevTools client

class Page:
    """One headless Chromium tab over the DevTools protocol, recording requests, console errors and dialogs."""

    def __init__(self, executable: str):
        import websocket

        self.profile = tempfile.mkdtemp(prefix="chromium-")
        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--window-size=1300,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 20
        while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable", session=True)

    def send(self, method: str, session: bool = False, **params: Any) -> dict:
        msg_id = next(self.ids)
        msg = {"id": msg_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = self._receive()
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _receive(self) -> dict:
        message = json.loads(self.ws.recv())
        if "method" in message:
            self.events.append(message)
            if message["method"] == "Page.javascriptDialogOpening":  # record it and close it, never block
                self.ws.send(json.dumps({"id": next(self.ids), "method": "Page.handleJavaScriptDialog",
                                         "sessionId": self.session, "params": {"accept": False}}))
        return message

    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", session=True, url=url)
        deadline = time.monotonic() + 30
        while not any(e["method"] == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            self._receive()
        self.run("new Promise(r => setTimeout(r, 150))")  # let late work (scripts, images) finish

    def run(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def type(self, text: str) -> None:
        self.send("Input.insertText", session=True, text=text)

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            p = e["params"]
            if e["method"] == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
            elif e["method"] == "Runtime.exceptionThrown":
                out.append(p["exceptionDetails"].get("exception", {}).get("description", "exception"))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(p["entry"]["text"])
        return out

    def dialogs(self) -> list[str]:
        return [e["params"]["message"] for e in self.events if e["method"] == "Page.javascriptDialogOpening"]

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("chromium is not installed: CI needs it for the browser tests (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium); the browser tests need it")
    page = Page(CHROMIUM)
    yield page
    page.close()


# --------------------------------------------------------------------------- the checks

_CHARTS = """Promise.all(Array.from(document.images).map(img => (img.complete ? Promise.resolve() :
  new Promise(r => { img.onload = img.onerror = r; })).then(() => {
    const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
    if (!c.width) return {alt: img.alt, width: 0, colours: 0};
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data, seen = new Set();
    for (let i = 0; i < px.length; i += 4 * 97) seen.add(px[i] + ',' + px[i + 1] + ',' + px[i + 2] + ',' + px[i + 3]);
    return {alt: img.alt, width: img.naturalWidth, colours: seen.size};
  })))"""


@pytest.mark.slow
def test_every_page_opens_offline_draws_its_charts_and_runs_no_article_text(site, browser):
    out, _, _ = site
    pages = sorted(out.glob("*.html"))
    assert {p.name for p in pages} == {"index.html", "explore.html", *(f"{n}.html" for n in PAGES)}
    charts = 0
    for page in pages:
        browser.open(page.as_uri())
        where = page.name
        assert [u for u in browser.requests() if not u.startswith(("file:", "data:"))] == [], where
        assert browser.errors() == [], where
        assert browser.dialogs() == [], where
        assert browser.run("typeof window.__pwned") == "undefined", where
        assert browser.run("document.title") not in ("", page.stem), where  # a real title
        # nav: index, previous, next
        hrefs = browser.run("Array.from(document.querySelectorAll('nav.pages a')).map(a => a.getAttribute('href'))")
        assert ("index.html" in hrefs) == (page.name != "index.html") and len(hrefs) >= 2 - (page.name == "index.html"), where
        assert browser.run("document.querySelectorAll('a[href^=\"javascript:\" i], a[href*=\"evil.example\"], "
                           "[onerror], [onload], [onmouseover], script[src]').length") == 0, where
        for img in browser.run(_CHARTS):
            assert img["width"] > 0 and img["colours"] > 3, (where, img)  # drawn, not blank
            assert img["alt"] and img["alt"] != "Chart", (where, img)  # alt text from the chart's titles
            charts += 1
        if page.stem in report.NOTEBOOKS:
            assert browser.run("document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor').length") == 0, where  # code hidden
            assert browser.run("document.querySelectorAll('.runbox').length") == 1, where
            assert "corpus = None" not in browser.run("document.body.innerText"), where
    assert charts >= 4


def _set(browser, control: str, value: str) -> None:
    """Choose ``value`` in a select or date input, as a user does (the control fires "change")."""
    browser.run(f"(s => {{ s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})"
                f"(document.getElementById({json.dumps(control)}))")


def _listed(browser) -> list[str]:
    return browser.run("Array.from(document.querySelectorAll('#list button')).map(b => b.dataset.id)")


@pytest.mark.slow
def test_explorer_filters_and_shows_the_article_with_its_evidence(site, browser):
    out, texts, evidence = site
    browser.open((out / "explore.html").as_uri())
    assert _listed(browser) == list(texts["article_id"])  # starts filled: every article of the small corpus

    browser.run("document.getElementById('q').focus()")
    browser.type("Pipeline")
    hay = (texts["title"].fillna("") + "\n" + texts["text"].fillna("")).str.lower()
    found = texts[hay.str.contains("pipeline", regex=False)]
    assert len(found) == 2 and _listed(browser) == list(found["article_id"])

    _set(browser, "theme", "sanctions")
    both = found[found["sanctions"]]
    assert _listed(browser) == list(both["article_id"])

    _set(browser, "theme", "energy")
    energy = found[found["energy"]]
    assert len(energy) >= 1 and _listed(browser) == list(energy["article_id"])
    hostile = energy[energy["title"] == HOSTILE_TITLE].iloc[0]
    browser.run(f"document.querySelector('#list button[data-id=\"{hostile.article_id}\"]').click()")
    assert browser.run("document.querySelector('#article h2').textContent") == HOSTILE_TITLE  # literal text
    marks = browser.run("Array.from(document.querySelectorAll('#article .text mark')).map(m => [m.textContent, "
                        "m.dataset.theme, getComputedStyle(m).backgroundColor])")
    hits = evidence[evidence["article_id"] == hostile.article_id].sort_values("start")
    assert [[m, t] for m, t, _ in marks] == [[hostile.text[r.start:r.end], r.theme] for r in hits.itertuples()]
    assert "pipeline" in [m for m, _, _ in marks]
    colours = {t: c for _, t, c in marks}
    assert "rgba(0, 0, 0, 0)" not in colours.values() and len(set(colours.values())) == len(colours)
    assert browser.run("document.querySelector('#article .text').textContent") == hostile.text
    assert browser.run("document.querySelectorAll('#article .sentence').length") >= 2

    browser.run("document.getElementById('reset').click()")
    _set(browser, "from", "2017-01-10")
    dated = texts[texts["published"] >= pd.Timestamp("2017-01-10", tz="UTC")]
    assert _listed(browser) == list(dated["article_id"])
    assert browser.errors() == [] and browser.dialogs() == [] and browser.run("typeof window.__pwned") == "undefined"


def test_pdf_pages_are_printed_offline_and_linked_from_the_index(site, tmp_path, monkeypatch, browser):
    """``report --pdf``: each notebook's page printed by headless Chromium, linked beside it on the index;
    pages already up to date are not executed again for it."""
    import shutil

    out, _, _ = site
    copy = tmp_path / "reports"
    shutil.copytree(out, copy)
    corpus = out.parent / "hostile.csv"
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(out.parent / "data"))
    monkeypatch.setattr(report, "execute", lambda *a, **k: pytest.fail("an up-to-date page was executed again"))
    report.build(str(corpus), out=copy, progress=False, n_jobs=1, notebooks=PAGES, pdf=True)
    for name in PAGES:
        pdf = (copy / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page") >= 2  # the page list and at least one page
        assert f'<a href="{name}.pdf">PDF</a>' in (copy / "index.html").read_text(encoding="utf-8")


def test_pdf_without_chromium_is_one_clear_error(tmp_path, monkeypatch):
    from analysis import pages

    monkeypatch.setattr(pages, "chromium", lambda: None)
    with pytest.raises(RuntimeError, match="PDF pages need Chromium"):
        report.build(str(tmp_path / "none.csv"), out=tmp_path / "r", pdf=True)
    assert not (tmp_path / "r").exists()
