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
    "WADA recommended sanctions against Russia's anti-doping agency.",     # sport, in capitals / after a hyphen
    "The IOC imposed sanctions on Russia's Olympic committee.",
    "Parliament sanctioned the use of force in Syria.",                    # approve
    "The sanctions expert said Russia's economy had adapted.",             # a person's field
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
    # a UN body that sets something up acts by resolution: an adoption
    ("In December 2016, the UNGA, led by Liechtenstein and Qatar, established a mechanism to gather evidence.",
     [("general_assembly", "adopted", None, None, None, [], None)]),
    ("The Security Council set up a panel of experts to watch the embargo.",
     [("security_council", "adopted", None, None, None, [], None)]),
])
def test_un_vote_records(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text", [
    "Israel's settlements are in violation of UN Security Council resolution 2334.",  # cited as law
    "Parliament voted 60 to 52 for the bill on Monday.",                             # national vote
    "North Korea should comply with all UN Security Council resolutions, Lavrov said.",
    "The UN Security Council met to discuss Syria.",                                  # no vote
    "For that, the UNSC would need to pass another resolution on Syria.",             # hypothetical
    "The Security Council could adopt a resolution, diplomats said.",
    # cited as law: "relevant resolutions", defied resolutions
    "This is at odds with the relevant UN Security Council resolutions that have been adopted since 2007.",
    "North Korea continues to defy UN Security Council resolutions with its missile tests.",
    # "abstain from" doing something is not a vote
    "The human rights report reviews all other nations but abstains from assessing its own record.",
    "The company created a works council last year.",                               # no UN body
    "The Security Council met on Friday and established nothing, diplomats said of the talks.",
])
def test_not_un_vote_records(text):
    assert _v(text) == []


@pytest.mark.parametrize("sentence, published, kwargs, expected", [
    ("On 27 March 2014, the General Assembly adopted a resolution on Crimea.", None, {}, "2014-03-27"),
    ("Resolution 2209 was adopted on March 6, 2015, condemning chlorine attacks.", None, {}, "2015-03-06"),
    ("The Council passed a resolution in December 2016 on settlements.", None, {}, "2016-12"),
    ("In 2010, the General Assembly voted to recognise water as a human right.", None, {}, "2010"),
    # each resolution its own date
    ("It formed the basis for resolutions 2118, adopted in 2013, and 2254, adopted in 2015.", None,
     {"resolution": "2254"}, "2015"),
    ("It formed the basis for resolutions 2118, adopted in 2013, and 2254, adopted in 2015.", None,
     {"resolution": "2118"}, "2013"),
    # dates that leave something out are placed by the publication date (2017-03-25 is a Saturday)
    ("The UN Security Council on Friday passed a resolution on heritage.", "2017-03-25", {}, "2017-03-24"),
    ("On Saturday, the Security Council adopted a resolution.", "2017-03-25", {}, "2017-03-25"),
    ("The Council is scheduled to vote on Friday.", "2017-03-25", {"scheduled": True}, "2017-03-31"),
    ("The Assembly in December adopted a resolution.", "2017-03-27", {}, "2016-12"),
    ("The Council adopted the resolution last year.", "2017-03-27", {}, "2016"),
    ("Russia vetoed the draft yesterday.", "2017-03-01", {}, "2017-02-28"),
    ("The Council adopted the resolution on Friday.", None, {}, None),  # no publication date: no day
    # a date of another verb, or none near the vote
    ("After Russia vetoed the resolution, the minister's statement misled the public, Lavrov said on Friday.",
     "2017-03-03", {}, None),
    ("Shortly before leaving office, Obama allowed the Security Council to pass a resolution.", "2017-02-07", {}, None),
    ("The Council adopted the text on 31 February 2017.", None, {}, None),  # not a date
])
def test_vote_date(sentence, published, kwargs, expected):
    assert events.vote_date(sentence, published, **kwargs) == expected


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



def _check_label_files(arts, sanc, votes) -> None:
    """What every set of event labels holds to: records only of articles read, known statuses, bodies
    and outcomes, one row per (article, sender, target, status)."""
    assert arts["source_id"].is_unique
    assert set(sanc["source_id"]) <= set(arts["source_id"]) and set(votes["source_id"]) <= set(arts["source_id"])
    assert set(sanc["status"]) <= set(events.STATUSES)
    assert set(votes["body"]) <= set(events.BODIES) and set(votes["outcome"]) <= set(events.OUTCOMES)
    assert not sanc.duplicated(["source_id", "sender", "target", "status"]).any()


def test_label_files_are_consistent(benchmark_module):
    ev = benchmark_module("eval_events")
    arts, sanc, votes = ev.labels()
    _check_label_files(arts, sanc, votes)
    assert set(arts["split"]) == {"dev", "heldout"}
    # the minimum: 60 articles with sanction records and 20 with UN votes
    assert sanc["source_id"].nunique() >= 60 and votes["source_id"].nunique() >= 20
    names = set(__import__("analysis").actors.load_gazetteer().names) | {"unknown"}
    unknown_names = (set(sanc["sender"]) | set(sanc["target"])) - names
    assert len(unknown_names) <= 10  # only named groups outside the gazetteer (the guide allows them)


def test_bbc_label_files_are_consistent(benchmark_module):
    ev = benchmark_module("eval_events")
    arts, sanc, votes = ev.labels("bbc")
    _check_label_files(arts, sanc, votes)
    assert set(arts["split"]) == {"dev"}
    assert arts["source_id"].str.fullmatch(r"(?:business|entertainment|politics|sports|tech)/\d{3}").all()
    names = set(__import__("analysis").actors.load_gazetteer().names) | {"unknown"}
    assert (set(sanc["sender"]) | set(sanc["target"])) <= names


def test_written_label_files_are_consistent(benchmark_module):
    ev = benchmark_module("eval_events")
    arts, sanc, votes = ev.labels("written")
    _check_label_files(arts, sanc, votes)
    sets = arts.groupby("split")["source_id"].apply(lambda s: set(s.str[0])).to_dict()
    assert sets == {"dev": {"a", "c"}, "heldout": {"b", "d"}}
    texts = ev.written_articles()
    assert texts["text"].str.len().min() > 500 and texts["source_id"].is_unique
    names = set(__import__("analysis").actors.load_gazetteer().names) | {"unknown"}
    assert len((set(sanc["sender"]) | set(sanc["target"])) - names) <= 3  # (named groups the gazetteer lacks)


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


# Measured with benchmarks/eval_events.py (6 Dec 2026, after the rounds on the written sets): held-out
# sender-target F1 0.639, with status 0.571, UN vote (body, outcome) 0.562 (dev 0.886 / 0.854 / 1.000); written
# held-out sets b and d 0.597 / 0.550 / 0.842: the targets are not met; each is xfail(strict) so that
# reaching one is noticed.
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


# --------------------------------------------------------------------------- mechanisms tuned on the dev half


