"""Tests for analysis.themes (hand-written sentences; corpus test skips without the corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import themes as th
from analysis.segment import sentence_spans

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
    assert list(out.columns) == ["sanctions_hits", "sanctions", "energy_hits", "energy",
                                 "un_voting_hits", "un_voting"]
    assert out["energy_hits"].dtype == "int64" and out["energy"].dtype == bool
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


# --- labelled development set ------------------------------------------------------------

# F1 measured on all 314 labelled articles (benchmarks/eval_themes.py):
# sanctions 0.963, energy 0.894, un_voting 0.989; floors keep a margin.
FLOORS = {"sanctions": 0.88, "energy": 0.80, "un_voting": 0.88}


def test_label_file_is_well_formed():
    lab = pd.read_csv(LABELS)
    assert list(lab.columns) == ["source_id", "sanctions", "energy", "un_voting", "note"]
    assert len(lab) >= 250 and lab.source_id.is_unique
    for t in THEMES:
        assert set(lab[t].unique()) <= {0, 1} and lab[t].sum() >= 30


@pytest.mark.corpus
def test_dev_set_f1_above_floor_and_baseline(corpus):
    """On the loaded (cleaned) corpus, as analyze sees it."""
    lab = pd.read_csv(LABELS)
    sub = corpus.set_index("source_id").loc[lab.source_id.astype(str)].reset_index()
    ours = th.themes(sub)
    text = sub["text"].fillna("")
    base = {
        "sanctions": text.str.contains(r"(?i)sanction|embargo"),
        "energy": text.str.contains(r"(?i)\b(?:oil|gas|energy)"),
        "un_voting": text.str.contains(r"(?i)security council|general assembly"),
    }

    def f1(gold, pred):
        gold, pred = gold.astype(bool).to_numpy(), pred.astype(bool).to_numpy()
        tp = (gold & pred).sum()
        return 2 * tp / (gold.sum() + pred.sum()) if gold.sum() + pred.sum() else 0.0

    for t in THEMES:
        ours_f1 = f1(lab[t], ours[t])
        base_f1 = f1(lab[t], base[t])
        assert ours_f1 >= FLOORS[t], (t, ours_f1)
        assert ours_f1 > base_f1 + 0.05, (t, ours_f1, base_f1)
