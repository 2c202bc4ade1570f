"""Report pages for readers (analysis.pages) and the offline explorer page (analysis.explorer_page), without a browser."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import explorer_page, pages, report  # noqa: E402

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5E"
       "rkJggg==")
RUN_INFO = ("**Data:** small.csv  \n**SHA-256:** `" + "ab" * 32 + "`  \n**Articles in view:** 5 of 9  \n"
            "**Parameters:** `corpus='small.csv'`, `start='2017-01-05'`  \n**Software:** python 3.11, pandas 2.2  \n"
            "**Run:** 03 Dec 2026 14:00 UTC")


def executed(tmp_path, *, outputs=()):
    """A notebook as papermill leaves it: its parameters cell, the injected one, a run-info output, a chart."""
    v4 = nbformat.v4
    params = v4.new_code_cell('corpus = None   # the corpus\nstart = None\nend = None\noutlets = None\nsample = 50')
    params.metadata["tags"] = ["parameters"]
    injected = v4.new_code_cell('# Parameters\ncorpus = "small.csv"\nstart = "2017-01-05"\n')
    injected.metadata["tags"] = ["injected-parameters"]
    setup = v4.new_code_cell("say(report.run_info(bundle, PARAMS))",
                             outputs=[v4.new_output("display_data", data={"text/markdown": RUN_INFO})])
    chart = v4.new_code_cell("plots.volume(articles); plt.show()", outputs=[
        v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"},
                      metadata={"image/png": {"alt": 'Articles per week by "outlet" <b>'}}),
        *outputs])
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("# Corpus *overview*\n\nVolume and $tone$."), params, injected,
                                setup, chart])
    nb.metadata["papermill"] = {"parameters": {"corpus": "small.csv", "start": "2017-01-05"},
                                "end_time": "2026-12-03T14:02:08.171433+00:00"}
    path = tmp_path / "02-corpus-overview.ipynb"
    nbformat.write(nb, path)
    return path


def _alts(page: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append(dict(attrs).get("alt"))

    Images().feed(page)
    return found


HOSTILE_MD = ('Outlet <script>window.__pwned=1</script> <img src=x onerror=alert(1)> [click](javascript:alert(2)) '
              '![pic](http://evil.example/i.png) <http://evil.example/a> http://evil.example/b costs $5 and $6 '
              '<!-- note -->')


def test_page_for_readers_has_title_nav_run_box_alt_and_no_code_or_scripts(tmp_path):
    md_out = nbformat.v4.new_output("display_data", data={"text/markdown": HOSTILE_MD})
    page = report.to_html(executed(tmp_path, outputs=[md_out]), tmp_path / "02.html",
                          prev=("01-one-article.html", "One <article>"), next=("03.html", "Three")).read_text()
    assert "<title>Corpus overview</title>" in page  # the first heading
    assert re.search(r"<script\b", page, re.I) is None and "cdnjs" not in page and "require" not in page
    assert f'content="{pages.CSP}"' in page and "script-src 'none'" in page
    for href in ("index.html", "01-one-article.html", "03.html"):
        assert page.count(f'href="{href}"') == 2  # nav above and below
    assert "One &lt;article&gt;" in page
    assert _alts(page) == ['Articles per week by "outlet" <b>']  # from the chart, escaped in the attribute
    # code hidden; the parameters once, readable, in the run box
    assert "corpus = None" not in page and "# Parameters" not in page and "plt.show" not in page
    box = re.search(r'<section[^>]*class="runbox".*?</section>', page, re.S).group(0)
    for fact in ("<b>Corpus:</b> small.csv", "<b>Period:</b> from 2017-01-05", "<b>Outlets:</b> all",
                 "<b>Articles in view:</b> 5 of 9", "<b>Sample:</b> 50", "<b>Run:</b> 03 Dec 2026 14:02 UTC",
                 "ab" * 32, "pandas 2.2"):
        assert fact in box, fact
    assert page.count("**Data:**") == 0 and page.count("SHA-256") == 1  # the run-info output moved into the box
    assert "Parameters" in box and "corpus=" not in page
    # text from the data: literal, never markup, links or maths
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page and "<img src=x" not in page
    assert "[click](javascript:alert(2))" in page and "![pic](http://evil.example/i.png)" in page
    assert 'href="http://evil' not in page and 'href="javascript' not in page and "costs $5 and $6" in page
    assert "Volume and $tone$." in page  # the notebook's own Markdown: no maths either


def test_with_code_keeps_code_cells_but_shows_the_parameters_once(tmp_path):
    page = report.to_html(executed(tmp_path), tmp_path / "02.html", with_code=True).read_text()
    assert "plt" in page and "show" in page  # the code is there (highlighted)
    assert "# Parameters" not in page and "corpus = None" not in page  # neither parameters cell
    assert page.count('class="runbox"') == 1


@pytest.mark.parametrize("text, html", [
    ("**bold** and `code`", "<p><strong>bold</strong> and <code>code</code></p>\n"),
    ("<b>x</b>", "<p>&lt;b&gt;x&lt;/b&gt;</p>\n"),
    ("[a](http://e.com)", "<p>[a](http://e.com)</p>\n"),
    ("![a](http://e.com/i.png)", "<p>![a](http://e.com/i.png)</p>\n"),
    ("see http://e.com and <http://e.com>", "<p>see http://e.com and &lt;http://e.com&gt;</p>\n"),
    ("$x^2$ and $$y$$", "<p>$x^2$ and $$y$$</p>\n"),
    ("BBC \\*News\\*", "<p>BBC *News*</p>\n"),  # narrate's escaping of names still works
    ("default &lt;corpus&gt; &amp; A&B", "<p>default &lt;corpus&gt; &amp; A&amp;B</p>\n"),  # report.escape's output
])
def test_literal_markdown(text, html):
    assert pages.literal_markdown(text) == html


@pytest.mark.parametrize("make, alt", [
    (lambda f, a: a.set_title("Tone by outlet"), "Tone by outlet"),
    (lambda f, a: (f.suptitle("Themes"), a.set_title("TASS"), f.text(0, 0, "n = 12 articles.")),
     "Themes. TASS. n = 12 articles."),
    (lambda f, a: (a.set_xlabel("week"), a.set_ylabel("articles")), "Chart: articles by week"),
    (lambda f, a: None, "Chart"),
])
def test_figure_alt(make, alt):
    fig, ax = plt.subplots()
    make(fig, ax)
    assert pages.figure_alt(fig) == alt
    plt.close(fig)


def test_ipython_extension_puts_alt_in_the_png_metadata():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats

    ip = InteractiveShell.instance()
    select_figure_formats(ip, {"png"})
    pages.load_ipython_extension(ip)
    pages.load_ipython_extension(ip)  # twice: wrapped once
    fig, ax = plt.subplots()
    ax.set_title("Tone by outlet")
    data, meta = ip.display_formatter.format(fig)
    plt.close(fig)
    assert "image/png" in data and meta["image/png"]["alt"] == "Tone by outlet"
    data, meta = ip.display_formatter.format(pd.DataFrame({"a": [1]}))
    assert "image/png" not in (meta or {})


def test_index_page_links_pages_and_has_nav():
    page = pages.index_page([("01.html", "One"), ("explore.html", "Explore <all>")], summary="<p>S</p>",
                            method="<p>M</p>", info="<p>I</p>")
    assert '<a rel="next" href="01.html">Next: One →</a>' in page
    assert '<a href="explore.html">Explore &lt;all&gt;</a>' in page and "<script" not in page
    assert "<title>News analysis report</title>" in page


# --------------------------------------------------------------------------- the explorer page

def test_embedded_json_cannot_close_its_script_block():
    value = {"t": "</script><script>alert(1)</script><!-- & -->", "u": "\u2028"}
    text = explorer_page.embed_json(value)
    assert "<" not in text and ">" not in text and json.loads(text) == value


def _inline(page: str, tag: str) -> str:
    return re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)


def test_explorer_page_allows_only_its_own_script_and_style():
    data = {"themes": [], "outlets": [], "actors": [], "first": None, "last": None, "limit": 5, "shown": 1, "of": 9,
            "articles": [{"id": "1", "title": "</script><script>alert(1)</script>", "text": "", "evidence": [],
                          "sentences": [], "actors": [], "themes": [], "source": "x", "outlet": "x", "date": None,
                          "polarity": 0.0}]}
    page = explorer_page.page(data, next=("index.html", "Index"))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    digest = lambda s: "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"  # noqa: E731
    assert f"script-src {digest(_inline(page, 'script'))};" in csp
    assert f"style-src {digest(_inline(page, 'style'))};" in csp
    assert "default-src 'none'" in csp and "img-src data:" in csp
    assert page.count("<script") == 2 and "alert(1)</script>" not in page
    assert "A sample of 1 of the report&#x27;s 9 articles: at most 5" in page
    assert "innerHTML" not in explorer_page._asset("explorer.js")  # data goes in as text only


def _corpus(tmp_path, n=12):
    rows = [{"title": f"Story {i}", "source": ["tass.com", "bbc.co.uk", "cnn.com"][i % 3],
             "published": f"2017-01-{i + 1:02d}",
             "text": ("😀 " * (i % 2)) + f"Report {i}: oil prices rose after OPEC cut output. Russia vetoed a UN draft resolution."}
            for i in range(n)]
    path = tmp_path / "c.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_explorer_data_is_bounded_stratified_and_counts_utf16(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    bundle = report.prepare(str(_corpus(tmp_path)))
    everything = explorer_page.explorer_data(bundle, sample=100)
    assert everything["shown"] == everything["of"] == 12
    some = explorer_page.explorer_data(bundle, sample=5)
    assert some["shown"] <= 5 and some["of"] == 12 and len({a["source"] for a in some["articles"]}) == 3
    assert [t["name"] for t in everything["themes"]] == ["sanctions", "energy", "un_voting"]
    for a in everything["articles"]:
        units = a["text"].encode("utf-16-le")
        js = lambda s, e: units[2 * s:2 * e].decode("utf-16-le")  # noqa: E731 - what String.slice gives
        assert a["evidence"] and all(js(s, e).lower() == term.lower() for s, e, _, term in a["evidence"])
        assert [js(s, e).strip() for s, e, _, _ in a["sentences"]][-1] == "Russia vetoed a UN draft resolution."
        # each sentence carries its tone and TextBlob polarity, the article both as well
        sents = bundle.read("sentences", [a["id"]]).sort_values("start")
        assert [(t, p) for _, _, t, p in a["sentences"]] == [(round(t, 3), round(p, 3)) for t, p in
                                                             zip(sents["tone"], sents["polarity"])]
        row = bundle.articles.set_index("article_id").loc[a["id"]]
        assert (a["tone"], a["polarity"]) == (round(row["tone"], 3), round(row["polarity"], 3))
        assert "energy" in a["themes"] and a["date"].startswith("2017-01-")


def _scored_and_counting_reads(tmp_path, monkeypatch, n=30):
    """A corpus of ``n`` articles scored once in a private data folder, and the list of the reads of its
    tables from then on: ``(table, number of ids or None, columns)``."""
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    path = _corpus(tmp_path, n=n)
    report.prepare(str(path))  # scored once
    reads = []
    real = report._read_table
    monkeypatch.setattr(report, "_read_table", lambda p, ids, **kw: reads.append(
        (Path(p).name, None if ids is None else len(ids), kw.get("columns"))) or real(p, ids, **kw))
    return path, reads


@pytest.mark.parametrize("view", [{}, {"start": "2017-01-04", "outlets": ["tass.com", "cnn.com"]}])
def test_explorer_data_reads_only_its_sample_and_equals_the_page_from_the_whole_table(tmp_path, monkeypatch, view):
    path, reads = _scored_and_counting_reads(tmp_path, monkeypatch)
    bundle = report.prepare(str(path), **view)
    n = bundle.n_articles
    assert n == bundle.info["n_articles"] and bundle.columns == report._column_names(bundle.folder / "articles")
    report._check_in_view(bundle, str(path), **{"start": None, "end": None, "outlets": None, **view})
    reads.clear()
    streamed = explorer_page.explorer_data(bundle, sample=7)
    for name, ids, columns in reads:  # the ids and outlets of the view, else the sample (before a trim per outlet)
        assert (name == "articles" and set(columns) <= {"article_id", "source"}) or (ids is not None and ids <= 7 + 3), \
            (name, ids, columns)
    assert bundle._loaded["articles"] is None
    assert len(bundle.articles) == n  # read whole now: the page from the whole table is the same
    assert explorer_page.explorer_data(bundle, sample=7) == streamed
    assert streamed["of"] == n and 0 < streamed["shown"] <= 7 and len(streamed["outlets"]) == (2 if view else 3)


def test_report_front_matter_reads_no_article_or_actor_table_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "CELL_BATCH", 5)
    monkeypatch.setattr(explorer_page, "SAMPLE", 4)
    path, reads = _scored_and_counting_reads(tmp_path, monkeypatch)
    summary, info = report._front_matter(str(path), tmp_path / "explore.html", start=None, end=None, outlets=None,
                                         columns=None, params={}, neighbours={})
    assert "30" in info and summary and (tmp_path / "explore.html").exists()
    for name, ids, columns in reads:  # the view's keys; else a batch of the streaming passes or the page's sample
        assert (name == "articles" and set(columns) <= {"article_id", "published", "source"}) or (
            ids is not None and ids <= 5), (name, ids, columns)
    assert {name for name, _, _ in reads} >= {"articles", "actor_sentiment", "evidence", "sentences"}


@pytest.mark.parametrize("argv, expected", [([], False), (["--with-code"], True)])
def test_report_command_passes_with_code(monkeypatch, argv, expected):
    from analysis import cli

    seen = {}

    def build(*args, **kwargs):
        seen.update(kwargs)
        raise RuntimeError("stop here")

    monkeypatch.setattr(report, "build", build)
    assert cli.main(["report", "--no-progress", *argv]) == 1
    assert seen["with_code"] is expected