@pytest.mark.parametrize("text, expected", [
    # a bare "economic sanctions" with no status, no determiner and no one named by the grammar is a topic
    ("The launch is a challenge for the Trump administration, said George Lopez, an expert in economic sanctions. "
     "North Korea fired four missiles.", set()),
    # "the sanctions" with no target in its sentence: the sanctions the article is about
    ("North Korea tested a rocket engine on Sunday. The coaxing, the cajoling, the sanctions, threats - "
     "all have not worked.", {("unknown", "North Korea", "imposed")}),
    # bypassing sanctions is applying them (evasion)
    ("Russia annexed Crimea in 2014. Officials there say investors will be able to bypass the sanctions.",
     {("unknown", "Russia", "imposed")}),
])
def test_sanctions_the_article_has_in_view(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a government body standing for a state acts: its state is the sender, never the fallback target
    ("Sanctions will be imposed against Russian banks, the NBU representative added.",
     {("Ukraine", "Russia", "threatened")}),
    ("Moscow is worried. Sanctions against Russian banks are ready, a Deputy Head of the NBU said.",
     {("Ukraine", "Russia", "imposed")}),
])
def test_government_body_is_the_sender(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The Foreign Office said it would push for sanctions on Syria.", {("United Kingdom", "Syria", "threatened")}),
    ("Mnuchin announced sanctions on Iranian entities.", {("United States", "Iran", "imposed")}),
])
def test_more_government_bodies_as_data(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the passive verb of the sanctions decides, however far in the clause
    ("The chancellor told reporters that sanctions against Moscow over the ongoing conflict in eastern Ukraine "
     "cannot yet be lifted.", {("unknown", "Russia", "eased")}),
    # a participle right after the noun describes sanctions in force; the governing verb adds its own status
    ("The movement asked for help to lift anti-Russian sanctions imposed by Western countries.",
     {("unknown", "Russia", "eased"), ("unknown", "Russia", "imposed")}),
    ("Merkel's policy is to tie the removal of sanctions imposed against Moscow to the Minsk agreement.",
     {("unknown", "Russia", "eased"), ("unknown", "Russia", "imposed")}),
    # a modal right after the noun: hypothetical
    ("Mr Tillerson thinks sanctions on North Korea might yet work.", {("United States", "North Korea", "threatened")}),
    ("UNSC imposed sanctions on Syria would not only be legal, he said.", {("United Nations", "Syria", "threatened")}),
])
def test_status_from_the_verb_that_governs_the_sanctions(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "discussed sanctions with the Russian ambassador": a talk partner, not a target
    ("Flynn misled Vice President Mike Pence about whether he discussed sanctions with the Russian ambassador.", set()),
    # "in spite of the sanctions": in force, whatever verb governs the clause
    ("US companies seek to work with Russia in spite of the sanctions on Russia.", {("United States", "Russia", "imposed")}),
    # "Ukraine-related sanctions" are about Ukraine; the target is the other state
    ("The Treasury said its Ukraine-related sanctions on Russia will stay.", {("United States", "Russia", "imposed")}),
    ("Nikki Haley said Ukraine-related sanctions will remain in place until Russia returns Crimea.",
     {("United States", "Russia", "imposed")}),
])
def test_who_is_not_the_target_and_concessions(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # those who argue for lifting or keeping a measure in place take a side; whose measure it is, the article says
    ("Germany and France have repeatedly called for the embargo on China to be lifted.",
     {("unknown", "China", "eased")}),
    ("The EU imposed its arms embargo on China in 1989. Germany and France have called for the embargo to be lifted.",
     {("European Union", "China", "imposed"), ("European Union", "China", "eased")}),
    ("Critics worry about plans, backed by Britain, to lift the arms embargo on China.", {("unknown", "China", "eased")}),
    ("Washington argues that if the embargo on China is lifted, Beijing could buy arms.",
     {("unknown", "China", "eased")}),
    ("The US urged the EU to keep the sanctions on Russia.", {("European Union", "Russia", "imposed")}),
    # a place is not a sender ("In Britain, ... under the embargo")
    ("In Britain, more export licences were refused under the national code than under the embargo on China.",
     {("unknown", "China", "imposed")}),
])
def test_advocates_and_places_are_not_senders(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # one measure on a list of targets: the one sender the article gives for the listed targets holds for all
    ("The EU imposed an arms embargo on China in 1989. Arms embargoes apply to China, Burma and Zimbabwe.",
     {("European Union", "China", "imposed"), ("European Union", "Myanmar", "imposed"),
      ("European Union", "Zimbabwe", "imposed")}),
    ("The EU imposed sanctions on Russia. Sanctions on Russia and Syria remain in place.",
     {("European Union", "Russia", "imposed"), ("European Union", "Syria", "imposed")}),
    # two senders for the listed targets: the unnamed one's stays unknown
    ("The EU imposed sanctions on Russia. The US imposed sanctions on Iran. Sanctions on Russia, Iran and Syria "
     "remain in place.", {("European Union", "Russia", "imposed"), ("United States", "Iran", "imposed"),
                          ("unknown", "Syria", "imposed")}),
])
def test_one_sender_for_a_list_of_targets(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a ban on arms is an arms embargo, whoever's ban it is
    ("Moves to lift the European Union's ban on arms exports to China have been condemned by rights groups.",
     {("European Union", "China", "eased")}),
    ("The EU arms ban on China will stay.", {("European Union", "China", "imposed")}),
    ("The US weapons ban on Iran remains.", {("United States", "Iran", "imposed")}),
    # a domestic gun law is not
    ("The US assault weapons ban on rifles expired in 2004, Russia said.", set()),
    ("A ban on smoking in Iran was lifted.", set()),
])
def test_arms_bans_are_embargoes(text, expected):
    assert _s(text) == expected


def test_arms_ban_measure():
    out = analysis.sanction_events(pd.DataFrame({"text": ["The US weapons ban on Iran remains."]}))
    assert out["measure"].tolist() == [["arms"]]


@pytest.mark.parametrize("text, expected", [
    # "the same embargo as X and Y": the fellow targets of one measure
    ("The EU said it was wrong to put China under the same embargo as countries such as Zimbabwe and Burma.",
     {("European Union", "China", "imposed"), ("European Union", "Zimbabwe", "imposed"),
      ("European Union", "Myanmar", "imposed")}),
    ("The EU wants to put China under the same sanctions as Iran.",
     {("European Union", "China", "imposed"), ("European Union", "Iran", "imposed")}),
    # without "same", a state after "as" is no target
    ("China faces sanctions as Iran watches.", {("unknown", "China", "threatened")}),
])
def test_fellow_targets_of_the_same_measure(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # who is threatened with sanctions is their target, not their sender
    ("Beijing has been threatened with sanctions if it fails to clamp down.", {("unknown", "China", "threatened")}),
    ("Iran was threatened with new sanctions by the US.", {("United States", "Iran", "threatened")}),
    # the article's one sender for the target holds, also when it names the target only by filling it in
    ("Beijing has been threatened with sanctions if it fails to clamp down on piracy. Any country that does not "
     "act could face a step that could trigger economic sanctions, the EU warned.",
     {("European Union", "China", "threatened")}),
    # one who wants a measure lifted is neither its target nor its sender
    ("The French want the embargo on China lifted.", {("unknown", "China", "eased")}),
    ("The EU imposed an arms embargo on China. The French want the embargo lifted.",
     {("European Union", "China", "imposed"), ("European Union", "China", "eased")}),
    # but a usual target that wants sanctions lifted is their target
    ("Russia wants the sanctions lifted.", {("unknown", "Russia", "eased")}),
])
def test_threatened_with_and_those_who_want(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a subject outside the clause of "the embargo" does not own it when the article says whose it is
    ("The EU imposed its arms embargo on China in 1989. Japan's foreign minister told the British minister that "
     "his plan to remove the embargo was worrying.",
     {("European Union", "China", "imposed"), ("European Union", "China", "eased")}),
    ("The EU imposed its arms embargo on China in 1989. Washington has voiced concern that rights in China have "
     "not improved enough to merit an end to the embargo.",
     {("European Union", "China", "imposed"), ("European Union", "China", "eased")}),
    # a subject in the clause of the sanction word acts, whoever else does
    ("The EU imposed sanctions on Russia. The US extended the sanctions on Russia.",
     {("European Union", "Russia", "imposed"), ("United States", "Russia", "imposed")}),
    # the parties to a relationship, and a speaker's partners (all of the list), are not guessed to be the sender
    ("Lifting the embargo on China would damage Britain's relations with the US, a spokesman said.",
     {("unknown", "China", "eased")}),
    ("North Korea fired a missile. Seoul said it would work with allies, including the United States, Japan and "
     "the European Union, to ensure a thorough implementation of sanctions against North Korea.",
     {("unknown", "North Korea", "imposed")}),
    # but one who acts in the clause still does
    ("The EU will work with Japan as the US extends sanctions on Russia.", {("United States", "Russia", "imposed")}),
])
def test_whose_measure_the_article_says(text, expected):
    assert _s(text) == expected


