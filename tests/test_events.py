"""Event records: sanction dyads with status, UN votes with tallies, and their tables' contracts."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import events


def _s(text: str) -> set[tuple[str, str, str]]:
    return {(r["sender"], r["target"], r["status"]) for r in events.extract(text)[0]}


def _v(text: str) -> list[tuple]:
    return [(r["body"], r["outcome"], r["yes"], r["no"], r["abstain"], r["vetoed_by"], r["resolution"])
            for r in events.extract(text)[1]]


@pytest.mark.parametrize("text, expected", [
    ("The EU extended sanctions against Russia on Monday.", {("European Union", "Russia", "imposed")}),
    ("The US Treasury imposed sanctions on North Korean officials.", {("United States", "North Korea", "imposed")}),
    ("Anti-Russian sanctions introduced by the European Union did not hurt the banks.",
     {("European Union", "Russia", "imposed")}),
    ("Trump slaps new sanctions on Iran over missile test.", {("United States", "Iran", "imposed")}),
    ("The US and the EU imposed sanctions on Russia.",
     {("United States", "Russia", "imposed"), ("European Union", "Russia", "imposed")}),
    ("Washington could impose new sanctions on Venezuela, officials said.", {("United States", "Venezuela", "threatened")}),
    ("Sanctions against Russia will be imposed by Canada next week.", {("Canada", "Russia", "threatened")}),
    ("Merkel said sanctions against Moscow cannot yet be lifted.", {("unknown", "Russia", "eased")}),
    ("Iran was hit by international sanctions for years.", {("unknown", "Iran", "imposed")}),
    ("The United States lifted sanctions on Cuba.", {("United States", "Cuba", "eased")}),
    ("Russia's food embargo on the EU has cost farmers dearly.", {("Russia", "European Union", "imposed")}),
    ("North Korea has fired missiles in defiance of UN sanctions.", {("United Nations", "North Korea", "imposed")}),
])
def test_sanction_records(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text", [
    "FIFA imposed sanctions on the club after the match.",                 # sport
    "The regulator fined the bank for breaching sanctions rules in court.",  # regulator / court
    "The council sanctioned the merger of the two firms.",                 # approve
    "Trump's travel ban on seven countries was blocked by a judge.",       # immigration
    "China raised tariffs on US soybeans.",                                # tariffs
    "Sanctions are a blunt tool, experts say.",                            # no target
])
def test_not_sanction_records(text):
    assert _s(text) == set()


def test_sender_named_elsewhere_in_the_article_fills_a_passive_sentence():
    text = "The EU imposed sanctions on Russia in 2014. The sanctions were extended against Russia on Friday."
    recs = events.extract(text)[0]
    assert {(r["sender"], r["target"], r["status"]) for r in recs} == {("European Union", "Russia", "imposed")}
    assert recs[0]["sentence_no"] == 0  # the first sentence that states the record is the evidence


def test_a_dyad_can_carry_two_statuses():
    text = "The US imposed sanctions on Russia. Trump has said he is open to lifting sanctions on Russia."
    assert _s(text) == {("United States", "Russia", "imposed"), ("United States", "Russia", "eased")}


@pytest.mark.parametrize("text, measure", [
    ("The EU imposed an arms embargo on Syria.", ["arms"]),
    ("Russia extended its embargo on food imports from the EU.", ["trade"]),
    ("The US froze the assets of Russian banks in new sanctions on Russia.", ["financial"]),
    ("The EU imposed visa bans on Belarus officials as sanctions against Belarus.", ["travel"]),
    ("The UN imposed sanctions on North Korea.", ["general"]),
])
def test_measure(text, measure):
    assert events.extract(text)[0][0]["measure"] == measure


@pytest.mark.parametrize("text, status, cameo", [
    ("The EU imposed sanctions on Russia.", "imposed", "163"),
    ("The US threatened sanctions against Venezuela.", "threatened", "1312"),
    ("The US eased sanctions on Cuba.", "eased", "085"),
    ("Moscow demands that the EU lift sanctions on Russia.", "eased", "1054"),
])
def test_cameo_codes(text, status, cameo):
    rec = events.extract(text)[0][0]
    assert (rec["status"], rec["cameo"]) == (status, cameo)


@pytest.mark.parametrize("text, expected", [
    ("Russia vetoed a UN Security Council resolution on Syria on Tuesday.",
     [("security_council", "vetoed", None, None, None, ["Russia"], None)]),
    ("The Security Council adopted resolution 2334 by a vote of 14-0, with one abstention.",
     [("security_council", "adopted", 14, 0, 1, [], "2334")]),
    ("The UN General Assembly voted 128 in favour, 9 against, with 35 abstentions.",
     [("general_assembly", "adopted", 128, 9, 35, [], None)]),
    ("Russia and China vetoed the UN draft, which won nine votes in favour, with three against and three abstentions.",
     [("security_council", "vetoed", 9, 3, 3, ["Russia", "China"], None)]),
    ("The Security Council is expected to vote on the draft on Friday.",
     [("security_council", "scheduled", None, None, None, [], None)]),
    ("The Human Rights Council decided in a resolution adopted by consensus to send a mission.",
     [("human_rights_council", "adopted", None, None, None, [], None)]),
    ("The Russian draft failed to win the nine votes needed in the Security Council.",
     [("security_council", "failed", None, None, None, [], None)]),
])
def test_un_vote_records(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text", [
    "Israel's settlements are in violation of UN Security Council resolution 2334.",  # cited as law
    "Parliament voted 60 to 52 for the bill on Monday.",                             # national vote
    "North Korea should comply with all UN Security Council resolutions, Lavrov said.",
    "The UN Security Council met to discuss Syria.",                                  # no vote
])
def test_not_un_vote_records(text):
    assert _v(text) == []


def test_one_vote_reported_in_two_sentences_is_one_record():
    text = ("The Security Council adopted resolution 2334 on Friday. "
            "Resolution 2334 was passed 14-0 after the US abstained.")
    assert _v(text) == [("security_council", "adopted", 14, 0, None, [], "2334")]


ARTICLES = pd.DataFrame({
    "article_id": ["a", "b", "c"],
    "source": ["x.com", "y.com", "x.com"],
    "published": pd.to_datetime(["2017-01-02", "2017-02-03", None], utc=True),
    "text": ["The EU extended sanctions against Russia on Monday. Oil rose.",
             "Nothing about sanctions here at all, just weather.",
             "Russia vetoed a UN Security Council resolution on Syria. The US imposed sanctions on Iran."],
}, index=[10, 20, 30])


def test_sanction_table_contract():
    before = ARTICLES.copy(deep=True)
    out = analysis.sanction_events(ARTICLES)
    pd.testing.assert_frame_equal(ARTICLES, before)  # the input is untouched
    assert list(out.columns) == events.SANCTION_COLUMNS
    assert out[["article_id", "sender", "target", "status"]].values.tolist() == [
        ["a", "European Union", "Russia", "imposed"], ["c", "United States", "Iran", "imposed"]]
    row = out.iloc[1]
    assert row["quote"] == "The US imposed sanctions on Iran."
    assert ARTICLES.loc[30, "text"][row["start"]:row["end"]] == row["quote"] and row["sentence_no"] == 1
    assert row["source"] == "x.com" and pd.isna(row["published"])
    assert out.iloc[0]["published"] == pd.Timestamp("2017-01-02", tz="UTC")


def test_vote_table_contract():
    out = analysis.un_votes(ARTICLES)
    assert list(out.columns) == events.VOTE_COLUMNS
    assert len(out) == 1 and out.iloc[0]["article_id"] == "c" and out.iloc[0]["vetoed_by"] == ["Russia"]
    assert str(out["yes"].dtype) == "Int64" and pd.isna(out.iloc[0]["yes"])


def test_tables_without_source_or_published_columns_and_empty_input():
    df = pd.DataFrame({"article_id": [1], "text": ["The UN imposed sanctions on Libya."]})
    out = analysis.sanction_events(df)
    assert out[["sender", "target"]].values.tolist() == [["United Nations", "Libya"]]
    assert out["source"].isna().all() and out["published"].isna().all()
    empty = analysis.un_votes(df.iloc[:0])
    assert empty.empty and list(empty.columns) == events.VOTE_COLUMNS


def test_missing_text_column_is_named():
    with pytest.raises(KeyError, match="text"):
        analysis.sanction_events(pd.DataFrame({"article_id": [1], "body": ["x"]}))


def test_analyze_all_gives_the_same_event_tables(tmp_path):
    t = analysis.analyze_all(ARTICLES)
    pd.testing.assert_frame_equal(t.sanction_events, analysis.sanction_events(ARTICLES))
    pd.testing.assert_frame_equal(t.un_votes, analysis.un_votes(ARTICLES))
    # with a cache: computed, then read back; identical tables; events alone after the base is cached
    analysis.evidence(ARTICLES, cache=tmp_path)  # stores base and themes records only
    first = analysis.sanction_events(ARTICLES, cache=tmp_path)
    again = analysis.analyze_all(ARTICLES, cache=tmp_path)
    pd.testing.assert_frame_equal(first, t.sanction_events)
    pd.testing.assert_frame_equal(again.un_votes, t.un_votes)


def test_worker_processes_give_the_same_tables():
    many = pd.concat([ARTICLES] * 50, ignore_index=True).assign(article_id=range(150))
    many["text"] = [f"{t} Item {i}." for i, t in enumerate(many["text"])]  # distinct texts
    pd.testing.assert_frame_equal(analysis.sanction_events(many, n_jobs=2), analysis.sanction_events(many))


def test_dask_in_and_out():
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(ARTICLES.reset_index(drop=True), npartitions=2)
    got = analysis.sanction_events(ddf).compute()
    want = analysis.sanction_events(ARTICLES.reset_index(drop=True))
    assert got[["article_id", "sender", "target", "status", "source"]].values.tolist() == \
        want[["article_id", "sender", "target", "status", "source"]].values.tolist()
    votes = analysis.un_votes(ddf).compute()
    assert votes["vetoed_by"].tolist() == [["Russia"]]


def test_cli_writes_event_tables(tmp_path):
    from analysis.cli import main

    src = tmp_path / "in.parquet"
    ARTICLES.reset_index(drop=True).to_parquet(src)
    assert main(["analyze", str(src), "-o", str(tmp_path / "out.parquet"), "--events", str(tmp_path / "ev"),
                 "--no-progress"]) == 0
    s = pd.read_parquet(tmp_path / "ev" / "sanction_events.parquet")
    v = pd.read_parquet(tmp_path / "ev" / "un_votes.parquet")
    assert s["target"].tolist() == ["Russia", "Iran"] and v["outcome"].tolist() == ["vetoed"]
    assert main(["analyze", str(src), "-o", str(tmp_path / "o2.parquet"), "--events", str(tmp_path / "x.parquet")]) == 1


# --------------------------------------------------------------------------- against the hand labels



def test_label_files_are_consistent(benchmark_module):
    ev = benchmark_module("eval_events")
    arts, sanc, votes = ev.labels()
    assert set(arts["split"]) == {"dev", "heldout"} and arts["source_id"].is_unique
    assert set(sanc["source_id"]) <= set(arts["source_id"]) and set(votes["source_id"]) <= set(arts["source_id"])
    assert set(sanc["status"]) <= set(events.STATUSES)
    assert set(votes["body"]) <= set(events.BODIES) and set(votes["outcome"]) <= set(events.OUTCOMES)
    assert not sanc.duplicated(["source_id", "sender", "target", "status"]).any()
    # the minimum: 60 articles with sanction records and 20 with UN votes
    assert sanc["source_id"].nunique() >= 60 and votes["source_id"].nunique() >= 20
    names = set(__import__("analysis").actors.load_gazetteer().names) | {"unknown"}
    unknown_names = (set(sanc["sender"]) | set(sanc["target"])) - names
    assert len(unknown_names) <= 10  # only named groups outside the gazetteer (the guide allows them)


@pytest.fixture(scope="module")
def evaluation(corpus, benchmark_module):
    return benchmark_module("eval_events").evaluate()


@pytest.mark.corpus
@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_rules_beat_the_naive_baseline(evaluation, split):
    r = evaluation[split]
    assert r["dyad"]["f1"] > r["baseline_dyad"]["f1"] + 0.1
    assert r["status"]["f1"] > r["baseline_status"]["f1"] + 0.1


@pytest.mark.corpus
def test_annotators_agree_well_enough_to_be_a_reference(evaluation):
    a = evaluation["agreement"]
    assert a["n"] >= 30 and a["dyad"]["f1"] >= 0.8


# Measured with benchmarks/eval_events.py (Dec 2026): held-out sender-target F1 0.595, with status
# 0.524, UN vote (body, outcome) 0.533 (dev 0.734 / 0.678 / 0.963): the targets are not met;
# each is xfail(strict) so that reaching one is noticed.
_TARGETS = {"dyad": 0.85, "status": 0.75, "vote": 0.85}


@pytest.mark.corpus
@pytest.mark.parametrize("measure", [pytest.param(m, marks=pytest.mark.xfail(
    strict=True, reason=f"held-out {m} F1 below {t} (see benchmarks/eval_events.py)")) for m, t in _TARGETS.items()])
def test_heldout_meets_target(evaluation, measure):
    assert evaluation["heldout"][measure]["f1"] >= _TARGETS[measure]


def test_streaming_writes_event_parts(tmp_path):
    from analysis.scale.stream import analyze_files

    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(ARTICLES["text"]):
        (src / f"{i}.txt").write_text(text)
    summary = analyze_files(src, tmp_path / "out", chunk_size=2, progress=False,
                            tables=("articles", "sanction_events", "un_votes"))
    s = pd.read_parquet(tmp_path / "out" / "sanction_events")
    v = pd.read_parquet(tmp_path / "out" / "un_votes")
    assert summary["parts"] == 2 and summary["rows"]["sanction_events"] == len(s) == 2
    assert sorted(s["target"]) == ["Iran", "Russia"] and v["outcome"].tolist() == ["vetoed"]
