"""Tests for analysis.segment (hand-written sentences, property tests, corpus)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import kernel_as
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.score import segment
from analysis.score.segment import sentence_spans, sentences, split


@pytest.fixture(autouse=True, scope="module", params=["c", "python"])
def kernel(request):
    """Run every test of this module with the compiled splitter and with the pure-Python one."""
    for param in kernel_as(request.param, segment._KERNEL_ENV, [segment._compiled, segment._splitter]):
        assert segment.kernel() == param
        yield param

# Each case: (category, text, expected sentences).  All sentences are our own.
CASES = [
    # --- plain terminal punctuation ---------------------------------------
    ("period", "The bank raised rates. Markets fell.", ["The bank raised rates.", "Markets fell."]),
    ("question", "Who won the vote? Nobody knows yet.", ["Who won the vote?", "Nobody knows yet."]),
    ("exclamation", "The plan failed! Voters were angry.", ["The plan failed!", "Voters were angry."]),
    ("single", "Just one sentence here", ["Just one sentence here"]),
    # --- titles and other prepositive abbreviations -----------------------
    ("title", "Mr. Smith met Dr. Jones on Friday.", ["Mr. Smith met Dr. Jones on Friday."]),
    ("title", "Gen. Mattis spoke with Sen. Warren and Gov. Brown.", ["Gen. Mattis spoke with Sen. Warren and Gov. Brown."]),
    ("title", "We climbed Mt. Rainier. Then we rested.", ["We climbed Mt. Rainier.", "Then we rested."]),
    ("title", "The parade passed St. Mark's Square at noon.", ["The parade passed St. Mark's Square at noon."]),
    ("title", "It is Lt. Gen. Flynn who resigned.", ["It is Lt. Gen. Flynn who resigned."]),
    # --- company and other ambiguous abbreviations ------------------------
    ("company", "Shares of Acme Inc. rose. Its rival Widget Co. fell.", ["Shares of Acme Inc. rose.", "Its rival Widget Co. fell."]),
    ("company", "The deal went to Baker & Co. on Monday.", ["The deal went to Baker & Co. on Monday."]),
    ("company", "The deal went to Baker & Co. It was signed late.", ["The deal went to Baker & Co.", "It was signed late."]),
    ("company", "She sold her stake in Orion Corp. The price was low.", ["She sold her stake in Orion Corp.", "The price was low."]),
    ("company", "Acme Inc. Chief Executive Jane Roe quit.", ["Acme Inc. Chief Executive Jane Roe quit."]),
    ("suffix", "The car belonged to Martin Luther King Jr.'s driver.", ["The car belonged to Martin Luther King Jr.'s driver."]),
    ("etc", "They bought milk, bread, eggs, etc. The bill was small.", ["They bought milk, bread, eggs, etc.", "The bill was small."]),
    ("e.g.", "Some fruits, e.g. Apples and pears, keep well.", ["Some fruits, e.g. Apples and pears, keep well."]),
    ("i.e.", "He chose the cheaper option, i.e. the bus. It was late.", ["He chose the cheaper option, i.e. the bus.", "It was late."]),
    ("month", "The law takes effect Jan. 1 next year.", ["The law takes effect Jan. 1 next year."]),
    ("month", "The vote was set for Feb. 14. It was delayed.", ["The vote was set for Feb. 14.", "It was delayed."]),
    ("number", "He wears No. 5 for the team.", ["He wears No. 5 for the team."]),
    ("number", "See Vol. 3, pp. 4-5 for details.", ["See Vol. 3, pp. 4-5 for details."]),
    ("number", "The quote is on p. 12 of the report.", ["The quote is on p. 12 of the report."]),
    ("number", "Did he agree? No. He walked out.", ["Did he agree?", "No.", "He walked out."]),
    # --- multi-period abbreviations ---------------------------------------
    ("U.S.", "He lives in the U.S. He works in Canada.", ["He lives in the U.S.", "He works in Canada."]),
    ("U.S.", "She joined the U.S. Army in 2010.", ["She joined the U.S. Army in 2010."]),
    ("U.S.", "The U.S. economy grew faster than expected.", ["The U.S. economy grew faster than expected."]),
    ("U.S.", "Exports to the U.S. rose. The trend may not last.", ["Exports to the U.S. rose.", "The trend may not last."]),
    ("U.S.", "The ruling angered U.S. Sen. Ted Cruz.", ["The ruling angered U.S. Sen. Ted Cruz."]),
    ("U.S.", "Troops left the U.S.A. last spring.", ["Troops left the U.S.A. last spring."]),
    ("U.S.", "They flew home to the U.K. It rained.", ["They flew home to the U.K.", "It rained."]),
    ("U.S.", 'The memo said "the U.S. will respond." Officials declined to comment.', ['The memo said "the U.S. will respond."', "Officials declined to comment."]),
    ("degree", "She holds a Ph.D. in chemistry.", ["She holds a Ph.D. in chemistry."]),
    # --- times ------------------------------------------------------------
    ("time", "The polls close at 8 p.m. Tuesday in most states.", ["The polls close at 8 p.m. Tuesday in most states."]),
    ("time", "The meeting ended at 5 p.m. He left at once.", ["The meeting ended at 5 p.m.", "He left at once."]),
    ("time", "By 7 a.m. The streets were full.", ["By 7 a.m. The streets were full."]),
    ("time", "The storm hit at 3 A.M. Mrs. Lee woke up first.", ["The storm hit at 3 A.M.", "Mrs. Lee woke up first."]),
    ("time", "Before 9 a.m. Mr. Ortiz had already voted.", ["Before 9 a.m. Mr. Ortiz had already voted."]),
    # --- initials ---------------------------------------------------------
    ("initials", "J. R. R. Tolkien wrote the book.", ["J. R. R. Tolkien wrote the book."]),
    ("initials", "George W. Bush visited Texas.", ["George W. Bush visited Texas."]),
    ("initials", "The letter was signed by Ann B. Carter and John Q. Public.", ["The letter was signed by Ann B. Carter and John Q. Public."]),
    ("initials", "It was up to you and I. Did you agree?", ["It was up to you and I.", "Did you agree?"]),
    ("initials", "They liked plan B. The vote was close.", ["They liked plan B.", "The vote was close."]),
    # --- numbers ----------------------------------------------------------
    ("decimal", "Pi is about 3.14 and e is about 2.72.", ["Pi is about 3.14 and e is about 2.72."]),
    ("decimal", "The deal is worth $2.5 billion. It closes soon.", ["The deal is worth $2.5 billion.", "It closes soon."]),
    ("decimal", "Prices rose 1.5%. Wages did not.", ["Prices rose 1.5%.", "Wages did not."]),
    ("decimal", "About 1.5 million people voted.", ["About 1.5 million people voted."]),
    ("decimal", "She paid $40.00. It was too much.", ["She paid $40.00.", "It was too much."]),
    ("version", "Upgrade to version 2.4.1 before Monday.", ["Upgrade to version 2.4.1 before Monday."]),
    ("number", "The crowd reached 2,000. Police closed the road.", ["The crowd reached 2,000.", "Police closed the road."]),
    ("number", "Sales fell in 2016. 2017 was better.", ["Sales fell in 2016.", "2017 was better."]),
    # --- parentheticals ---------------------------------------------------
    ("paren", "He said yes. (He agreed.) Then he left.", ["He said yes.", "(He agreed.)", "Then he left."]),
    ("paren", "The mayor (who took office in May.) spoke first.", ["The mayor (who took office in May.) spoke first."]),
    ("paren", "The report came out (Reuters). Shares dropped.", ["The report came out (Reuters).", "Shares dropped."]),
    # --- e-mail and web addresses -----------------------------------------
    ("email", "Write to john.doe@example.com. He answers fast.", ["Write to john.doe@example.com.", "He answers fast."]),
    ("email", "Contact Mary.Major@example.org for tickets.", ["Contact Mary.Major@example.org for tickets."]),
    ("url", "Visit www.example.co.uk/page.html. It has the data.", ["Visit www.example.co.uk/page.html.", "It has the data."]),
    ("url", "The file is at https://data.example.com/a/b.csv today.", ["The file is at https://data.example.com/a/b.csv today."]),
    # --- quotes -----------------------------------------------------------
    ("quote", 'He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
    ("quote", 'She shouted "Stop!" and ran.', ['She shouted "Stop!" and ran.']),
    ("quote", '"We will win," he said. "It is certain."', ['"We will win," he said.', '"It is certain."']),
    ("quote", "He read 'Stop.' on the sign.", ["He read 'Stop.' on the sign."]),
    ("quote", "He wrote 'Stop.' Nobody listened.", ["He wrote 'Stop.'", "Nobody listened."]),
    ("quote", "“It is over.” The crowd left.", ["“It is over.”", "The crowd left."]),
    ("quote", "‘Not now.’ She closed the door.", ["‘Not now.’", "She closed the door."]),
    ("quote", '"Why now?" she asked.', ['"Why now?" she asked.']),
    ("quote", 'They called it a "witch hunt". The probe went on.', ['They called it a "witch hunt".', "The probe went on."]),
    # --- doubled punctuation ---------------------------------------------
    ("double", "Really?! That is news.", ["Really?!", "That is news."]),
    ("double", "Wow!! We won.", ["Wow!!", "We won."]),
    ("double", "What?!? No way.", ["What?!?", "No way."]),
    ("double", "Ready?? Let us go.", ["Ready??", "Let us go."]),
    ("exclaim-name", "He worked at Yahoo! for a decade.", ["He worked at Yahoo! for a decade."]),
    # --- lists ------------------------------------------------------------
    ("list", "1. Buy milk 2. Call mom 3. Pay rent", ["1. Buy milk", "2. Call mom", "3. Pay rent"]),
    ("list", "1. Buy milk. 2. Call mom.", ["1. Buy milk.", "2. Call mom."]),
    ("list", "1) Buy milk 2) Call mom", ["1) Buy milk", "2) Call mom"]),
    ("list", "1) Buy milk. 2) Call mom.", ["1) Buy milk.", "2) Call mom."]),
    ("list", "1.) Buy milk 2.) Call mom", ["1.) Buy milk", "2.) Call mom"]),
    ("list", "a. Red apples b. Green pears c. Ripe plums", ["a. Red apples", "b. Green pears", "c. Ripe plums"]),
    ("list", "a) Red apples b) Green pears", ["a) Red apples", "b) Green pears"]),
    ("list", "• 4. Red apples • 5. Green pears", ["• 4. Red apples", "• 5. Green pears"]),
    ("list", "• Red apples • Green pears", ["• Red apples", "• Green pears"]),
    ("list", "⁃4. Red apples ⁃5. Green pears", ["⁃4. Red apples", "⁃5. Green pears"]),
    ("list", "Shopping:\n- Red apples\n- Green pears", ["Shopping:", "- Red apples", "- Green pears"]),
    # --- ellipses ---------------------------------------------------------
    ("ellipsis", "He paused ... and then went on.", ["He paused ... and then went on."]),
    ("ellipsis", "We waited... Nothing happened.", ["We waited...", "Nothing happened."]),
    ("ellipsis", "We waited… Nothing happened.", ["We waited…", "Nothing happened."]),
    ("ellipsis", "She hesitated… then agreed.", ["She hesitated… then agreed."]),
    ("ellipsis", "I never said that.... He lied.", ["I never said that....", "He lied."]),
    ("ellipsis", "It was cold . . . very cold.", ["It was cold . . . very cold."]),
    ("ellipsis", "He quoted the rule [...] in full.", ["He quoted the rule [...] in full."]),
    ("ellipsis", '"The law [...]" (Doe 12) applies.', ['"The law [...]" (Doe 12) applies.']),
    ("ellipsis", "It ended there . . . . Another began.", ["It ended there . . . .", "Another began."]),
    # --- headlines and line breaks ---------------------------------------
    ("headline", "Markets Rally After Vote\nStocks rose on Monday.", ["Markets Rally After Vote", "Stocks rose on Monday."]),
    ("headline", "First paragraph ends here\n\nsecond paragraph starts lower.", ["First paragraph ends here", "second paragraph starts lower."]),
    ("wrap", "The committee met on\nTuesday to vote.", ["The committee met on", "Tuesday to vote."]),
    ("wrap", "The committee met on a cold\nmorning to vote.", ["The committee met on a cold\nmorning to vote."]),
    ("lines", "apples\nfresh pears\nplums, figs\n", ["apples", "fresh pears", "plums, figs"]),
    ("lines", "One.\nTwo.\r\nThree.", ["One.", "Two.", "Three."]),
    # --- run-on text and damaged corpus quotes ----------------------------
    ("no-space", "It rained.The game was off.", ["It rained.", "The game was off."]),
    ("no-space", "Prices hit 1,200.Traders sold.", ["Prices hit 1,200.", "Traders sold."]),
    ("damaged", 'He backed the vote."?The Senate agreed.', ['He backed the vote."?', "The Senate agreed."]),
    ("damaged", 'Is it over?"?Nobody knew.', ['Is it over?"?', "Nobody knew."]),
    ("damaged", 'It was hard,"?Sen. Lee said. Then he left.', ['It was hard,"?Sen. Lee said.', "Then he left."]),
    ("damaged", 'The plan "?which failed "?was costly.', ['The plan "?which failed "?was costly.']),
    ("damaged", 'We are done."?"Next time we win," he said.', ['We are done."?', '"Next time we win," he said.']),
    ("damaged", "The bill failed.-The court agreed.", ["The bill failed.-", "The court agreed."]),
    ("damaged", "Talks on U.S.-Mexico trade resumed.", ["Talks on U.S.-Mexico trade resumed."]),
    # a hyphen and one space in place of a lost paragraph break (a fifth of the default corpus)
    ("damaged", "He joined the Academy of Pediatrics.- The groups met.",
     ["He joined the Academy of Pediatrics.-", "The groups met."]),
    ("damaged", "Officials left.- \u201cWe won,\u201d he said.", ["Officials left.-", "\u201cWe won,\u201d he said."]),
    ("damaged", "Ties with the U.S.- Mexico border are tense.", ["Ties with the U.S.- Mexico border are tense."]),
    ("damaged", "Prices rose.- the end came.", ["Prices rose.- the end came."]),
    # a closing quote glued to the next sentence stays with its own sentence
    ("damaged", 'He said it would pass."The vote is next week," she added.',
     ['He said it would pass."', 'The vote is next week," she added.']),
    ("damaged", 'It was in the U.S."The Army came.', ['It was in the U.S."The Army came.']),  # abbreviation
    ("damaged", 'Go to x.com."Then leave.', ['Go to x.com."Then leave.']),                 # a web address
    ("damaged", 'He left."X', ['He left."X']),                                            # no word after
    # --- odds and ends ----------------------------------------------------
    ("states", "She is a Democrat from Mass. He is not.", ["She is a Democrat from Mass.", "He is not."]),
    ("states", "Sen. Ed Markey, D-Mass., voted no.", ["Sen. Ed Markey, D-Mass., voted no."]),
    ("vs", "The case Roe v. Wade was cited, as was Smith vs. Jones.", ["The case Roe v. Wade was cited, as was Smith vs. Jones."]),
    ("trailing", "It ended.   ", ["It ended."]),
]


@pytest.mark.parametrize(
    ("category", "text", "expected"),
    CASES,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)],
)
def test_split_cases(category: str, text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize("text", ["", " ", "\n\n\t ", "\u00a0"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert sentence_spans(text) == []
    assert split(text) == []


def test_spans_are_offsets() -> None:
    text = "  Dr. Lee spoke.  She left.\n"
    assert sentence_spans(text) == [(2, 16), (18, 27)]


# --- property tests -------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("aZ .!?…\"'”’“‘()[]-•⁃\n\r\t,:;0123456789") + ["U.S.", "Mr.", "p.m.", '"?', "\u00a0", " The", " he"]
)
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join) | st.text(max_size=80)


def _check_invariants(text: str) -> None:
    spans = sentence_spans(text)
    prev_end = 0
    covered = [False] * len(text)
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip() and piece
        for i in range(s, e):
            covered[i] = True
        prev_end = e
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))
    assert split(text) == [text[s:e] for s, e in spans]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_span_invariants(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([c[1] for c in CASES]), min_size=1, max_size=4))
def test_joined_cases_keep_invariants(parts: list[str]) -> None:
    _check_invariants(" ".join(parts))


# --- DataFrame API --------------------------------------------------------


def test_sentences_frame() -> None:
    df = pd.DataFrame(
        {"article_id": [10, 11, 12], "text": ["Hi there. Bye now.", None, "Mr. Lee won!"]},
        index=[5, 6, 7],
    )
    before = df.copy()
    out = sentences(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == ["article_id", "sentence_no", "start", "end", "sentence"]
    assert out["article_id"].tolist() == [10, 10, 12]
    assert out["sentence_no"].tolist() == [0, 1, 0]
    assert out["sentence"].tolist() == ["Hi there.", "Bye now.", "Mr. Lee won!"]
    assert out[["start", "end"]].values.tolist() == [[0, 9], [10, 18], [0, 12]]


def test_sentences_uses_index_without_id_column() -> None:
    df = pd.DataFrame({"body": ["One. Two."]}, index=["a7"])
    out = sentences(df, col="body")
    assert out["article_id"].tolist() == ["a7", "a7"]
    assert out["sentence"].tolist() == ["One.", "Two."]


def test_sentences_missing_column_names_it() -> None:
    with pytest.raises(KeyError, match="body"):
        sentences(pd.DataFrame({"text": ["x"]}), col="body")


def test_sentences_empty_frame() -> None:
    out = sentences(pd.DataFrame({"article_id": pd.Series([], dtype="int64"), "text": pd.Series([], dtype=object)}))
    assert len(out) == 0
    assert list(out.columns) == ["article_id", "sentence_no", "start", "end", "sentence"]


# --- default corpus -------------------------------------------------------



@pytest.fixture(scope="module")
def corpus(raw_corpus) -> pd.DataFrame:
    return raw_corpus


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_invariants_and_tricky_patterns(corpus: pd.DataFrame) -> None:
    texts = [t for t in corpus["text"].tolist() if isinstance(t, str)]
    n_sent = 0
    us_mid = us_split = damaged = damaged_split = 0
    title_split = 0
    for text in texts:
        spans = sentence_spans(text)
        n_sent += len(spans)
        ends = {e for _, e in spans}
        starts = [s for s, _ in spans]
        # structural invariants (cheap form): ordered, stripped, full coverage
        assert starts == sorted(starts)
        assert all(text[s:e] == text[s:e].strip() for s, e in spans)
        assert all(e0 <= s1 for (_, e0), (s1, _) in zip(spans, spans[1:]))
        assert sum(len("".join(text[s:e].split())) for s, e in spans) == len("".join(text.split()))
        # "U.S." before a capitalised noun stays inside the sentence
        for m in re.finditer(r"\bU\.S\.(?= (?:Army|Senate|Supreme|Embassy|President|House|Attorney))", text):
            us_mid += 1
            us_split += m.end() in ends
        # the damaged closing quote: `."?` + capital ends a sentence after `"?`
        for m in re.finditer(r'[a-z][.?!]"\?(?=[A-Z][a-z])', text):
            damaged += 1
            damaged_split += m.end() in ends
        # titles never end a sentence before a name
        for m in re.finditer(r"\b(?:Mr|Mrs|Dr|Sen|Rep|Gov|Gen)\.(?= [A-Z])", text):
            title_split += m.end() in ends
    assert 60_000 < n_sent < 150_000
    assert us_mid > 50 and us_split == 0
    assert damaged > 500 and damaged_split / damaged > 0.95
    assert title_split == 0


# --- the compiled splitter is the Python one ---------------------------------------

# characters every rule of the splitter looks at, and some that Python's str methods and re read
# in ways a port could miss (non-ASCII spaces, digits and cased letters, "İ", "ı", the Kelvin sign)
_PIECES = list("aAbBiIvVxXzZ0123456789 .!?\u2026\u203d\n\r\u2028\u2029\t\x0b\x1c\u2022\u2043\u25aa\u25e6\u2023\u25cf"
               "\u25a0\u25a1\u27a2\u25ba\"'\u201c\u2018([{\u00ab\u00bf\u00a1\u201d\u2019\u00bb)]}-\u2013\u2014,;:%*@/_"
               "\u0130\u0131\u212a\u00a0\u3000\u0661\u00b2\u00e9\u00c9\u01c5") + [
    "Mr", "Dr", "U.S", "Jan", "St", "No", "Nos", "The", "He", "I", "At", "at", "www", ".com", ".Co", ". ", "\r\n",
    "\n\n", ' "?', '"?', "...", ". . . .", "1. ", "2. ", "a) ", "b) ", "12.", "e.g", "Inc", "Ph.D", "D-Mass", "ex-Gov",
    "Vol", "pp", "etc", "said", "Talks", "\u0661\u0662.", "iv.", "XI)", "[...]"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_compiled_splitter_equals_python(text: str) -> None:
    fast = segment._splitter()
    if fast is None:
        pytest.skip("the compiled splitter is not in use")
    assert fast(text) == segment._sentence_spans(text)


@pytest.mark.corpus
@pytest.mark.slow
def test_compiled_splitter_equals_python_on_the_corpus(corpus: pd.DataFrame) -> None:
    fast = segment._splitter()
    if fast is None:
        pytest.skip("the compiled splitter is not in use")
    for text in corpus["text"].tolist():
        if isinstance(text, str):
            assert fast(text) == segment._sentence_spans(text), text[:200]


def test_compiled_splitter_refuses_what_is_not_text() -> None:
    fast = segment._splitter()
    if fast is None:
        pytest.skip("the compiled splitter is not in use")
    with pytest.raises(TypeError):
        fast(b"bytes")
    assert sentence_spans(None) == []  # (as the Python splitter: not text, no sentences)