def test_the_owner_is_cited_where_the_article_names_it():
    text = ("The EU imposed its arms embargo on China in 1989. Critics spoke. Japan's foreign minister told the "
            "British minister that his plan to remove the embargo was worrying.")
    out = analysis.sanction_events(pd.DataFrame({"text": [text]})).set_index("status")
    assert out.loc["eased", ["sender", "sentence_no", "sender_sentence_no"]].tolist() == ["European Union", 2, 0]


@pytest.mark.parametrize("text, expected", [
    # whose conduct the measure answers is its target when the sentence names no other
    ("The US imposed sanctions over India's nuclear tests.", {("United States", "India", "imposed")}),
    ("Washington imposed sanctions after Pakistan's nuclear tests in 1998.", {("United States", "Pakistan", "imposed")}),
    ("Sanctions imposed in 1998 after India's nuclear tests were lifted, Russia said.", {("unknown", "India", "imposed")}),
    # the condition for lifting names the target, however often the article names another state
    ("Ukraine feels abandoned. Ukraine's leaders worry about Ukraine. Haley said the US sanctions will remain in "
     "place until Russia returns Crimea to Ukraine.", {("United States", "Russia", "imposed")}),
    # a target named by the grammar stays the target
    ("The EU imposed sanctions, after Pakistan's tests, on Iran.", {("European Union", "Iran", "imposed")}),
    ("The EU imposed sanctions on Russia over Ukraine's crisis.", {("European Union", "Russia", "imposed")}),
])
def test_whose_conduct_the_measure_answers(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "targeted sanctions" is a kind of sanctions, not a verb that imposes them
    ("Syria could face targeted sanctions.", {("unknown", "Syria", "threatened")}),
    ("The Assad government could face an international arms embargo, targeted sanctions, or other measures.",
     {("unknown", "Syria", "threatened")}),
    ("The EU imposed targeted sanctions on Russian officials.", {("European Union", "Russia", "imposed")}),
    ("Targeted sanctions on Russian officials remain.", {("unknown", "Russia", "imposed")}),
    # the verb still imposes
    ("The US targeted Russia with sanctions.", {("United States", "Russia", "imposed")}),
])
def test_targeted_sanctions_are_a_kind(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # those who join a sender act too
    ("Canada and Australia joined the EU in imposing sanctions on Belarus.",
     {("Canada", "Belarus", "imposed"), ("Australia", "Belarus", "imposed"), ("European Union", "Belarus", "imposed")}),
    # freezing assets is a financial sanction, imposed or (with a modal) threatened; a court's is not
    ("The US froze the assets of three Russian oligarchs.", {("United States", "Russia", "imposed")}),
    ("Japan said it would freeze the assets of North Korean banks.", {("Japan", "North Korea", "threatened")}),
    ("The court froze the assets of the businessman.", set()),
    # a ban on imports, named as a noun; lifted, it is eased; a ban for animal or food health is no sanction
    ("Moscow retaliated with a ban on food imports from the EU.", {("Russia", "European Union", "imposed")}),
    ("Russia lifted the ban on Turkish food imports.", {("Russia", "Turkey", "eased")}),
    ("The EU lifted its ban on beef exports from Britain over mad cow disease.", set()),
    ("China suspended poultry imports from the US over bird flu.", set()),
    # hitting back is retaliation by the subject
    ("Russia hit back with sanctions on Turkish tomatoes.", {("Russia", "Turkey", "imposed")}),
])
def test_joined_frozen_banned_and_hit_back(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a possessive after a comma opens the next clause, not another target
    ("The EU should not lift sanctions on Russia, Poland's foreign minister said.",
     {("European Union", "Russia", "eased")}),
    # right after the preposition, or joined by "and", it is a target
    ("The EU imposed sanctions on Russia's banks.", {("European Union", "Russia", "imposed")}),
    ("The US imposed sanctions on Russia and Iran's central bank.",
     {("United States", "Russia", "imposed"), ("United States", "Iran", "imposed")}),
])
def test_a_possessive_after_a_comma_is_no_target(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, measure", [
    ("New sanctions against Russia are unlikely, diplomats said.", ["general"]),
    ("Turkey announced diplomatic sanctions on the Netherlands and Russia.", ["diplomatic"]),
])
def test_diplomats_who_speak_are_no_diplomatic_measure(text, measure):
    out = analysis.sanction_events(pd.DataFrame({"text": [text]}))
    assert out["measure"].tolist() == [measure] * len(out) and len(out)


@pytest.mark.parametrize("text, expected", [
    # "more/further/tougher sanctions": the finite verb before decides; with none, or a modal, they are in prospect
    ("The US imposed further sanctions on Russia.", {("United States", "Russia", "imposed")}),
    ("The US slapped more sanctions on Russia.", {("United States", "Russia", "imposed")}),
    ("The US will impose tougher sanctions on Russia.", {("United States", "Russia", "threatened")}),
    ("The US called for more sanctions on Russia.", {("United States", "Russia", "threatened")}),
    ("More sanctions on Russia are coming.", {("unknown", "Russia", "threatened")}),
    ("The US lifted further sanctions on Sudan.", {("United States", "Sudan", "eased")}),
    # drafting, and deciding whether to prolong, are in prospect; rolling over is renewing
    ("The UN is drafting new sanctions on North Korea.", {("United Nations", "North Korea", "threatened")}),
    ("The EU will decide in March whether to prolong sanctions on Russia.",
     {("European Union", "Russia", "threatened")}),
    ("EU leaders agreed on Thursday to roll over sanctions on Russia for another six months.",
     {("European Union", "Russia", "imposed")}),
    # who evades sanctions is under them; who helps them evade neither imposes nor is hit
    ("Russia is circumventing sanctions through Crimea.", {("unknown", "Russia", "imposed")}),
    ("Chinese firms helped North Korea evade sanctions.", {("unknown", "North Korea", "imposed")}),
])
def test_status_words_that_need_their_verb(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a state named before the word and another after "on": the first imposes, the second is hit
    ("Russian sanctions on Turkey hit its tourism industry.", {("Russia", "Turkey", "imposed")}),
    ("Russian sanctions remain.", {("unknown", "Russia", "imposed")}),
    # where the target is is not another target
    ("Kiev imposed sanctions on Russian banks operating in Ukraine.", {("Ukraine", "Russia", "imposed")}),
    ("Trump could lift US sanctions against Russia connected to its interference in Ukraine.",
     {("United States", "Russia", "eased")}),
    # companies, leaders and officials stand for their state; a named group is its own target
    ("The US imposed sanctions on Chinese companies that trade with North Korea.", {("United States", "China", "imposed")}),
    ("The Treasury sanctioned Venezuelan President Nicolas Maduro.", {("United States", "Venezuela", "imposed")}),
    ("The EU imposed sanctions on Hezbollah's military wing.", {("European Union", "Hezbollah", "imposed")}),
    ("Beijing imposed sanctions on US defence firm Lockheed Martin over arms sales to Taiwan.",
     {("China", "United States", "imposed")}),
])
def test_who_is_hit_named_around_the_word(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a pronoun or "the administration" that agrees, decides or weighs: the actor of the sentence before
    ("EU foreign ministers met in Brussels. They agreed to extend sanctions on Russia.",
     {("European Union", "Russia", "imposed")}),
    ("Washington wants Beijing to do more. The administration is weighing sanctions on Chinese banks.",
     {("United States", "China", "threatened")}),
    ("The US Treasury announced new measures on Tuesday. It imposed sanctions on 13 Iranian individuals.",
     {("United States", "Iran", "imposed")}),
])
def test_who_acts_through_a_pronoun(text, expected):
    assert _s(text) == expected


