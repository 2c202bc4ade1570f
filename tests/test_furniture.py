"""Page furniture found from the collection itself (analysis.furniture), and outlet terms in keywords."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis
from analysis import furniture
from analysis.aggregate.keywords import keywords

VOCAB = ("harbour council ferry museum drought tariff election bakery glacier orchestra vaccine railway "
         "senate embargo festival reactor pipeline harvest minister budget river bridge school clinic "
         "teacher farmer market factory border treaty court judge soldier village airport station").split()
CITIES = ["MOSCOW", "KIEV", "TOKYO", "NEW YORK", "GENEVA", "ANKARA"]
MONTHS = ["January", "February", "March"]
DISCLAIMER = "The views expressed here are the writer's own and not the Alpha Herald's policy."
SHARE = "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin Permalink http://alpha.example/p/{code}"
QUOTE = '"We will not back down, whatever the cost to the harbour," the minister said.'
TINY_NOTE = "Tiny Gazette readers can write to the desk at any time of day."


def sentence(rnd: random.Random) -> str:
    words = [rnd.choice(VOCAB) for _ in range(9)]
    return f"The {' '.join(words)}."


def body(rnd: random.Random, n: int = 3) -> str:
    return " ".join(sentence(rnd) for _ in range(n))


def make_corpus() -> pd.DataFrame:
    """Three outlets: alpha (30 articles), beta (25), tiny (4), with known furniture."""
    rnd = random.Random(7)
    rows = []
    for i in range(30):  # alpha: dateline, disclaimer, share bar with its own permalink, promotion
        city, month = CITIES[i % len(CITIES)], MONTHS[i % 3]
        text = f"{city}, {month} {1 + i % 27}. /ALPHA/. {body(rnd)} {DISCLAIMER}"
        if i < 20:
            text += " " + SHARE.format(code=f"{rnd.randrange(16**6):06x}XyZ") + " Learn more"
        rows.append(("alpha.example", text))
    for i in range(25):  # beta: print footer with dates and pages, agency credits
        text = body(rnd)
        if i in (3, 11):
            text += " " + QUOTE
        if i % 2:
            text += f" {rnd.choice(['xy', 'rs', 'kd'])}/{rnd.choice(['ab', 'rc', 'jm'])} (AP, dpa)"
        else:
            text += f" (Beta Weekly {1 + i % 12:02d}/{1 + i % 28:02d}/2017 page{1 + i})"
        rows.append(("beta.example", text))
    for i in range(4):  # tiny: the same closing line in every article, but only four articles
        rows.append(("tiny.example", f"{body(rnd)} {TINY_NOTE}"))
    df = pd.DataFrame(rows, columns=["source", "text"])
    df.index = [f"doc{k}" for k in range(len(df))][::-1]  # a non-default index, kept in order
    return df


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return make_corpus()


@pytest.fixture(scope="module")
def pieces(corpus) -> pd.DataFrame:
    return furniture.find(corpus)


@pytest.fixture(scope="module")
def stripped(corpus) -> pd.DataFrame:
    return furniture.strip(corpus)


# --------------------------------------------------------------------------- repetition


def rows_of(df: pd.DataFrame, source: str) -> pd.DataFrame:
    return df[df["source"] == source]


def test_repeated_disclaimer_is_removed_everywhere(corpus, pieces, stripped):
    alpha = rows_of(stripped, "alpha.example")
    assert not alpha["text"].str.contains("views expressed", regex=False).any()
    hits = pieces[pieces["text"] == DISCLAIMER]
    assert set(hits["kind"]) == {"repeated_sentence"}
    assert sorted(hits["article"]) == sorted(rows_of(corpus, "alpha.example").index)
    assert (hits["n_articles"] == 30).all()


@pytest.mark.parametrize("k", [0, 7, 19])
def test_share_bar_with_varying_permalink_and_promo_go(corpus, stripped, k):
    label = rows_of(corpus, "alpha.example").index[k]
    before, after = corpus.loc[label, "text"], stripped.loc[label, "text"]
    assert "Whatsapp" in before and "Learn more" in before
    assert "Whatsapp" not in after and "Permalink" not in after and "Learn more" not in after
    assert after.endswith(".")  # the story's own last sentence ends it now


@pytest.mark.parametrize("k", [0, 5, 12])
def test_print_footer_with_varying_dates_groups(corpus, pieces, stripped, k):
    label = rows_of(corpus, "beta.example").index[2 * k]  # even articles carry the footer
    assert "Beta Weekly" in corpus.loc[label, "text"]
    assert "Beta Weekly" not in stripped.loc[label, "text"]
    mine = pieces[(pieces["article"] == label) & pieces["text"].str.contains("Beta Weekly", regex=False)]
    assert len(mine) == 1 and mine["kind"].iloc[0] == "repeated_sentence"
    assert mine["n_articles"].iloc[0] == 13  # the 13 even articles share one normalised key


def test_outlet_with_few_articles_keeps_its_repeated_line(corpus, pieces, stripped):
    tiny = rows_of(corpus, "tiny.example").index
    assert not pieces["article"].isin(tiny).any()
    assert stripped.loc[tiny, "text"].str.endswith(TINY_NOTE).all()
    assert (stripped.loc[tiny, "n_furniture"] == 0).all()


def test_quote_repeated_in_two_stories_survives(corpus, stripped):
    with_quote = corpus.index[corpus["text"].str.contains(QUOTE, regex=False)]
    assert len(with_quote) == 2
    assert stripped.loc[with_quote, "text"].str.contains(QUOTE, regex=False).all()


@pytest.mark.parametrize("min_articles, removed", [(10, True), (30, True), (31, False)])
def test_min_articles_threshold(corpus, min_articles, removed):
    p = furniture.find(corpus, min_articles=min_articles, rules=False)
    assert (p["text"] == DISCLAIMER).any() == removed


@pytest.mark.parametrize("min_share, removed", [(0.5, True), (1.0, True), (0.0, True)])
def test_min_share_is_relative_to_the_outlet(corpus, min_share, removed):
    # the disclaimer is in all 30 alpha articles: every share up to 100% keeps finding it
    p = furniture.find(corpus, min_share=min_share, rules=False)
    assert (p["text"] == DISCLAIMER).any() == removed


@pytest.mark.parametrize("n_articles, n_with, removed", [
    (100, 4, False),  # fewer than MIN_ARTICLES (5)
    (100, 5, True),
    (800, 7, False),  # fewer than MIN_SHARE (1%) of a larger outlet's articles
    (800, 8, True),
])
def test_default_thresholds(n_articles, n_with, removed):
    rnd = random.Random(11)
    note = "Start your workday the right way with the harbour news that matters most."
    df = pd.DataFrame({"source": ["x"] * n_articles,
                       "text": [body(rnd) + (" " + note if i < n_with else "") for i in range(n_articles)]})
    p = furniture.find(df, rules=False)
    assert (furniture.MIN_ARTICLES, furniture.MIN_SHARE) == (5, 0.01)
    assert (p["text"].tolist() == [note] * n_with) if removed else p.empty


def test_share_above_the_repetition_finds_nothing():
    rnd = random.Random(3)
    df = pd.DataFrame({"source": ["x"] * 40,
                       "text": [body(rnd) + (" " + DISCLAIMER if i < 12 else "") for i in range(40)]})
    assert (furniture.find(df, min_share=0.25, rules=False)["text"] == DISCLAIMER).all()  # 12/40 = 30%
    assert furniture.find(df, min_share=0.35, rules=False).empty


def test_background_repeated_mid_article_is_not_furniture():
    rnd = random.Random(5)
    shared = "The council first debated the ferry budget at the harbour in the dry year."
    texts = [" ".join([sentence(rnd) for _ in range(4)] + [shared] + [sentence(rnd) for _ in range(10)])
             for _ in range(15)]
    df = pd.DataFrame({"source": ["x"] * 15, "text": texts})
    assert furniture.find(df).empty
    # the same sentence closing every article is furniture
    df2 = pd.DataFrame({"source": ["x"] * 15, "text": [body(rnd) + " " + shared for _ in range(15)]})
    assert (furniture.find(df2)["text"] == shared).sum() == 15


def test_reprints_are_not_counted():
    rnd = random.Random(9)
    texts = [body(rnd) + " " + DISCLAIMER for _ in range(12)]
    df = pd.DataFrame({"source": ["x"] * 12, "text": texts,
                       "near_duplicate_of": [None] * 4 + list("abcdefgh")})
    assert furniture.find(df, rules=False).empty  # 4 originals < 5
    df["near_duplicate_of"] = [None] * 12
    assert len(furniture.find(df, rules=False)) == 12


def test_missing_outlet_is_compared_with_no_other():
    rnd = random.Random(4)
    df = pd.DataFrame({"source": [None] * 12, "text": [body(rnd) + " " + DISCLAIMER for _ in range(12)]})
    assert furniture.find(df).empty
    assert len(furniture.find(df, by=None)) == 12  # one group: the whole collection


def test_short_repeated_unit_only_at_an_edge_or_next_to_furniture():
    rnd = random.Random(11)
    texts = [body(rnd) + " Learn more" for _ in range(12)]
    mid = body(rnd, 2) + " Learn more. " + body(rnd, 2)
    df = pd.DataFrame({"source": ["x"] * 13, "text": texts + [mid]})
    out = furniture.strip(df)
    assert not out["text"].iloc[:12].str.contains("Learn more").any()
    assert out["text"].iloc[12] == mid


def _kicker_corpus(label: str, source: str = "gamma.example", n: int = 12, *, headline: str = "Who runs the harbour?",
                   lead: str = "Drought") -> pd.DataFrame:
    """``n`` articles of ``source`` with ``label`` and a linked headline in the middle of the story."""
    rnd = random.Random(21)
    texts = []
    for i in range(n):
        middle = f"{label} {headline} " if i % 2 else f"{label} {lead} hits the farms of the {VOCAB[i]} "
        texts.append(" ".join([sentence(rnd) for _ in range(4)]) + f" {middle}" + body(rnd, 10))
    return pd.DataFrame({"source": [source] * n, "text": texts})


@pytest.mark.parametrize("label", ["OPINION:", "IN PICTURES:", "READ MORE - UNICEF:"])
def test_repeated_kicker_goes_anywhere_with_a_short_headline(label):
    df = _kicker_corpus(label)
    out = furniture.strip(df)
    assert not out["text"].str.contains(label.rstrip(":"), regex=False).any()  # mid-article, yet removed
    odd, even = out["text"].iloc[1::2], out["text"].iloc[0::2]
    assert not odd.str.contains("Who runs the harbour?", regex=False).any()  # the headline went with it
    assert odd.map(lambda t: t.count(".")).eq(14).all()  # every sentence of the story stayed
    # a headline that runs into the story (no stop between them) stays with the story; only the label goes
    assert even.str.contains("Drought hits the farms of the", regex=False).all()
    assert (out["n_furniture"] == [1, 2] * 6).all()


def test_kicker_in_another_case_goes_as_the_kicker():
    df = _kicker_corpus("OPINION:")
    df.loc[3, "text"] = df.loc[3, "text"].replace("OPINION:", "Opinion:")
    out = furniture.strip(df)
    assert not out["text"].str.contains("Opinion:", case=False, regex=False).any()


@pytest.mark.parametrize("label, source, n", [
    ("GAMMA:", "gamma.example", 12),   # the outlet's own name: its interviewer speaking
    ("OPINION:", "gamma.example", 4),   # in fewer than five of the outlet's articles
    ("Opinion:", "gamma.example", 12),  # not in capitals: a label like any other, kept mid-article
])
def test_labels_that_are_not_kickers_stay(label, source, n):
    df = _kicker_corpus(label, source, n)
    out = furniture.strip(df)
    assert out["text"].str.contains(label, regex=False).all()
    assert out["text"].iloc[1::2].str.contains("Who runs the harbour?", regex=False).all()


def test_article_that_is_only_furniture_is_kept():
    rnd = random.Random(12)
    texts = [body(rnd) + " " + DISCLAIMER for _ in range(12)] + [DISCLAIMER]
    out = furniture.strip(pd.DataFrame({"source": ["x"] * 13, "text": texts}))
    assert out["text"].iloc[12] == DISCLAIMER and out["n_furniture"].iloc[12] == 0
    assert (out["n_furniture"].iloc[:12] == 1).all()


# --------------------------------------------------------------------------- rules


@pytest.mark.parametrize("opening, place", [
    ("MOSCOW, February 7. /TASS/. ", "MOSCOW"),
    ("BAKU, March 21. /TASS/. ", "BAKU"),
    ("PORT VELLA (Reuters) - ", "PORT VELLA"),
    ("Washington (CNN)", "Washington"),
    ("Hong Kong (CNN) ", "Hong Kong"),
    ("WASHINGTON \u2014 ", "WASHINGTON"),
    ("SOFIA, Bulgaria - ", "SOFIA, Bulgaria"),
])
def test_dateline_goes_to_the_dateline_column(opening, place):
    story = "Negotiators met again on Wednesday to discuss the harbour. Talks went on late."
    df = pd.DataFrame({"source": ["s"], "text": [opening + story]})
    out = furniture.strip(df)
    assert out["text"].iloc[0] == story
    assert out["dateline"].iloc[0] == place
    p = furniture.find(df)
    assert p["kind"].tolist() == ["dateline"] and p["text"].iloc[0] == opening.strip()


@pytest.mark.parametrize("text", [
    "US President Donald Trump met envoys on Wednesday.",
    "EU leaders \u2014 and their advisers \u2014 met again.",
    "Apple (AAPL) shares rose on Wednesday after the results.",
    "NATO allies met in Brussels on Wednesday.",
    "Talks resumed (slowly) on Wednesday.",
])
def test_no_dateline_in_ordinary_openings(text):
    out = furniture.strip(pd.DataFrame({"source": ["s"], "text": [text]}))
    assert out["text"].iloc[0] == text
    assert pd.isna(out["dateline"].iloc[0])


def test_existing_dateline_is_not_overwritten():
    df = pd.DataFrame({"source": ["s"], "text": ["MOSCOW, March 3. /TASS/. Talks resumed."],
                       "dateline": ["SOCHI"]})
    out = furniture.strip(df)
    assert out["dateline"].iloc[0] == "SOCHI" and out["text"].iloc[0] == "Talks resumed."


@pytest.mark.parametrize("tail, kind", [
    ("xy/ab (AP, dpa)", "credit"),
    ("rs/msh-(AFP, Reuters)", "credit"),
    ("The Associated Press contributed to this report.", "credit"),
    ("ABC News' Jane Roe and John Doe contributed to this report.", "credit"),
    ("Reporting by Ana Ruiz; Editing by Tom Ode", "credit"),
    ("Source: News agencies", "credit"),
    ("Learn more", "promo"),
    ("READ MORE: Who votes in the harbour election?", "promo"),
    ("Read: Who votes in the harbour election?", "promo"),
    ("Send Facebook Twitter Google+ Whatsapp Tumblr linkedin Permalink http://x.example/p/2Wx", "share_bar"),
    ("Don't miss the Harbour Voices newsletter.", "promo"),
    ("Get harbour news in your inbox, each weekday morning.", "promo"),
    ("Sign up for our weekly newsletter and get breaking updates by messaging us here.", "promo"),
    ("ann.roe@herald.example", "credit"),
    ("Contact the writers at annroe@herald.example.", "credit"),
    ("Contact the writer atannroe@herald.example", "credit"),  # (a space lost)
    ("Email: desk_2@herald.example", "credit"),
])
def test_generic_rules_on_a_single_article(tail, kind):
    story = "Negotiators met again on Wednesday to discuss the harbour."
    df = pd.DataFrame({"source": ["s"], "text": [f"{story} {tail}"]})
    p = furniture.find(df)
    assert p["kind"].tolist() == [kind] and p["text"].iloc[0] == tail
    assert furniture.strip(df)["text"].iloc[0] == story
    assert furniture.find(df, rules=False).empty


@pytest.mark.parametrize("text", [
    "He contributed $5 to the campaign of the mayor last year.",
    "Read more books, the minister told the pupils at the school.",
    "Sources said the talks on the harbour would resume.",
    "The minister said: we will learn more next week.",
    "The party's newsletter said the harbour vote was close.",       # about a newsletter, not to the reader
    "Officials from the port authority said on Wednesday that the harbour plan, first reported in a trade "
    "newsletter, would let you dock.",                                # the newsletter word comes too late
    # a promotion glued to a story sentence (no stop between them) is too long to go: the story stays
    "Talks went on into the night as negotiators argued over the harbour fees and the quotas "
    "\"For more stories like this, sign up for the Harbour newsletter.",
    # an address in the story, or in a sentence of more than a contact line
    "Anyone with information should email tips@police.example or call the station.",
    "Readers wrote to letters@herald.example to complain about the ferry timetable all week.",
])
def test_rules_leave_prose_alone(text):
    assert furniture.find(pd.DataFrame({"source": ["s"], "text": [f"Talks resumed. {text}"]})).empty


@pytest.mark.parametrize("text, removed, left", [
    # an address glued after the last sentence of the story (no sentence break before it)
    ('Prices rose. "It will be hard," says Mitter. annroe@herald.example', ["annroe@herald.example"],
     'Prices rose. "It will be hard," says Mitter.'),
    # ... with a credit it had hidden
    ("Prices rose. Li Wei contributed to this story. annroe@herald.example",
     ["Li Wei contributed to this story.", "annroe@herald.example"], "Prices rose."),
    # ... with a photo caption after it: the address goes, the caption is cut off it and stays
    ("Prices rose. Dealers were calm. annroe@herald.example - A man looks at cars in Nanjing.",
     ["annroe@herald.example"], "Prices rose. Dealers were calm. - A man looks at cars in Nanjing."),
    # an address too far from the end is not a contact line
    ("Prices rose. annroe@herald.example Dealers were calm. Buyers waited. Sales fell. Stocks slid.", [],
     None),
])
def test_contact_line_at_the_end(text, removed, left):
    df = pd.DataFrame({"source": ["s"], "text": [text]})
    p = furniture.find(df)
    assert p["text"].tolist() == removed and set(p["kind"]) <= {"credit"}
    assert furniture.strip(df)["text"].iloc[0] == (left or text)


# --------------------------------------------------------------------------- contract


def test_offsets_point_into_the_original(corpus, pieces):
    for r in pieces.itertuples():
        assert corpus.loc[r.article, "text"][r.start:r.end] == r.text
    assert set(pieces["kind"]) <= set(furniture.KINDS)


def test_strip_contract(corpus, pieces, stripped):
    snapshot = corpus.copy(deep=True)
    out = furniture.strip(corpus)
    pd.testing.assert_frame_equal(corpus, snapshot)  # input not mutated
    assert out.index.equals(corpus.index)
    assert (out["n_furniture"] == out["furniture"].map(len)).all()
    counts = pieces.groupby("article").size().reindex(corpus.index, fill_value=0)
    assert (out["n_furniture"] == counts).all()
    for label in corpus.index:
        assert out.loc[label, "furniture"] == pieces.loc[pieces["article"] == label, "text"].tolist()
        for piece in out.loc[label, "furniture"]:
            assert piece not in out.loc[label, "text"]
    alpha = rows_of(out, "alpha.example")
    assert alpha["dateline"].isin(CITIES).all()
    assert not alpha["text"].str.contains("/ALPHA/", regex=False).any()


def test_n_words_is_recounted():
    df = pd.DataFrame({"source": ["s"], "text": ["Talks resumed on Wednesday. Learn more"], "n_words": [6]})
    out = furniture.strip(df)
    assert out["n_words"].iloc[0] == 4


@pytest.mark.parametrize("kwargs, missing", [
    ({"col": "body"}, "body"),
    ({"by": "outlet"}, "outlet"),
])
@pytest.mark.parametrize("fn", [furniture.find, furniture.strip])
def test_missing_column_is_named(fn, kwargs, missing):
    df = pd.DataFrame({"source": ["s"], "text": ["Talks resumed."]})
    with pytest.raises(KeyError, match=missing):
        fn(df, **kwargs)


@pytest.mark.parametrize("bad", [{"min_articles": 1}, {"min_share": 1.5}, {"min_share": -0.1}])
def test_bad_thresholds(bad):
    with pytest.raises(ValueError):
        furniture.find(pd.DataFrame({"source": ["s"], "text": ["x"]}), **bad)


def test_empty_and_missing_text():
    empty = furniture.strip(pd.DataFrame({"source": pd.Series([], dtype=object), "text": pd.Series([], dtype=object)}))
    assert len(empty) == 0 and {"furniture", "n_furniture", "dateline"} <= set(empty.columns)
    out = furniture.strip(pd.DataFrame({"source": ["s", "s"], "text": [None, "Talks resumed."]}))
    assert out["n_furniture"].tolist() == [0, 0]


# --------------------------------------------------------------------------- wiring


def test_load_strips_by_default_and_keeps_the_id(corpus):
    on = analysis.load(corpus.reset_index(drop=True))
    off = analysis.load(corpus.reset_index(drop=True), furniture=False)
    assert (on["article_id"] == off["article_id"]).all()  # id of the text as read
    assert on["n_furniture"].sum() > 0 and off["n_furniture"].sum() == 0
    assert not on["text"].str.contains(DISCLAIMER, regex=False).any()
    assert off["text"].str.contains(DISCLAIMER, regex=False).sum() == 30
    assert list(on.columns[: len(analysis.schema.COLUMNS)]) == list(analysis.schema.COLUMNS)
    assert off["furniture"].map(list).tolist() == [[]] * len(off)


# --------------------------------------------------------------------------- keywords: outlet terms


def outlet_frame() -> pd.DataFrame:
    rnd = random.Random(2)
    rows = []
    for i in range(20):
        rows.append(("tass.example", f"The envoy told TASS the {rnd.choice(VOCAB)} talks on the pipeline went well."))
        rows.append(("chinadaily.example",
                     f"China Daily learned that China and China's {rnd.choice(VOCAB)} partners signed the treaty."))
        rows.append(("other.example", f"The {rnd.choice(VOCAB)} festival drew crowds to the village and the river."))
    rows.append(("other.example", "China Daily and TASS were quoted in the village paper."))
    return pd.DataFrame(rows, columns=["source", "text"])


@pytest.mark.parametrize("group, gone, kept", [
    ("tass.example", {"tass"}, {"envoy", "pipeline"}),
    ("chinadaily.example", {"china daily", "daily"}, {"china", "treaty"}),
    ("China Daily", {"china daily", "daily"}, {"china", "treaty"}),
])
def test_outlet_terms_dropped_by_source(group, gone, kept):
    df = outlet_frame().replace({"source": {"chinadaily.example": group}})
    default = set(keywords(df, by="source", groups=[group], top=None, min_count=2).term)
    assert not gone & default and kept <= default
    asked = set(keywords(df, by="source", groups=[group], top=None, min_count=2, drop_outlet_terms=False).term)
    assert gone <= asked


def name_frame() -> pd.DataFrame:
    """HuffPost names itself in every article and writes of the post office in five; the
    others write of the post office too, and of RT, the Russian broadcaster; RTÉ's texts
    lost the "É" of its name ("RT?")."""
    rnd = random.Random(5)
    rows = []
    for i in range(20):
        rows.append(("huffingtonpost.example", f"The {rnd.choice(VOCAB)} adviser told The Huffington Post "
                     f"the {rnd.choice(VOCAB)} plan" + (" would close the post office." if i < 5 else " was late.")))
        rows.append(("rte.ie", f"Speaking on RT?'s Morning Ireland, the {rnd.choice(VOCAB)} minister praised the bridge."))
        rows.append(("other.example", f"The {rnd.choice(VOCAB)} post office and the post box of the "
                     f"{rnd.choice(VOCAB)} school reopened" + (", RT reported." if i % 2 else ".")))
    return pd.DataFrame(rows, columns=["source", "text"])


def test_uses_of_a_name_are_not_uses_of_its_words():
    df = name_frame()
    out = keywords(df, by="source", groups=["huffingtonpost.example"], top=None, min_count=2).set_index("term")
    # only the five articles on the post office use "post" as a word; the name's 20 uses do not count
    # (and the group has too few of all uses of "post" for the word to be taken for its name)
    assert (out.loc["post", "count"], out.loc["post", "n_articles"], out.loc["post", "count_rest"]) == (5, 5, 40)
    assert out.loc["post", "z"] < 0  # the others write of the post office more
    assert not {"huffington", "huffington post"} & set(out.index)
    asked = keywords(df, by="source", groups=["huffingtonpost.example"], top=None, min_count=2,
                     drop_outlet_terms=False).set_index("term")
    assert asked.loc["post", "count"] == 25


def test_a_name_that_lost_a_letter_names_its_outlet():
    df = name_frame()
    rte = set(keywords(df, by="source", groups=["rte.ie"], top=None, min_count=2).term)
    assert "rt" not in rte and {"minister", "bridge"} <= rte
    assert "rt" in set(keywords(df, by="source", groups=["rte.ie"], top=None, min_count=2,
                                drop_outlet_terms=False).term)
    other = keywords(df, by="source", groups=["other.example"], top=None, min_count=2).set_index("term")
    assert other.loc["rt", "count"] == 10  # RT, the broadcaster, is another outlet's content


def test_outlet_terms_kept_for_other_groupings():
    df = outlet_frame().assign(flag=lambda d: d["source"] == "tass.example")
    df["tass"] = df["flag"]  # a column named like a term changes nothing: only by="source" drops by default
    out = keywords(df, by="flag", groups=[True], top=None, min_count=2)
    assert "tass" in set(out.term)


def test_repeated_whole_line_is_a_repeated_line():
    rnd = random.Random(13)
    footer = "Copyright the Harbour Courier, all rights kept by the desk."
    texts = [f"{body(rnd)}\n\n{body(rnd)}\n\n{footer}" for _ in range(12)]
    p = furniture.find(pd.DataFrame({"source": ["x"] * 12, "text": texts}))
    assert p["kind"].tolist() == ["repeated_line"] * 12 and (p["text"] == footer).all()
    out = furniture.strip(pd.DataFrame({"source": ["x"] * 12, "text": texts}))
    assert not out["text"].str.contains("Courier").any() and not out["text"].str.endswith("\n").any()


def test_stream_strips_each_chunk(tmp_path):
    from analysis.scale.stream import analyze_files

    story = "Negotiators met again on Wednesday to discuss the harbour."
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"WASHINGTON \u2014 {story} Talks {VOCAB[i]} went on. Learn more")
    analyze_files(src, tmp_path / "out", progress=False, chunk_size=2)
    on = pd.read_parquet(tmp_path / "out" / "articles")
    # the raw-page parser (analysis.rawpage) already took the dateline; the furniture pass adds the promo
    assert on["dateline"].eq("WASHINGTON").all() and on["n_furniture"].eq(1).all()
    assert on["furniture"].map(list).tolist() == [["Learn more"]] * 3
    assert not on["text"].str.contains("Learn more|WASHINGTON").any()
    analyze_files(src, tmp_path / "off", progress=False, furniture=False)
    off = pd.read_parquet(tmp_path / "off" / "articles")
    assert off["text"].str.endswith("Learn more").all() and off["n_furniture"].eq(0).all()


@pytest.mark.parametrize("values, dtype", [
    (["a", None, "b\u00e9"], "string"),               # pyarrow strings, built directly
    (["a", pd.NA, float("nan")], "string"),           # every kind of missing value
    (["a", 3, None], "string"),                       # not all str: pandas converts, as astype does
    (["a", None], pd.StringDtype("python")),          # another storage: pandas converts
    ([], "string"),                                   # nothing
    ([None, None], "string"),                         # only missing values
    (["", "\u4e2d\u6587 \U0001f600", "x" * 10_000], "string"),  # empty, 2- to 4-byte UTF-8, long
    (["a", None, "b"], "str"),                        # pandas' default string dtype (NaN for missing)
    ([np.str_("a"), "b"], "string"),                  # a str subclass: pyarrow converts it
    (["ok", None, float("nan"), pd.NA, "\u00e9t\u00e9 \U0001f600"] * 3, "string"),  # missing values of each kind
])
def test_as_strings_equals_astype(values, dtype):
    from analysis.schema import as_strings

    got = as_strings(values, dtype)
    if hasattr(got, "_pa_array"):
        for chunk in got._pa_array.chunks:
            chunk.validate(full=True)  # offsets, UTF-8 and nulls are sound
    pd.testing.assert_series_equal(pd.Series(got), pd.Series(values, dtype=object).astype(dtype))


def _removed_plainly(text: str, spans: list[tuple[int, int]]) -> str:
    """What ``_remove`` does, said plainly: the parts left (with a letter or digit) joined by a space,
    then runs of spaces made one, spaces at line breaks dropped, blank lines made one."""
    import re

    parts, pos = [], 0
    for s, e in spans:
        parts.append(text[pos:max(s, pos)])
        pos = max(pos, e)
    parts.append(text[pos:])
    out = " ".join(p.strip(" \t") for p in parts if re.search(r"[^\W_]", p))
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r" ?\n ?", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


@pytest.mark.parametrize("text, spans", [
    ("Talks resumed.\n\nShare this\n\nOil rose.", [(16, 26)]),
    ("Talks resumed. Share this. Oil rose.", [(15, 26)]),
    ("Talks resumed.\nShare this\nOil rose.", [(15, 25)]),
    ("Talks resumed. \nShare\n Oil rose.", [(16, 21)]),
    ("Talks  resumed.\n\n\n\nAd\n\n\n\nOil\trose.", [(19, 21)]),
    ("Ad one. Talks resumed. Ad two.", [(0, 7), (23, 30)]),
    ("Ad one.\n\nTalks.\n\n - \n\nAd two.", [(0, 7), (22, 29)]),
    ("Only furniture here.", [(0, 20)]),
    ("Overlap a b c d", [(8, 11), (10, 13)]),
    ("Tabs\t\tand  spaces\n \nAd\n\tend", [(20, 22)]),
    ("\u201cQuote.\u201d\nAd\n\u00c9t\u00e9 ici.", [(9, 11)]),
])
def test_remove_tidies_the_joins(text, spans):
    assert furniture._remove(text, spans) == _removed_plainly(text, spans)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "Oil", ".", " ", "  ", "\t", "\n", "\n\n", " \n", "\n ", "-", "\u00e9", "_"]),
                max_size=30).map("".join), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=4))
def test_remove_tidies_any_joins(text, cuts):
    spans, pos = [], 0
    for start, size in sorted(cuts):
        start = max(start, pos)
        if start <= len(text):
            spans.append((start, min(start + size, len(text))))
            pos = spans[-1][1]
    assert furniture._remove(text, spans) == _removed_plainly(text, spans)
