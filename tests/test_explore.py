"""analysis.explore: highlighted article HTML and the interactive widget view."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.present.explore import explore, filter_articles, highlight, text_table

TEXTS = [
    "Russia vetoed the draft resolution at the UN Security Council. Oil prices rose <b>sharply</b>.",
    "The EU extended sanctions on Moscow. Officials were happy.",
    "A new park opened in town. <script>alert(1)</script> Children played.",
]


@pytest.fixture(scope="module")
def tables():
    df = pd.DataFrame({"article_id": ["a", "b", "c"], "text": TEXTS, "title": ["One", "Two", "<i>Three</i>"],
                       "source": ["tass.com", "bbc.co.uk", "cnn.com"],
                       "published": pd.to_datetime(["2017-01-02", "2017-02-03", "2017-03-04"], utc=True)})
    return analysis.analyze_all(df)


def test_highlight_marks_every_hit_and_escapes_text(tables):
    ev = tables.evidence[tables.evidence.article_id == "a"]
    sent = tables.sentences[tables.sentences.article_id == "a"]
    page = highlight(TEXTS[0], evidence=ev, sentences=sent)
    for row in ev.itertuples():
        assert f">{TEXTS[0][row.start:row.end]}</mark>" in page
    assert page.count("<mark title=") == len(ev)
    assert page.count('class="sentence"') == len(sent)
    assert "&lt;b&gt;sharply&lt;/b&gt;" in page and "<b>" not in page
    hostile = highlight(TEXTS[2], evidence=tables.evidence[tables.evidence.article_id == "c"])
    assert "<script>" not in hostile and "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile


@pytest.mark.parametrize("tone, polarity, colour, title", [
    (0.2, -0.5, "rgba(0,114,178,0.07)", "tone +0.200; TextBlob polarity -0.500"),  # tone leads the tint
    (-0.4, 0.0, "rgba(213,94,0,0.14)", "tone -0.400; TextBlob polarity +0.000"),
    (None, 0.5, "rgba(0,114,178,0.17)", "TextBlob polarity +0.500"),               # no tone: polarity
])
def test_highlight_tints_sentences_by_tone(tone, polarity, colour, title):
    sent = pd.DataFrame({"start": [0], "end": [9], "polarity": [polarity]})
    if tone is not None:
        sent["tone"] = [tone]
    page = highlight("Oil rose.", sentences=sent)
    assert f'title="{title}" style="background:{colour}"' in page


def test_filter_articles(tables):
    arts = tables.articles
    assert filter_articles(arts, themes=["sanctions"])["article_id"].tolist() == ["b"]
    assert filter_articles(arts, actors=["Russia"])["article_id"].tolist() == ["a", "b"]
    assert filter_articles(arts, outlets=["cnn.com"], start="2017-03-01")["article_id"].tolist() == ["c"]
    assert filter_articles(arts, end="2017-01-02")["article_id"].tolist() == ["a"]


def test_explore_widget_filters_lists_and_shows(tables):
    view = explore(tables.articles, sentences=tables.sentences, evidence=tables.evidence)
    filters, table, chooser, shown = view.children
    theme_box, outlet_box, actor_box, dates = filters.children
    assert "3 matching articles" in table.value
    assert "&lt;i&gt;Three&lt;/i&gt;" in table.value  # titles escaped in the list
    theme_box.value = ("un_voting",)
    assert "1 matching articles" in table.value and [v for _, v in chooser.options] == ["a"]
    chooser.value = "a"
    assert "<mark" in shown.value and "Security Council" in shown.value
    theme_box.value = ()
    actor_box.value = ("European Union",)
    assert [v for _, v in chooser.options] == ["b"]


def test_explore_starts_with_the_list_filled_and_the_first_article_shown(tables):
    view = explore(tables.articles, sentences=tables.sentences, evidence=tables.evidence)
    _, table, chooser, shown = view.children
    assert [v for _, v in chooser.options] == ["a", "b", "c"]
    assert chooser.value == "a" and "<h3>One</h3>" in shown.value and "<mark" in shown.value
    theme_box = view.children[0].children[0]
    theme_box.value = ("sanctions",)  # the chosen article no longer matches: the first that does is shown
    assert chooser.value == "b" and "<h3>Two</h3>" in shown.value
    theme_box.value = ()  # still matching: kept
    assert chooser.value == "b"
    theme_box.value = ("sanctions", "un_voting")  # nothing matches
    assert chooser.options == () and chooser.value is None and shown.value == ""


def test_explore_filter_row_wraps_to_fit_the_page(tables):
    filters = explore(tables.articles, sentences=tables.sentences, evidence=tables.evidence).children[0]
    assert filters.layout.display == "flex" and filters.layout.flex_flow == "row wrap"
    assert filters.layout.width == "100%"
    for control in filters.children:  # each grows from a small basis, never wider than the row, no fixed width
        assert control.layout.flex == "1 1 14em" and control.layout.max_width == "100%", control
        assert control.layout.width in (None, "auto"), control


def test_explore_needs_analysed_columns():
    with pytest.raises(KeyError, match="polarity"):
        explore(pd.DataFrame({"article_id": ["a"], "text": ["x"], "source": ["s"], "published": [pd.NaT],
                              "actors": [[]]}))


@pytest.mark.parametrize("table, cells", [
    # text escaped, read as text, no row numbers (the index is not shown)
    (pd.DataFrame({"title": ['<script>alert("x")</script> & co']}, index=[7]),
     ['<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</td>']),
    # numbers keep their alignment; missing text is an empty cell, not "None"
    (pd.DataFrame({"term": ["oil", None], "sentence": [3, 12]}),
     ['<td>oil</td><td class="num">3</td>', '<td></td><td class="num">12</td>']),
    (pd.DataFrame({"flag": [True]}), ["<td>True</td>"]),
    (pd.DataFrame({"share": [0.5, float("nan")]}), ['<td class="num">0.5</td>', '<td class="num"></td>']),
])
def test_text_table_escapes_drops_the_index_and_aligns_numbers(table, cells):
    out = text_table(table)
    assert out.startswith('<table class="text-table"><thead><tr>')
    assert out.count("<tr>") == len(table) + 1
    for cell in cells:
        assert cell in out
    assert ">7<" not in out and "<script>" not in out


def test_text_table_prints_decimals_as_asked_and_counts_as_they_are():
    out = text_table(pd.DataFrame({"actor": ["Russia"], "sentences": [3], "tone": [0.0270861]}), digits=3)
    assert '<td>Russia</td><td class="num">3</td><td class="num">0.027</td>' in out