def test_frozen_assets_are_financial():
    out = analysis.sanction_events(pd.DataFrame({"text": ["The US froze the assets of three Russian oligarchs."]}))
    assert out["measure"].tolist() == [["financial"]]


@pytest.mark.parametrize("text, expected", [
    # who faces sanctions is their target, whatever status words stand between
    ("Iran faces new sanctions.", {("unknown", "Iran", "threatened")}),
    ("North Korea could face tougher sanctions.", {("unknown", "North Korea", "threatened")}),
    # "threats and sanctions": two nouns of a list; the sanctions are in force
    ('Zyuganov said that Russia today is facing "foreign threats and sanctions".', {("unknown", "Russia", "imposed")}),
])
def test_who_faces_sanctions_is_the_target(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected, sender_sentence_no", [
    # a pronoun that acts: the actor of the sentences before
    ("The Treasury Department acted on Friday. It imposed sanctions on 25 Iranian firms.",
     {("United States", "Iran", "imposed")}, 0),
    ("Britain's foreign office spoke on Monday. The EU met in Brussels. "
     "They will impose sanctions on Belarus officials next week.",
     {("European Union", "Belarus", "threatened")}, 1),
    # ... or the state the whole article speaks for (a president's speech)
    ("Here is the speech of Donald Trump. America is strong. America is proud. The United States will lead. "
     + "We will build new roads and bridges across our land. " * 14
     + "I have also imposed new sanctions on entities that support Iran's missile programme.",
     {("United States", "Iran", "imposed")}, None),
    # the sender another sentence names for the same target, only when that sender is the only one
    ("The EU imposed sanctions on Russia. The sanctions were extended on Friday.",
     {("European Union", "Russia", "imposed")}, 0),
])
def test_sender_carried_from_another_sentence(text, expected, sender_sentence_no):
    recs = events.extract(text)[0]
    assert {(r["sender"], r["target"], r["status"]) for r in recs} == expected
    assert recs[-1]["sender_sentence_no"] == sender_sentence_no


def test_sender_named_for_the_target_by_two_states_is_not_guessed():
    # (the sentence just before names two senders for Iran: neither is taken)
    text = ("The EU and the UN lifted sanctions on Iran. "
            "Sanctions have not been sufficiently lifted, Iranian officials say.")
    assert _s(text) == {("European Union", "Iran", "eased"), ("United Nations", "Iran", "eased"),
                        ("unknown", "Iran", "eased")}
    # but one sender named for it just before is the one the next sentence speaks of
    text = ("The EU and the UN lifted sanctions on Iran. Iran was free of EU sanctions. "
            "Sanctions have not been sufficiently lifted, Iranian officials say.")
    assert _s(text) == {("European Union", "Iran", "eased"), ("United Nations", "Iran", "eased")}


@pytest.mark.parametrize("text, expected", [
    # a state's organ after a possessive is the subject that acts
    ("Ukraine's Security Service has made a decision to impose sanctions on several Russian MPs, "
     "a spokeswoman for the Security Council said.", {("Ukraine", "Russia", "imposed")}),
    # "Kiev's possible sanctions": the possessive names the sender, an adjective between does not hide it
    ("The visitors say they do not fear Kiev's possible sanctions and will not come to Ukraine.", set()),
    # the subject of the sanction verb is the sender, even a usual target (counter-sanctions)
    ("Russia extended its embargo on food imports from the EU.", {("Russia", "European Union", "imposed")}),
    # the name of a law is not a statement of sanctions
    ("Senators introduced legislation, The Russia Sanctions Review Act of 2017, on Wednesday.", set()),
    # "... put those sanctions in place, and Trump is open to lifting them": in force, and lifting discussed
    ("The Obama administration put those sanctions on Russia in place, and Trump has remained open to lifting them.",
     {("United States", "Russia", "imposed"), ("United States", "Russia", "eased")}),
])
def test_possessive_organs_law_names_and_lifting_them(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # some texts of the corpus have hyphens for spaces around links: the vote is still read
    ("Resolutions such as the-resolution-passed by the UN Human Rights Council last week will remain empty gestures.",
     [("human_rights_council", "adopted", None, None, None, [], None)]),
    ("The draft-was-vetoed by Russia in the Security Council.",
     [("security_council", "vetoed", None, None, None, ["Russia"], None)]),
])
def test_vote_cues_after_a_hyphen(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The UN General Assembly voted overwhelmingly on Thursday to condemn the decision.",
     [("general_assembly", "adopted", None, None, None, [], None)]),
    # a bare resolution number is the Security Council's; "a UN resolution" put to a vote, no body named, too
    ("Resolution 2334, adopted in December, demands a halt to settlements.",
     [("security_council", "adopted", None, None, None, [], "2334")]),
    ("Last December the Obama administration abstained on a UN resolution that condemned Israeli settlements.",
     [("security_council", "adopted", None, None, None, [], None)]),
    # "used its veto power" is a veto cast; a permanent member blocking a draft is a veto
    ("Moscow used its veto power to block the resolution in the Security Council.",
     [("security_council", "vetoed", None, None, None, ["Russia"], None)]),
    ("Russia blocked a UN Security Council resolution to condemn the chemical attack.",
     [("security_council", "vetoed", None, None, None, ["Russia"], None)]),
    ("A vote on the measure is expected next week at the Security Council.",
     [("security_council", "scheduled", None, None, None, [], None)]),
])
def test_vote_reports_in_other_words(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the Council by its size, the rights council by a short name
    ("The 15-member council voted unanimously on Friday to adopt the resolution.",
     [("security_council", "adopted", None, None, None, [], None)]),
    ("The 15-nation UN Council rejected the draft.", [("security_council", "failed", None, None, None, [], None)]),
    ("The UN rights council voted 24-14 to set up an inquiry.",
     [("human_rights_council", "adopted", 24, 14, None, [], None)]),
    # a council of another size is no UN body
    ("The 12-member council voted unanimously to adopt the budget.", []),
])
def test_un_bodies_by_other_names(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text, expected", [
    # who voted for the draft did not veto it; when the sentence says who voted against, the vetoes are theirs
    ("Britain, France and the US voted in favour, Russia and China voted against, and the draft was vetoed.",
     [("security_council", "vetoed", None, None, None, ["Russia", "China"], None)]),
    ("The US voted for the text but it was vetoed by Russia at the Security Council.",
     [("security_council", "vetoed", None, None, None, ["Russia"], None)]),
    # "cast the lone veto"
    ("The US cast the lone veto against the draft, which won 14 votes in the Security Council.",
     [("security_council", "vetoed", 14, None, None, ["United States"], None)]),
    # a vote "set for" a day is scheduled
    ("A UN General Assembly vote on the issue is set for Thursday.",
     [("general_assembly", "scheduled", None, None, None, [], None)]),
])
def test_who_vetoed_and_when_a_vote_is_set(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text, n", [
    # two resolutions of one body on different subjects, or one the article says is another: two votes
    ("The Human Rights Council adopted a resolution on Syria. The Council adopted a resolution on Myanmar.", 2),
    ("The Human Rights Council voted to set up an inquiry into Syria. The Council also adopted a resolution on "
     "Myanmar without a vote.", 2),
    # the same subject told twice: one vote
    ("The UN General Assembly adopted a resolution on Crimea on Monday. The resolution on Crimea was passed "
     "despite Russian objections.", 1),
    ("The Security Council adopted a resolution on Syria's chemical weapons. The resolution on chemical weapons "
     "in Syria was adopted unanimously.", 1),
])
def test_votes_on_other_subjects_are_other_votes(text, n):
    assert len(_v(text)) == n


