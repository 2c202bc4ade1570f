"""RSS and Atom feeds through analysis.load (analysis.feeds): one article per item."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.feeds import looks_like_feed
from analysis.ingest.load import load

FEEDS = Path(__file__).parent / "fixtures" / "feeds"

GRAIN = ("Port officials in the fictional city of Larsk said on Tuesday that grain exports rose for a third "
         "month, helped by calmer weather and a new ferry line.\n\nThe harbour master, Ivo Tamm, said the "
         "figures were encouraging but warned that fuel costs remained high for small operators.")


def run(source, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "input(s) rejected" warning is expected unless asked for
        df, rejected = load(source, return_rejected=True, **kwargs)
    r = df.attrs["load_report"]
    assert r["inputs_seen"] == r["loaded"] + r["rejected"] + r["duplicates_dropped"]
    return df, dict(zip(rejected["input"], rejected["reason"]))


def test_rss2_items_become_articles_with_their_fields():
    df, reasons = run(FEEDS / "rss2.xml")
    assert not reasons
    assert df["title"].tolist() == ["Ferry traffic rises for a second month", "Choir begins a tour of nine villages"]
    assert df["url"].tolist() == ["https://gazette.example.org/2024/01/ferries",
                                  "https://gazette.example.org/2024/01/choir"]
    assert df["source"].tolist() == ["Vessa Harbour Gazette"] * 2
    assert df["authors"].tolist() == [["Ana Ruiz"], ["Tom Ode"]]
    assert df["published"].tolist() == [pd.Timestamp("2024-01-02 03:04:05", tz="UTC"),
                                        pd.Timestamp("2024-01-03 09:00:00", tz="UTC")]
    # content:encoded wins over the description; HTML (and its script) stripped, paragraphs kept
    assert df["text"].iloc[0] == ("Harbour officials in the invented port of Vessa said on Monday that ferry "
                                  "traffic rose for a second month.\n\nCalmer seas and a new timetable helped, "
                                  "they said.")
    assert df["origin"].tolist() == [f"{FEEDS / 'rss2.xml'}#item-1", f"{FEEDS / 'rss2.xml'}#item-2"]
    assert "note" not in df or df["note"].isna().all()


def test_atom_entry_with_two_authors_and_html_title():
    df, reasons = run(FEEDS / "atom.atom")
    assert not reasons and len(df) == 1
    row = df.iloc[0]
    assert row["title"] == "Rowing club votes to repaint its boathouse"
    assert row["url"] == "https://courier.example.net/rowing"
    assert row["source"] == "Orrin Valley Courier"
    assert row["authors"] == ["Ivo Tamm", "Lia Berg"]
    assert row["published"] == pd.Timestamp("2024-02-01 07:30", tz="UTC")  # published, not updated
    assert row["text"].startswith("Members of an imaginary rowing club voted")


@pytest.mark.parametrize("reverse", [False, True])
def test_summary_only_item_takes_the_text_of_its_linked_page_among_the_inputs(reverse):
    files = [FEEDS / "summaries" / "feed.rss", FEEDS / "summaries" / "grain.html"]
    df, reasons = run(files[::-1] if reverse else files)
    assert not reasons
    assert df.attrs["load_report"] == {"inputs_seen": 3, "loaded": 2, "rejected": 0, "duplicates_dropped": 1}
    grain = df.set_index("title").loc["Grain exports climb for a third month"]
    assert grain["text"] == GRAIN  # the page's text (the feed has one line of summary)
    assert grain["url"] == "https://wire.example.com/grain-exports"
    assert grain["published"] == pd.Timestamp("2024-01-04 08:00", tz="UTC")  # the item's own fields
    assert grain["note"].startswith("text from the linked page ")
    talks = df.set_index("title").loc["Customs talks stall"]
    assert talks["text"] == "Negotiators from two invented republics met again without agreement."
    assert talks["note"] == "feed item has a summary only"


def test_summary_only_item_without_its_page_keeps_the_summary():
    df, reasons = run(FEEDS / "summaries" / "feed.rss")
    assert not reasons
    assert df["text"].tolist() == ["Exports rose again, officials said.",
                                   "Negotiators from two invented republics met again without agreement."]
    assert df["note"].tolist() == ["feed item has a summary only"] * 2


@pytest.mark.parametrize("name", ["feed.xml", "feed.dat", "feed", "feed.txt"])
def test_feeds_are_detected_by_content_whatever_their_name(tmp_path, name):
    shutil.copy(FEEDS / "rss2.xml", tmp_path / name)
    assert run(tmp_path / name)[0]["source"].tolist() == ["Vessa Harbour Gazette"] * 2


def test_rss_1_rdf_feed(tmp_path):
    (tmp_path / "f.rdf").write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.example/"><title>RDF Desk</title>'
        '<link>https://x.example/</link><description>d</description></channel>'
        '<item rdf:about="https://x.example/1"><title>Bridge reopens</title><link>https://x.example/1</link>'
        '<description>The old bridge over the invented river Tamm reopened to traffic on Friday.</description>'
        '</item></rdf:RDF>')
    df, reasons = run(tmp_path / "f.rdf")
    assert not reasons and df["title"].tolist() == ["Bridge reopens"] and df["source"].tolist() == ["RDF Desk"]


def test_html_page_that_mentions_feeds_is_not_a_feed():
    assert not looks_like_feed("<!DOCTYPE html><html><body><p>Paste your <rss> or <feed> URL.</p></body></html>")
    assert not looks_like_feed('<feed xmlns="http://example.org/not-atom">')
    assert looks_like_feed("<!-- generated -->\n<rss version='2.0'>")


@pytest.mark.parametrize("name,content,reason", [
    ("empty.rss", '<rss version="2.0"><channel><title>Quiet</title></channel></rss>', "feed has no items"),
    ("broken.atom", "<feed xmlns='http://www.w3.org/2005/Atom'><title>cut", "malformed feed ("),
    ("notxml.rss", "just words, not a feed at all", "malformed feed ("),
])
def test_feeds_without_items_are_rejected_with_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_text(content)
    df, reasons = run(tmp_path / name)
    assert len(df) == 0 and len(reasons) == 1
    assert next(iter(reasons.values())).startswith(reason)


def test_feed_item_without_text_is_rejected_the_rest_kept(tmp_path):
    (tmp_path / "f.rss").write_text(
        '<rss version="2.0"><channel><title>Desk</title>'
        '<item><title>Only a title</title><link>https://d.example/1</link></item>'
        '<item><title>Kept</title><description>The ferry to the invented isle of Morn runs daily again.'
        '</description></item></channel></rss>')
    df, reasons = run(tmp_path / "f.rss")
    assert df["title"].tolist() == ["Kept"]
    assert reasons == {f"{tmp_path / 'f.rss'}#item-1": "empty text"}


@pytest.mark.timeout(60)
def test_feed_entities_are_never_expanded_nor_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE")
    laughs = "".join(f'<!ENTITY e{i + 1} "' + f"&e{i};" * 10 + '">' for i in range(9))
    (tmp_path / "laughs.rss").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY e0 "lol">{laughs}]>\n<rss version="2.0"><channel>'
        "<title>T</title><item><title>Bomb</title><description>Ferries run. &e9;</description></item></channel></rss>")
    (tmp_path / "xxe.rss").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n<rss version="2.0">'
        "<channel><title>T</title><item><title>Leak</title><description>The ferry to Morn runs again. &x;"
        "</description></item></channel></rss>")
    df, reasons = run(tmp_path / "laughs.rss")
    assert len(df) == 1 and len(df["text"].iloc[0]) < 1000  # a billion laughs would be 3 GB
    df, reasons = run(tmp_path / "xxe.rss")
    assert len(df) == 1 and "TOPSECRETVALUE" not in df["text"].iloc[0]
