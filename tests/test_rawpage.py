"""Tests for analysis.rawpage (raw scraped article pages saved as text)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import rawpage
from analysis.ingest.rawpage import parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "raw"
SEEDS = Path("/work/shared/seeds")
SEED_FILE = SEEDS / "000_4d696254c12f2358.txt"

KEYS = {
    "title", "published", "dateline", "agency", "authors", "editors",
    "captions", "photo_credits", "text", "source", "url", "furniture",
}


def load(name: str) -> str:
    # read bytes so CRLF and the BOM reach the parser untouched
    return (FIXTURES / name).read_bytes().decode("utf-8")


def utc(s: str) -> pd.Timestamp:
    return pd.Timestamp(s, tz="UTC")


def check_types(d: dict) -> None:
    assert set(d) == KEYS
    for k in ("title", "dateline", "agency", "source", "url"):
        assert d[k] is None or isinstance(d[k], str), k
    for k in ("authors", "editors", "captions", "photo_credits"):
        assert isinstance(d[k], list) and all(isinstance(x, str) for x in d[k]), k
    assert isinstance(d["text"], str)
    assert isinstance(d["furniture"], int) and d["furniture"] >= 0
    p = d["published"]
    assert p is None or (isinstance(p, pd.Timestamp) and str(p.tz) == "UTC")


# ---------------------------------------------------------------------------
# one hand-written fixture per page shape, every field asserted
# ---------------------------------------------------------------------------

EXPECTED = {
    "reuters_full.txt": dict(
        title="Valdoria and Kestrel Isles resume stalled grain-tariff talks",
        published=utc("2021-06-02 09:05"),
        dateline="PORT AMSEL",
        agency="Reuters",
        authors=["Tomas Beyer", "Ines Halloran", "Mei Tanaka", "Olu Adebayo"],
        editors=["Karen Welsh", "Paul Ostrander", "Nadia Frost"],
        captions=[
            "Trade ministers Ana Kovic and Dmitri Solberg shake hands before a meeting at the "
            "harbour authority building in Port Amsel, June 1, 2021. REUTERS/Lena Marquardt"
        ],
        photo_credits=["REUTERS/Lena Marquardt"],
        text="\n\n".join([
            "Valdoria and the Kestrel Isles resumed talks on grain tariffs on Wednesday, officials "
            "said, after a six-month pause that left cargo ships idle in both countries' ports.",
            "The two governments have argued since last autumn over a levy on milled wheat, which "
            "Kestrel exporters say breaches a 2009 customs pact.",
            '"We are closer than we have been for a year," Valdorian trade minister Ana Kovic told '
            "reporters outside the harbour authority.",
            "Kestrel officials were more cautious.",
            "Port operators said about 40 vessels were waiting offshore.",
        ]),
        source="Reuters",
        url=None,
        furniture=6,  # share counter + 5 breakpoint names
    ),
    "ap_byline.txt": dict(
        title="Ferry strike leaves islanders stranded for third day",
        published=utc("2022-10-12 20:30"),  # 4:30 PM EDT
        dateline="HALVEN, Norland",
        agency="AP",
        authors=["Jane Doe", "John Roe", "Piet Ravensberg"],
        editors=[],
        captions=[
            "Passengers waiting for a ferry sit on benches at the Halven terminal on Tuesday, "
            "Oct. 11, 2022. (AP Photo/Rosa Lindqvist)"
        ],
        photo_credits=["AP Photo/Rosa Lindqvist"],
        text="\n\n".join([
            "Hundreds of travelers spent a third night in ferry terminals on Wednesday as a strike "
            "by deckhands stretched on, with no new talks scheduled.",
            "The union wants a 9% raise. The operator, Norland Coastal Lines, has offered 4%.",
            "“We packed for a weekend,” said Ebba Nyholm, a teacher traveling with two children. "
            "“This is day four.”",
        ]),
        source="AP",
        url=None,
        furniture=3,  # Share, Tweet, copyright notice
    ),
    "no_timestamp.txt": dict(
        title="City council approves new tram line after marathon session",
        published=None,
        dateline=None,
        agency=None,
        authors=["Marta Oyelaran"],
        editors=[],
        captions=[],
        photo_credits=[],
        text="\n\n".join([
            "The city council of Brennick voted 31-12 late on Monday to approve a new tram line "
            "linking the old harbour to the university district.",
            "The 14-km line is expected to cost about 620 million crowns and open in 2027.",
            "Opponents said the money would be better spent on buses.",
        ]),
        source=None,
        url="https://example.org/local/tram-line-vote",
        furniture=0,
    ),
    "multi_captions.txt": dict(
        title="Lighthouse keepers' union calls first strike in 40 years",
        published=utc("2019-11-07 14:20"),
        dateline="BRIXHOLM",
        agency="AFP",
        authors=[],
        editors=[],
        captions=[
            "Keepers gather outside the maritime office in Brixholm on Wednesday. "
            "Photograph: Lena Park/AFP via Getty Images",
            "The Gull Point lighthouse, one of the stations due to be automated, is seen from the "
            "sea on Oct. 30, 2019. EPA/ANNA KOVAC",
            "A keeper climbs the stairs of the Merrow Head light. Getty Images",
        ],
        photo_credits=["Lena Park/AFP via Getty Images", "EPA/ANNA KOVAC", "Getty Images"],
        text="\n\n".join([
            "The union representing the last 60 lighthouse keepers on the Merrow coast called its "
            "first strike in four decades on Thursday, over plans to automate a dozen stations.",
            "The maritime office says automation would save 3 million euros a year.",
            "Union leader Hal Brennan said keepers would walk out on Nov. 20 unless the plan was "
            "shelved.",
        ]),
        source="AFP",
        url=None,
        # 5 menu lines, Advertisement, 12 Comments, Read more, Related Coverage,
        # cookie notice, quotes-delayed notice
        furniture=11,
    ),
    "crlf_bom.txt": dict(
        title="Shipping insurers raise premiums for Strait of Oren",
        published=utc("2021-06-02 09:05"),
        dateline="SINGAPORE",
        agency="Reuters",
        authors=["Priya Natarajan"],
        editors=["Simon Okafor"],
        captions=[],
        photo_credits=[],
        text="\n\n".join([
            "Marine insurers have raised war-risk premiums for tankers crossing the Strait of Oren "
            "by about a third, three brokers said on Wednesday.",
            "The increase follows two incidents last month in which vessels reported being "
            "approached by unidentified speedboats.",
            "Brokers said the new rates would add roughly $40,000 to a typical voyage.",
        ]),
        source="Reuters",
        url=None,
        furniture=1,
    ),
    "furniture_only.txt": dict(
        title=None, published=None, dateline=None, agency=None, authors=[], editors=[],
        captions=[], photo_credits=[], text="", source=None, url=None, furniture=11,
    ),
    "wrapped.txt": dict(
        title="Envoys agree to extend fishing truce by six months",
        published=utc("2015-03-19 00:00"),
        dateline="WASHINGTON/BEIJING",
        agency="Reuters",
        authors=["Lucia Ferrante"],
        editors=["Omar Haddad"],
        captions=[],
        photo_credits=[],
        text="\n\n".join([
            "Envoys from the two countries agreed on Thursday to extend a truce over disputed "
            "fishing grounds by six months, both governments said in statements.",
            "The truce, first agreed in 2013, limits the number of trawlers each side may send to "
            "the banks during the spawning season.",
            "Neither statement mentioned the coast guard patrols that both sides have stepped up "
            "this year.",
        ]),
        source="Reuters",
        url="https://www.reuters.com/article/fishing-truce-idUSKBN0000000",
        furniture=0,
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_all_fields(name):
    d = parse_page(load(name))
    check_types(d)
    assert d == EXPECTED[name]


def test_fixture_set_is_complete():
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(EXPECTED)


def test_crlf_fixture_really_has_crlf_and_bom():
    raw = load("crlf_bom.txt")
    assert raw.startswith("\ufeff") and "\r\n" in raw and "\n\n" not in raw.replace("\r", "")


def test_line_endings_do_not_change_the_result():
    page = load("reuters_full.txt")
    base = parse_page(page)
    for variant in (page.replace("\n", "\r\n"), page.replace("\n", "\r"), "\ufeff" + page):
        assert parse_page(variant) == base


def test_trailing_newline_does_not_matter():
    page = load("reuters_full.txt")
    assert not page.endswith("\n")
    assert parse_page(page + "\n") == parse_page(page)


def test_input_is_not_mutated_and_result_is_deterministic():
    page = load("multi_captions.txt")
    copy = str(page)
    assert parse_page(page) == parse_page(page)
    assert page == copy


# ---------------------------------------------------------------------------
# timestamp lines
# ---------------------------------------------------------------------------

BODY = (
    "\n\nHarbour fees to rise at Port Vella\n\n"
    "PORT VELLA (Reuters) - Officials at the port said on Tuesday that fees would rise.\n"
)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("March 19, 2015 / 1:53 AM / 3 years ago", "2015-03-19 01:53"),
        ("March 19, 2015 / 1:53 PM / 3 years ago", "2015-03-19 13:53"),
        ("March 19, 2015 12:05 AM", "2015-03-19 00:05"),
        ("Updated Mar 19, 2015 01:53 AM ET", "2015-03-19 05:53"),  # EDT, UTC-4
        ("Updated Jan 19, 2015 01:53 AM ET", "2015-01-19 06:53"),  # EST, UTC-5
        ("Thursday, March 19, 2015 9:53 PM EDT", "2015-03-20 01:53"),
        ("2015-03-19T01:53:00Z", "2015-03-19 01:53"),
        ("2015-03-19T04:53:00+03:00", "2015-03-19 01:53"),
        ("2015-03-19 01:53", "2015-03-19 01:53"),
        ("19 March 2015 13:53 GMT", "2015-03-19 13:53"),
        ("Thu 19 Mar 2015 13.53 GMT", "2015-03-19 13:53"),
        ("19 March 2015 16:53 MSK", "2015-03-19 13:53"),
        ("March 19, 2015 1:53 PM UTC+2", "2015-03-19 11:53"),
        ("Published: 03/19/2015", "2015-03-19 00:00"),
        ("Posted 19/03/2015 10:00", "2015-03-19 10:00"),
        ("Published: 03/04/2015", "2015-03-04 00:00"),  # slashes: month first
        ("Published: 03.04.2015", "2015-04-03 00:00"),  # dots: day first
        ("Published on March 19th, 2015 at 10:00 am", "2015-03-19 10:00"),
        ("Sept. 3, 2016", "2016-09-03 00:00"),
        # relative ages and other non-timestamps give None: never guess
        ("3 years ago", None),
        ("2 hours ago", None),
        ("Updated 2 hours ago", None),
        ("an hour ago", None),
        ("5 min read", None),
        ("19 March 2015 13:53 IST", None),  # ambiguous zone: a stamp line, but no value
        ("February 30, 2015", None),  # impossible date
        ("The talks began on March 19, 2015 in Geneva.", None),  # a sentence, not a stamp
        ("Ships waited 19 March 2015 for berths", None),
    ],
)
def test_timestamp_lines(line, expected):
    d = parse_page(line + BODY)
    if expected is None:
        assert d["published"] is None
    else:
        assert d["published"] == utc(expected)
        assert str(d["published"].tz) == "UTC"
        assert line not in d["text"]
    assert d["title"] in ("Harbour fees to rise at Port Vella", line)


@pytest.mark.parametrize(
    "line", ["3 years ago", "Updated 2 hours ago", "March 19, 2015 / 1:53 AM", "19 March 2015 13:53 IST"]
)
def test_timestamp_line_never_reaches_title_or_text(line):
    d = parse_page(line + BODY)
    assert d["title"] == "Harbour fees to rise at Port Vella"
    assert d["text"] == "Officials at the port said on Tuesday that fees would rise."
    assert d["furniture"] == 0


def test_published_label_wins_over_updated():
    page = "Updated March 20, 2015 10:00 GMT\nPublished March 19, 2015 08:00 GMT" + BODY
    assert parse_page(page)["published"] == utc("2015-03-19 08:00")


# ---------------------------------------------------------------------------
# datelines and agencies
# ---------------------------------------------------------------------------

REST = "Officials from both sides met on Tuesday to discuss the fee schedule for the port."


@pytest.mark.parametrize(
    "prefix, dateline, agency",
    [
        ("MOSCOW (Reuters) - ", "MOSCOW", "Reuters"),
        ("KIEV, Ukraine (Reuters) - ", "KIEV, Ukraine", "Reuters"),
        ("NEW YORK (AP) — ", "NEW YORK", "AP"),
        ("WASHINGTON/BEIJING (Reuters) – ", "WASHINGTON/BEIJING", "Reuters"),
        ("PARIS (AFP) - ", "PARIS", "AFP"),
        ("MOSCOW, March 19 (Reuters) - ", "MOSCOW", "Reuters"),
        ("SAN JOSE, Calif. (AP) -- ", "SAN JOSE, Calif.", "AP"),
        ("ST. PETERSBURG (Reuters) - ", "ST. PETERSBURG", "Reuters"),
        ("(Reuters) - ", None, "Reuters"),
        ("BRUSSELS — ", "BRUSSELS", None),
        ("", None, None),
    ],
)
def test_datelines(prefix, dateline, agency):
    d = parse_page("Port fee talks\n\n" + prefix + REST + "\n\nA second paragraph.")
    assert (d["dateline"], d["agency"]) == (dateline, agency)
    assert d["text"].split("\n\n")[0] == REST
    assert d["title"] == "Port fee talks"
    assert d["source"] == agency


@pytest.mark.parametrize(
    "para",
    [
        "The European Union (EU) - a bloc of 27 states - said on Tuesday it would act.",
        "Moscow (Reuters) - lowercase after the dash is not a dateline here.",
        "Officials in the capital said the talks (Reuters reported) had stalled.",
    ],
)
def test_not_datelines(para):
    d = parse_page("Port fee talks\n\n" + para)
    assert d["dateline"] is None and d["agency"] is None
    assert d["text"] == para


# ---------------------------------------------------------------------------
# credits, bylines, captions
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, authors, editors",
    [
        (
            "Writing by Ana Ruiz; Additional reporting by Ben Tal in BEIJING; Editing by Mark Oo, Rob Pia",
            ["Ana Ruiz", "Ben Tal"], ["Mark Oo", "Rob Pia"],
        ),
        (
            "Reporting by Ana Ruiz and Ben Tal in Moscow and Washington; Writing by Cy Dunn",
            ["Ana Ruiz", "Ben Tal", "Cy Dunn"], [],
        ),
        (
            "(Reporting by Ana Ruiz; Additional reporting by Ben Tal at the United Nations; "
            "Editing by Mark Oo and Rob Pia)",
            ["Ana Ruiz", "Ben Tal"], ["Mark Oo", "Rob Pia"],
        ),
        ("Compiled by Ana Ruiz; edited by Mark Oo", ["Ana Ruiz"], ["Mark Oo"]),
        ("Editing by Mark Oo, Rob Pia and Lee de la Cruz", [], ["Mark Oo", "Rob Pia", "Lee de la Cruz"]),
        ("Associated Press writers Ana Ruiz and Ben Tal contributed to this report.", ["Ana Ruiz", "Ben Tal"], []),
    ],
)
def test_credits_lines(line, authors, editors):
    d = parse_page("Port fee talks\n\nPORT VELLA (Reuters) - Fees rose.\n\n" + line + "\n\nShare")
    assert d["authors"] == authors
    assert d["editors"] == editors
    assert d["text"] == "Fees rose."
    assert d["furniture"] == 1


def test_trailing_parenthetical_credits_are_split_off():
    d = parse_page("Port fee talks\nPORT VELLA (Reuters) - Fees rose. (Reporting by Ana Ruiz; Editing by Mark Oo)")
    assert d["text"] == "Fees rose."
    assert (d["authors"], d["editors"]) == (["Ana Ruiz"], ["Mark Oo"])


def test_content_after_closing_credits_is_furniture():
    page = (
        "Port fee talks\n\nPORT VELLA (Reuters) - Fees rose.\n\nWriting by Ana Ruiz; Editing by Mark Oo\n\n"
        "Ferry operators warn of delays as strike looms in the north\n"
        "Grain prices climb for a third week on export worries\n"
    )
    d = parse_page(page)
    assert d["text"] == "Fees rose."
    assert d["furniture"] == 2


@pytest.mark.parametrize(
    "line, authors, source",
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"], None),
        ("By JANE DOE", ["JANE DOE"], None),
        ("By Jane Doe, Associated Press", ["Jane Doe"], "AP"),
        ("By Reuters Staff", [], "Reuters"),
        ("By Jane Doe | AP Diplomatic Writer", ["Jane Doe"], "AP"),
    ],
)
def test_bylines(line, authors, source):
    d = parse_page("Port fee talks\n" + line + "\nFees rose on Tuesday at the port.")
    assert d["authors"] == authors
    assert d["source"] == source
    assert d["text"] == "Fees rose on Tuesday at the port."
    assert d["title"] == "Port fee talks"


def test_sentence_starting_with_by_is_body():
    para = "By the end of the week, the port expects fees to settle."
    d = parse_page("Port fee talks\n\n" + para)
    assert d["authors"] == [] and d["text"] == para


@pytest.mark.parametrize(
    "caption, credit",
    [
        ("Cranes at the port of Vella, June 1, 2021. REUTERS/Lena Marquardt", "REUTERS/Lena Marquardt"),
        ("FILE PHOTO: Cranes at the port. REUTERS/Lena Marquardt/File Photo", "REUTERS/Lena Marquardt/File Photo"),
        ("Cranes at the port on Tuesday. (AP Photo/Rosa Lindqvist, File)", "AP Photo/Rosa Lindqvist, File"),
        ("Cranes at the port. AFP PHOTO / JEAN DUVAL", "AFP PHOTO / JEAN DUVAL"),
        ("Cranes at the port. Ana Ruiz/Getty Images", "Ana Ruiz/Getty Images"),
        ("Cranes at the port. (Photo by Ana Ruiz/Getty Images)", "Ana Ruiz/Getty Images"),
        ("Cranes at the port. Photograph: Ana Ruiz/Reuters", "Ana Ruiz/Reuters"),
        ("Cranes at the port. EPA-EFE/ANA RUIZ", "EPA-EFE/ANA RUIZ"),
        ("Cranes at the port. Getty Images", "Getty Images"),
    ],
)
def test_captions(caption, credit):
    d = parse_page("Port fee talks\n\n" + caption + "\n\nPORT VELLA (Reuters) - Fees rose.")
    assert d["captions"] == [caption]
    assert d["photo_credits"] == [credit]
    assert d["text"] == "Fees rose."


@pytest.mark.parametrize(
    "para",
    [
        "Support for the deal was 41 percent in a Reuters/Ipsos poll.",
        "The minister said the pictures were shown to Getty Images and others.",
        "Fees rose 24/7 at the port, said operator Ana Ruiz.",
    ],
)
def test_body_lines_that_are_not_captions(para):
    d = parse_page("Port fee talks\n\n" + para)
    assert d["captions"] == [] and d["text"] == para


# ---------------------------------------------------------------------------
# furniture
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "0 : 0", "12 Comments", "Share", "Tweet", "Share this article", "  • narrow-browser-and-phone",
        "• medium-wide-browser", "landscape-tablet-and-below", "Skip to main content", "Sign in",
        "Subscribe", "Advertisement", "Read more", "Related Coverage", "* * *",
        "All quotes delayed a minimum of 15 minutes. See here for a complete list of exchanges and delays.",
        "This website uses cookies to improve your experience.",
        "© 2019 Example News Ltd",
        "Copyright 2019 Example News. All rights reserved.",
    ],
)
def test_furniture_lines_are_dropped_and_counted(line):
    body = "Officials at the port said on Tuesday that fees would rise."
    d = parse_page(f"Port fee talks\n\n{body}\n\n{line}\n\nA second paragraph follows here.")
    assert d["text"] == body + "\n\nA second paragraph follows here."
    assert d["furniture"] == 1


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Ana Ruiz; Editing by Mark Oo",  # credits, not furniture
        "The harbour shares rose 3 percent.",
        "By continuing to resist, the union hopes to win concessions.",
        "The company sells cookies and cakes in 12 countries.",
        "Fees rose.",
    ],
)
def test_not_furniture(line):
    assert not rawpage._is_furniture_line(line)


def test_menu_run_is_furniture_but_single_short_line_is_not():
    menu = "World\nBusiness\nMarkets\nPolitics\n"
    d = parse_page(menu + "\nPort fee talks resume after long pause\n\nPORT VELLA (Reuters) - Fees rose.")
    assert d["furniture"] == 4
    assert d["title"] == "Port fee talks resume after long pause"
    d = parse_page("Port fee talks\n\nFees rose.\n\nThe end\n\nNothing else happened today.")
    assert "The end" in d["text"].split("\n\n")
    assert d["furniture"] == 0


def test_no_blank_lines_between_paragraphs():
    page = "Port fee talks\nPORT VELLA (Reuters) - Fees rose.\nShips waited.\nShare\nOfficials met."
    d = parse_page(page)
    assert d["text"] == "Fees rose.\n\nShips waited.\n\nOfficials met."
    assert d["furniture"] == 1


def test_origin_fills_url_and_source_only_as_fallback():
    page = "Port fee talks\n\nFees rose on Tuesday at the port."
    d = parse_page(page, origin="https://www.reuters.com/article/port-fees")
    assert d["url"] == "https://www.reuters.com/article/port-fees"
    assert d["source"] == "Reuters"
    d = parse_page(page, origin="/data/pages/0001.txt")
    assert d["url"] is None and d["source"] is None
    d = parse_page(load("no_timestamp.txt"), origin="https://www.reuters.com/x")
    assert d["url"] == "https://example.org/local/tram-line-vote"


@pytest.mark.parametrize("text", ["", "\n\n\n", "\ufeff", "   \r\n\t  ", "Share"])
def test_empty_like_pages(text):
    d = parse_page(text)
    check_types(d)
    assert d["text"] == "" and d["title"] is None


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        parse_page(None)  # type: ignore[arg-type]


@pytest.mark.timeout(60)  # a hang guard (no quadratic regexes), not a speed target
def test_extremely_long_lines():
    long_para = "MOSCOW (Reuters) - " + "The port said fees would rise. " * 60_000
    blob = "x" * 1_000_000
    page = "Port fee talks\n\n" + long_para + "\n\n" + blob + "/REUTERS" + "\n" + "a-" * 200_000
    d = parse_page(page)
    check_types(d)
    assert d["dateline"] == "MOSCOW"
    assert d["text"].startswith("The port said fees would rise.")


# ---------------------------------------------------------------------------
# property tests
# ---------------------------------------------------------------------------

FURNITURE_POOL = [
    "0 : 0", "Share", "Tweet", "12 Comments", "  • narrow-browser-and-phone", "• above-phone",
    "Skip to main content", "Sign in", "Advertisement", "Read more", "Related Coverage",
    "All quotes delayed a minimum of 15 minutes.",
]
CONTENT_POOL = [
    "Fees rose at the port on Tuesday.", "Port fee talks resume", "By Ana Ruiz",
    "PORT VELLA (Reuters) - Ships waited offshore.", "March 19, 2015 / 1:53 AM / 3 years ago",
    "Cranes at the port. REUTERS/Lena Marquardt", "Writing by Ana Ruiz; Editing by Mark Oo",
    "read", "more", "https://example.org/a",
]


def assert_no_detected_furniture(d: dict) -> None:
    for para in d["text"].split("\n\n"):
        if para:
            assert not rawpage._is_furniture_line(para), para
        assert "\r" not in para


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_well_typed_dict(text):
    d = parse_page(text)
    check_types(d)
    assert_no_detected_furniture(d)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(FURNITURE_POOL + CONTENT_POOL), st.text(max_size=40)),
        max_size=25,
    ),
    st.sampled_from(["\n", "\r\n", "\n\n", "\r"]),
)
def test_mixed_pages_never_leak_furniture(parts, sep):
    d = parse_page(sep.join(parts))
    check_types(d)
    assert_no_detected_furniture(d)
    paras = d["text"].split("\n\n")
    for f in FURNITURE_POOL:
        assert " ".join(f.split()) not in paras


# ---------------------------------------------------------------------------
# the real seed page (read at test time, never copied into the repo)
# ---------------------------------------------------------------------------


@pytest.mark.skipif(not SEED_FILE.exists(), reason="seed pages not available")
def test_real_seed_page():
    d = parse_page(SEED_FILE.read_bytes().decode("utf-8"))
    check_types(d)
    assert d["title"] == "Putin to meet top aide to Chinese president in Moscow"
    assert d["published"] == utc("2015-03-19 01:53")
    assert (d["dateline"], d["agency"], d["source"]) == ("MOSCOW", "Reuters", "Reuters")
    assert {"Lidia Kelly", "Ben Blanchard"} <= set(d["authors"])
    assert {"Mark Heinrich", "Robert Birsel"} <= set(d["editors"])
    assert len(d["captions"]) == 1
    assert d["captions"][0].startswith("Russian President Vladimir Putin walks on the stage")
    assert d["captions"][0].endswith("REUTERS/Maxim Zmeyev")
    assert d["photo_credits"] == ["REUTERS/Maxim Zmeyev"]
    assert d["text"].startswith("President Vladimir Putin")
    for junk in ("0 : 0", "narrow-browser-and-phone", "landscape-tablet", "Writing by", "REUTERS/", "(Reuters)"):
        assert junk not in d["text"]
    assert d["furniture"] >= 15  # share counter + 14 breakpoint names
    assert d["url"] is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed pages not available")
def test_all_seed_pages_parse_cleanly():
    pages = sorted(SEEDS.glob("*.txt"))
    if not pages:
        pytest.skip("no seed pages")
    for p in pages:
        d = parse_page(p.read_bytes().decode("utf-8", errors="replace"), origin=str(p))
        check_types(d)
        assert_no_detected_furniture(d)




@pytest.mark.parametrize("space", [" ", "  ", "\t", "\u00a0", "\u3000", "\u2009", "\x1f", " \t "])
def test_white_space_inside_lines_becomes_one_space(space):
    page = (f"Harbour{space}talks resume\n\n{space}PORT VELLA (Reuters) - Negotiators{space}met again "
            f"on Wednesday.{space}\n\nThey{space}agreed{space}to meet again next week.\n")
    d = parse_page(page)
    assert d["title"] == "Harbour talks resume"
    assert d["dateline"] == "PORT VELLA"
    assert d["text"] == "Negotiators met again on Wednesday.\n\nThey agreed to meet again next week."


@pytest.mark.parametrize("para,text", [
    ("Fees rose (again) at the port. (Reporting by Ana Ruiz; Editing by Mark Oo)", "Fees rose (again) at the port."),
    ("Fees rose (again). (Reporting by Ana Ruiz (Moscow); Editing by Mark Oo)",  # nested: not a credits block
     "Fees rose (again). (Reporting by Ana Ruiz (Moscow); Editing by Mark Oo)"),
    ("Fees rose (reporting by a rival paper was wrong).", "Fees rose (reporting by a rival paper was wrong)."),
])
def test_trailing_credits_after_other_parentheses(para, text):
    d = parse_page(f"Port fee talks\n\nPORT VELLA (Reuters) - {para}\n\nA second paragraph follows here.")
    if text == para:
        assert d["authors"] == [] and d["text"].startswith(para)
    else:
        assert d["authors"] == ["Ana Ruiz"] and d["editors"] == ["Mark Oo"]
        assert d["text"] == text