@pytest.mark.parametrize("a, b, other", [
    ("on Syria", "on Myanmar", True),
    ("on Syria's chemical weapons", "on chemical weapons in Syria", False),  # a possessive is the same name
    ("", "on Myanmar", False),                                               # no subject: not known to differ
    ("condemning the launch", "on the missile tests", False),                # no names: not known to differ
])
def test_vote_subjects_that_name_other_places(a, b, other):
    from analysis.score.events import _other_subject

    assert _other_subject(a, b) is other


def test_how_many_voted_for_a_vetoed_draft_is_its_tally():
    text = ("Russia and China on Tuesday vetoed a UN Security Council resolution to impose sanctions on Syria. "
            "It was the seventh time Russia has used its veto. Nine countries voted in favour, three against and "
            "three abstained.")
    assert _v(text) == [("security_council", "vetoed", 9, 3, 3, ["Russia", "China"], None)]
    # a count of members voting for a draft, alone, is still the vote it reports
    assert _v("At the UN General Assembly, 128 countries voted in favour of the resolution.") == [
        ("general_assembly", "adopted", 128, None, None, [], None)]


@pytest.mark.parametrize("text, expected", [
    ("The US voted against the UN General Assembly resolution on Jerusalem, which was adopted by 128 votes to nine.",
     [("general_assembly", "adopted", 128, 9, None, [], None)]),
    ("Haley said the US would veto any resolution in the Security Council that criticised Israel.", []),  # a stance
    # the votes a draft won are its votes in favour
    ("The draft won nine votes in the Security Council, but Russia vetoed it.",
     [("security_council", "vetoed", 9, None, None, ["Russia"], None)]),
    ("The Security Council resolution received only four votes and failed.",
     [("security_council", "failed", 4, None, None, [], None)]),
])
def test_tallies_in_words_and_veto_stances(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a target said but not in the gazetteer is not the state named elsewhere in the sentence
    ("Russia and China blocked a draft resolution at the UN Security Council that would have imposed new "
     "sanctions on an invented Caspian state.", set()),
    # ... while one named in the phrase is read as before
    ("Russia and China blocked a draft resolution at the UN Security Council that would have imposed new "
     "sanctions on a Syrian air base.", {("United Nations", "Syria", "threatened")}),
    ("The US imposed sanctions on a number of Iranian companies.", {("United States", "Iran", "imposed")}),
])
def test_an_unknown_target_is_not_guessed(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # applying sanctions in force, whatever the modal: imposed
    ("China said it would fully implement UN sanctions against North Korea.", {("United Nations", "North Korea", "imposed")}),
    ("China suspended coal imports from North Korea in line with UN sanctions.",
     {("United Nations", "North Korea", "imposed"), ("China", "North Korea", "imposed")}),
    # a bill to impose sanctions is a proposal; Senators are Congress
    ("Senators introduced a bill to impose new sanctions on Iran.", {("United States", "Iran", "threatened")}),
    # retaliating with counter-sanctions imposes them
    ("Moscow retaliated with counter-sanctions against the EU.", {("Russia", "European Union", "imposed")}),
    # "blacklisted" is a verb with its target after it
    ("The US blacklisted a Chinese bank for dealing with North Korea.", {("United States", "China", "imposed")}),
    # "Turkey faced Russian sanctions": the adjective names the sender when another faces them
    ("Turkey faced Russian sanctions after it shot down a Russian jet.", {("Russia", "Turkey", "imposed")}),
])
def test_more_ways_of_saying_who_does_what(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Trump signed the bill imposing sanctions on Russia, Iran and North Korea.",
     {("United States", "Russia", "imposed"), ("United States", "Iran", "imposed"),
      ("United States", "North Korea", "imposed")}),
    ("Sanctions imposed on Russia by the EU and the US after the annexation of Crimea remain in place.",
     {("European Union", "Russia", "imposed"), ("United States", "Russia", "imposed")}),
    ("The Foreign Ministry in Moscow warned of retaliation if Washington imposed new sanctions.",
     {("United States", "Russia", "threatened")}),
    ("Seoul has its own unilateral sanctions on North Korea.", {("South Korea", "North Korea", "imposed")}),
])
def test_coordinated_agents_conditions_and_own_sanctions(text, expected):
    assert _s(text) == expected


def test_the_subject_of_the_clause_acts_however_far():
    text = ("In his view, Washington can create problems indirectly, primarily by hampering the work of Russian "
            "businesses in Iran through new sanctions against Tehran.")
    assert _s(text) == {("United States", "Iran", "imposed")}


@pytest.mark.parametrize("text, expected", [
    # who wins relief from sanctions is their target; "under" after the sanctions is no status
    ("Iran won relief from sanctions under the nuclear deal.", {("unknown", "Iran", "eased")}),
    # a usual target that calls for lifting is the target, not the one who lifts
    ("Moscow has called for the sanctions to be lifted.", {("unknown", "Russia", "eased")}),
    # "sanctions from the US and the EU": by them
    ("Russia has been hit by a series of sanctions from the US and the EU.",
     {("United States", "Russia", "imposed"), ("European Union", "Russia", "imposed")}),
])
def test_relief_demands_and_sanctions_from(text, expected):
    assert _s(text) == expected


def test_how_members_voted_is_a_detail_of_the_vote_reported_nearby():
    text = ("Russia and China on Tuesday vetoed a UN resolution to impose sanctions on Syria. "
            "Bolivia also voted against, while Egypt, Ethiopia and Kazakhstan abstained. "
            "The measure received nine votes in favour.")
    assert _v(text) == [("security_council", "vetoed", 9, None, None, ["Russia", "China"], None)]


