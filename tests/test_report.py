"""The rendered report: every notebook executes on a small corpus, HTML is self-contained and safe."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import narrate, report
from analysis.aggregate.compare import mean_ci
from analysis.ingest.datasets import NEWS_ARTICLES

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert("pwned")</script>'
HOSTILE_IMG = "<img src=x onerror=alert(2)>"

# Hand-written sentences (our own words) that the themes and actors pick up.
SENTENCES = {
    "sanctions": ["The European Union extended sanctions on Russia for six more months.",
                  "Washington imposed an asset freeze on three officials from Pyongyang."],
    "energy": ["Oil prices rose after OPEC agreed to cut crude output.",
               "China signed a deal to buy more liquefied natural gas from Australia."],
    "un_voting": ["Russia vetoed a draft resolution at the UN Security Council on Tuesday.",
                  "The General Assembly adopted a resolution with 120 votes in favour."],
    "other": ["The city council opened a new park near the river.", "Local schools reported good results this year.",
              "A terrible storm damaged several houses in the north.", "Fans celebrated a happy win at the stadium."],
}
OUTLETS = ["tass.com", "bbc.co.uk", "europe.chinadaily.com.cn", "cnn.com"]


def small_corpus(n: int = 64) -> pd.DataFrame:
    rows = []
    for i in range(n):
        theme = ["sanctions", "energy", "un_voting", "other"][i % 4]
        text = " ".join([SENTENCES[theme][i % 2], SENTENCES["other"][i % 4], SENTENCES["other"][(i + 1) % 4],
                         f"Officials said report number {i} would follow."])
        rows.append({"title": f"Story {i} about {theme}", "text": text, "source": OUTLETS[i % len(OUTLETS)],
                     "published": (pd.Timestamp("2017-01-02") + pd.Timedelta(days=i)).isoformat()})
    hostile = {"title": HOSTILE, "text": f"Oil prices fell. {HOSTILE} {HOSTILE_IMG} The pipeline was closed.",
               "source": "cnn.com", "published": "2017-02-01"}
    return pd.DataFrame([hostile, *rows])  # two energy sentences of three: among the examples shown


@contextlib.contextmanager
def private_data(root: Path):
    """``$NEWS_ANALYSIS_DATA`` set to ``root/data`` inside the block (module-scoped fixtures cannot use monkeypatch)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("NEWS_ANALYSIS_DATA", str(root / "data"))
    try:
        yield
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The whole report, built once on the small corpus in a private data folder."""
    root = tmp_path_factory.mktemp("report")
    corpus = root / "small.csv"
    small_corpus().to_csv(corpus, index=False)
    with private_data(root):
        index = report.build(str(corpus), out=root / "reports", progress=False)
    return index


@pytest.mark.slow
def test_every_notebook_executes_without_error(built):
    out = built.parent
    for name in report.NOTEBOOKS:
        nb = nbformat.read(out / "notebooks" / f"{name}.ipynb", as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, (name, errors)
        images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        assert images, f"{name} shows no chart"
        assert (out / f"{name}.html").stat().st_size > 10_000


@pytest.mark.slow
def test_html_is_self_contained_and_escapes_articles(built):
    for page in built.parent.glob("*.html"):
        text = page.read_text()
        assert not re.search(r"<script[^>]+src=\"https?://", text), page.name  # opens offline
        assert not re.search(r"<link[^>]+href=\"https?://", text), page.name
        assert HOSTILE not in text and "<img src=x" not in text, page.name  # article markup never runs
    body = (built.parent / "03-sanctions-energy-un.html").read_text()
    assert "data:image/png;base64," in body  # figures embedded
    assert body.count('<table class="text-table">') == 3  # each theme's examples: escaped text, no row numbers
    assert "&lt;script&gt;alert(&quot;pwned&quot;)" in body or "&lt;script&gt;alert(\"pwned\")" in body


@pytest.mark.slow
def test_theme_examples_are_the_most_salient_articles_with_their_densest_sentence(built):
    from lxml import html as lxml_html

    from analysis.aggregate.tables import outlet_label, salient_articles, theme_label

    root = built.parent.parent
    with private_data(root):
        bundle = report.prepare(str(root / "small.csv"))
    page = lxml_html.parse(str(built.parent / "03-sanctions-energy-un.html")).getroot()
    tables = page.xpath('//table[@class="text-table"]')
    themes = ["sanctions", "energy", "un_voting"]
    prose = page.text_content()
    for theme, table in zip(themes, tables):
        about = bundle.articles[bundle.articles[theme]]
        chosen = salient_articles(about, theme=theme, n=5, per_outlet=2)
        rows = [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]
        titles = bundle.read("articles", chosen["article_id"], columns=["article_id", "title"])
        expected = chosen.merge(titles, on="article_id")
        assert [r[1] for r in rows] == expected["title"].tolist()  # most salient first, as chosen
        assert [r[0] for r in rows] == expected["source"].map(outlet_label).tolist()
        assert [r[2] for r in rows] == [f"{v:.2f}" for v in expected[f"{theme}_salience"]]
        hits = bundle.read("evidence", chosen["article_id"])
        for r, article_id in zip(rows, expected["article_id"]):
            said = hits[(hits["article_id"] == article_id) & (hits["theme"] == theme) & (hits["snippet"] == r[4])]
            assert set(r[3].split(", ")) == set(said["term"]) != set()  # the terms are those of the sentence shown
        if theme == "energy":
            assert HOSTILE in [r[1] for r in rows]  # shown as text (the page test looks for it escaped)
        outlets = len(set(r[0] for r in rows))
        assert (f"The {len(rows)} of {len(about)} {theme_label(theme)} articles with the highest salience" in prose
                and f"({outlets} outlet{'s' if outlets > 1 else ''} shown)" in prose)


@pytest.mark.slow
def test_index_links_every_page_and_states_the_run(built):
    index = built.read_text()
    for name in report.NOTEBOOKS:
        assert f'href="{name}.html"' in index
    assert "The corpus" in index or "articles" in index
    assert "SHA-256" in index and "small.csv" in index
    rendered = (built.parent / "02-corpus-overview.html").read_text()
    for fact in ("SHA-256", "Parameters", "pandas", "textblob", "Run:"):
        assert fact in rendered


@pytest.mark.slow
def test_one_article_notebook_on_a_hostile_page(tmp_path):
    page = tmp_path / "hostile.txt"
    page.write_text(f"Headline {HOSTILE}\n\nLONDON (Reuters) - Oil prices fell sharply. {HOSTILE_IMG} "
                    "Russia said the sanctions were unfair.\n\nEditing by Pat Doe")
    executed = report.execute("01-one-article", tmp_path / "nb", {"article": str(page)})
    html = report.to_html(executed, tmp_path / "01.html").read_text()
    assert HOSTILE not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # shown as text in the highlighted article


def test_run_info_states_source_checksum_parameters_versions():
    bundle = report.Bundle(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(),
                           {"source": "default <corpus>", "sha256": "ab" * 32, "n_articles": 5, "n_total": 9})
    text = report.run_info(bundle, {"start": "2017-01-01"})
    assert "ab" * 32 in text and "`start='2017-01-01'`" in text and "5 of 9" in text
    assert "pandas" in text and "textblob" in text and "UTC" in text
    assert "default &lt;corpus&gt;" in text


def test_prepare_filters_dates_and_outlets(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    corpus = tmp_path / "c.csv"
    small_corpus(24).to_csv(corpus, index=False)
    everything = report.prepare(str(corpus))
    assert everything.info["n_articles"] == 25 and everything.info["sha256"]
    b = report.prepare(str(corpus), start="2017-01-05", end="2017-01-10", outlets=["tass.com", "cnn.com"])
    dates = b.articles["published"]
    assert dates.min() >= pd.Timestamp("2017-01-05", tz="UTC") and dates.max() < pd.Timestamp("2017-01-11", tz="UTC")
    assert set(b.articles["source"]) <= {"tass.com", "cnn.com"}
    assert not set(report.HEAVY_COLUMNS) & set(b.articles.columns)  # texts, origins ... only when asked for
    assert set(b.sentences["article_id"]) == set(b.articles["article_id"])  # read for the articles in view
    assert set(b.evidence["article_id"]) <= set(b.articles["article_id"])
    assert set(b.actor_sentiment["article_id"]) <= set(b.articles["article_id"])
    assert b.info["n_total"] == 25 and b.info["load_report"]["loaded"] == 25
    texts = b.texts()
    assert texts["text"].notna().all() and list(texts["article_id"]) == list(b.articles["article_id"])
    assert texts["origin"].str.startswith(f"{corpus}:row ").all()  # the heavy columns come with the texts
    with pytest.raises(ValueError, match="not in the corpus"):
        report.prepare(str(corpus), outlets=["nowhere.example"])
    folders = sorted(p.name for p in (tmp_path / "data" / "processed").glob("analysis-*"))
    assert len(folders) == 1  # scored once, reused
    tables = (tmp_path / "data" / "processed" / folders[0])
    assert sorted(p.name for p in tables.iterdir() if p.is_dir()) == sorted([*report.TABLES, "vader"])


def test_vader_is_scored_on_a_proportional_sample_and_said(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(report, "VADER_SAMPLE", 12)
    corpus = tmp_path / "c.csv"
    small_corpus(39).to_csv(corpus, index=False)
    b = report.prepare(str(corpus))
    arts = b.articles
    scored = arts[arts["vader"].notna()]
    counts = arts["source"].value_counts()
    assert abs(len(scored) - 12) <= len(counts) and len(scored) < len(arts)
    for source, n in scored["source"].value_counts().items():  # in proportion to each outlet's articles
        assert abs(n - counts[source] * 12 / len(arts)) <= 1
    assert arts.loc[arts["vader"].isna(), "sentiment_disagree"].isna().all()
    assert arts.loc[arts["vader"].notna(), "sentiment_disagree"].notna().all()
    texts = b.texts()
    texts = texts[texts["article_id"].isin(scored["article_id"])]
    expected = analysis.analyze(texts[["article_id", "text"]], vader=True)  # the same scores as a full run
    assert np.allclose(scored["vader"].to_numpy(), expected["vader"].to_numpy())
    said = narrate.tone(arts)
    assert f"on a sample of {len(scored)} of the {len(arts)} articles" in said
    assert "% of the sampled articles" in said  # the disagreement share is the sample's too
    ci = mean_ci(scored["vader"])
    assert f"gives a mean of {narrate.pol(ci['mean'])} (95% CI {narrate.pol(ci['lo'])} to {narrate.pol(ci['hi'])})" in said
    summary = narrate.summary(arts, b.actor_sentiment)
    assert f"VADER, a second scorer on a sample of {len(scored)} of the {len(arts)} articles" in summary
    assert "to TextBlob on " in summary and "% of the sampled articles" in summary
    full = arts.assign(vader=0.1)  # every article scored: no sample to mention
    assert "sample" not in narrate.tone(full) and "95% CI" not in narrate.tone(full).split("VADER")[1]


def test_texts_sample_is_bounded_proportional_and_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    corpus = tmp_path / "c.csv"
    small_corpus(59).to_csv(corpus, index=False)
    b = report.prepare(str(corpus))
    counts = b.articles["source"].value_counts()
    s = b.texts(sample=20)
    assert abs(len(s) - 20) <= len(counts) and s.attrs["sampled_from"] == len(b.articles)
    for source, n in s["source"].value_counts().items():  # in proportion, at least one each
        assert abs(n - counts[source] * 20 / len(b.articles)) <= 1
    assert list(s["article_id"]) == list(b.texts(sample=20)["article_id"])  # same seed, same sample
    assert list(s.index) == sorted(s.index) and s["text"].notna().all()


def test_the_analysed_folder_follows_the_loading_code_not_only_the_scoring(monkeypatch):
    # a loader fix (a repaired title, a piece of furniture) must reach the report's tables
    import analysis.ingest.datasets as datasets
    from analysis.present import report as R

    info = {"sha256": "0" * 64}
    first = R._cache_dir(info)
    assert R._cache_dir(info) == first  # stable
    monkeypatch.setattr(datasets, "_LOADING_MODULES", tuple(m for m in datasets._LOADING_MODULES if m != "ingest/clean"))
    assert R._cache_dir(info) != first
    monkeypatch.undo()
    monkeypatch.setattr(R, "_READING_MODULES", ("scale/stream",))
    assert R._cache_dir(info) != first


def test_page_kernels_are_shut_down_without_an_interrupt(monkeypatch):
    import asyncio

    from jupyter_client.manager import KernelManager

    calls = []

    async def interrupt(self):
        calls.append(self.shutting_down)

    monkeypatch.setattr(KernelManager, "_async_interrupt_kernel", interrupt)
    km = report._quiet_kernel_manager()()
    for shutting_down in (True, False):  # jupyter_client interrupts first when it shuts a kernel down
        km.shutting_down = shutting_down
        asyncio.run(km._async_interrupt_kernel())
    assert calls == [False]  # an interrupt of running code still goes through; one before shutting down does not
    assert report._quiet_kernel_manager() is type(km)


def test_notebooks_are_committed_without_outputs_and_with_parameters():
    for name in report.NOTEBOOKS:
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and not c.get("execution_count") for c in code), name
        assert "parameters" in code[0].get("metadata", {}).get("tags", []), name


@pytest.mark.slow
@pytest.mark.corpus
def test_make_report_on_the_default_corpus(tmp_path, corpus):
    out = subprocess.run([sys.executable, "-m", "analysis", "report", "--out", str(tmp_path / "reports"),
                          "--no-progress"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"articles:  {len(corpus):,}" in out.stdout
    index = (tmp_path / "reports" / "index.html").read_text()
    assert NEWS_ARTICLES["sha256"] in index
    assert all((tmp_path / "reports" / f"{n}.html").is_file() for n in report.NOTEBOOKS)


@pytest.mark.slow
def test_rebuild_keeps_pages_that_are_up_to_date(built, monkeypatch):
    # ``built`` was made from small.csv with default parameters; the same call again
    # executes nothing, other parameters make every page again, and so does force=True.
    root = built.parent.parent
    corpus = str(root / "small.csv")
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(root / "data"))
    made: list[str] = []

    def execute(name, out_dir, parameters):  # stands in for papermill: the page from the first build
        made.append(name)
        return out_dir / f"{name}.ipynb"

    monkeypatch.setattr(report, "execute", execute)
    before = {p.name: p.stat().st_mtime_ns for p in built.parent.glob("*.html")}
    assert report.build(corpus, out=built.parent, progress=False) == built
    assert made == []
    assert {p.name: p.stat().st_mtime_ns for p in built.parent.glob("*.html")} == before
    report.build(corpus, out=built.parent, start="2017-01-10", progress=False)
    assert sorted(made) == sorted(report.NOTEBOOKS)  # two at a time on two cores: in either order
    made.clear()
    report.build(corpus, out=built.parent, start="2017-01-10", progress=False)
    assert made == []
    (built.parent / "explore.html").unlink()  # a lost explorer page is made again (no notebook runs for it)
    report.build(corpus, out=built.parent, start="2017-01-10", progress=False)
    assert made == [] and (built.parent / "explore.html").is_file()
    report.build(corpus, out=built.parent, start="2017-01-10", notebooks=["02-corpus-overview"], progress=False,
                 force=True)
    assert made == ["02-corpus-overview"]


def counting_reads(tmp_path: Path, monkeypatch, n: int) -> tuple[Path, list[str]]:
    """A small corpus of ``n`` articles scored once in a private data folder, and the list of the table
    folders read (by ``report._read_table``) from then on."""
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    corpus = tmp_path / "c.csv"
    small_corpus(n).to_csv(corpus, index=False)
    report.prepare(str(corpus))  # scored once
    reads: list[str] = []
    real = report._read_table
    monkeypatch.setattr(report, "_read_table", lambda path, ids, **kw: reads.append(Path(path).name) or real(path, ids, **kw))
    return corpus, reads


def test_corpus_digest_is_remembered_until_a_file_changes_however_its_size_and_time(tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(report, "_RACY_NS", 20_000_000)  # (2 s by default)
    corpus = tmp_path / "c.csv"
    small_corpus(5).to_csv(corpus, index=False)
    time.sleep(0.05)
    opened = []
    real = open
    monkeypatch.setattr(report, "open", lambda p, *a, **k: opened.append(Path(p).name) or real(p, *a, **k),
                        raising=False)
    first = report._source(str(corpus))["sha256"]
    assert report._source(str(corpus))["sha256"] == first and opened == ["c.csv"]  # read once: remembered
    before = corpus.stat()
    corpus.write_bytes(corpus.read_bytes().replace(b"Story 1 ", b"Story 9 "))  # the same size
    os.utime(corpus, ns=(before.st_atime_ns, before.st_mtime_ns))  # and its modification time set back
    assert (corpus.stat().st_size, corpus.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    changed = report._source(str(corpus))["sha256"]  # its change time tells (racy: read, not remembered)
    assert changed != first and opened == ["c.csv", "c.csv"]
    time.sleep(0.05)
    assert report._source(str(corpus))["sha256"] == changed and len(opened) == 3
    assert report._source(str(corpus))["sha256"] == changed and len(opened) == 3  # remembered now
    (tmp_path / "data" / "processed" / report.DIGESTS).write_text("not json")
    assert report._source(str(corpus))["sha256"] == changed and len(opened) == 4  # a damaged memo: read again
    monkeypatch.setattr(report, "DIGESTS_KEPT", 2)
    for k in range(3):
        other = tmp_path / f"o{k}.csv"
        small_corpus(3 + k).to_csv(other, index=False)
        time.sleep(0.05)
        report._source(str(other))
    assert len(json.loads((tmp_path / "data" / "processed" / report.DIGESTS).read_text())) == 2  # the latest kept


def test_bundle_reads_each_table_on_first_use_and_equal_to_the_folder(tmp_path, monkeypatch):
    corpus, reads = counting_reads(tmp_path, monkeypatch, 30)
    b = report.prepare(str(corpus))
    assert reads == ["articles"]  # only the view's keys (id, date, outlet) so far
    events = b.sanction_events
    assert reads == ["articles", "sanction_events"]  # a page of records never reads the article table
    whole = pd.read_parquet(b.folder / "sanction_events")
    assert len(events) == len(whole) and list(events.columns) == list(whole.columns)
    arts = b.articles
    assert reads[-1] == "articles" and b.articles is arts  # read once
    direct = pd.read_parquet(b.folder / "articles")
    assert list(arts["article_id"]) == list(direct["article_id"])
    assert not set(report.HEAVY_COLUMNS) & set(arts.columns)
    assert [list(v) for v in direct["actors"]] == arts["actors"].tolist()  # lists, not one array per article
    assert all(type(v) is list for v in arts["actors"])
    vader = pd.read_parquet(b.folder / "vader").set_index("article_id")["vader"]
    expected = pd.Series([vader.get(i, np.nan) for i in arts["article_id"]], index=arts.index, name="vader")
    pd.testing.assert_series_equal(arts["vader"], expected)
    out = report.export_articles(b, tmp_path / "all.parquet")  # a row group at a time
    pd.testing.assert_frame_equal(pd.read_parquet(out), direct)


def _derived(bundle) -> dict:
    """Every table a Bundle derives from the articles in view (each kept beside the analysis)."""
    return {"cells": bundle.cells, "actor_cells": bundle.actor_cells, "actor_pairs": bundle.actor_pairs,
            "scores source": bundle.scores(by="source"), "scores theme": bundle.scores(by="theme", k=3),
            "scores polarity": bundle.scores(by="source", measure="polarity", k=4),
            **{f"salient {t}": bundle.salient(t, n=3, per_outlet=1) for t in ("sanctions", "energy")}}


def test_bundle_keeps_what_it_derives_for_the_next_page(tmp_path, monkeypatch):
    corpus, _ = counting_reads(tmp_path, monkeypatch, 40)
    passes = []
    real = report._article_batches
    monkeypatch.setattr(report, "_article_batches", lambda *a, **kw: passes.append(1) or real(*a, **kw))
    view = {"start": "2017-01-10", "outlets": ["tass.com", "cnn.com"]}
    first = _derived(report.prepare(str(corpus)))
    assert len(passes) == 8  # one streaming pass each (the default measure comes from the cells)
    (code,) = (report.prepare(str(corpus)).folder / "derived").iterdir()
    kept = sorted(p.name.split("-")[0] for p in code.iterdir())
    assert kept == ["actor_cells", "actor_pairs", "cells", "salient", "salient", "scores", "scores", "scores"]
    passes.clear()
    again = _derived(report.prepare(str(corpus)))  # the next page (a new process): read, not made
    assert passes == []
    for name, table in first.items():
        pd.testing.assert_frame_equal(again[name], table, check_exact=True, obj=name)
        assert again[name].attrs == table.attrs, name
    narrower = _derived(report.prepare(str(corpus), **view))  # another view: its own tables
    assert len(passes) == 8 and narrower["cells"]["n_articles"].sum() < first["cells"]["n_articles"].sum()
    loaded = report.prepare(str(corpus), **view)
    loaded.articles, loaded.actor_sentiment  # noqa: B018 - the tables read whole: derived from them
    for name, table in _derived(loaded).items():
        pd.testing.assert_frame_equal(narrower[name], table, check_exact=False, rtol=1e-12, obj=name)
    passes.clear()
    monkeypatch.setattr(report, "_DERIVING_MODULES", (*report._DERIVING_MODULES, "present/narrate"))
    report.prepare(str(corpus)).cells  # other code: made again, and what the code before kept is removed
    assert passes == [1]
    (other,) = code.parent.iterdir()
    assert other != code and [p.name.split("-")[0] for p in other.iterdir()] == ["cells"]


@pytest.mark.parametrize("damage", ["cut short", "not writable"])
def test_bundle_makes_a_derived_table_again_when_its_file_is_bad_or_cannot_be_written(tmp_path, monkeypatch, damage):
    corpus, _ = counting_reads(tmp_path, monkeypatch, 30)
    b = report.prepare(str(corpus))
    derived = b.folder / "derived"
    if damage == "cut short":
        b.cells  # noqa: B018
        (path,) = next(derived.iterdir()).iterdir()
        path.write_bytes(path.read_bytes()[:100])
    else:
        derived.write_text("a file where the folder would be")
    cells = report.prepare(str(corpus)).cells
    assert cells["n_articles"].sum() == b.n_articles
    pd.testing.assert_frame_equal(cells, report.prepare(str(corpus)).cells)
    assert derived.is_dir() == (damage == "cut short")


@pytest.mark.parametrize("rows", [
    [["Iran", "Iraq"], [], None, ["Iran"]],
    [None, None],
    [[], []],
    [["United States", None, "United States"], ["Ünïcode"], []],
    [],
])
def test_shared_lists_equal_arrow_lists_and_share_strings(rows):
    import pyarrow as pa

    column = pa.array(rows, type=pa.list_(pa.string()))
    out = report._shared_lists(column)
    assert out == column.to_pylist()
    seen = {}
    for row in out:
        for name in row or []:
            if name is not None:
                assert seen.setdefault(name, name) is name  # one str object per distinct name


def test_pages_are_made_side_by_side_in_order_of_finishing():
    # Two pages that each wait for the other can only both finish when made at once.
    import threading

    meet = threading.Barrier(2, timeout=10)
    made = list(report._made_pages(["a", "b", "c"], ["a", "b"], lambda name: meet.wait(), jobs=2, progress=False))
    assert sorted(made) == ["a", "b"]  # "c" is up to date: not made
    alone = threading.Barrier(2, timeout=0.5)  # the same barrier: only two pages at once pass it
    with pytest.raises(threading.BrokenBarrierError):  # one at a time, the first page waits in vain
        list(report._made_pages(["a", "b"], ["a", "b"], lambda name: alone.wait(), jobs=1, progress=False))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_page_stops_the_pages_not_yet_started(jobs, capsys):
    import threading
    import time

    started, slow_may_end = [], threading.Event()

    def make(name):
        started.append(name)
        if name == "bad":
            slow_may_end.set()
            raise RuntimeError("notebook bad failed: ZeroDivisionError: division by zero")
        if name == "slow":
            assert slow_may_end.wait(10)
            time.sleep(0.1)  # still running when "bad" has failed: it ends, and is not yielded as failed

    names = ["slow", "bad", "later", "last"] if jobs == 2 else ["bad", "later", "last"]
    with pytest.raises(RuntimeError, match="notebook bad failed"):
        list(report._made_pages(names, names, make, jobs=jobs))
    assert "later" not in started and "last" not in started
    err = capsys.readouterr().err
    assert f"page {names.index('bad') + 1} of {len(names)}: bad ..." in err and "bad done" not in err
