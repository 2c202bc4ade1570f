"""Tests for analysis.themes (hand-written sentences; corpus test skips without the corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import themes as th
from analysis.score.segment import sentence_spans

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "theme_labels.csv"
THEMES = ("sanctions", "energy", "un_voting")


def flags(text: str) -> dict[str, bool]:
    out = th.themes(pd.DataFrame({"text": [text]}))
    return {t: bool(out.loc[0, t]) for t in THEMES}


# --- sentence-level behaviour ------------------------------------------------------------

POSITIVE = [
    ("sanctions", "Brussels agreed to prolong its economic sanctions against Moscow for six more months."),
    ("sanctions", "The Treasury blacklisted three shipping firms for breaching the arms embargo."),
    ("sanctions", "Washington sanctioned two banks that it says finance the missile programme."),
    ("sanctions", "Ottawa expelled four diplomats in retaliation for the poisoning."),
    ("sanctions", "Lifting the restrictive measures would reward aggression, the minister argued."),
    ("sanctions", "Kiev imposed a travel ban on the visiting lawmakers and froze their assets."),
    ("energy", "Brent crude climbed above $55 a barrel after the cartel trimmed output."),
    ("energy", "The utility will close two coal-fired plants and build a wind farm instead."),
    ("energy", "Beijing signed a 30-year deal to buy liquefied natural gas from the Arctic project."),
    ("energy", "Motorists face higher fuel prices as refineries shut for maintenance."),
    ("energy", "The reactor at the nuclear power station was taken offline for repairs."),
    ("energy", "Gas exports through the new pipeline will reach 30 billion cubic metres."),
    ("un_voting", "Moscow vetoed the draft resolution at the Security Council on Tuesday."),
    ("un_voting", "The General Assembly adopted the text with 120 votes in favour and 9 against."),
    ("un_voting", "Three members abstained when the Human Rights Council voted on the inquiry."),
    ("un_voting", "Diplomats said China would not back a new UN resolution on the peninsula."),
    ("un_voting", "France circulated a draft Security Council resolution on the chemical attack."),
    ("sanctions", "The EU froze their assets and barred them from entering the bloc."),
    ("sanctions", "Washington threatened financial penalties on Chinese banks that trade with Pyongyang."),
]


@pytest.mark.parametrize("theme,text", POSITIVE)
def test_positive_sentences(theme, text):
    assert flags(text)[theme], text


NEGATIVE = [
    # sanctions exclusions
    ("sanctions", "The athletics body extended sanctions against the sprinter after a failed doping test."),
    ("sanctions", "The club faces sanctions from UEFA after fans threw flares onto the pitch."),
    ("sanctions", "The watchdog fined the lender and warned of further regulatory sanctions."),
    ("sanctions", "The march was not sanctioned by the city council, police said."),
    ("sanctions", "The ceremony was officially sanctioned by the church elders."),
    ("sanctions", "Judges again blocked the travel ban on refugees and visitors from Muslim-majority nations."),
    ("sanctions", "The school warned that disciplinary sanctions could follow for students who skip exams."),
    # energy exclusions
    ("energy", "The coach praised the energy and enthusiasm of her young squad."),
    ("energy", "Pyongyang tested another missile and vowed to expand its nuclear weapons arsenal."),
    ("energy", "Riot police fired tear gas at stone-throwing protesters."),
    ("energy", "Investigators said the victims died in a sarin gas attack."),
    ("energy", "The dish is finished with a drizzle of olive oil and fresh herbs."),
    ("energy", "The ministry oversees health, education, energy, water and transport."),
    ("energy", "The rebels hope to seize power before the elections."),
    ("energy", "Analysts say the rocket used solid fuel, which shortens preparation time."),
    # UN voting exclusions
    ("un_voting", "UN agencies delivered food aid to displaced families in the north."),
    ("un_voting", "The UN envoy said he was hopeful that talks would resume next month."),
    ("un_voting", "The governor promised to veto the bill passed by the state General Assembly."),
    ("un_voting", "The president vetoed the spending bill on Friday."),
    ("un_voting", "The National Security Council voted to review the policy, officials said."),
    ("un_voting", "UN peacekeepers patrolled the buffer zone after the clashes."),
    # a resolution cited as background is not a vote (annotation guide)
    ("un_voting", "North Korea must fully comply with the relevant UN Security Council resolutions, he said."),
    ("un_voting", "The talks will centre on Security Council resolution 2254, which calls for a new constitution."),
    ("un_voting", "She told the UN Security Council how she was beaten until she passed out."),
    ("sanctions", "The club was hit with financial penalties for breaking spending rules."),
]


@pytest.mark.parametrize("theme,text", NEGATIVE)
def test_negative_sentences(theme, text):
    assert not flags(text)[theme], text


def test_un_statement_versus_council_vote():
    statement = "The UN secretary-general said the violence must stop at once."
    vote = "The Security Council voted unanimously to renew the mission's mandate."
    assert not flags(statement)["un_voting"]
    assert flags(vote)["un_voting"]


def test_context_must_be_in_the_same_sentence():
    text = "Oil was found on the beach. Prices of houses rose sharply."
    assert not flags(text)["energy"]
    assert flags("Oil prices rose sharply.")["energy"]


def test_window_limits_distance():
    far = "The UN report, which took years of careful and patient field work to write, was put to a vote."
    near = "The UN vote is expected on Friday."
    assert not flags(far)["un_voting"]
    assert flags(near)["un_voting"]


@pytest.mark.parametrize("text,terms", [
    # the council named in the sentence before the vote word (UN rule: previous_sentences = 1)
    ("The Security Council met on Friday. The draft was adopted 14-0.", [("draft", 1), ("adopted", 1)]),
    ("The General Assembly debated the text. Then it was put to a vote.", [("vote", 1)]),
    # two sentences before is too far; the context must come before the term, not after
    ("The Security Council met on Friday. Talks went on. The vote was close.", []),
    ("The vote was close. The Security Council met again on Friday.", []),
    # the previous sentence's context does not lift the term's own sentence's exclusions
    ("The General Assembly met. The governor vowed to veto the bill.", []),
])
def test_context_in_the_previous_sentence(text, terms):
    hits = [(h["term"], h["sentence_no"]) for h in th.find_hits(text) if h["theme"] == "un_voting"]
    assert hits == terms


def test_previous_sentences_defaults_to_the_same_sentence():
    rule = {"terms": ["vote"], "context": ["council"]}
    text = "The council met. The vote was close."
    same = th.load_lexicon({"themes": {"x": {"weak": [rule]}}})
    before = th.load_lexicon({"themes": {"x": {"weak": [{**rule, "previous_sentences": 1}]}}})
    assert [h["term"] for h in th.find_hits(text, lexicon=same) if h["theme"] == "x"] == []
    assert [h["term"] for h in th.find_hits(text, lexicon=before) if h["theme"] == "x"] == ["vote"]


# --- find_hits / themes / evidence API ---------------------------------------------------


def test_find_hits_offsets_and_sentences():
    text = "Talks failed. The EU extended sanctions. Gas prices rose."
    spans = sentence_spans(text)
    hits = th.find_hits(text, spans)
    assert {h["theme"] for h in hits} == {"sanctions", "energy"}
    for h in hits:
        assert set(h) == {"theme", "term", "start", "end", "sentence_no"}
        a, b = spans[h["sentence_no"]]
        assert a <= h["start"] < h["end"] <= b
        assert text[h["start"]:h["end"]].lower() == h["term"]
    assert [h["sentence_no"] for h in hits] == [1, 2]


def test_one_hit_per_span_even_if_several_rules_accept_it():
    text = "The UN General Assembly voted on Monday."
    hits = th.find_hits(text, sentence_spans(text))
    assert [(h["theme"], h["term"]) for h in hits] == [("un_voting", "voted")]


def test_find_hits_accepts_lexicon_source():
    text = "A new railway opened."
    hits = th.find_hits(text, None, lexicon={"themes": {"rail": {"strong": ["railway"]}}})
    assert [(h["theme"], h["start"], h["end"]) for h in hits] == [("rail", 6, 13)]


def test_hits_outside_spans_are_ignored():
    text = "The EU extended sanctions."
    assert th.find_hits(text, []) == []
    assert th.find_hits(text, [(0, 7)]) == []


def test_themes_frame_shape_dtypes_and_index():
    df = pd.DataFrame({"text": ["Oil prices fell. OPEC met.", None, "Nothing here."], "x": [1, 2, 3]},
                      index=["a", "b", "c"])
    before = df.copy()
    out = th.themes(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.index) == ["a", "b", "c"]
    assert list(out.columns) == ["sanctions_hits", "sanctions_salience", "sanctions", "energy_hits",
                                 "energy_salience", "energy", "un_voting_hits", "un_voting_salience", "un_voting"]
    assert out["energy_hits"].dtype == "int64" and out["energy"].dtype == bool
    assert out["energy_salience"].dtype == "float64"
    assert out.loc["a", "energy_hits"] == 2 and out.loc["a", "energy"]
    assert out.loc["b", "energy_hits"] == 0 and not out.loc["c", "energy"]


def test_missing_column_raises_keyerror():
    with pytest.raises(KeyError, match="body"):
        th.themes(pd.DataFrame({"text": ["x"]}), col="body")
    with pytest.raises(KeyError, match="body"):
        th.evidence(pd.DataFrame({"text": ["x"]}), col="body")


def test_evidence_rows_and_snippet():
    long = "Officials said " + "many details " * 40 + "the Kremlin dismissed the sanctions as illegal " + "and more " * 40 + "."
    df = pd.DataFrame({"article_id": [10, 11], "text": ["Sanctions bite. Coal exports fell.", long]})
    ev = th.evidence(df)
    assert list(ev.columns) == ["article_id", "theme", "term", "start", "end", "sentence_no", "snippet"]
    assert sorted(ev.article_id.unique()) == [10, 11]
    for _, r in ev.iterrows():
        text = df.set_index("article_id").loc[r.article_id, "text"]
        assert text[r.start:r.end].lower() == r.term
        assert r.term in r.snippet.lower()
        assert len(r.snippet) <= 200
    snip = ev[ev.article_id == 11].iloc[0].snippet
    assert "sanctions" in snip and not snip.startswith("Officials")  # window around the hit
    assert th.evidence(df.iloc[:0]).empty


# --- lexicon loading ---------------------------------------------------------------------


def test_packaged_lexicon_loads_and_every_term_compiles():
    lex = th.load_lexicon()
    assert lex.themes == THEMES
    assert len(lex.sha256) == 64
    n = 0
    for spec in lex.spec.values():
        lists = [spec["strong"], spec["block"], spec["exclude"]]
        for r in spec["weak"]:
            lists += [r["terms"], r["context"], r["exclude"]]
        for terms in lists:
            for t in terms:
                variants = th.expand(t)
                assert variants and all(v.lstrip("=").strip() for v in variants)
                n += len(variants)
    assert n > 300
    assert th._compile(lex).matcher.size > 300


@pytest.mark.parametrize("term,expected", [
    ("sanction{,s,ed}", ["sanction", "sanctions", "sanctioned"]),
    ("refiner{y,ies}", ["refinery", "refineries"]),
    ("gas  field{,s}", ["gas field", "gas fields"]),
    ("{a,b} {c,d}", ["a c", "a d", "b c", "b d"]),
    ("=UN", ["=UN"]),
])
def test_expand(term, expected):
    assert th.expand(term) == expected


@pytest.mark.parametrize("term", ["", "   ", "oil{", "oil}", "o{a{b}}", "x{}", "="])
def test_expand_rejects_bad_syntax(term):
    with pytest.raises(ValueError):
        th.expand(term)


def test_override_theme_with_dict():
    lex = th.load_lexicon({"themes": {"energy": {"strong": ["windmill{,s}"]}}})
    assert lex.themes == THEMES
    assert lex.sha256 != th.load_lexicon().sha256
    df = pd.DataFrame({"text": ["Oil prices fell.", "Two windmills turned."]})
    out = th.themes(df, lexicon=lex)
    assert out["energy"].tolist() == [False, True]
    # packaged lexicon is unchanged
    assert th.themes(df)["energy"].tolist() == [True, False]


def test_add_theme_from_toml_file(tmp_path):
    p = tmp_path / "mine.toml"
    p.write_text(
        'format = 1\n[themes.rail]\nstrong = ["railway{,s}"]\n'
        '[[themes.rail.weak]]\nterms = ["train{,s}"]\ncontext = ["freight"]\n',
        encoding="utf-8",
    )
    lex = th.load_lexicon(p)
    assert lex.themes == THEMES + ("rail",)
    out = th.themes(pd.DataFrame({"text": ["Freight trains were late.", "Trains were late.", "A new railway."]}),
                    lexicon=p)
    assert out["rail"].tolist() == [True, False, True]
    assert out["rail_hits"].tolist() == [1, 0, 1]


def test_add_theme_from_json_file(tmp_path):
    p = tmp_path / "mine.json"
    p.write_text(json.dumps({"themes": {"health": {"strong": ["vaccine{,s}"], "min_hits": 2}}}), encoding="utf-8")
    out = th.themes(pd.DataFrame({"text": ["A vaccine.", "A vaccine. More vaccines."]}), lexicon=p)
    assert out["health"].tolist() == [False, True]


def test_sha256_is_stable_and_content_based():
    a = th.load_lexicon({"themes": {"x": {"strong": ["a"]}}})
    b = th.load_lexicon({"themes": {"x": {"strong": ["a"]}}})
    c = th.load_lexicon({"themes": {"x": {"strong": ["b"]}}})
    assert a.sha256 == b.sha256 != c.sha256


MALFORMED = [
    ('[themes.energy]\nstrong = ["oil"]\ncontxt = ["x"]\n', 3, "unknown key 'contxt'"),
    ('[themes.energy]\nstrong = ["oil", ""]\n', 2, "empty term"),
    ('[themes.energy]\nstrong = ["oil price{,s"]\n', 2, "bad inflection syntax"),
    ('[themes.energy]\nstrong = "oil"\n', 2, "must be a list"),
    ('[themes.energy]\nmin_hits = 0\nstrong = ["oil"]\n', 2, "min_hits"),
    ('[themes.energy]\nstrong = ["oil" "gas"]\n', 2, "invalid TOML"),
    ('[themes.energy]\nstrong = ["oil"]\n[[themes.energy.weak]]\nterms = ["gas"]\nwindow = "near"\ncontext = ["x"]\n',
     5, "window"),
    ('[themes.energy]\nstrong = ["oil"]\n[[themes.energy.weak]]\nterms = ["gas"]\n', 3, "needs both"),
    ('[themes.energy]\nstrong = ["oil"]\n[[themes.energy.weak]]\nterms = ["gas"]\ncontext = ["x"]\n'
     'previous_sentences = -1\n', 6, "previous_sentences must be an integer >= 0"),
]


@pytest.mark.parametrize("content,line,problem", MALFORMED)
def test_malformed_toml_names_file_line_and_problem(tmp_path, content, line, problem):
    p = tmp_path / "bad.toml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(th.LexiconError) as err:
        th.load_lexicon(p)
    msg = str(err.value)
    assert "bad.toml" in msg
    assert f"line {line}" in msg
    assert problem in msg
    assert isinstance(err.value, ValueError)


def test_malformed_json_names_line(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"themes": {"x": {"strong": ["a"]}\n,,}', encoding="utf-8")
    with pytest.raises(th.LexiconError, match=r"bad\.json, line 2: invalid JSON"):
        th.load_lexicon(p)


@pytest.mark.parametrize("source,problem", [
    ({"themes": {}}, "no themes"),
    ({"themes": {"x": {}}}, "no 'strong' terms"),
    ({"themes": {"x": {"strong": [3]}}}, "must contain strings"),
    ({"themes": {"x_hits": {"strong": ["a"]}}}, "_hits"),
    ({"themz": {}}, "unknown top-level key"),
])
def test_malformed_dict(source, problem):
    with pytest.raises(th.LexiconError, match="<dict>") as err:
        th.load_lexicon(source)
    assert problem in str(err.value)


def test_bad_path_and_suffix(tmp_path):
    with pytest.raises(th.LexiconError, match="cannot read"):
        th.load_lexicon(tmp_path / "missing.toml")
    p = tmp_path / "lex.yaml"
    p.write_text("x", encoding="utf-8")
    with pytest.raises(th.LexiconError, match=".toml or .json"):
        th.load_lexicon(p)


# --- salience: what an article is *about* versus passing mentions -------------------------

LABOUR = (
    "Dock workers at the port ended a three-day strike on Friday after winning a 7 percent pay rise. "
    "The union said members backed the offer by a large majority. Talks lasted more than a month. "
    "The employer had first offered 3 percent. Shift patterns will stay the same under the deal. "
    "Union leaders praised the solidarity of their members. Some workers said the rise still lagged behind "
    "the cost of living. Rents in the area have climbed sharply. Higher electricity prices have also "
    "squeezed household budgets. The agreement runs for two years. Container traffic should return to "
    "normal next week. Shipping lines had diverted several vessels to other ports."
)
IDIOM = (
    "Falling numbers of songbirds are the canary in the coal mine for Europe's farmland, scientists said. "
    "The survey counted birds on 2,000 farms. Skylarks and lapwings fared worst. Hedgerows have been "
    "removed to make fields larger. Pesticides kill the insects that chicks eat. The authors urged "
    "ministers to pay farmers to leave field margins wild."
)
PROFILE = (
    "The family firm was founded in Glasgow in 1917 by two brothers. It began by repairing ships' clocks. "
    "Today it employs 4,000 people in nine countries. Its consultants advise governments on trade, clean "
    "energy and tourism. The founders' great-granddaughter became chief executive last year. She has sold "
    "the property arm and bought a software company. Revenue rose 8 percent in 2016. Staff own a fifth of "
    "the shares. The firm plans to hire 300 graduates. A museum at its old workshop opens in June. "
    "The brothers' first clock still keeps time in the lobby. The centenary party is on Saturday."
)
HEADLINE = (
    "Brent crude fell 4 percent on Monday after the cartel's members pumped more than they had agreed. "
    "Traders had expected the cuts to hold until June. Shares in airlines rose on the news. "
    "Analysts said the slide could last for weeks. The group meets again in Vienna in May."
)
DEVELOPED = (
    "The government unveiled a plan on Tuesday to double the country's wind and solar capacity by 2030. "
    "Ministers said the target would cut the cost of electricity for households. The plan includes "
    "auctions for offshore wind farms in the North Sea. Two coal-fired power stations will close by 2025. "
    "The grid operator will spend 3 billion euros on new transmission lines. Business groups welcomed the "
    "plan. Environmental campaigners said it did not go far enough. Gas-fired plants will remain as backup "
    "when the wind drops. The opposition called the timetable unrealistic. Utilities said they needed "
    "clearer rules on subsidies. The energy minister said the first auction would open in the autumn. "
    "Parliament will vote on the plan next month."
)
ARTICLES = [
    # (case, title, text, about energy?)
    ("idiom", "Songbird decline is a warning, scientists say", IDIOM, False),
    ("labour story, one electricity-price sentence", "Dock workers win pay rise after three-day strike",
     LABOUR, False),
    ("corporate profile, energy as a list item", "Family firm marks 100 years in business", PROFILE, False),
    ("headline-about", "Oil prices slump as OPEC output rises", HEADLINE, True),
    ("long article developing the theme", "Government plans to double renewable power", DEVELOPED, True),
]


def scored(title, text, lexicon=None):
    return th.themes(pd.DataFrame({"title": [title], "text": [text]}), lexicon=lexicon).iloc[0]


@pytest.mark.parametrize("case,title,text,about", ARTICLES, ids=[a[0] for a in ARTICLES])
def test_about_versus_passing_mention(case, title, text, about):
    row = scored(title, text)
    assert bool(row["energy"]) is about, (case, row["energy_salience"])
    assert 0.0 <= row["energy_salience"] <= 1.0


def test_passing_mentions_keep_their_hits_and_evidence():
    df = pd.DataFrame({"article_id": ["labour", "profile"], "title": ["Pay deal", "Centenary"],
                       "text": [LABOUR, PROFILE]})
    out = th.themes(df)
    assert out["energy_hits"].tolist() == [1, 1] and not out["energy"].any()
    ev = th.evidence(df)
    assert sorted(ev.loc[ev.theme == "energy", "term"]) == ["clean energy", "electricity prices"]


def test_idiom_is_not_a_hit():
    assert scored("x", IDIOM)["energy_hits"] == 0
    assert scored("x", "The coal mine closed in 1990, and 800 miners lost their jobs.")["energy_hits"] == 1


def test_developed_theme_scores_above_passing_mention():
    assert scored("x", DEVELOPED)["energy_salience"] > scored("x", LABOUR)["energy_salience"]


RICH = "Oil prices rose while gas exports grew and crude oil and natural gas flowed."  # four distinct terms
FILLER = "The weather was mild. Crowds gathered in the square. Officials declined to comment. "
BASE = FILLER * 3 + "Oil prices rose on Monday. " + FILLER * 2


@pytest.mark.parametrize("more,less", [
    # (title, text) pairs: the first should be more salient for energy than the second
    (("x", BASE + "Crude oil stocks fell as well."), ("x", BASE)),            # another sentence with hits
    (("Oil prices rise", BASE), ("Weather report", BASE)),                       # hit in the headline
    (("x", "Oil prices rose on Monday. " + FILLER * 5), ("x", BASE)),           # hit in the lead
    (("x", BASE.replace("Oil prices rose", "Oil prices and gas exports rose")), ("x", BASE)),  # distinct terms
    (("x", BASE), ("x", BASE + FILLER * 4)),                                     # shorter article, larger share
    # the same two hit sentences, adjacent (a paragraph) rather than far apart
    (("x", BASE.replace("Oil prices rose on Monday. ", "Oil prices rose on Monday. Crude oil stocks fell. ")),
     ("x", BASE + "Crude oil stocks fell.")),
], ids=["sentences", "headline", "lead", "terms", "share", "paragraph"])
def test_salience_is_monotone(more, less):
    hi, lo = scored(*more), scored(*less)
    assert hi["energy_salience"] > lo["energy_salience"]
    assert hi["energy_hits"] >= lo["energy_hits"]


@pytest.mark.parametrize("title,text", [
    (None, None), ("", ""), ("Oil", "No energy words at all here."),
    ("Oil prices and gas supplies", " ".join([RICH] * 6)),
    (None, "Oil prices rose."),
] + [(a[1], a[2]) for a in ARTICLES])
def test_salience_within_unit_interval(title, text):
    row = scored(title, text)
    for t in THEMES:
        assert 0.0 <= row[f"{t}_salience"] <= 1.0
        if row[f"{t}_hits"] == 0:
            assert not row[t]


S = "Sanctions were imposed. "
F = "Talks went on. "


@pytest.mark.parametrize("text,most", [
    (F * 8, 0),                          # no hit
    (F * 3 + S + F * 4, 1),              # one hit sentence
    (S + F * 3 + S + F * 3 + S, 1),      # three hit sentences, never two within four sentences
    (S + F * 2 + S + F * 4, 2),          # two within four sentences (first and fourth)
    (F + S + S + F + S + F * 3 + S, 3),  # three in the run of four from the second sentence
    (S * 6, 4),                          # every sentence: a run of four is full
])
def test_paragraph_part_by_hand(text, most):
    """``paragraph``: most hit sentences among ``paragraph_sentences`` (4) consecutive ones, ramped to 3."""
    cfg = th.load_lexicon().spec["sanctions"]["salience"]
    assert (cfg["paragraph_sentences"], cfg["paragraph_full"]) == (4, 3)
    hits = [h for h in th.find_hits(text) if h["theme"] == "sanctions"]
    art = np.zeros(len(hits), dtype=np.int64)
    sent = np.array([h["sentence_no"] for h in hits], dtype=np.int64)
    parts = th._salience_parts(1, np.array([8]), art, sent, np.zeros(len(hits), dtype=np.int64), cfg, None)
    assert parts["paragraph_hits"].tolist() == [most]
    assert parts["paragraph"].tolist() == [min(1.0, max(0, most - 1) / 2)]


def test_salience_extremes():
    every = scored("Oil prices and gas supplies", " ".join(
        [RICH] * 6))
    assert every["energy_salience"] == 1.0 and every["energy"]
    assert scored("Weather", "It rained.")["energy_salience"] == 0.0


def test_title_column_is_optional_and_configurable():
    text = "Officials met on Monday. " * 6 + "Oil prices rose."
    with_title = th.themes(pd.DataFrame({"title": ["Oil prices surge"], "text": [text]}))
    no_title = th.themes(pd.DataFrame({"text": [text]}))
    renamed = th.themes(pd.DataFrame({"headline": ["Oil prices surge"], "text": [text]}), title_col="headline")
    ignored = th.themes(pd.DataFrame({"title": ["Oil prices surge"], "text": [text]}), title_col=None)
    assert with_title.loc[0, "energy_salience"] > no_title.loc[0, "energy_salience"]
    assert renamed.loc[0, "energy_salience"] == with_title.loc[0, "energy_salience"]
    assert ignored.loc[0, "energy_salience"] == no_title.loc[0, "energy_salience"]
    assert with_title.loc[0, "energy_hits"] == no_title.loc[0, "energy_hits"] == 1  # headline hits not counted
    with pytest.raises(KeyError, match="headline"):
        th.themes(pd.DataFrame({"text": [text]}), title_col="headline")


@pytest.mark.parametrize("lexicon", [None, {"themes": {"energy": {"salience": {"threshold": 0.1}}}},
                                     {"themes": {"rail": {"strong": ["railway{,s}"],
                                                          "salience": {"threshold": 0.5}}}}])
def test_themes_equals_analyze(lexicon):
    from analysis import analyze

    titles = [a[1] for a in ARTICLES] + [None, "Railway strike", "UN vote"]
    texts = [a[2] for a in ARTICLES] + ["Oil prices rose.", "The railway line reopened. " + FILLER * 3,
                                        None]
    df = pd.DataFrame({"title": titles, "text": texts}, index=pd.Index(range(100, 100 + len(texts)), name="k"))
    ours = th.themes(df, lexicon=lexicon)
    full = analyze(df, themes=lexicon, cache=False)
    pd.testing.assert_frame_equal(ours, full[ours.columns])
    assert not ours.empty and ours.filter(like="_salience").to_numpy().max() > 0


def test_user_lexicon_overrides_thresholds(tmp_path):
    packaged = th.load_lexicon()
    loose = th.load_lexicon({"themes": {"energy": {"salience": {"threshold": 0.0}}}})
    assert loose.spec["energy"]["strong"] == packaged.spec["energy"]["strong"]  # terms kept
    assert loose.spec["energy"]["salience"]["weights"] == packaged.spec["energy"]["salience"]["weights"]
    assert loose.sha256 != packaged.sha256 and loose.match_sha256 == packaged.match_sha256
    row, base = scored("Pay deal", LABOUR, loose), scored("Pay deal", LABOUR)
    assert row["energy"] and not base["energy"]
    assert row["energy_salience"] == base["energy_salience"] and row["energy_hits"] == base["energy_hits"]
    p = tmp_path / "strict.toml"
    p.write_text("[themes.energy.salience]\nthreshold = 0.9\nweights = { headline = 1 }\n", encoding="utf-8")
    strict = th.load_lexicon(p)  # only about energy when the headline says so
    weights = strict.spec["energy"]["salience"]["weights"]
    assert weights["headline"] == 1 and weights["share"] == packaged.spec["energy"]["salience"]["weights"]["share"]
    assert scored("Ministers unveil plan", DEVELOPED)["energy"]
    assert not scored("Ministers unveil plan", DEVELOPED, strict)["energy"]
    assert scored("Government plans to double renewable power", DEVELOPED, strict)["energy"]


@pytest.mark.parametrize("content,line,problem", [
    ("[themes.energy.salience]\nthreshold = 1.5\n", 2, "threshold must be a number in [0, 1]"),
    ("[themes.energy.salience]\nshare_full = 0\n", 2, "share_full"),
    ("[themes.energy.salience]\nlead_sentences = -1\n", 2, "lead_sentences must be an integer >= 0"),
    ("[themes.energy.salience]\nthreshhold = 0.2\n", 2, "unknown key 'threshhold'"),
    ("[themes.energy.salience]\nweights = { share = -1 }\n", 2, "weights.share must be a number >= 0"),
    ("[themes.energy.salience]\nweights = { share = 0, sentences = 0, headline = 0, lead = 0, terms = 0, "
     "paragraph = 0 }\n", 2, "must not all be 0"),
    ("[themes.energy.salience]\nparagraph_sentences = 0\n", 2, "paragraph_sentences must be an integer >= 1"),
    ("[themes.energy.salience]\nparagraph_full = 1.5\n", 2, "paragraph_full must be an integer >= 1"),
    ("[themes.energy]\nblock = [\"oil\"]\n", 2, "may only set"),
    ("[themes.rail]\nmin_hits = 2\n", None, "no 'strong' terms"),
    ("[themes.rail_salience]\nstrong = [\"railway\"]\n", 1, "_salience"),
])
def test_malformed_salience(tmp_path, content, line, problem):
    p = tmp_path / "bad.toml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(th.LexiconError) as err:
        th.load_lexicon(p)
    assert problem in str(err.value) and "bad.toml" in str(err.value)
    if line:
        assert f"line {line}" in str(err.value)


# --- labelled set: dev half (even source_id) tuned, held-out half (odd) reported ------------

TARGET_F1 = 0.92  # issue 9: held-out F1 per theme


def f1(gold, pred) -> float:
    gold, pred = pd.Series(gold).astype(bool).to_numpy(), pd.Series(pred).astype(bool).to_numpy()
    tp = (gold & pred).sum()
    return 2 * tp / (gold.sum() + pred.sum()) if gold.sum() + pred.sum() else 0.0


def test_label_file_is_well_formed():
    lab = pd.read_csv(LABELS)
    assert {"source_id", "sanctions", "energy", "un_voting", "note"} <= set(lab.columns)
    assert len(lab) >= 250 and lab.source_id.is_unique
    for t in THEMES:
        assert set(lab[t].unique()) <= {0, 1}
        for half in (0, 1):
            # UN voting is rare even after the targeted round E/F of the guide
            assert lab.loc[lab.source_id % 2 == half, t].sum() >= (5 if t == "un_voting" else 20), (t, half)


def test_bbc_label_file_is_well_formed():
    lab = pd.read_csv(ROOT / "tests" / "data" / "bbc_theme_labels.csv", dtype={"source_id": str})
    assert {"source_id", "sanctions", "energy", "un_voting", "annotator", "note"} <= set(lab.columns)
    assert len(lab) >= 200 and lab.source_id.is_unique
    assert lab.source_id.str.fullmatch(r"(?:business|entertainment|politics|sports|tech)/\d{3}").all()
    assert lab["note"].notna().all()
    for t in THEMES:
        assert set(lab[t].unique()) <= {0, 1}
    assert lab["energy"].sum() >= 20  # the BBC set measures energy; its few sanctions articles only illustrate


@pytest.mark.corpus
def test_bbc_energy_rule_beats_the_keyword_baseline(bbc, benchmark_module):
    """On a corpus the rules were never tuned on (the BBC News dataset, 2004-2005), the salience rule
    still beats the one-regex baseline for energy, the theme it has enough articles of."""
    corpus, lab = benchmark_module("eval_themes").load_bbc()  # (the dataset is at hand: the fixture)
    table = benchmark_module("eval_themes").evaluate(corpus, lab).set_index(["theme", "method"])
    assert table.loc[("energy", "salience"), "f1"] > table.loc[("energy", "baseline"), "f1"] + 0.2
    assert table.loc[("energy", "salience"), "n"] == len(lab)


@pytest.fixture(scope="module")
def labelled(corpus):
    """(labels, theme frame, keyword baseline) on the loaded (cleaned) corpus, as analyze sees it."""
    lab = pd.read_csv(LABELS)
    sub = corpus.set_index("source_id").loc[lab.source_id.astype(str)].reset_index()
    text = sub["text"].fillna("")
    base = pd.DataFrame({
        "sanctions": text.str.contains(r"(?i)sanction|embargo"),
        "energy": text.str.contains(r"(?i)\b(?:oil|gas|energy)"),
        "un_voting": text.str.contains(r"(?i)security council|general assembly"),
    })
    return lab, th.themes(sub), base


@pytest.mark.corpus
@pytest.mark.parametrize("half", [0, 1], ids=["dev", "heldout"])
def test_salience_rule_beats_keyword_baseline(labelled, half):
    lab, ours, base = labelled
    m = (lab.source_id % 2 == half).to_numpy()
    for t in THEMES:
        assert f1(lab[t][m], ours[t][m]) > f1(lab[t][m], base[t][m]) + 0.05, t


@pytest.mark.corpus
def test_dev_half_salience_rule_not_worse_than_mentions(labelled):
    """The thresholds are tuned on the dev half: there the rule must beat or equal any-mention."""
    lab, ours, _ = labelled
    lex = th.load_lexicon()
    m = (lab.source_id % 2 == 0).to_numpy()
    for t in THEMES:
        mentions = ours[f"{t}_hits"] >= lex.spec[t]["min_hits"]
        assert f1(lab[t][m], ours[t][m]) >= f1(lab[t][m], mentions[m]), t


# Measured with benchmarks/eval_themes.py on the relabelled set with rounds 4 and 5 (Dec 2026; re-measured
# after the paragraph part, the previous-sentence context of UN vote words and the lexicon additions, all
# chosen on the dev half: analysis/data/README.md; round 5 added 147 energy-word articles, none tuned on):
# no theme meets the target yet; each case is xfail(strict) so that reaching it is noticed.
_MISSED = {
    "sanctions": "held-out F1 0.622 (P 0.82, R 0.50, 28 positives; dev 0.898) < 0.92",
    "energy": "held-out F1 0.780 (P 0.71, R 0.87, 55 positives; dev 0.876) < 0.92",
    "un_voting": "held-out F1 0.667 (P 0.83, R 0.56, only 9 positives; dev 0.923) < 0.92",
}


@pytest.mark.corpus
@pytest.mark.parametrize("theme", [pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=_MISSED[t]))
                                   if t in _MISSED else t for t in THEMES])
def test_heldout_f1_meets_target(labelled, theme):
    lab, ours, _ = labelled
    m = (lab.source_id % 2 == 1).to_numpy()
    assert f1(lab[theme][m], ours[theme][m]) >= TARGET_F1


# --- the benchmark's cross-validated comparison scores the shipped rule -------------------



CV_ARTICLES = pd.DataFrame({"title": [a[1] for a in ARTICLES] + ["Weather", "Oil prices slump"],
                            "text": [a[2] for a in ARTICLES] + ["It rained. Snow fell. Brent crude rose.",
                                                                "It rained. Snow fell. Schools shut."]},
                           index=[10 * i for i in range(len(ARTICLES) + 2)])


def test_cv_features_rebuild_the_salience_rule(benchmark_module):
    """The CV compares against the shipped rule: its parts give T_salience with the lexicon's weights."""
    ev = benchmark_module("eval_themes")
    lex = th.load_lexicon()
    feats = ev.cv_features(CV_ARTICLES, lex)
    ours = th.themes(CV_ARTICLES)
    for t in THEMES:
        f = feats[t]
        assert f.index.equals(CV_ARTICLES.index)
        w = lex.spec[t]["salience"]["weights"]
        mean = sum(w[k] * f[k] for k in w) / sum(w.values())
        assert mean.round(9).tolist() == ours[f"{t}_salience"].round(9).tolist(), t
        assert f["rule"].tolist() == ours[t].tolist() and f["hits"].tolist() == ours[f"{t}_hits"].tolist()