@pytest.mark.parametrize("text, expected", [
    ("Moscow blocked the measure in the UN Security Council on Tuesday, with Beijing joining it.",
     [("security_council", "vetoed", None, None, None, ["Russia"], None)]),
    ("The Council adopted Resolution 2334 on 23 December 2016 by 14 votes to none, with the United States abstaining.",
     [("security_council", "adopted", 14, 0, None, [], "2334")]),
])
def test_blocked_measures_and_votes_to_none(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a trade ban without a sanction word: its subject imposes it on the state named after it
    ("In a further sign of its frustration with Pyongyang, China last month banned imports of North Korean coal.",
     {("China", "North Korea", "imposed")}),
    ("China recently announced it was suspending for the rest of the year coal imports that are an important "
     "source of revenue for North Korea.", {("China", "North Korea", "imposed")}),
    ("There have been reports of economic retaliation aimed at South Korea by Beijing.",
     {("China", "South Korea", "imposed")}),
    ("Beijing could halt oil exports to North Korea, analysts said.", {("China", "North Korea", "threatened")}),
    # a ban as a noun with no one doing it, and tariffs, are no records
    ("Kiev is collecting data for a claim covering numerous bans on imports of Ukrainian goods to Russia.", set()),
    ("Trump pledged to slap 45 percent tariffs on imports from China.", set()),
])
def test_trade_bans_without_a_sanction_word(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # passive voice: the subject is the target, "by" names the sender
    ("North Korean firms were sanctioned by the Treasury.", {("United States", "North Korea", "imposed")}),
    ("Venezuela's vice president was sanctioned by Washington.", {("United States", "Venezuela", "imposed")}),
    # "X's move to sanction Y": the possessive's act, the infinitive's object
    ("Washington's move to sanction Iranian entities angered Tehran.", {("United States", "Iran", "imposed")}),
])
def test_passive_sanctioned_and_a_move_to_sanction(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a resolution cited as law whose adoption is told is a vote reported in passing
    ("Under resolution 2118, adopted in 2013, Syria must give up its chemical weapons.",
     [("security_council", "adopted", None, None, None, [], "2118")]),
    # a tally of at most 15 members is the Security Council's
    ("Nikki Haley blasted the resolution, which passed 14-0 in December with the US abstaining.",
     [("security_council", "adopted", 14, 0, None, [], None)]),
    ("The UN human rights body adopted a resolution on Friday to send a fact-finding mission to Myanmar.",
     [("human_rights_council", "adopted", None, None, None, [], None)]),
    ("The EU will table a resolution at the Human Rights Council next week.",
     [("human_rights_council", "scheduled", None, None, None, [], None)]),
    ("The Security Council met on Friday. Diplomats said the vote would take place on Thursday.",
     [("security_council", "scheduled", None, None, None, [], None)]),
])
def test_votes_reported_in_passing(text, expected):
    assert _v(text) == expected


@pytest.mark.parametrize("text, sentence_no, sender_sentence_no", [
    ("Washington was angry with Pyongyang. It imposed new sanctions on North Korea on Monday.", 1, 0),
    ("The EU extended sanctions against Russia.", 0, 0),
])
def test_the_tables_say_which_sentence_names_the_sender(text, sentence_no, sender_sentence_no):
    df = pd.DataFrame({"article_id": ["a"], "text": [text]})
    for table in (analysis.sanction_events(df), analysis.analyze_all(df).sanction_events):
        assert table["sender_sentence_no"].dtype == "Int64"
        assert table[["sentence_no", "sender_sentence_no"]].values.tolist() == [[sentence_no, sender_sentence_no]]


@pytest.mark.parametrize("text, subject", [
    ("Russia vetoed a UN Security Council draft resolution threatening sanctions on Syria over chemical weapons.",
     "threatening sanctions on Syria over chemical weapons"),
    ("The Security Council adopted a resolution authorising a peacekeeping force for Somalia on Friday.",
     "authorising a peacekeeping force for Somalia"),
    ("The Security Council adopted a resolution on Syria's chemical weapons.", "on Syria's chemical weapons"),
])
def test_un_vote_subject(text, subject):
    votes = analysis.un_votes(pd.DataFrame({"article_id": ["a"], "text": [text]}))
    assert votes["subject"].tolist() == [subject]


@pytest.mark.parametrize("phrase", [
    "sanctions", "counter-sanctions", "embargoed", "asset freeze", "asset-freezes", "blacklisted",
    "restrictive measures", "punitive measures", "arms ban", "arms-sales ban", "weapons ban", "ban on arms",
    "bans on weapons", "ban on the sale of arms", "ban on exports of arms", "arms export ban", "froze the assets",
    "freezes the bank assets",
])
def test_every_trigger_passes_the_cheap_key_test(phrase):
    # a sentence reaches the trigger rules only when it holds one of the lower-case keys
    from analysis.score.events import _KEYS, load_cues

    assert load_cues().trigger.search(f"The {phrase} stay.")
    assert any(k in phrase.lower() for k, kind in _KEYS.items() if kind == "sanction")


def _find_all_by_find(text, needles):
    # the specification: every occurrence of each needle, overlapping ones too, by str.find
    found = []
    for needle in needles:
        kind = needles[needle] if isinstance(needles, dict) else needle
        i = text.find(needle)
        while i >= 0:
            found.append((i, i + len(needle), kind))
            i = text.find(needle, i + 1)
    return sorted(found)


@pytest.mark.parametrize("text", [
    "", "sanctions", "sanctionsanctions", "\U0001F600 sanctions \U0001F600 embargo", "é veto vetoed abstain",
    "the arms ban on arms-sales ban, bans on the sale of arms", "The 15-member council and the UN rights council",
    "resolution resolutions vot", "Security Council Assembly UNSC UNGA WHO",
])
def test_key_search_finds_what_str_find_finds(text):
    from analysis.score.events import _BODY_HINTS, _KEYS, _find_all

    assert _find_all(text.lower(), _KEYS) == _find_all_by_find(text.lower(), _KEYS)
    assert _find_all(text, _BODY_HINTS) == _find_all_by_find(text, _BODY_HINTS)
    assert _find_all(text, ("ab", "b", "abab")) == _find_all_by_find(text, ("ab", "b", "abab"))


def test_key_search_on_corpus_like_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from analysis.score.events import _KEYS, _find_all

    alphabet = st.sampled_from(list("sanctiobemrgvlud -'é\U0001F600") + ["sanction", "embargo", "veto", "arms ban"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=40).map("".join))
    def check(text):
        assert _find_all(text, _KEYS) == _find_all_by_find(text, _KEYS)

    check()


@pytest.mark.parametrize("text, expected", [
    # lifting, keeping and threatening in the common shapes of news sentences
    ("The White House has no plans to lift sanctions on Russia.", {("United States", "Russia", "eased")}),
    ("The EU refused to lift its arms embargo on China.", {("European Union", "China", "eased")}),
    ("The US vowed to keep sanctions on Cuba.", {("United States", "Cuba", "imposed")}),
    ("Trump threatened to impose sanctions on Turkey.", {("United States", "Turkey", "threatened")}),
    ("Calls to lift sanctions on Iran are growing in Europe.", {("unknown", "Iran", "eased")}),
    ("Italy wants the EU to ease sanctions on Russia.", {("European Union", "Russia", "eased")}),
    ("The US waived some sanctions on Iran under the deal.", {("United States", "Iran", "eased")}),
    ("Moscow demanded that Washington lift its sanctions.", {("United States", "Russia", "eased")}),
    ("The EU will keep sanctions on Russia until the Minsk agreement is implemented.",
     {("European Union", "Russia", "imposed")}),
    ("Canada announced it would impose sanctions on Myanmar's military.", {("Canada", "Myanmar", "threatened")}),
    ("Trump signed a bill imposing new sanctions on Russia, Iran and North Korea.",
     {("United States", "Russia", "imposed"), ("United States", "Iran", "imposed"),
      ("United States", "North Korea", "imposed")}),
    ("Russia annexed Crimea in 2014. The EU and US responded with sanctions.",
     {("European Union", "Russia", "imposed"), ("United States", "Russia", "imposed")}),
    ("Iran signed the nuclear deal in 2015. In return, the UN, the EU and the US lifted sanctions.",
     {("United Nations", "Iran", "eased"), ("European Union", "Iran", "eased"), ("United States", "Iran", "eased")}),
])
def test_common_shapes_of_sanction_news(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text", [
    "Israel continues to build settlements in violation of UN Security Council resolution 2334.",
    "The Dutch parliament voted to ban the burqa.",
    "The US Senate voted 51-49 to confirm the nominee.",
    "Russia called for a Security Council meeting on Syria.",
    "The General Assembly will elect five non-permanent members of the Security Council in June.",
    "Under resolution 2231, the arms embargo on Iran remains until 2020.",
    "The Security Council discussed the crisis behind closed doors on Monday.",
    "Haley told the Security Council that the US would not vote for any resolution that singled out Israel.",
    "The party's members voted to expel him.",
])
def test_common_shapes_that_are_no_un_vote(text):
    assert _v(text) == []


