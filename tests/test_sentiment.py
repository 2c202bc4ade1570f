"""Parity of analysis.sentiment with TextBlob's default sentiment analyzer."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import kernel_as
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textblob import TextBlob

from analysis.score.sentiment import polarity_subjectivity, score, sentiment


@pytest.fixture(autouse=True, scope="module", params=["c", "python"])
def kernel(request):
    """Run every test of this module with the compiled kernel and with the pure-Python one."""
    from analysis import sentiment as module

    for param in kernel_as(request.param, module._KERNEL_ENV, [module._tables]):
        assert module.kernel() == param
        yield param


def tb(text: str) -> tuple[float, float]:
    return tuple(TextBlob(text).sentiment)


def simple_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^.!?\n]+[.!?]*", text):
        a, b = m.span()
        seg = text[a:b]
        a += len(seg) - len(seg.lstrip())
        b -= len(seg) - len(seg.rstrip())
        if b > a:
            out.append((a, b))
    return out


HAND = [
    "",
    "   \n\t ",
    "good",
    "not good",
    "not bad",
    "very good",
    "very very good",
    "really not good",
    "not a very good idea",
    "It is good!",
    "It is good!!!",
    "What a terrible, terrible day !",
    "I love it :)",
    "Sad : ( but fine",
    "see below: (a) and (b)",
    "in 1998 ) the war",
    "Oh (!) really",
    "XD :D xD :-D ;) <3 :'(",
    "I don't like it. We didn't win; they won't lose.",
    'He said "great" and \u201cawful\u201d things \u2018quietly\u2019.',
    "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. on Jan. 5, etc. Good.",
    "Wait... what.... no!? Yes?!",
    "First line\n\nSecond paragraph is excellent\r\n\r\nThird END-OF-SENTENCE fine",
    "Das ist sehr gut und schön, aber nicht perfekt.",
    "\u0421\u043f\u0430\u0441\u0438\u0431\u043e, \u043e\u0447\u0435\u043d\u044c \u0445\u043e\u0440\u043e\u0448\u043e",
    "vote.\"?The Senate approved a major bill.\"?Critics were unhappy.",
    "1,234.5 $ 50% ---- ___ *** ^^^ ||| ~~~",
    "The terribly bad, horribly wrong and happily happy ending.",
    "never ever better",
    "no good deed",
]


@pytest.mark.parametrize("text", HAND)
def test_matches_textblob_hand_cases(text):
    assert polarity_subjectivity(text) == tb(text)


def test_known_values():
    # hand-checked against the lexicon rules: negation flips and halves
    p_good, s_good = polarity_subjectivity("good")
    assert (p_good, s_good) == pytest.approx((0.7, 0.6))
    assert polarity_subjectivity("not good")[0] == pytest.approx(-0.35)
    assert polarity_subjectivity("very good")[0] > p_good
    assert polarity_subjectivity("good!")[0] > p_good
    assert polarity_subjectivity("nothing here") == (0.0, 0.0)
    assert polarity_subjectivity(":)")[0] > 0 and polarity_subjectivity(":(")[0] < 0


def test_very_long_text():
    text = ("The good, the bad and the very ugly! Not great :) " * 3000) + "END"
    assert polarity_subjectivity(text) == tb(text)


@pytest.mark.parametrize(
    "text",
    [
        "very " + "x" * 70_000 + " good",  # a pending modifier meets a word too long to keep
        "not " + "!" * 70_000 + " bad",  # thousands of tokens in one word
        "(" + "good" * 20_000 + ") :) " + "\u00e9" * 66_000 + " really happy",
        "It was very " + "\u2019" * 70_000 + " good news!",
    ],
)
def test_words_longer_than_the_tables_keep(text):
    assert polarity_subjectivity(text) == tb(text)
    assert polarity_subjectivity(text) == tb(text)  # and again, warm


def test_type_error():
    with pytest.raises(TypeError):
        polarity_subjectivity(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", HAND)
def test_spans_of_hand_cases(text):
    spans = simple_spans(text) + [(0, len(text)), (1, 5), (3, 3), (5, 2), (-6, None), (2, -1)]
    doc, per = score(text, spans)
    assert doc == tb(text)
    assert len(per) == len(spans)
    for (a, b), got in zip(spans, per):
        assert got == tb(text[a:b]), (a, b, text[a:b])


def test_score_without_spans():
    assert score("good") == (tb("good"), [])
    assert score("good", []) == (tb("good"), [])


# -- property tests ------------------------------------------------------------

PIECES = [
    "good", "bad", "great", "terrible", "happy", "sadly", "really", "very", "extremely",
    "not", "no", "never", "don't", "isn't", "can't", "won't", "it's", "I'm",
    "!", "!!", "?", ".", "...", "....", ",", ";", ":", "(", ")", "(!)", "( ! )",
    ":)", ":(", ": )", ":-)", ":D", ": D", "XD", "x D", ";)", "<3", ":'(", "8)", "o.O", ": /",
    '"', "'", "\u201c", "\u201d", "\u2019", "U.S.", "Mr.", "e.g.", "etc.", "a.", "J.",
    "1998", "3.5", "$5", "50%", "\n", "\n\n", "\r\n", " ", "  ", "\t", "END-OF-SENTENCE",
    "the", "a", "is", "of", "be", "\u00e9t\u00e9", "na\u00efve", "\u00fcber", "\ufffd",
    "\u2028", "\xa0", "I", "it", "was", "8", "o", "O", "_", "D", "x", ". )", ": (", "o_O",
]

glue = st.sampled_from(["", " ", " ", " ", "\n", ". "])
texts = st.lists(
    st.tuples(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), glue), max_size=40
).map(lambda parts: "".join(p + g for p, g in parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_property_whole_text(text):
    assert polarity_subjectivity(text) == tb(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.lists(st.tuples(st.integers(-5, 200), st.integers(-5, 200)), max_size=6))
def test_property_random_spans(text, spans):
    spans = spans + simple_spans(text)
    doc, per = score(text, spans)
    assert doc == tb(text)
    for (a, b), got in zip(spans, per):
        assert got == tb(text[a:b]), (a, b, text[a:b])


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_property_arbitrary_unicode(text):
    assert polarity_subjectivity(text) == tb(text)


# Words with marks around and inside them: the shapes whose tokens the
# kernels work out without tokenizing (a lexicon word inside marks is an
# event; periods, quotes and contractions change the tokens).
MARKS = "!\"#$&'()*+,-:;=?@[]^_`{|}~.\u201c\u201d\u2019"
CORES = [
    "good", "Good", "GOOD", "bad", "very", "not", "no", "never", "don", "isn", "t", "s",
    "U.S", "U.S.", "Mr", "Dr", "etc", "e.g", "a", "J", "Inc", "ok", "x", "D", "o", "O", "",
    "happily", "terribly", "1998", "3.5", "re", "ll", "END-OF-SENTENCE",
]
marked_word = st.builds(
    lambda pre, core, mid, core2, post: pre + core + mid + core2 + post,
    st.text(alphabet=MARKS, max_size=3),
    st.sampled_from(CORES),
    st.sampled_from(["", "", "'", '"', "n't", ".", "-", "\u2019", "'s"]),
    st.sampled_from(CORES),
    st.text(alphabet=MARKS, max_size=4),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(marked_word, min_size=1, max_size=12), st.sampled_from([" ", "  ", "\n", " good "]))
def test_property_marked_words(words, sep):
    text = sep.join(words)
    assert polarity_subjectivity(text) == tb(text)
    spans = simple_spans(text)
    doc, per = score(text, spans)
    assert doc == tb(text)
    assert per == [tb(text[a:b]) for a, b in spans]


# -- sentence spans: state carried across sentences, emoticons re-joined --------

# Written to put a pending intensifier or negation, an exclamation mark or
# emoticon pieces right at (or across) sentence boundaries.
ACROSS = [
    "It was really. Good news came later.",
    "I am not. Happy now, or not?",
    "Great. ! Awful. !! Fine",
    "This is very. . Bad. Very. Very good!",
    "Not a. Good day, never. Better days",
    "He felt extremely. (Sad) and really not. Good.",
    "First part is fine. Then she said : ) and left. The end was sad.",
    "Point 8) was good. Others were bad. See also 8 ) below.",
    "Wow ( ! ) great. Bad ( !) news. It was (! ) fine.",
    "It went o . O what. Fine o_O. Yes : D really.",
    "A calm line.\n\n) Then : ( came.\n\nGood :\n\n) end.",
    'He said "great." ": )" and \u201cawful\u201d things. Nice :) day!',
]


def assert_sentences_match_textblob(text: str) -> None:
    """The text and each of its sentence spans score as TextBlob scores them, with and without
    ``sentences=True`` (the splitter's spans need no white-space check)."""
    from analysis.score.segment import sentence_spans

    spans = sentence_spans(text)
    expected = (tb(text), [tb(text[a:b]) for a, b in spans])
    assert score(text, spans) == expected
    assert score(text, spans, sentences=True) == expected


@pytest.mark.parametrize("text", ACROSS + HAND + [
    'vote."?The Senate agreed."?Critics were not happy.',  # sentences that meet, with no space between
    "Good news.Bad news.Fine",
])
def test_sentence_spans_across_boundaries(text):
    assert_sentences_match_textblob(text)


def test_cold_and_warm_caches_agree_with_textblob():
    # Clearing the lazily built tables makes the next calls classify every
    # word afresh (the path a fresh process takes); the second round is warm.
    from analysis import sentiment as sentiment_module
    from analysis.score.segment import sentence_spans

    texts = ACROSS + [t for t in HAND if t.strip()] + [
        "Mr. Smith's \"very\" good plan wasn't bad; it's (really) great, U.S. officials said.",
        "The vote.\"?The Senate was not happy.-They said it was terribly wrong.",
    ]
    sentiment_module._tables.cache_clear()
    cold = [score(t, sentence_spans(t)) for t in texts]
    warm = [score(t, sentence_spans(t)) for t in texts]
    assert cold == warm
    for text, (doc, per) in zip(texts, cold):
        assert doc == tb(text)
        assert per == [tb(text[a:b]) for a, b in sentence_spans(text)]


def test_scoring_does_not_import_textblob():
    # TextBlob's package imports NLTK (seconds); only its data files are read.
    import subprocess
    import sys

    code = (
        "import sys; from analysis.score.sentiment import score; "
        "score('Not bad at all :) really. Good!', [(0, 22), (23, 28)]); "
        "print('textblob' in sys.modules, 'nltk' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_property_sentence_spans(text):
    assert_sentences_match_textblob(text)


# -- DataFrame API ---------------------------------------------------------------


def test_sentiment_dataframe():
    df = pd.DataFrame({"text": ["good", None, "not bad :)"], "x": [1, 2, 3]}, index=[10, 20, 30])
    before = df.copy()
    out = sentiment(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == ["polarity", "subjectivity"]
    assert list(out.index) == [10, 20, 30]
    assert out.dtypes.tolist() == ["float64", "float64"]
    assert tuple(out.loc[10]) == tb("good")
    assert out.loc[20].isna().all()
    assert tuple(out.loc[30]) == tb("not bad :)")


def test_sentiment_missing_column():
    with pytest.raises(KeyError, match="body"):
        sentiment(pd.DataFrame({"text": ["a"]}), col="body")


# -- whole corpus ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.corpus
def test_corpus_parity(raw_corpus):
    df = raw_corpus
    worst = 0.0
    mismatches = []
    for text in df["text"].dropna().astype(str):
        spans = simple_spans(text)
        doc, per = score(text, spans)
        ref = tb(text)
        worst = max(worst, abs(doc[0] - ref[0]), abs(doc[1] - ref[1]))
        if doc != ref:
            mismatches.append(text[:60])
        for (a, b), got in zip(spans, per):
            ref = tb(text[a:b])
            worst = max(worst, abs(got[0] - ref[0]), abs(got[1] - ref[1]))
            if got != ref:
                mismatches.append(text[a:b][:60])
    assert worst <= 1e-9
    assert mismatches == []


# -- threads and re-entrancy ---------------------------------------------------------


def test_threads_share_the_tables_safely():
    # Cold tables, so that new words call back into Python while other threads score.
    from concurrent.futures import ThreadPoolExecutor

    from analysis import sentiment as module
    from analysis.score.segment import sentence_spans

    texts = [
        f"Report {k}: the w{k}x{j} plan was not very good, officials{k} said. Others{j} were happy!"
        for k in range(60)
        for j in range(5)
    ]
    module._tables.cache_clear()
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda t: score(t, sentence_spans(t)), texts))
    for text, (doc, per) in zip(texts, got):
        assert doc == tb(text)
        assert per == [tb(text[a:b]) for a, b in sentence_spans(text)]


def test_reentrant_call_from_a_callback():
    # A call made while another is under way (here from the word classifier)
    # is answered too, by the pure-Python kernel when the scanner is busy.
    from analysis import sentiment as module

    module._tables.cache_clear()
    tables = module._tables()
    inner: list = []
    classify = tables.events.classify

    def nosy(word):
        if not inner:
            inner.append(None)  # once (the inner call classifies words too)
            inner[0] = polarity_subjectivity("A truly wonderful day, not bad at all!")
        return classify(word)

    tables.events.classify = nosy
    if tables.fast is not None:  # the scanner holds the classifier it was built with
        from analysis import _speedups

        tables.fast = _speedups.Scanner(nosy, tables.words, tables.spec)
    text = "Brand-new words: zorblax quintessentially unhappy!"
    try:
        assert polarity_subjectivity(text) == tb(text)
    finally:
        module._tables.cache_clear()
    assert inner == [tb("A truly wonderful day, not bad at all!")]
