"""analysis.clean: the repairs of damaged punctuation, and what cannot be repaired."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.clean import clean, clean_text, normalise_for_dedup


@pytest.mark.parametrize("damaged,repaired,n", [
    ('the vote."?The Senate met.', 'the vote." The Senate met.', 1),
    ('"It is done,"?she said.', '"It is done," she said.', 1),
    ('an accord "?signed in May "?ended it.', "an accord \u2014 signed in May \u2014 ended it.", 2),
    ("the teachers\"?unions objected", "the teachers' unions objected", 1),
    ('a "phony"?figure, he said', 'a "phony" figure, he said', 1),
    ('We can"t and I"ve not.', "We can't and I've not.", 2),
    ('Did he say "yes"? Nobody knows.', 'Did he say "yes"? Nobody knows.', 0),  # a real question mark
    ('Ends with "?', 'Ends with "?', 0),
    ("Plain text, nothing to do.", "Plain text, nothing to do.", 0),
])
def test_quote_repairs(damaged, repaired, n):
    text, n_repaired, n_lost = clean_text(damaged)
    assert (text, n_repaired, n_lost) == (repaired, n, 0)


@pytest.mark.parametrize("damaged,expected,lost", [
    ("Gr\ufffd\ufffdco and M\ufffdller", "Gr\ufffdco and M\ufffdller", 2),
    ("\ufffd", "\ufffd", 1),
    ("no damage", "no damage", 0),
])
def test_replacement_characters_are_counted(damaged, expected, lost):
    assert clean_text(damaged) == (expected, 0, lost)


def test_whitespace_and_paragraphs():
    text, _, _ = clean_text("\ufeff  First   line\u00a0here.\r\n\r\n\r\n  Second\tpara. \u200b ")
    assert text == "First line here.\n\nSecond para."


def test_clean_frame_keeps_index_and_input():
    df = pd.DataFrame({"text": ['A "?b', None]}, index=[5, 9])
    before = df.copy()
    out = clean(df)
    pd.testing.assert_frame_equal(df, before)
    assert out.index.tolist() == [5, 9]
    assert out["text"].tolist() == ["A \u2014 b", ""]
    assert out["n_repaired"].tolist() == [1, 0]


def test_clean_names_missing_column():
    with pytest.raises(KeyError, match="body"):
        clean(pd.DataFrame({"text": ["x"]}), col="body")


def test_dedup_normal_form():
    assert normalise_for_dedup("A  B\n\nc") == normalise_for_dedup("a b c")
    assert normalise_for_dedup("a b") != normalise_for_dedup("a b.")


def test_default_corpus_damage(corpus):
    """On the real corpus, every `"?` glued to the next word is repaired and U+FFFD runs are counted."""
    assert not corpus["text"].str.contains(r'"\?\S', regex=True).any()
    assert corpus["n_repaired"].sum() > 6000
    assert corpus["n_unrepairable"].sum() == corpus["text"].str.count("\ufffd").sum()
    assert 1000 < corpus["n_unrepairable"].sum() < 2700


# the characters the steps of clean_text look for, and ordinary ones, in texts of 1-, 2- and 4-byte characters
_PIECES = ["a", "t", "d", "S", " ", "  ", "\n", "\n\n", "\n \n", '"', '"?', "?", "\t", "\x0b", "\x0c", "\r", "\r\n",
           "\x00", "\x1f", "\x7f", "\xa0", "\xad", "\u00e9", "\u2000", "\u200a", "\u200b", "\u200d", "\u2060", "\u202f",
           "\u205f", "\u3000", "\ufeff", "\ufffd", "\ufffd\ufffd", "\u2019", "e\u0301", "\U0001f600", "x" * 17]


def _both_kernels(fn, *args):
    """``fn(*args)`` with the compiled checks (analysis._speedups), then with the Python ones."""
    from analysis.score import segment

    fast = fn(*args)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(segment, "_compiled", lambda: None)
        slow = fn(*args)
    return fast, slow


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_compiled_marks_equal_the_python_ones(text):
    """The steps a text needs, found in one compiled pass (16 or 8 characters at a time, then one by one),
    are those the Python checks find; and so the cleaned text is the same."""
    from analysis.ingest.clean import _marks
    from analysis.score.segment import _compiled

    if _compiled() is None:
        pytest.skip("the compiled kernel analysis._speedups is not in use")
    for t in (text, text * 3, "\u0101" + text, "\U00010001" + text):  # 1-, 2- and 4-byte characters
        fast, slow = _both_kernels(_marks, t)
        assert fast == slow, t
        fast, slow = _both_kernels(clean_text, t)
        assert fast == slow, t


@pytest.mark.parametrize("text", ["", "ab", '"?x', "  ", "\n\n\n", "a\ufffd\ufffd", " " * 40 + "x" + "\n" * 40,
                                  *(f'I{c} "{c}' for c in "?tsvlrmdxT"), "\n \n", " \n", "\t", "\xa0", "\u3000"])
def test_compiled_marks_at_the_edges(text):
    """Each mark, at the start of a text, after a vector's width of characters and after more."""
    from analysis.ingest.clean import _marks
    from analysis.score.segment import _compiled

    if _compiled() is None:
        pytest.skip("the compiled kernel analysis._speedups is not in use")
    for t in (text, "\u0101" + text, "\U00010001" + text, "x" * 14 + text, "\u0101" * 7 + text, "x" * 40 + text,
              "\u0101" * 40 + text, text + "x" * 40):
        fast, slow = _both_kernels(_marks, t)
        assert fast == slow, t
