"""Tests for analysis.actors: gazetteer loading, alias mapping, ambiguity rules, corpus coverage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.score.actors import Gazetteer, GazetteerError, actors, find_actors, load_gazetteer



def names(text, **kw):
    return [h["actor"] for h in find_actors(text, **kw)]


def surfaces(text, actor, **kw):
    return [h["alias"] for h in find_actors(text, **kw) if h["actor"] == actor]


# --------------------------------------------------------------------------- alias -> actor

MAPPINGS = [
    # Russia
    ("Talks in Moscow ended early.", "Russia", "Moscow"),
    ("A spokesman for the Kremlin declined to comment.", "Russia", "the Kremlin"),
    ("Putin spoke for an hour.", "Russia", "Putin"),
    ("A Russian delegation arrived.", "Russia", "Russian"),
    ("Many Russians travelled abroad.", "Russia", "Russians"),
    ("Sanctions on Russia stay.", "Russia", "Russia"),
    # China
    ("Beijing answered quickly.", "China", "Beijing"),
    ("Xi Jinping opened the forum.", "China", "Xi Jinping"),
    ("Chinese exports grew.", "China", "Chinese"),
    # United States
    ("Washington imposed new tariffs.", "United States", "Washington"),
    ("Officials at the White House were silent.", "United States", "the White House"),
    ("Trump signed the order.", "United States", "Trump"),
    ("Obama left office in January.", "United States", "Obama"),
    ("The Pentagon sent more ships.", "United States", "The Pentagon"),
    ("The US voted against it.", "United States", "US"),
    ("The U.S. voted against it.", "United States", "U.S."),
    ("Made in the USA, they said.", "United States", "USA"),
    ("The United States abstained.", "United States", "The United States"),
    ("An American envoy arrived.", "United States", "American"),
    ("Americans voted in November.", "United States", "Americans"),
    # European Union
    ("Brussels rejected the plan.", "European Union", "Brussels"),
    ("Leaving the European Union is hard.", "European Union", "the European Union"),
    ("Ministers met the EU negotiators.", "European Union", "the EU"),
    ("An E.U. official spoke.", "European Union", "E.U."),
    ("The European Commission fined the firm.", "European Union", "European Commission"),
    # Ukraine
    ("Kiev asked for help.", "Ukraine", "Kiev"),
    ("Kyiv asked for help.", "Ukraine", "Kyiv"),
    ("Poroshenko flew to Berlin.", "Ukraine", "Poroshenko"),
    ("Ukrainian troops pulled back.", "Ukraine", "Ukrainian"),
    # United Nations
    ("Inspectors from the UN left.", "United Nations", "the UN"),
    ("A U.N. report came out.", "United Nations", "U.N."),
    ("The United Nations warned of famine.", "United Nations", "United Nations"),
    ("The Security Council met twice.", "United Nations", "Security Council"),
    ("A vote in the General Assembly followed.", "United Nations", "General Assembly"),
    ("Guterres called for calm.", "United Nations", "Guterres"),
    # NATO
    ("NATO held drills.", "NATO", "NATO"),
    ("Nato held drills.", "NATO", "Nato"),
    ("The North Atlantic Treaty Organization held drills.", "NATO", "North Atlantic Treaty Organization"),
    ("Stoltenberg praised the drills.", "NATO", "Stoltenberg"),
    # other states
    ("Damascus denied the report.", "Syria", "Damascus"),
    ("Assad kept his post.", "Syria", "Assad"),
    ("Tehran tested a missile.", "Iran", "Tehran"),
    ("Rouhani criticised the ban.", "Iran", "Rouhani"),
    ("Ankara recalled its envoy.", "Turkey", "Ankara"),
    ("Erdogan won the vote.", "Turkey", "Erdogan"),
    ("Netanyahu visited the capital.", "Israel", "Netanyahu"),
    ("Merkel called for unity.", "Germany", "Merkel"),
    ("Berlin and Rome disagreed.", "Germany", "Berlin"),
    ("Hollande will not run again.", "France", "Hollande"),
    ("Paris hosted the summit.", "France", "Paris"),
    ("London and Dublin agreed.", "United Kingdom", "London"),
    ("Britain triggered Article 50.", "United Kingdom", "Britain"),
    ("The UK economy slowed.", "United Kingdom", "UK"),
    ("Tokyo protested the flight.", "Japan", "Tokyo"),
    ("Shinzo Abe played golf in Florida.", "Japan", "Shinzo Abe"),
    ("Pyongyang fired a missile.", "North Korea", "Pyongyang"),
    ("Kim Jong-un watched the launch.", "North Korea", "Kim Jong-un"),
    ("Seoul raised its alert level.", "South Korea", "Seoul"),
    ("Modi withdrew the banknotes.", "India", "Modi"),
    ("Mexico will not pay for the wall.", "Mexico", "Mexico"),
    ("Riyadh cut output.", "Saudi Arabia", "Riyadh"),
    ("Baghdad retook the city.", "Iraq", "Baghdad"),
    ("Kabul blamed the insurgents.", "Afghanistan", "Kabul"),
    ("Islamabad summoned the diplomat.", "Pakistan", "Islamabad"),
    ("Cairo mediated the ceasefire.", "Egypt", "Cairo"),
    ("Havana welcomed the visitors.", "Cuba", "Havana"),
    ("Maduro blamed the opposition.", "Venezuela", "Maduro"),
    ("Duterte cursed the envoy.", "Philippines", "Duterte"),
    ("Tbilisi welcomed the decision.", "Georgia", "Tbilisi"),
    ("The Taoiseach flew to Washington.", "Ireland", "Taoiseach"),
]


@pytest.mark.parametrize("text, actor, alias", MAPPINGS)
def test_alias_maps_to_actor(text, actor, alias):
    hits = [h for h in find_actors(text) if h["actor"] == actor]
    assert [h["alias"] for h in hits] == [alias]
    h = hits[0]
    assert text[h["start"] : h["end"]] == alias


@pytest.mark.parametrize(
    "text, actor",
    [
        ("Russia's envoy left.", "Russia"),
        ("Russia\u2019s envoy left.", "Russia"),
        ("China's exports rose.", "China"),
        ("China\u2019s exports rose.", "China"),
        ("the EU's budget grew.", "European Union"),
        ("the EU\u2019s budget grew.", "European Union"),
        ("Ukraine's army advanced.", "Ukraine"),
        ("Turkey\u2019s army advanced.", "Turkey"),
        ("NATO's chief spoke.", "NATO"),
        ("The Americans' position hardened.", "United States"),
    ],
)
def test_possessives_with_straight_and_curly_apostrophes(text, actor):
    assert actor in names(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Let us talk about it.", []),
        ("He told us nothing.", []),
        ("US officials told us nothing.", ["United States"]),
        ("Unions and fun under the sun.", []),  # "un" inside words
        ("because thus bonus", []),
        ("The cost was US$5 billion.", []),  # a currency, not the country
        ("The US dollar weakened.", []),
    ],
)
def test_us_and_un_only_as_uppercase_words(text, expected):
    assert [a for a in names(text) if a in ("United States", "United Nations")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Turkey closed its border.", True),
        ("We roasted a turkey for the holiday.", False),
        ("Grandma carved the Thanksgiving Turkey slowly.", False),
        ("They ate turkey with stuffing.", False),
        ("Wild Turkey is a bourbon.", False),
    ],
)
def test_turkey_country_not_bird(text, expected):
    assert ("Turkey" in names(text)) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the country: a Caucasus / post-Soviet cue nearby
        ("Tbilisi says Georgia wants closer ties with the European Union.", True),
        ("Moscow eased visa rules for citizens of Georgia this year.", True),
        ("Troops in South Ossetia remain inside Georgia, officials said.", True),
        ("Georgian officials met Russian diplomats in Prague.", True),
        # the US state: a US cue nearby (wins even with a Russia cue)
        ("Voters in Atlanta, Georgia, lined up early.", False),
        ("The former Georgia governor was confirmed by the Senate.", False),
        ("A Russian spy ship sailed past Kings Bay, Georgia, on Friday.", False),
        ("Rep. John Lewis of Georgia criticised the Russian hacking.", False),
        # no cue either way: left out
        ("The tournament is played in Georgia every spring.", False),
        ("Georgia beat Wales two goals to one.", False),
    ],
)
def test_georgia_by_context(text, expected):
    assert ("Georgia" in names(text)) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Theresa May met the Queen.", True),
        ("Prime Minister May met the Queen.", True),
        ("Mrs May met the Queen.", True),
        ("Mrs May\u2019s speech was long.", True),
        ("The election will be held in May.", False),
        ("May I ask a question?", False),
        ("It may rain, and May was wet.", False),
    ],
)
def test_may_only_as_theresa_may(text, expected):
    assert ("United Kingdom" in names(text)) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jordan hosts many Syrian refugees near the border.", True),
        ("Officials from Jordan joined the talks on Syria.", True),
        ("Michael Jordan won six titles.", False),
        ("Jim Jordan grilled the Syrian envoy's lawyer.", False),
        ("Jordan Peterson spoke about refugees from Syria.", False),
        ("Jordan scored twenty points last night.", False),  # no Middle East cue
        ("The River Jordan flows into the Dead Sea, near Israel.", False),
    ],
)
def test_jordan_country_not_person(text, expected):
    assert ("Jordan" in names(text)) is expected


@pytest.mark.parametrize(
    "text, absent",
    [
        ("An editorial in China Daily praised the plan.", "China"),
        ("Russia Today aired the interview.", "Russia"),
        ("The Washington Post broke the story.", "United States"),
        ("The New York Times and the Washington Times disagreed.", "United States"),
        ("She writes for the Irish Times.", "Ireland"),
        ("Countries signed the Paris Agreement on climate.", "France"),
        ("Leaving the Paris climate accord would be costly.", "France"),
        ("Fishing boats crowd the South China Sea.", "China"),
        ("The Washington state attorney general sued.", "United States"),
        ("A judge in Seattle sided with Washington against the order.", "United States"),
        ("George Washington crossed the river.", "United States"),
        ("Students at the University of Washington protested.", "United States"),
        ("Northern Ireland votes in March.", "Ireland"),
        ("Tensions rose in British Columbia.", "United Kingdom"),
        ("Chad Smith scored twice.", "Chad"),
        ("Lake Chad is shrinking.", "Chad"),
        ("Oil theft is rife in the Niger Delta.", "Niger"),
        ("The National Security Council met on Sunday.", "United Nations"),
        ("The Georgia General Assembly passed the bill.", "United Nations"),
        ("Ivanka Trump launched a brand.", "United States"),
        ("Sales at Trump Tower fell.", "United States"),
        ("Abe Lincoln gave a speech.", "Japan"),
        ("Native Americans protested the pipeline.", "United States"),
        ("Latin American leaders met.", "United States"),
    ],
)
def test_outlets_and_look_alikes_are_not_actors(text, absent):
    assert absent not in names(text)


@pytest.mark.parametrize(
    "text, actor",
    [
        ("Chad, Niger and Cameroon pledged troops.", "Chad"),
        ("Chad, Niger and Cameroon pledged troops.", "Niger"),
        ("Washington and Beijing traded barbs.", "United States"),
        ("Abe met Trump after flying in from Tokyo.", "Japan"),
        ("The Russian Security Council met.", "Russia"),
        ("Sarah grilled a turkey while Ankara and Turkey's allies argued.", "Turkey"),
    ],
)
def test_ambiguous_aliases_kept_in_right_context(text, actor):
    assert actor in names(text)


def test_security_council_of_a_state_is_not_the_un():
    hits = find_actors("The Russian Security Council met, then the UN Security Council voted.")
    assert [(h["actor"], h["alias"]) for h in hits] == [
        ("Russia", "Russian Security Council"),
        ("United Nations", "the UN Security Council"),
    ]


ANYCASE = {
    "Russia": {"extend": True, "nocase": ["Moscow"]},
    "China": {"extend": True, "nocase": ["Beijing"]},
    "United States": {"extend": True, "nocase": ["Washington"]},
}


@pytest.mark.parametrize(
    "text, absent",
    [
        ("MOSCOW, March 3. /TASS/. The ruble rose.", "Russia"),
        ("WASHINGTON (AP) \u2014 The Senate voted.", "United States"),
        ("BEIJING - Exports rose.", "China"),
        ("Intro line\nBEIJING, Feb 2 (Xinhua) -- Exports rose.", "China"),
    ],
)
def test_datelines_are_not_mentions(text, absent):
    # packaged city aliases are case-sensitive; with any-case aliases the
    # all-capitals dateline must still not count
    assert absent not in names(text, gazetteer=ANYCASE)
    assert absent not in names(text)


def test_dateline_rule_keeps_ordinary_capitals_and_mentions():
    g = load_gazetteer(ANYCASE)
    assert names("MOSCOW, March 3. /TASS/. Moscow said the talks went well.", gazetteer=g) == ["Russia"]
    assert names("Sources in MOSCOW, March 3, said so.", gazetteer=g) == ["Russia"]
    assert names("MOSCOW IS COLD, the banner read.", gazetteer=g) == ["Russia"]
    assert names("NATO, the alliance, held drills.") == ["NATO"]


def test_offsets_are_exact_and_ordered():
    text = "Moscow\u2019s envoy met Kiev\u2019s and the EU\u2019s in Brussels; the US and U.S.-led UN forces."
    hits = find_actors(text)
    assert [h["actor"] for h in hits] == [
        "Russia", "Ukraine", "European Union", "European Union", "United States", "United States", "United Nations",
    ]
    for h in hits:
        assert set(h) == {"actor", "alias", "start", "end"}
        assert text[h["start"] : h["end"]] == h["alias"]
    assert [h["start"] for h in hits] == sorted(h["start"] for h in hits)


@pytest.mark.parametrize("text", ["", None, float("nan"), "Nothing to see here."])
def test_no_hits(text):
    assert find_actors(text) == []


# --------------------------------------------------------------------------- DataFrame API


def test_actors_series_dedupes_in_first_mention_order_and_keeps_index():
    df = pd.DataFrame(
        {
            "text": [
                "Beijing and Moscow spoke; later China and Putin spoke again.",
                None,
                "Nothing here.",
                "The EU and the UN, then the EU again.",
            ],
            "other": ["Kiev", "Kiev", "Kiev", "Kiev"],
        },
        index=pd.Index([10, 3, 7, 99], name="article_id"),
    )
    before = df.copy()
    out = actors(df)
    assert out.name == "actors"
    assert out.index.equals(df.index)
    assert out.tolist() == [["China", "Russia"], [], [], ["European Union", "United Nations"]]
    pd.testing.assert_frame_equal(df, before)
    assert actors(df, col="other").tolist() == [["Ukraine"]] * 4
    with pytest.raises(KeyError):
        actors(df, col="body")


# --------------------------------------------------------------------------- user gazetteers


def test_user_actor_is_added():
    g = load_gazetteer({"actors": {"Scotland": {"kind": "country", "aliases": ["Scotland", "Holyrood"]}}})
    assert isinstance(g, Gazetteer)
    assert names("Holyrood voted; Scotland and Russia differ.", gazetteer=g) == ["Scotland", "Scotland", "Russia"]
    assert "Scotland" not in names("Holyrood voted.")  # the packaged gazetteer is unchanged


def test_shorthand_mapping_and_nocase():
    g = load_gazetteer({"Catalonia": {"kind": "country", "nocase": ["catalonia"]}})
    assert names("CATALONIA and Catalonia", gazetteer=g) == ["Catalonia", "Catalonia"]


def test_user_actor_overrides_packaged_one():
    spec = {"actors": {"Georgia": {"kind": "country", "aliases": ["Georgia"]}}}
    assert "Georgia" not in names("Voters in Georgia lined up.")
    assert names("Voters in Georgia lined up.", gazetteer=spec) == ["Georgia"]
    # the override replaced the packaged aliases
    assert names("Tbilisi replied.", gazetteer=spec) == []


def test_user_alias_is_taken_from_other_actors():
    g = load_gazetteer({"Belgium": {"kind": "country", "aliases": ["Belgium", "Brussels"]}})
    assert names("Brussels replied.", gazetteer=g) == ["Belgium"]
    assert names("The European Commission replied.", gazetteer=g) == ["European Union"]


def test_user_alias_beats_an_ignored_phrase():
    g = load_gazetteer({"Newspapers": {"kind": "organisation", "aliases": ["Washington Post"]}})
    assert names("The Washington Post reported it.", gazetteer=g) == ["Newspapers"]


def test_extend_and_remove():
    g = load_gazetteer(
        {"Russia": {"extend": True, "aliases": ["Rossiya"]}, "Taliban": {"remove": True}}
    )
    assert names("Rossiya and Moscow, and the Taliban.", gazetteer=g) == ["Russia", "Russia"]
    assert "Taliban" not in g.kinds and g.kinds["Russia"] == "country"


def test_user_gazetteer_from_toml_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[actors."Wakanda"]\nkind = "country"\naliases = ["Wakanda"]\n'
        '[[actors."Wakanda".ambiguous]]\naliases = ["Birnin"]\nonly_near = ["Wakanda"]\nwindow = 40\n'
        '[ignore]\naliases = ["Wakanda Forever"]\n',
        encoding="utf-8",
    )
    g = load_gazetteer(path)
    assert names("Birnin is the capital of Wakanda.", gazetteer=g) == ["Wakanda", "Wakanda"]
    assert names("Birnin is a word.", gazetteer=g) == []
    assert names("Wakanda Forever is a film.", gazetteer=g) == []
    assert names("Russia", gazetteer=str(path)) == ["Russia"]  # a path works as gazetteer= too
    alone = load_gazetteer(path, packaged=False)
    assert alone.names == ["Wakanda"] and names("Russia and Wakanda", gazetteer=alone) == ["Wakanda"]


def test_packaged_gazetteer_shape():
    g = load_gazetteer()
    for required in ("Russia", "China", "United States", "European Union", "Ukraine", "United Nations", "NATO"):
        assert required in g.kinds
    assert g.kinds["European Union"] == "bloc"
    assert g.kinds["NATO"] == "organisation"
    assert g.kinds["United Nations"] == "organisation"
    assert g.kinds["Russia"] == "country"
    assert set(g.kinds.values()) <= {"country", "organisation", "person", "bloc"}
    assert len(g) > 100


# --------------------------------------------------------------------------- malformed gazetteers


def _write(tmp_path, body):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body, line, words",
    [
        ('[actors."A"]\n\nkind = country\naliases = ["A"]\n', 3, ["invalid TOML"]),
        ('version = 1\n\n[actors."Atlantis"]\nkind = "planet"\naliases = ["Atlantis"]\n', 3, ["kind", "planet"]),
        ('[actors."Atlantis"]\naliases = ["Atlantis"]\n', 1, ["missing 'kind'"]),
        ('\n[actors."Atlantis"]\nkind = "country"\naliases = "Atl", 3\n', None, ["invalid TOML"]),
        ('[actors."Atlantis"]\nkind = "country"\naliases = [1, 2]\n', 1, ["list of strings"]),
        ('[actors."Atlantis"]\nkind = "country"\nalias = ["Atlantis"]\n', 1, ["unknown key", "alias"]),
        ('[actors."Atlantis"]\nkind = "country"\n', 1, ["no aliases"]),
        ('[actors."Atlantis"]\nkind = "country"\naliases = ["  "]\n', 1, ["empty phrase"]),
        (
            '[actors."A"]\nkind = "country"\naliases = ["Zed"]\n[actors."B"]\nkind = "country"\naliases = ["Zed"]\n',
            4,
            ["Zed", "'A'", "'B'"],
        ),
        (
            '[actors."A"]\nkind = "country"\naliases = ["Zed"]\n[[actors."A".ambiguous]]\naliases = ["Zed"]\n',
            1,
            ["Zed", "twice"],
        ),
        (
            '[actors."A"]\nkind = "country"\n[[actors."A".ambiguous]]\naliases = ["Zed"]\nwindow = -3\n',
            1,
            ["window"],
        ),
        (
            '[actors."A"]\nkind = "country"\n[[actors."A".ambiguous]]\naliases = ["Zed"]\nnear = ["x"]\n',
            1,
            ["unknown key", "near"],
        ),
        ('[actors."A"]\nkind = "country"\naliases = ["Zed"]\n[ignore]\naliases = ["Zed"]\n', 1, ["ignored"]),
        ('colour = "blue"\n', None, ["unknown top-level key", "colour"]),
        ('version = 2\n', None, ["version"]),
    ],
)
def test_malformed_file_errors_name_file_line_and_problem(tmp_path, body, line, words):
    path = _write(tmp_path, body)
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(path)
    msg = str(info.value)
    assert str(path) in msg
    if line is not None:
        assert f"line {line}" in msg
    for w in words:
        assert w in msg
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "source, words",
    [
        ({"actors": {"A": "country"}}, ["'A'", "table"]),
        ({"actors": {"A": {"kind": "country", "aliases": ["X"], "extend": "yes"}}}, ["extend"]),
        ({"actors": {"A": {"kind": "country", "ambiguous": [{"aliases": ["X"], "not_in_name": 1}]}}}, ["not_in_name"]),
        ({"actors": ["A"]}, ["'actors'"]),
        ({"Nowhere": {"extend": True, "aliases": ["Nowhere"]}}, ["extend"]),
        (42, ["path or a mapping"]),
    ],
)
def test_malformed_mapping_errors(source, words):
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(source)
    for w in words:
        assert w in str(info.value)


def test_missing_file_error(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(GazetteerError, match="nope.toml"):
        load_gazetteer(path)


# --------------------------------------------------------------------------- default corpus


@pytest.fixture(scope="module")
def news(raw_corpus):
    return raw_corpus.set_index("article_id")


@pytest.mark.corpus
def test_corpus_coverage_and_speed(news):
    found = actors(news)  # speed: benchmarks/bench_components.py, not a timed test
    assert found.index.equals(news.index)
    share = {a: found.map(lambda xs, a=a: a in xs).mean() for a in ("United States", "Russia", "China")}
    # measured: 0.46, 0.21, 0.15 (Dec 2016 - Mar 2017, heavy on US politics)
    assert 0.35 < share["United States"] < 0.65
    assert 0.15 < share["Russia"] < 0.35
    assert 0.10 < share["China"] < 0.25
    counts = pd.Series([a for xs in found for a in xs]).value_counts()
    for actor, floor in [("European Union", 250), ("United Nations", 250), ("Ukraine", 90), ("NATO", 60)]:
        assert counts[actor] > floor, actor
    assert (found.str.len() > 0).mean() > 0.8


@pytest.mark.corpus
def test_corpus_georgia(news):
    found = actors(news.loc[[158, 2386, 1031, 1115, 1217, 1687, 2115, 2324]])
    # Caucasus country: visa talks with Russia, South Ossetia, Abkhazia
    for aid in (158, 2386, 1031):
        assert "Georgia" in found[aid], aid
    # US state only: a trial, Kings Bay naval base (with a Russian ship!), a hate crime,
    # the former governor nominated for agriculture, a University of Georgia professor
    for aid in (1115, 1217, 1687, 2115, 2324):
        assert "Georgia" not in found[aid], aid


@pytest.mark.corpus
def test_corpus_offsets_match_aliases(news):
    for text in news["text"].head(300):
        for h in find_actors(text):
            assert text[h["start"] : h["end"]] == h["alias"]


@pytest.mark.parametrize("cells, rows, names", [
    ([["Iran", "Iraq", "Iran"], [], None, ["Iraq"]], [0, 0, 3], ["Iran", "Iraq", "Iraq"]),
    ([np.array(["Russia", "China"]), float("nan"), "Russia", " "], [0, 0, 2], ["Russia", "China", "Russia"]),
    ([[None, "", "EU", pd.NA]], [0], ["EU"]),
    ([], [], []),
])
def test_mention_pairs_once_per_article(cells, rows, names):
    from analysis.aggregate.tables import mention_pairs

    got_rows, got_names = mention_pairs(cells)
    assert got_rows.tolist() == rows and got_names.tolist() == names
    assert got_rows.dtype == np.int64


@pytest.mark.parametrize("values, ids", [
    (pd.Series(["a", "b", None, "c"], dtype=object), ["c", "a"]),
    (pd.Series(["a", "b", "c"], dtype="string"), pd.Series(["b"], dtype="str")),
    (pd.Series([1, 2, 3, 2]), [2, 5]),
    (pd.Series([1, 2, 3]), ["2"]),  # another kind: never equal, as pandas says
    (pd.Series(["x", 1, None], dtype=object), ["x", 1]),  # mixed: pandas decides
    (pd.Series([], dtype="str"), []),
])
def test_among_is_isin_without_missing(values, ids):
    from analysis.aggregate.tables import among

    expected = (values.isin(list(ids)) & values.notna()).to_numpy(bool)
    got = among(values, ids)
    assert got.dtype == bool and got.tolist() == expected.tolist()