# --------------------------------------------------------------------------- shapes of the written dev set (set a)
# Each rule below was found on tests/data/written_a_*.csv (the dev half of the articles written for the
# evaluation); the sentences are new ones of the same shape.

@pytest.mark.parametrize("text, expected", [
    # an amount of measures is not "the removal of" them: the subject acts
    ("The United States and the European Union lifted a wide range of sanctions on Iran.",
     {("United States", "Iran", "eased"), ("European Union", "Iran", "eased")}),
    ("Brussels adopted a sixth package of sanctions against Russia.", {("European Union", "Russia", "imposed")}),  # (guard)
    # a participle clause after a comma names no further target
    ("Tehran responded by announcing counter-sanctions on EU officials, barring them from entering Iran.",
     {("Iran", "European Union", "imposed")}),
    # subjects that agree or decide to act
    ("The EU, the United States, Britain and Canada agreed at the weekend to freeze the assets of Russia's central bank.",
     {("European Union", "Russia", "imposed"), ("United States", "Russia", "imposed"),
      ("United Kingdom", "Russia", "imposed"), ("Canada", "Russia", "imposed")}),
    # a freezing verb acts for the subject before it, also before ", which"
    ("Canada, which has frozen the assets of 70 Venezuelan officials, is studying new steps.",
     {("Canada", "Venezuela", "imposed")}),
    ("Kiev is reimposing sanctions on Russian banks.", {("Ukraine", "Russia", "imposed")}),
    ("UN sanctions on Iran were terminated under the deal.", {("United Nations", "Iran", "eased")}),
    # "its own embargo": the subject's, not the UN's whose vote condemns it
    ("The United States abstained on a UN resolution condemning its own embargo on Cuba.",
     {("United States", "Cuba", "imposed")}),
    # where a group is, is no target besides it
    ("The Security Council imposed an arms embargo on Yemen's Houthi rebels.", {("United Nations", "Houthis", "imposed")}),
    ("The EU could impose sanctions on members of Mali's junta.", {("European Union", "Mali", "threatened")}),
    # the members that veto a draft are not its target
    ("North Korea tested a missile. China and Russia vetoed a draft resolution that would have tightened sanctions "
     "on oil imports.", {("United Nations", "North Korea", "threatened")}),
    # trade and airspace bans, their listed senders and targets
    ("Russia banned imports of food from the United States, the European Union and Norway.",
     {("Russia", "United States", "imposed"), ("Russia", "European Union", "imposed"), ("Russia", "Norway", "imposed")}),
    ("Minsk banned EU airlines from its airspace.", {("Belarus", "European Union", "imposed")}),
    ("The United States and Britain announced bans on Russian oil imports.",
     {("United States", "Russia", "imposed"), ("United Kingdom", "Russia", "imposed")}),
    # measures against a named target, said as a sanction
    ("Britain and Canada announced coordinated measures against Belarusian officials.",
     {("United Kingdom", "Belarus", "imposed"), ("Canada", "Belarus", "imposed")}),
    ("London is examining whether further financial measures against Hamas are needed.",
     {("United Kingdom", "Hamas", "threatened")}),
    ("Ottawa said it was studying whether to follow with measures of its own against Venezuela.",
     {("Canada", "Venezuela", "threatened")}),
    ("The city took new measures against smoking.", set()),  # (guard)
    # a government official who speaks of relief is the sender, not a guess that another's measure overrules
    ("Canada, which has frozen the assets of Venezuelan officials, backs the move. "
     '"The path to sanctions relief for PDVSA is through a transfer of power," Mr Mnuchin said, adding that '
     "Washington backs Venezuela's opposition.",
     {("Canada", "Venezuela", "imposed"), ("United States", "Venezuela", "eased")}),
    # "Western sanctions" are those the article names a sender for
    ("The EU imposed sanctions on Russia in 2014. Western sanctions have hurt Russian banks.",
     {("European Union", "Russia", "imposed")}),
    # but "world powers" stay unknown, as the guide says
    ("The US lifted sanctions on Iran in 2016. World powers and Iran reached a deal in 2015 in exchange for sanctions "
     "relief.", {("United States", "Iran", "eased"), ("unknown", "Iran", "eased")}),
    # the object of "sanctioning" is its target, a usual sender too
    ("Beijing announced it was sanctioning five members of the European Parliament.",
     {("China", "European Union", "imposed")}),
    # a verb far after the noun, or another's ("prompting China to retaliate"), is not the measure's status
    ("The European Union imposed sanctions on four Chinese officials on Monday, its first such measures against Beijing "
     "since an arms embargo that followed the 1989 crackdown, prompting China to retaliate almost immediately.",
     {("European Union", "China", "imposed")}),
    # in force, and its lifting asked for in a relative clause
    ("The EU imposed sanctions on China. The arms embargo, which China has long demanded be lifted, remains in force.",
     {("European Union", "China", "imposed"), ("European Union", "China", "eased")}),
    # bans on another state's airlines
    ("Moscow was also considering banning airlines from the EU and the United States from flying over Siberia.",
     {("Russia", "European Union", "threatened"), ("Russia", "United States", "threatened")}),
    # "a dead end" ends nothing
    ("The EU extended sanctions on Russia. Moscow insists that sanctions against it are a dead end.",
     {("European Union", "Russia", "imposed")}),
    # "The draft" just after a UN body is named: the UN's draft, not its drafters' measure
    ("The Security Council will vote on Wednesday on a resolution on Iran. The draft, agreed among the five permanent "
     "members and Germany, would broaden an existing arms embargo.", {("United Nations", "Iran", "threatened")}),
    # "once ..." opens a condition, not more targets
    ("The EU's oil embargo would cover 90% of imports from Russia once Germany and Poland had phased out pipeline "
     "purchases.", {("European Union", "Russia", "threatened")}),
    # a status verb of an earlier sanction word does not make its subject the sender of a later one
    ("Tokyo will work with Washington and Seoul to ensure the implementation of UN sanctions on North Korea, and he "
     "refused to rule out additional sanctions.", {("United Nations", "North Korea", "imposed")}),
    # "along with" another sanction word: the same sender's
    ("Russia's embargo on Turkish food remains in place, along with sanctions on Turkish firms, a British diplomat in "
     "London said.", {("Russia", "Turkey", "imposed")}),
    ("Wada's executive committee backed the sanctions on Russia on Monday.", set()),
    ("Switzerland will also close its airspace to flights from Russia.", {("Switzerland", "Russia", "threatened")}),
    # a member suspended by its organisation: a diplomatic sanction
    ("The African Union suspended Niger from all its activities in August.", {("African Union", "Niger", "imposed")}),
    ("The Arab League suspended Syria's membership in November.", {("Arab League", "Syria", "imposed")}),
    ("The EU suspended sanctions on Belarus.", {("European Union", "Belarus", "eased")}),  # (guard)
    # "the sanctions" with no sender, after a sentence that names one for the same target: that one's
    ("The EU imposed sanctions on Russia in March. Canada imposed sanctions on Russia in May. Officials said the "
     "sanctions would stay.", {("European Union", "Russia", "imposed"), ("Canada", "Russia", "imposed")}),
    # a state named as the place or matter a measure is about is not its target ("over the situation in Ukraine")
    ("The EU imposed sanctions on Russia. The sectoral sanctions were first introduced in the summer of 2014 over the "
     "situation in Ukraine.", {("European Union", "Russia", "imposed")}),
    # the subject of a ban after a phrase set before it
    ("In response to the restrictions imposed by Brussels and Washington, Moscow in August 2014 banned imports of beef "
     "from the European Union, the United States and Norway.",
     {("Russia", "European Union", "imposed"), ("Russia", "United States", "imposed"), ("Russia", "Norway", "imposed")}),
    ("The EU imposed sanctions on Russia. Sanctions imposed by the Obama administration over Crimea and Ukraine also "
     "remain in force.", {("European Union", "Russia", "imposed"), ("United States", "Russia", "imposed")}),
    # a pronoun before a verb that is the sanction word stands for the actor before it
    ("The Treasury designated the bank. It also sanctioned two Chinese citizens.", {("United States", "China", "imposed")}),
    # a bill signed into law is law
    ("Trump signed into law a bill on new sanctions against Russia.", {("United States", "Russia", "imposed")}),
    # "lifting them without ...": lifting in view
    ("The law keeps the sanctions on Russia in place and bars the president from easing or lifting them without the "
     "approval of Congress.", {("United States", "Russia", "imposed"), ("United States", "Russia", "eased")}),
    ("Mercosur suspended Venezuela indefinitely.", {("Mercosur", "Venezuela", "imposed")}),
    # "European sanctions" are the EU's; "the sanctions Washington has imposed" are Washington's
    ("Merkel said that European sanctions against Russia could only be lifted once the Minsk agreements were "
     "implemented.", {("European Union", "Russia", "eased")}),
    ("Merkel said on Monday that European sanctions against Russia could only be lifted once the Minsk agreements were "
     "fully implemented. Merkel was responding to an interview in which Trump appeared to suggest that he could end the "
     "sanctions Washington has imposed on Russia in exchange for a deal. The EU renewed its economic sanctions in "
     "December.", {("European Union", "Russia", "eased"), ("United States", "Russia", "eased"),
                   ("European Union", "Russia", "imposed")}),
    # "under which sanctions were lifted": the passive decides, not "under"
    ("Officials said the measures did not violate the 2015 deal between Iran and six world powers, under which "
     "international sanctions related to Tehran's nuclear program were lifted.", {("unknown", "Iran", "eased")}),
    ("The UN imposed sanctions on North Korea. Liu said sanctions were not an end in themselves.",
     {("United Nations", "North Korea", "imposed")}),
    ("Officials in Seoul and Tokyo said South Korea and Japan were preparing their own unilateral measures against the "
     "DPRK.", {("South Korea", "North Korea", "threatened"), ("Japan", "North Korea", "threatened")}),
    # a resolution condemning a measure is not the measure: the UN is not its sender
    ("The General Assembly adopted a resolution condemning the embargo on Cuba.", {("unknown", "Cuba", "imposed")}),
    # pushed for, or proposed in a bill: in prospect
    ("Boris Johnson said that he would push EU foreign ministers to widen the bloc's sanctions on Syrian officials.",
     {("European Union", "Syria", "threatened")}),
    ("The Senate had passed a bill expanding sanctions on Iran by 98 votes to 2 in June.",
     {("United States", "Iran", "threatened")}),
    # expelling another state's diplomats is a diplomatic sanction; not expelling them is none
    ("The day after the calls, Lavrov publicly proposed expelling 35 American diplomats in response.",
     {("Russia", "United States", "threatened")}),
    ("On December 29 the Obama administration announced the expulsion of 35 Russian diplomats.",
     {("United States", "Russia", "imposed")}),
    ("Putin said Moscow would not expel American diplomats in response.", set()),  # (guard)
    # a remark about sanctions in general: "that" before a plural is no determiner, "the international community" far
    # from the word does not keep it
    ("The UN imposed sanctions on North Korea. Liu said the resolution showed the firm stance of the international "
     "community against the tests, but stressed that sanctions were not an end in themselves.",
     {("United Nations", "North Korea", "imposed")}),
    ("South Korea on Friday imposed its own sanctions on 15 North Koreans, its first unilateral sanctions against "
     "Pyongyang in nearly five years, after missile launches by the North.",
     {("South Korea", "North Korea", "imposed")}),  # (guard; the written dev article a25 needed the rule)
    # the Minsk agreements are no act of Belarus
    ("The EU says the Minsk agreements must be fulfilled before the sanctions on Russia are lifted.",
     {("European Union", "Russia", "eased")}),  # (guard)
])
def test_shapes_of_the_written_dev_set(text, expected):
    assert _s(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a numbered resolution told after its vote is that vote
    ("The Security Council voted unanimously to impose sanctions on North Korea. Resolution 1718, drafted by the "
     "United States, was adopted five days after the test.",
     [("security_council", "adopted", None, None, None, [], "1718")]),
    # an envoy who rejects a resolution is no failed vote
    ("The Security Council adopted the resolution 15-0. North Korea's envoy rejected the resolution and walked out.",
     [("security_council", "adopted", 15, 0, None, [], None)]),
    ("The 193-member general assembly is scheduled to vote on Friday on a draft resolution calling for a truce.",
     [("general_assembly", "scheduled", None, None, None, [], None)]),
    ("UN sanctions were terminated under resolution 2231, which the Security Council adopted unanimously on July 20.",
     [("security_council", "adopted", None, None, None, [], "2231")]),
    # tallies told in other ways
    ("The draft won 13 votes in favour and two against, with no abstentions, but Russia vetoed it in the Security "
     "Council.", [("security_council", "vetoed", 13, 2, 0, ["Russia"], None)]),
    ("A Russian draft fell short in the Security Council, winning the support of only five members, with four against "
     "and six abstentions.", [("security_council", "failed", 5, 4, 6, [], None)]),
    # "the US-drafted text": no vetoer
    ("Russia and China vetoed a Security Council resolution on Zimbabwe. Nine of the council's 15 members voted in "
     "favour of the US-drafted text, five, including South Africa and the two vetoing powers, voted against, and one, "
     "Indonesia, abstained.", [("security_council", "vetoed", 9, 5, 1, ["Russia", "China"], None)]),
    # a member that declined to use its veto let the draft pass
    ("The UN security council has passed a resolution on settlements after the United States declined to use its veto.",
     [("security_council", "adopted", None, None, None, [], None)]),
    # a vote told with its month after one of this week is another vote; so is a committee's
    ("Russia on Wednesday vetoed a UN resolution on Syria in the Security Council. In February, Russia and China vetoed "
     "a draft that would have imposed sanctions. That text received nine votes in favour, three against and three "
     "abstentions.", [("security_council", "vetoed", None, None, None, ["Russia"], None),
                      ("security_council", "vetoed", 9, 3, 3, ["Russia", "China"], None)]),
    ("The UN General Assembly on Monday adopted a resolution on Crimea. Seventy countries voted in favour of resolution "
     "71/205, 26 voted against and 77 abstained. In November, the Assembly's Third Committee had approved the text by 73 "
     "votes to 23, with 76 abstentions.", [("general_assembly", "adopted", 70, 26, 77, [], "71/205"),
                                          ("general_assembly", "adopted", 73, 23, 76, [], None)]),
    # "the security council" in lower case; "voted 15-0 for"
    ("The UN general assembly voted overwhelmingly to back a motion on Jerusalem. Three days earlier the United States "
     "vetoed a similar draft in the security council.", [("general_assembly", "adopted", None, None, None, [], None),
                           ("security_council", "vetoed", None, None, None, ["United States"], None)]),
    ("The Security Council voted 15-0 for resolution 2371.", [("security_council", "adopted", 15, 0, None, [], "2371")]),
])
def test_votes_of_the_written_dev_set(text, expected):
    assert _v(text) == expected
