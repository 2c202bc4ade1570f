"""Sanction records and UN votes presented: the network, timeline and vote table, distinct votes, the prose.

Every expected number below is counted by hand from the small tables written here.
"""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")  # the test module picks the backend; the library never does

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from analysis import narrate, plots  # noqa: E402
from analysis.aggregate.tables import SANCTION_STATUSES, distinct_votes  # noqa: E402

VERMILLION, BLUE, GREEN = to_rgba("#D55E00"), to_rgba("#0072B2"), to_rgba("#009E73")
COLOUR = {"imposed": VERMILLION, "threatened": BLUE, "eased": GREEN}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def render(ax) -> None:
    """Draw to PNG with every warning an error (overlapping layout, bad artists...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.savefig(io.BytesIO(), format="png")


# --------------------------------------------------------------------------- hand-written tables

# (article, sender, target, status, published); a6 is undated
RECORDS = [
    ("a1", "United States", "Russia", "imposed", "2017-01-02"),
    ("a1", "United States", "Russia", "threatened", "2017-01-02"),
    ("a2", "United States", "Russia", "imposed", "2017-01-03"),
    ("a3", "United States", "Russia", "imposed", "2017-01-10"),
    ("a3", "European Union", "Russia", "imposed", "2017-01-10"),
    ("a4", "European Union", "Russia", "eased", "2017-01-11"),
    ("a5", "United Nations", "North Korea", "imposed", "2017-01-24"),
    ("a6", "unknown", "Iran", "imposed", None),
    ("a7", "unknown", "Iran", "eased", "2017-01-24"),
    ("a7", "United States", "Iran", "eased", "2017-01-24"),
]


def sanctions() -> pd.DataFrame:
    df = pd.DataFrame(RECORDS, columns=["article_id", "sender", "target", "status", "published"],
                      index=pd.RangeIndex(50, 50 + len(RECORDS)))
    df["published"] = pd.to_datetime(df["published"], utc=True)
    df["measure"] = [["general"]] * len(df)
    df["cameo"] = df["status"].map({"imposed": "163", "threatened": "1312", "eased": "085"})
    df["quote"] = [f"Sentence {i}." for i in range(len(df))]
    df["source"] = df["article_id"].map({"a1": "tass.com", "a2": "tass.com", "a3": "bbc.co.uk", "a4": "bbc.co.uk",
                                         "a5": "cnn.com", "a6": "tass.com", "a7": "cnn.com"})
    return df


def vote(article_id, body, outcome, published, *, resolution=None, vetoed_by=(), yes=None, no=None, abstain=None,
         subject="", quote="A vote.") -> dict:
    return {"article_id": article_id, "body": body, "outcome": outcome, "published": published,
            "resolution": resolution, "vetoed_by": list(vetoed_by), "yes": yes, "no": no, "abstain": abstain,
            "subject": subject, "source": "aljazeera.com", "quote": quote}


def frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(vote("x", "b", "o", None).keys()))
    df["published"] = pd.to_datetime(df["published"], utc=True)
    for c in ("yes", "no", "abstain"):
        df[c] = df[c].astype("Int64")
    return df


def votes() -> pd.DataFrame:
    return frame([
        vote("v1", "security_council", "vetoed", "2017-03-01", vetoed_by=["Russia"], subject="Syria"),
        vote("v2", "security_council", "vetoed", "2017-03-02", vetoed_by=["Russia"]),
        vote("v3", "security_council", "vetoed", "2017-03-10", vetoed_by=["Russia", "China"], resolution="S/2017/172"),
        vote("v4", "general_assembly", "adopted", "2017-03-05", resolution="71/250", yes=120, no=9),
        vote("v5", "general_assembly", "adopted", "2017-03-06", resolution="71/250", yes=120),
        vote("v6", "security_council", "adopted", "2017-03-20"),
        vote("v7", "human_rights_council", "scheduled", "2017-03-21"),
        vote("v8", "security_council", "vetoed", "2017-03-25"),
    ])


# --------------------------------------------------------------------------- distinct_votes


@pytest.mark.parametrize("rows, groups", [
    # same body and resolution: one vote whatever the dates; a scheduled report does not outvote a result
    ([vote("a", "security_council", "scheduled", "2017-03-01", resolution="2334"),
      vote("b", "security_council", "adopted", "2017-03-20", resolution="2334")], [["a", "b"]]),
    # same resolution number in two bodies: two votes
    ([vote("a", "security_council", "adopted", "2017-03-01", resolution="2334"),
      vote("b", "general_assembly", "adopted", "2017-03-01", resolution="2334")], [["a"], ["b"]]),
    # no resolution: same body, outcome and vetoing members within 3 days of the first report (30 for a veto)
    ([vote("a", "security_council", "vetoed", "2017-03-01", vetoed_by=["Russia", "China"]),
      vote("b", "security_council", "vetoed", "2017-03-04", vetoed_by=["China", "Russia"])], [["a", "b"]]),
    ([vote("a", "security_council", "failed", "2017-03-01"),
      vote("b", "security_council", "failed", "2017-03-05")], [["a"], ["b"]]),
    ([vote("a", "security_council", "vetoed", "2017-03-01", vetoed_by=["Russia"]),
      vote("b", "security_council", "vetoed", "2017-03-20", vetoed_by=["Russia"]),
      vote("c", "security_council", "vetoed", "2017-04-05", vetoed_by=["Russia"])], [["a", "b"], ["c"]]),
    # the window runs from the first report: day 0, 2 and 4 make two votes, not one chain
    ([vote("a", "security_council", "adopted", "2017-03-01"),
      vote("b", "security_council", "adopted", "2017-03-03"),
      vote("c", "security_council", "adopted", "2017-03-05")], [["a", "b"], ["c"]]),
    # a veto report naming part of another's members is the same veto; other members, another veto;
    # another outcome, another vote
    ([vote("a", "security_council", "vetoed", "2017-03-01", vetoed_by=["Russia"]),
      vote("b", "security_council", "vetoed", "2017-03-12", vetoed_by=["Russia", "China"]),
      vote("c", "security_council", "vetoed", "2017-03-02", vetoed_by=["United States"]),
      vote("d", "security_council", "failed", "2017-03-01")], [["a", "b"], ["c"], ["d"]]),
    # sentences that date the vote differently are two votes, however close the reports
    ([vote("a", "general_assembly", "adopted", "2017-03-01", quote="The Assembly adopted it in 2013."),
      vote("b", "general_assembly", "adopted", "2017-03-01", quote="The Assembly adopted it in 2015."),
      vote("c", "general_assembly", "adopted", "2017-03-02", quote="The Assembly adopted it in March 2015.")],
     [["a"], ["b", "c"]]),
    # the stated day, not the publication, is the vote's day: a report 20 days later of a vote 'on Tuesday'
    ([vote("a", "security_council", "adopted", "2017-03-01", quote="The Council adopted it on Tuesday."),
      vote("b", "security_council", "adopted", "2017-03-21", quote="The Council adopted it on 28 February 2017."),
      vote("c", "security_council", "adopted", "2017-03-21", quote="The Council adopted it.")],
     [["a", "b"], ["c"]]),
    # a report with a resolution is not merged with one without
    ([vote("a", "security_council", "adopted", "2017-03-01", resolution="2334"),
      vote("b", "security_council", "adopted", "2017-03-01")], [["a"], ["b"]]),
    # undated, no resolution: merged only within one article
    ([vote("a", "general_assembly", "adopted", None), vote("a", "general_assembly", "adopted", None),
      vote("b", "general_assembly", "adopted", None)], [["a"], ["b"]]),
])
def test_distinct_votes_groups_reports_of_one_vote(rows, groups):
    d = distinct_votes(frame(rows))
    assert sorted(map(list, d["article_ids"])) == sorted(groups)
    assert d["articles"].tolist() == [len(g) for g in d["article_ids"]]


def test_distinct_votes_merged_values():
    d = distinct_votes(votes())
    assert len(d) == 6
    by_first = d.set_index(d["article_ids"].map(lambda ids: ids[0]))
    ga = by_first.loc["v4"]
    assert (ga["resolution"], ga["outcome"], ga["articles"], ga["records"]) == ("71/250", "adopted", 2, 2)
    assert (ga["yes"], ga["no"]) == (120, 9) and pd.isna(ga["abstain"])  # each part as stated by any report
    assert ga["first_reported"] == pd.Timestamp("2017-03-05", tz="UTC")
    assert ga["last_reported"] == pd.Timestamp("2017-03-06", tz="UTC")
    syria = by_first.loc["v1"]
    assert syria["vetoed_by"] == ["Russia"] and syria["subject"] == "Syria" and syria["articles"] == 2
    assert by_first.loc["v8"]["vetoed_by"] == []
    assert d["first_reported"].is_monotonic_increasing  # earliest first
    assert list(d.index) == list(range(6))


@pytest.mark.parametrize("quote, published, voted, recalled", [
    ("Resolution 242, passed on 22 November 1967, called for land for peace.", "2017-03-16", "1967-11-22", True),
    ("The Assembly in December adopted a resolution.", "2017-03-27", "2016-12", True),
    ("The Council adopted a resolution in February.", "2017-03-20", "2017-02", False),  # ends 20 days before
    ("On Saturday, the Council adopted a resolution.", "2017-03-25", "2017-03-25", False),
    ("The Council adopted a resolution, its president said on Monday.", "2017-03-25", None, False),
])
def test_distinct_votes_says_when_the_vote_was_held_and_whether_it_is_recalled(quote, published, voted, recalled):
    d = distinct_votes(frame([vote("a", "security_council", "adopted", published, quote=quote)]))
    got = d.at[0, "voted"]
    assert (None if pd.isna(got) else got) == voted
    assert bool(d.at[0, "recalled"]) is recalled and d["recalled"].dtype == bool


def test_distinct_votes_are_listed_by_first_report_not_by_the_day_held():
    d = distinct_votes(frame([
        vote("a", "security_council", "adopted", "2017-03-20", resolution="242",
             quote="Resolution 242, passed on 22 November 1967, called for land for peace."),
        vote("b", "security_council", "adopted", "2017-03-01"),
    ]))
    assert [ids[0] for ids in d["article_ids"]] == ["b", "a"] and d["first_reported"].is_monotonic_increasing


def test_distinct_votes_tally_takes_the_most_reported_value_ties_to_the_earliest():
    d = distinct_votes(frame([
        vote("a", "general_assembly", "adopted", "2017-03-01", resolution="1", yes=100),
        vote("b", "general_assembly", "adopted", "2017-03-02", resolution="1", yes=128, no=9),
        vote("c", "general_assembly", "adopted", "2017-03-03", resolution="1", yes=128, no=7),
    ]))
    assert (d.at[0, "yes"], d.at[0, "no"]) == (128, 9)


def test_distinct_votes_keeps_its_input_and_names_missing_columns():
    v = votes()
    before = v.copy(deep=True)
    distinct_votes(v)
    pd.testing.assert_frame_equal(v, before)
    with pytest.raises(KeyError, match="vetoed_by"):
        distinct_votes(v.drop(columns="vetoed_by"))
    empty = distinct_votes(v.iloc[:0])
    assert empty.empty and {"body", "outcome", "articles", "first_reported"} <= set(empty.columns)


# --------------------------------------------------------------------------- sanction_network


def arrows(ax) -> dict[str, object]:
    return {p.get_gid(): p for p in ax.patches if p.get_gid()}


def test_network_draws_one_arrow_per_pair_and_status_coloured_by_status():
    ev = sanctions()
    before = ev.copy(deep=True)
    ax = plots.sanction_network(ev)
    got = arrows(ax)
    assert set(got) == {
        "United States -> Russia: imposed (3 articles)", "United States -> Russia: threatened (1 article)",
        "European Union -> Russia: imposed (1 article)", "European Union -> Russia: eased (1 article)",
        "United Nations -> North Korea: imposed (1 article)", "United States -> Iran: eased (1 article)",
    }
    for gid, patch in got.items():
        status = gid.split(": ")[1].split(" ")[0]
        assert patch.get_edgecolor()[:3] == pytest.approx(COLOUR[status][:3])
    # width grows with the articles: the 3-article arrow is the widest
    widths = {gid: p.get_linewidth() for gid, p in got.items()}
    assert max(widths, key=widths.get) == "United States -> Russia: imposed (3 articles)"
    assert len(set(widths.values())) == 2
    # two statuses between the same pair are curved apart so they do not overlap
    rads = [got[f"United States -> Russia: {s}"].get_connectionstyle().rad
            for s in ("imposed (3 articles)", "threatened (1 article)")]
    assert rads[0] != rads[1]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [w for w in SANCTION_STATUSES.values()] == legend[:3]
    assert "1 article" in legend and "3 articles" in legend
    labels = {t.get_text().split("\n")[0] for t in ax.texts}
    assert {"United States", "Russia", "European Union", "Iran", "United Nations", "North Korea"} <= labels
    assert "unknown" not in labels
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "2 records (2 articles) whose article does not name the sender" in note
    assert "n = 8 records in 6 articles shown (6 arrows)" in note
    render(ax)
    pd.testing.assert_frame_equal(ev, before)


@pytest.mark.parametrize("kwargs, shown, hidden", [
    ({"top": 2}, {"United States -> Russia: imposed (3 articles)", "United States -> Russia: threatened (1 article)"}, 4),
    ({"min_articles": 2}, {"United States -> Russia: imposed (3 articles)"}, 5),
])
def test_network_top_actors_and_min_articles(kwargs, shown, hidden):
    ax = plots.sanction_network(sanctions(), **kwargs)
    assert set(arrows(ax)) == shown
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert f"{hidden} sender-target-status arrows not shown" in note


@pytest.mark.parametrize("ev, message", [
    (sanctions().iloc[:0], "no sanction record"),
    (sanctions().assign(sender="unknown"), "no sanction record names both sender and target"),
])
def test_network_with_nothing_to_draw_says_so(ev, message):
    ax = plots.sanction_network(ev)
    empty = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_gid() == "empty"]
    assert empty and message in empty[0] and not ax.patches
    render(ax)


def test_network_names_missing_columns():
    with pytest.raises(KeyError, match="target"):
        plots.sanction_network(sanctions().drop(columns="target"))


# --------------------------------------------------------------------------- sanction_timeline


@pytest.mark.parametrize("count, expected, ylabel", [
    ("articles", {"imposed": [2, 1, 0, 1], "threatened": [1, 0, 0, 0], "eased": [0, 1, 0, 1]},
     "articles per week with a record of the status"),
    ("records", {"imposed": [2, 2, 0, 1], "threatened": [1, 0, 0, 0], "eased": [0, 1, 0, 2]},
     "sanction records per week"),
])
def test_timeline_counts_per_week_and_status(count, expected, ylabel):
    ax = plots.sanction_timeline(sanctions(), count=count)
    lines = ax.get_lines()
    assert len(lines) == 3
    for line, status in zip(lines, SANCTION_STATUSES):
        assert line.get_ydata().tolist() == expected[status]
        assert to_rgba(line.get_color())[:3] == pytest.approx(COLOUR[status][:3])
    starts = pd.to_datetime(lines[0].get_xdata()).strftime("%Y-%m-%d").tolist()
    assert starts == ["2017-01-02", "2017-01-09", "2017-01-16", "2017-01-23"]
    assert ax.get_ylabel() == ylabel
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    word = count[:-1]
    assert legend[0] == f"imposed or in force ({sum(expected['imposed'])} {word}s)"
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "1 record without a date not shown" in note
    render(ax)


def test_timeline_leaves_out_weeks_the_collection_barely_covers():
    # a week of 3 articles in all, and one of none, say nothing about sanction coverage: grey, not 0
    weeks = {"2017-01-02": 25, "2017-01-09": 3, "2017-01-16": 25, "2017-01-30": 30}
    arts = pd.DataFrame({"published": pd.to_datetime([d for d, k in weeks.items() for _ in range(k)], utc=True)})
    ax = plots.sanction_timeline(sanctions(), articles=arts)
    lines = ax.get_lines()
    starts = pd.to_datetime(lines[0].get_xdata()).strftime("%Y-%m-%d").tolist()
    assert starts == ["2017-01-02", "2017-01-09", "2017-01-16", "2017-01-23", "2017-01-30"]  # the collection's span
    imposed = lines[0].get_ydata()
    assert imposed[[0, 2, 4]].tolist() == [2, 0, 0] and np.isnan(imposed[[1, 3]]).all()
    grey = [p for p in ax.patches if p.get_gid() == "thin"]
    assert len(grey) == 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "weeks with fewer than 20 articles in all" and legend.count(legend[-1]) == 1
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "holds each week (0 to 30)" in note
    assert "grey: the 2 weeks of 5 with fewer than 20 articles, not drawn (4 article-statuses in them)." in note
    # a few articles long before (no record, no well covered week there) do not stretch the axis
    early = pd.concat([arts, pd.DataFrame({"published": pd.to_datetime(["2016-06-06"] * 2, utc=True)})])
    ax = plots.sanction_timeline(sanctions(), articles=early)
    assert pd.to_datetime(ax.get_lines()[0].get_xdata()).min() == pd.Timestamp("2017-01-02")
    more = pd.concat([arts, pd.DataFrame({"published": pd.to_datetime(["2017-01-09"] * 22, utc=True)})])
    one = plots.sanction_timeline(sanctions(), articles=more)  # only the week of no articles is left out
    assert "grey: the one week of 5 with fewer than 20 articles, not drawn (2 article-statuses in them)." in \
        " ".join(t.get_text().replace("\n", " ") for t in one.texts)
    records = plots.sanction_timeline(sanctions(), articles=arts, count="records")
    # records in the two grey weeks (see the counts above): 2 + 1 in the second, 1 + 2 in the fourth
    assert "not drawn (6 records in them)." in " ".join(t.get_text().replace("\n", " ") for t in records.texts)
    # a lower bar draws them again
    ax = plots.sanction_timeline(sanctions(), articles=arts, min_articles=0)
    assert not [p for p in ax.patches if p.get_gid() == "thin"] and "every week has at least 0" in \
        " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    render(ax)


def test_timeline_empty_and_bad_count():
    ax = plots.sanction_timeline(sanctions().assign(published=pd.NaT))
    assert [t for t in ax.texts if t.get_gid() == "empty"] and not ax.get_lines()
    with pytest.raises(ValueError, match="count"):
        plots.sanction_timeline(sanctions(), count="words")


# --------------------------------------------------------------------------- un_vote_table


def cells(ax) -> list[list[str]]:
    c = ax.tables[0].get_celld()
    n_rows = 1 + max(i for i, _ in c)
    return [[c[i, j].get_text().get_text() for j in range(9)] for i in range(n_rows)]


def test_vote_table_one_row_per_distinct_vote():
    v = votes()
    before = v.copy(deep=True)
    ax = plots.un_vote_table(v)
    rows = cells(ax)
    assert rows[0] == ["first reported", "held", "body", "subject", "outcome", "yes–no–abstain", "vetoed by",
                       "resolution", "articles"]
    assert len(rows) == 1 + 6
    assert rows[1] == ["1 Mar 2017", "", "Security Council", "Syria", "vetoed", "not stated", "Russia", "", "2"]
    assert rows[2] == ["5 Mar 2017", "", "General Assembly", "", "adopted", "120–9–?", "", "71/250", "2"]
    assert rows[3][6] == "Russia, China" and rows[3][7] == "S/2017/172"
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "6 distinct votes from 8 vote records in 8 articles" in note
    render(ax)
    pd.testing.assert_frame_equal(v, before)


def test_vote_table_max_rows_keeps_the_most_reported():
    ax = plots.un_vote_table(votes(), max_rows=2)
    rows = cells(ax)
    assert [r[7] for r in rows[1:]] == ["", "71/250"] and [r[8] for r in rows[1:]] == ["2", "2"]
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "4 votes reported by fewest articles not shown" in note


def test_vote_table_says_when_a_vote_was_held_and_marks_recalled_ones():
    v = frame([vote("a", "security_council", "adopted", "2017-03-16", resolution="242",
                    quote="Resolution 242, passed on 22 November 1967, called for land for peace."),
               vote("b", "security_council", "adopted", "2017-03-25",
                    quote="On Saturday, the Security Council adopted a resolution on heritage.")])
    rows = cells(plots.un_vote_table(v))
    assert [r[1] for r in rows[1:]] == ["22 Nov 1967\n(recalled)", "25 Mar 2017"]


def test_vote_table_without_votes_says_so():
    ax = plots.un_vote_table(votes().iloc[:0])
    assert not ax.tables
    assert any("No UN vote" in t.get_text() for t in ax.texts if t.get_gid() == "empty")
    render(ax)


# --------------------------------------------------------------------------- narrate.events


def test_events_prose_carries_the_hand_counted_numbers():
    s, v = sanctions(), votes()
    before = s.copy(deep=True), v.copy(deep=True)
    text = narrate.events(s, v)
    first, status, un = text.split("\n\n")
    assert first.startswith("The articles hold 10 sanction records (one per article, sender, target and status) "
                            "in 7 articles. They come from 3 outlets, most from TASS (3 articles, 42.9%), BBC "
                            "(2 articles, 28.6%) and CNN (2 articles, 28.6%).")
    assert ("Who sanctions whom most, by the number of articles: United States → Russia (3 articles), "
            "European Union → Russia (2 articles), United Nations → North Korea (1 article) and "
            "United States → Iran (1 article).") in first
    assert ("In 2 records (2 articles) the article does not say who imposes or lifts the measure; "
            "its target is Iran (2 articles).") in first
    assert status.startswith("By status, 6 records (5 articles) say sanctions are imposed or in force, "
                             "1 record (1 article) threatened or proposed and 3 records (2 articles) eased or lifted.")
    assert "Most often threatened or proposed: United States → Russia (1 article)." in status
    assert ("Most often eased or lifted: European Union → Russia (1 article) and United States → Iran (1 article)."
            in status)
    assert "8 UN vote records in 8 articles" in un
    assert "6 distinct votes: 2 adopted, 3 vetoed and 1 scheduled." in un
    assert "Vetoing members named: Russia in 2 votes and China in 1 vote (no member named for 1)." in un
    assert ("Vetoed: the Security Council draft (Syria), by Russia (first reported 1 Mar 2017, 2 articles); "
            "the Security Council draft S/2017/172, by Russia and China (first reported 10 Mar 2017, 1 article); "
            "the Security Council draft, by a member not named (first reported 25 Mar 2017, 1 article).") in un
    assert ("Of the 2 adopted votes, 1 states a tally: the General Assembly resolution 71/250, 120 in favour, "
            "9 against, ? abstaining (first reported 5 Mar 2017, 2 articles).") in un
    pd.testing.assert_frame_equal(s, before[0])
    pd.testing.assert_frame_equal(v, before[1])


def test_events_say_when_a_pair_is_mostly_one_outlets_coverage():
    rows = [(f"u{i}", "United States", "Russia", "imposed", "2017-01-02") for i in range(6)] + \
        [(f"k{i}", "Ukraine", "Russia", "imposed", "2017-01-03") for i in range(5)] + \
        [(f"e{i}", "European Union", "Iran", "eased", "2017-01-04") for i in range(4)]
    s = pd.DataFrame(rows, columns=["article_id", "sender", "target", "status", "published"])
    s["source"] = ["tass.com"] * 4 + ["bbc.co.uk"] * 2 + ["tass.com"] * 5 + ["dw.com"] * 4
    first = narrate.events(s, None).split("\n\n")[0]
    assert "United States → Russia (6 articles, 66.7% of them from TASS)" in first
    assert "Ukraine → Russia (5 articles, all of them from TASS)" in first
    assert "European Union → Iran (4 articles)" in first  # all DW's, but four articles say little
    assert "They come from 3 outlets, most from TASS (9 articles, 60.0%), DW (4 articles, 26.7%) and BBC " \
           "(2 articles, 13.3%)." in first


def test_events_top_limits_the_lists_and_says_how_many_there_are():
    text = narrate.events(sanctions(), votes(), top=1)
    assert ("by the number of articles (of 4 sender-target pairs): United States → Russia (3 articles)." in text)
    assert "Vetoed (the 1 in most articles, of 3): the Security Council draft (Syria)" in text


@pytest.mark.parametrize("s, v, expected", [
    (sanctions().iloc[:0], votes().iloc[:0],
     ["No sanction record was found in these articles.", "No UN vote is reported in these articles."]),
    (None, None, ["Sanction records cannot be described: no sanction table was given.",
                  "UN votes cannot be described: no UN vote table was given."]),
    (sanctions().drop(columns=["status"]), votes().drop(columns=["body", "yes"]),
     ["Sanction records cannot be described: the sanction table lacks `status`.",
      "UN votes cannot be described: the UN vote table lacks `body` and `yes`."]),
])
def test_events_says_when_a_table_is_empty_or_missing(s, v, expected):
    assert narrate.events(s, v).split("\n\n") == expected


def test_events_prose_says_apart_the_earlier_votes_the_articles_recall():
    v = frame([
        vote("a", "security_council", "adopted", "2017-03-16", resolution="242",
             quote="Resolution 242, passed on 22 November 1967, called for land for peace."),
        vote("b", "general_assembly", "adopted", "2017-03-16",
             quote="In 2010, the General Assembly voted to recognise water as a human right."),
        vote("c", "security_council", "vetoed", "2017-03-03", vetoed_by=["Russia"],
             quote="Russia vetoed the draft on Tuesday."),
        vote("d", "security_council", "vetoed", "2017-03-20", vetoed_by=["Russia", "China"],
             quote="However, Russia and China vetoed it."),
    ])
    text = narrate.events(None, v).split("\n\n")[-1]
    assert "these are 3 distinct votes: 2 adopted and 1 vetoed." in text
    assert ("2 of them are earlier votes that the articles recall as background (2 adopted; their sentences date "
            "them from 22 Nov 1967 to 2010, more than 30 days before the first article that mentions them)") in text
    # the veto reported on 3 and 20 Mar is one veto, held on Tuesday 28 Feb
    assert "by Russia and China (held 28 Feb 2017, first reported 3 Mar 2017, 2 articles)" in text
    one = narrate.events(None, v.iloc[:1]).split("\n\n")[-1]
    assert "1 of them is an earlier vote" in one and "date them on 22 Nov 1967" in one


# --------------------------------------------------------------------------- evidence


def _records(quotes: list[str], status: str = "imposed") -> pd.DataFrame:
    """Records of one pair (European Union -> Russia), the first published first."""
    n = len(quotes)
    return pd.DataFrame({"article_id": list(range(n)), "sender": ["European Union"] * n, "target": ["Russia"] * n,
                         "status": [status] * n, "measure": [["general"]] * n, "cameo": ["163"] * n,
                         "source": ["x.com"] * n,
                         "published": pd.date_range("2017-01-01", periods=n, freq="D", tz="UTC"), "quote": quotes})


@pytest.mark.parametrize("quotes, shown", [
    # the earliest names neither: the one naming both is the example
    (["The sanctions were extended.", "Moscow faces more sanctions.", "The EU extended its sanctions on Moscow."], 2),
    # none names both: one that names either, the earliest of them
    (["The sanctions were extended.", "Moscow faces more sanctions.", "Brussels extended them."], 1),
    # several name both: the earliest of them
    (["The EU kept sanctions on Russia.", "The EU extended its sanctions on Moscow."], 0),
    # none names either: the earliest
    (["The sanctions were extended.", "They stay in force."], 0),
])
def test_sanction_evidence_shows_the_clearest_sentence_of_each_status(quotes, shown):
    from analysis.present.explore import sanction_evidence

    page = sanction_evidence(_records(quotes))
    assert f"({len(quotes)} articles)" in page and page.count("<li>") == 1
    import re

    plain = re.sub(r"</?mark[^>]*>", "", page)
    for k, q in enumerate(quotes):
        assert (f"<q>{q}</q>" in plain) is (k == shown), (k, page)
