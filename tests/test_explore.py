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


# --------------------------------------------------------------------------- examples of a theme

from analysis.aggregate.tables import salient_articles  # noqa: E402
from analysis.present.explore import theme_examples  # noqa: E402


def _arts(rows):
    """Articles about energy from (id, outlet, salience, hits[, flag, near_duplicate_of]) tuples."""
    cols = ["article_id", "source", "energy_salience", "energy_hits", "energy", "near_duplicate_of"]
    full = [tuple(r) + (True, None)[len(r) - 4:] for r in rows]
    return pd.DataFrame(full, columns=cols, index=[f"row{i}" for i in range(len(rows))])


@pytest.mark.parametrize("rows, n, per_outlet, chosen", [
    # by salience, then hits, then id
    ([("b", "x", 0.5, 2), ("a", "y", 0.5, 2), ("c", "z", 0.5, 3), ("d", "w", 0.9, 1)], 4, 2, ["d", "c", "a", "b"]),
    # a third article of x waits until the other outlets' ranked ones are taken ...
    ([("a", "x", 0.9, 1), ("b", "x", 0.8, 1), ("c", "x", 0.7, 1), ("d", "y", 0.1, 1)], 3, 2, ["a", "b", "d"]),
    # ... and is taken when nothing else is left
    ([("a", "x", 0.9, 1), ("b", "x", 0.8, 1), ("c", "x", 0.7, 1), ("d", "y", 0.1, 1)], 4, 2, ["a", "b", "d", "c"]),
    ([("a", "x", 0.9, 1), ("b", "x", 0.8, 1), ("c", "y", 0.1, 1)], 2, 1, ["a", "c"]),
    # an article not about the theme, or a near-duplicate copy, is never an example
    ([("a", "x", 0.9, 5, False), ("b", "y", 0.4, 1), ("c", "z", 0.95, 3, True, "b")], 3, 2, ["b"]),
    # an unknown outlet is an outlet of its own
    ([("a", None, 0.9, 1), ("b", None, 0.8, 1), ("c", None, 0.7, 1), ("d", "y", 0.1, 1)], 3, 2, ["a", "b", "d"]),
    ([], 5, 2, []),
])
def test_salient_articles_ranks_by_salience_and_spreads_outlets(rows, n, per_outlet, chosen):
    arts = _arts(rows)
    before = arts.copy()
    out = salient_articles(arts, theme="energy", n=n, per_outlet=per_outlet)
    assert out["article_id"].tolist() == chosen
    pd.testing.assert_frame_equal(arts, before)  # the input is not changed
    assert list(out.columns) == list(arts.columns)
    assert out.index.tolist() == [arts.index[arts["article_id"] == a][0] for a in chosen]  # index kept


def test_salient_articles_names_what_is_missing_or_wrong():
    with pytest.raises(KeyError, match="energy_salience"):
        salient_articles(pd.DataFrame({"article_id": [], "source": [], "energy": [], "energy_hits": []}),
                         theme="energy")
    with pytest.raises(ValueError, match="per_outlet"):
        salient_articles(_arts([("a", "x", 0.9, 1)]), theme="energy", per_outlet=0)


def _hits(rows):
    """Evidence rows from (article, theme, term, start, sentence_no, snippet) tuples."""
    return pd.DataFrame([dict(zip(["article_id", "theme", "term", "start", "sentence_no", "snippet"], r), end=r[3] + 3)
                         for r in rows])


@pytest.mark.parametrize("hits, sentence, terms", [
    # two distinct terms beat three uses of one term
    ([("a", "energy", "oil", 0, 0, "Oil, oil, oil."), ("a", "energy", "oil", 5, 0, "Oil, oil, oil."),
      ("a", "energy", "oil", 10, 0, "Oil, oil, oil."), ("a", "energy", "gas", 20, 1, "Gas and coal."),
      ("a", "energy", "coal", 28, 1, "Gas and coal.")], "Gas and coal.", "gas, coal"),
    # equal distinct terms: more hits win; then the earlier sentence
    ([("a", "energy", "oil", 0, 0, "Oil here."), ("a", "energy", "oil", 20, 1, "Oil and oil."),
      ("a", "energy", "oil", 28, 1, "Oil and oil.")], "Oil and oil.", "oil"),
    ([("a", "energy", "gas", 30, 2, "Gas later."), ("a", "energy", "oil", 0, 0, "Oil first.")], "Oil first.", "oil"),
    # another theme's hits do not count
    ([("a", "energy", "oil", 0, 0, "Oil rose."), ("a", "sanctions", "sanctions", 20, 1, "Sanctions, embargo."),
      ("a", "sanctions", "embargo", 31, 1, "Sanctions, embargo.")], "Oil rose.", "oil"),
])
def test_theme_examples_show_the_sentence_naming_the_theme_most_ways(hits, sentence, terms):
    arts = pd.DataFrame({"article_id": ["a"], "source": ["dw.com"], "energy_salience": [0.5], "title": ["T"]})
    out = theme_examples(arts, _hits(hits), theme="energy")
    assert out.to_dict("records") == [{"outlet": "DW", "title": "T", "salience": 0.5, "terms": terms,
                                       "sentence": sentence}]


def test_theme_examples_keep_the_order_given_and_skip_articles_without_evidence():
    arts = pd.DataFrame({"article_id": ["b", "x", "a"], "source": ["tass.com", "cnn.com", "nowhere.example"],
                         "energy_salience": [0.9, 0.8, 0.7]})
    hits = _hits([("a", "energy", "oil", 0, 0, "Oil <b>rose</b>."), ("b", "energy", "gas", 0, 0, "Gas fell.")])
    out = theme_examples(arts, hits, theme="energy")
    assert list(out.columns) == ["outlet", "salience", "terms", "sentence"]  # no title given: none shown
    assert out["outlet"].tolist() == ["TASS", "nowhere.example"] and out["salience"].tolist() == [0.9, 0.7]
    page = text_table(out, digits=2)
    assert "Oil &lt;b&gt;rose&lt;/b&gt;." in page and ">0.90<" in page
    with pytest.raises(KeyError, match="sentence_no"):
        theme_examples(arts, hits.drop(columns="sentence_no"), theme="energy")


def test_examples_on_analysed_articles_come_from_their_evidence(tables):
    arts = tables.articles.assign(title=["One", "Two", "Three"])
    for theme in ("sanctions", "energy", "un_voting"):
        chosen = salient_articles(arts, theme=theme)
        out = theme_examples(chosen, tables.evidence, theme=theme)
        assert len(out) == int(arts[theme].sum()) >= 1
        for row in out.itertuples():
            said = tables.evidence[(tables.evidence["theme"] == theme) & (tables.evidence["snippet"] == row.sentence)]
            assert set(row.terms.split(", ")) == set(said["term"])