@pytest.mark.parametrize("row,feature,expected", [
    (-2, "first_pos", 2 / 3), (-2, "sent_share", 1 / 3), (-2, "lead", 1.0), (-2, "headline", 0.0),
    (-2, "log_len", np.log1p(3)), (-2, "log_hit_sent", np.log1p(1)),
    # headline-only: no body hit, so no position, no lead, no hits; the headline still counts
    (-1, "first_pos", 1.0), (-1, "headline", 1.0), (-1, "lead", 0.0), (-1, "hits", 0),
])
def test_cv_features_by_hand(benchmark_module, row, feature, expected):
    f = benchmark_module("eval_themes").cv_features(CV_ARTICLES, th.load_lexicon())["energy"]
    assert f[feature].iloc[row] == pytest.approx(expected)


def test_dev_only_never_passes_the_heldout_half_on(benchmark_module, monkeypatch, capsys):
    """``eval_themes --dev-only``: the held-out rows are dropped before any stage sees the labels."""
    ev = benchmark_module("eval_themes")
    texts = [a[2] for a in ARTICLES] * 2
    corpus = pd.DataFrame({"article_id": range(len(texts)), "title": "x", "text": texts})
    labels = pd.DataFrame({"source_id": range(len(texts)), "sanctions": 0, "energy": [int(a[3]) for a in ARTICLES] * 2,
                           "un_voting": 0})
    seen = []
    monkeypatch.setattr(ev, "load_corpus", lambda path=None: corpus)
    monkeypatch.setattr(ev, "load_labels", lambda path=None: labels.assign(
        half=np.where(labels["source_id"] % 2 == 0, "dev", "heldout")))
    monkeypatch.setattr(ev, "cross_validate",
                        lambda c, lab, heldout=True: seen.append((set(lab["half"]), heldout)) or "")
    monkeypatch.setattr(ev, "agreement", lambda lab: seen.append((set(lab["half"]), None)) or "")
    monkeypatch.setattr(ev, "timing", lambda c: (0.0, 0.0, 0.0))
    assert ev.main(["--dev-only"]) == 0
    out = capsys.readouterr().out
    assert seen == [({"dev"}, None), ({"dev"}, False)]
    assert "dev      energy" in out and "heldout" not in out and "Held-out F1" not in out
    seen.clear()
    assert ev.main([]) == 0
    assert seen == [({"dev", "heldout"}, None), ({"dev", "heldout"}, True)]
    assert "heldout  energy" in capsys.readouterr().out
