"""The fast paths of loading give what the plain ones give: worker processes, batch hashing."""

from __future__ import annotations

import importlib
import os
import time
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.dedupe import _PERMS, _densified, _signature, fingerprint, fingerprints
from analysis.ingest.furniture import strip
from analysis.ingest.load import load

L = importlib.import_module("analysis.ingest.load")  # the module (the package exports the function)
F = importlib.import_module("analysis.ingest.furniture")

LONG = ("Envoys from both sides met again on Tuesday in the harbour town to talk about grain, "
        "fishing rights and the border crossing that has been closed since the spring floods. ")

HARD_TEXTS = [
    "",
    "   \n\t ",
    "one",
    "two words",
    "three short words",
    "now four short words",
    "exactly five words in here",
    "six words make two shingles here",
    "seven words make three shingles right here",
    "Straße STRASSE strasse Ǆemal ǆemal",  # case folding changes lengths
    "a\u00a0b\u2003c\u3000d e\x1cf\x1dg h i j",  # spaces str.split knows, ASCII and not
    "tabs\tand\r\nnewlines\n\nand  double  spaces  between the words of it",
    "extraordinarily internationalisation https://example.com/a/very/long/path?with=query "
    "counter-revolutionaries électrification",  # words of more than 8 and 16 bytes
    LONG,
    LONG * 12,  # every bin full
    " ".join(f"w{i}" for i in range(40)),  # most bins empty: densified
]


#: words of 1 to 24 bytes around the 8- and 16-byte reads (ASCII and multi-byte), for the MinHash
WORD_SIZES = " ".join(["abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "\u00e9t\u00e9\u00e9t\u00e9",
                       "\u00e9" * 8, "\u00e9" * 9, "x", "yz", "\U0001f600" * 4, "\U0001f600" * 5, "a" * 24]) + " "


def test_batch_hashing_equals_one_at_a_time(text_kernel):
    """Texts hashed together (by the compiled MinHash too) give each text's own fingerprint."""
    assert fingerprints(HARD_TEXTS) == [fingerprint(t) for t in HARD_TEXTS]
    texts = [WORD_SIZES * k for k in (1, 2, 5)] + [WORD_SIZES[::-1] + t for t in HARD_TEXTS[-4:]]
    assert fingerprints(texts) == [fingerprint(t) for t in texts]
    assert fingerprints(HARD_TEXTS[::-1]) == [fingerprint(t) for t in HARD_TEXTS[::-1]]
    assert fingerprints([]) == []


def test_batch_shingle_sets_equal_one_at_a_time():
    from analysis.ingest.dedupe import _shingle_sets, _shingles, _unique

    for got, text in zip(_shingle_sets(HARD_TEXTS), HARD_TEXTS):
        np.testing.assert_array_equal(got, _unique(_shingles(text)))


def _near_copies(rng, bases: int, n: int, changes, word) -> list[str]:
    """``n`` copies of ``bases`` random 120-word texts in turn, copy ``k`` with ``changes(k)`` of its
    words made ``word(k)`` (0 to 5: similarities on both sides of the threshold)."""
    vocabulary = [f"w{i}" for i in range(300)]
    base = [" ".join(rng.choice(vocabulary, size=120)) for _ in range(bases)]
    texts = []
    for k in range(n):
        words = base[k % bases].split()
        for at in rng.choice(len(words), size=changes(k), replace=False):
            words[at] = word(k)
        texts.append(" ".join(words))
    return texts


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_near_duplicates_counted_in_turn_are_the_first_similar_candidate(monkeypatch, n_jobs):
    """With every candidate pair too close to call (all counted exactly, in turns: each text's first
    candidate, then the next of those not settled), each text's near-duplicate is its first candidate
    whose shingle sets are similar enough (that one's near-duplicate when it has one)."""
    from analysis.ingest.dedupe import near_duplicates

    dedupe = importlib.import_module("analysis.ingest.dedupe")
    rng = np.random.default_rng(11)
    texts = _near_copies(rng, 4, 48, lambda k: int(rng.integers(0, 6)), lambda k: f"changed{k}")
    monkeypatch.setattr(dedupe, "_SURE", 1.0)
    monkeypatch.setattr(dedupe, "PARALLEL_PAIRS", 2)
    turns = []
    original = dedupe._counted
    monkeypatch.setattr(dedupe, "_counted", lambda t, pairs, *a: turns.append(len(pairs)) or original(t, pairs, *a))
    got = near_duplicates(texts, n_jobs=n_jobs)
    sets = dedupe._shingle_sets(texts)
    sigs = np.frombuffer(b"".join(dedupe.signature(t) for t in texts), dtype=np.uint64).reshape(len(texts), -1)
    candidates = dedupe._candidates(sigs).tolist()
    expected: list = []
    for j in range(len(texts)):
        i = next((i for a, i in candidates if a == j and dedupe._jaccard(sets[i], sets[j]) >= dedupe.THRESHOLD), None)
        expected.append(None if i is None else expected[i] if expected[i] is not None else i)
    assert got == expected
    assert len(turns) >= 2 and 15 <= sum(g is not None for g in got) < 44  # (some texts settled in a later turn)


@pytest.mark.parametrize("block, n_jobs", [(1, 1), (3, 1), (3, 2), (1000, 3)])
def test_near_duplicates_in_blocks_of_pairs(monkeypatch, block, n_jobs):
    """Pairs counted exactly block by block, and in worker processes (each a part of the pairs), give
    the near-duplicates found in one go."""
    from analysis.ingest.dedupe import near_duplicates

    dedupe = importlib.import_module("analysis.ingest.dedupe")
    texts = _near_copies(np.random.default_rng(7), 6, 60, lambda k: (k // 6) % 6, lambda k: "changed")
    whole = near_duplicates(texts)
    counted = []
    original = dedupe._shingle_sets
    monkeypatch.setattr(dedupe, "_shingle_sets", lambda t: counted.append(len(t)) or original(t))
    monkeypatch.setattr(dedupe, "_PAIR_BLOCK", block)
    monkeypatch.setattr(dedupe, "PARALLEL_PAIRS", 2)
    pooled = []
    original_pool = L._pool_map
    monkeypatch.setattr(L, "_pool_map", lambda fn, shared, tasks, workers: pooled.append(len(tasks))
                        or original_pool(fn, shared, tasks, workers))
    assert near_duplicates(texts, n_jobs=n_jobs) == whole
    assert (pooled == []) if n_jobs == 1 else (pooled and set(pooled) == {n_jobs})  # (parts in worker processes)
    if n_jobs == 1:
        assert sum(counted) >= 10  # pairs were counted exactly, block by block
    assert whole[:6] == [None] * 6 and all(g is None or g % 6 == k % 6 for k, g in enumerate(whole))
    assert 15 <= sum(g is not None for g in whole) < 54


@pytest.mark.parametrize("n", [1, 2, 3, 10, 63, 64, 100, 1000])
def test_batch_densification_equals_one_signature(n):
    rng = np.random.default_rng(n)
    shingles = [rng.integers(0, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(k) for k in range(2)]
    empty = np.iinfo(np.uint64).max
    rows = np.full((len(shingles), _PERMS), empty, dtype=np.uint64)
    for r, s in enumerate(shingles):
        np.minimum.at(rows[r], (s >> np.uint64(58)).astype(np.intp), s & np.uint64((1 << 58) - 1))
    got = _densified(rows)
    for r, s in enumerate(shingles):
        np.testing.assert_array_equal(got[r], _signature(s))


WORD_RUN_UNITS = ["", "  ", "...", "a", " a ", "Hello, world!", "x_y z9", "café über straße", "中文 text 中文",
                  "emoji 😀 here 😀", "--a--b--", "a\tb\nc", "trailing. ", " _url_ and 0 _date_ ", "\u00a0nbsp\u00a0",
                  "1999 a12b 007x 3.14 -5", "9", " 42 ", "x1_2y", "٣٤ arabic digits ٣"]


@pytest.fixture
def fast():
    """The compiled kernel analysis._speedups (the test is skipped where it is not in use)."""
    from analysis.score.segment import _compiled

    fast = _compiled()
    if fast is None:
        pytest.skip("the compiled kernel analysis._speedups is not in use")
    return fast


@pytest.fixture(params=["c", "python"])
def text_kernel(request, monkeypatch):
    """The compiled word runs (analysis._speedups), then the NumPy ones."""
    from analysis.score import segment

    if request.param == "python":
        monkeypatch.setattr(segment, "_compiled", lambda: None)
    elif segment._compiled() is None:
        pytest.skip("the compiled kernel analysis._speedups is not in use")
    return request.param


@pytest.mark.parametrize("part", [slice(None), slice(3, 9), slice(5, 6), slice(0, 0), slice(15, None)])
def test_word_runs_equal_the_regex_steps(text_kernel, part):
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(WORD_RUN_UNITS, type=pa.large_string())[part]
    want = pc.replace_substring_regex(arr, pattern=r"\d+", replacement="0")
    want = pc.utf8_trim_whitespace(pc.replace_substring_regex(want, pattern=r"\W+", replacement=" ")).to_pylist()
    keys, n_words = F._word_runs(arr)
    assert keys.to_pylist() == want
    assert n_words.tolist() == [len(k.split()) for k in want]
    if part == slice(None):
        assert want[7:9] == ["caf ber stra e", "text"]  # RE2's \w is ASCII
        assert want[15] == "0 a0b 0x 0 0 0"


def test_split_counts_are_str_split(text_kernel):
    texts = HARD_TEXTS + ["a\x85b\xa0c\u2028d\u3000e f", "\u200bzero width", "x\x1cy", "lone \ud800 surrogate", "", "  "]
    assert F._split_counts(texts) == [len(t.split()) for t in texts]
    assert F._split_counts([]) == []


@pytest.mark.parametrize("wide", ["", "\u0101", "\U00010001"])  # texts of one-, two- and four-byte characters
def test_split_counts_know_every_white_space(text_kernel, wide):
    """Every code point, between two words and at the ends, splits as ``str.split`` splits (the compiled
    count tests white space without Python's tables)."""
    texts = [f"a{wide}{chr(c)}b{chr(c)}" for c in range(0x110000)] + [chr(c) * 3 for c in range(0x3100)]
    assert F._split_counts(texts) == [len(t.split()) for t in texts]


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_keys_equal_the_regex_steps(text_kernel, monkeypatch, chunk):
    """Keys made step by step on units that may match (and chunk by chunk) equal the steps run on all."""
    import pyarrow as pa
    import pyarrow.compute as pc

    units = WORD_RUN_UNITS + [
        "See http://dw.com/p/2Wx5C or WWW.example.org/x now", "Mail me@x.org, Me@Y.co.uk", "a@b", "On March 3, 2017",
        "3rd Jan and 4 may.", "Monday's and SUNDAY talks; someday", "jan.5 dec 25th 7th december", "İstanbul KELVİN \u212a",
        "Permalink https://p.dw.com/p/2Wx5C Share Facebook Twitter google+ Whatsapp e-mail", "day1 2day"]
    arr = pa.array(units, type=pa.large_string())
    want = pc.utf8_lower(arr)
    for pattern, repl, _ in F._KEY_STEPS:
        want = pc.replace_substring_regex(want, pattern=pattern, replacement=repl)
    want = pc.utf8_trim_whitespace(want).to_pylist()
    monkeypatch.setattr(F, "_KEY_CHUNK", chunk)
    keys, n_words, share = F._keys(arr, count=F._share_words())
    assert keys.to_pylist() == want
    assert n_words.tolist() == [len(k.split()) for k in want]
    assert share.tolist() == pc.count_substring_regex(pc.utf8_lower(arr), pattern=F._share_words()).to_pylist()
    assert "_url_" in want[-10] and "_email_" in want[-9] and "_date_" in want[-7] and "_day_" in want[-5]


_KEY_TOKENS = ["jan", "January", "feb", "MAR", "march", "apr", "april", "may", "jun", "june", "jul", "July", "aug",
               "sep", "sept", "September", "oct", "nov", "dec", "december", "mon", "monday", "Tuesday", "sunday", "day",
               "1", "12", "2017", "st", "nd", "rd", "th", "s", "e", "mber", "uary", ".", " ", "  ", "\t", "\x0b", "\x0c",
               "\r", "\n", "@", "a@b", "x.y", "www.", "ww", "http://", "https://", "http", "://", "x", "_", "-", ",", "/",
               "\u00e9", "\u0130", "\u00a0", "\U0001f600"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_KEY_TOKENS), max_size=14).map("".join), min_size=1, max_size=6))
def test_keys_of_any_unit_are_the_regex_steps(units):
    """Keys made with the compiled cue search and word runs, and with the NumPy ones, are what the
    steps of _KEY_STEPS make when run on every unit (URLs, addresses, dates, week days, numbers)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.score import segment

    if segment._compiled() is None:
        pytest.skip("the compiled kernel analysis._speedups is not in use")
    arr = pa.array(units, type=pa.large_string())
    fast = F._keys(arr)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(segment, "_compiled", lambda: None)
        slow = F._keys(arr)
    assert fast[0].to_pylist() == slow[0].to_pylist()
    assert fast[1].tolist() == slow[1].tolist()
    want = pc.utf8_lower(arr)  # the steps on every unit, as the specification says
    for pattern, repl, _ in F._KEY_STEPS:
        want = pc.replace_substring_regex(want, pattern=pattern, replacement=repl)
    assert fast[0].to_pylist() == pc.utf8_trim_whitespace(want).to_pylist()


HOLDING_UNITS = ["", "a", "See HTTP://x.org", "mail me@x.org", "www.", "ww.w", "Contributed by AP", "CONTRIBUTORS",
                 "contribu", "the newsletter", "NewsLetter", "Inbox", "in box", "x" * 70 + "inbox", "caf\u00e9 \u00c9t\u00e9",
                 "7 days", "no digit", "\u0663 arabic", "end with :/", "://", "sunday", "hol\u00addays", "a\u00e9b"]


@pytest.mark.parametrize("cues, fold", [
    ((b"://", b"www."), False), ((b"@",), False), (tuple(bytes([d]) for d in b"0123456789"), False),
    ((b"day",), False), ((b"contribut",), True), ((b"newsletter", b"inbox"), True), ((b"x", b"xx"), False),
    (("\u00e9".encode(),), False), ((b"a", b"in", b"://"), True), ((b"a",), True),
])
@pytest.mark.parametrize("part", [slice(None), slice(2, 7), slice(13, 14), slice(0, 0), slice(9, None)])
def test_holding_finds_the_cues(text_kernel, cues, fold, part):
    """Which units hold a cue, compiled and NumPy alike, equals Python's ``in`` on the bytes (a slice
    of an array too: its offsets do not start at 0)."""
    import pyarrow as pa

    arr = pa.array(HOLDING_UNITS, type=pa.large_string())[part]
    got = F._holding(arr, cues, fold=fold)
    data = [u.encode() for u in HOLDING_UNITS[part]]
    if fold:
        data = [bytes(b | 0x20 for b in d) for d in data]
    assert got.dtype == bool
    assert got.tolist() == [any(c in d for c in cues) for d in data]


@pytest.mark.parametrize("units", [["ww"], ["w", ""], ["www"], [""]])
def test_holding_in_less_data_than_a_cue(text_kernel, units):
    """Items whose bytes together are fewer than a cue's hold none of it (the NumPy search once read past
    their end)."""
    import pyarrow as pa

    assert F._holding(pa.array(units, type=pa.large_string()), (b"www.", b"://")).tolist() == [False] * len(units)


def test_holding_refuses_what_it_cannot_read(fast):
    offsets, data = np.array([0, 3, 9], dtype=np.int64), b"abcdefgh"
    with pytest.raises(ValueError, match="offsets do not fit the data"):
        fast.holding(offsets, data, (b"a",), False)
    with pytest.raises(ValueError, match="non-empty bytes"):
        fast.holding(offsets[:2], data, (b"",), False)
    with pytest.raises(ValueError, match="at most 64 cues"):
        fast.holding(offsets[:2], data, (b"a",) * 65, False)
    assert fast.holding(offsets[:2], data, (), False) == b"\x00"


SLICE_TEXTS = ["Talks resumed.", "Caf\u00e9 owners \u00e9t\u00e9", "A \u2014 dash\u2019s \u201cquote\u201d", "emoji \U0001f600 here \U0001f600",
               "", "mixed \u00e9\u2014\U0001f600 end", "x"]


@pytest.mark.parametrize("units", [
    [(0, 0, 6), (0, 7, 14), (1, 0, 4), (1, 5, 19), (2, 0, 3), (2, 4, 30), (3, 6, 7), (3, 8, 17), (4, 0, 0), (5, 0, 99)],
    [(5, 6, 9), (5, 7, 8), (6, 0, 1), (6, 1, 1), (3, 0, 0), (1, 2, 9)],
    [],
])
def test_unit_slices_are_python_slices(text_kernel, units):
    """Unit texts made from the strings' code points (compiled) are Python's slices (1- to 4-byte
    UTF-8, empty units, an end past the text as a slice allows)."""
    doc, start, end = (np.array(x, dtype=np.int64) for x in zip(*units)) if units else [np.zeros(0, np.int64)] * 3
    arr = F._slices(SLICE_TEXTS, doc, start, end)
    arr.validate(full=True)
    assert arr.type == pa.large_string()
    assert arr.to_pylist() == [SLICE_TEXTS[d][a:b] for d, a, b in units]


def test_unit_slices_with_a_lone_surrogate_are_refused_as_before(text_kernel):
    with pytest.raises(UnicodeEncodeError):
        F._slices(["ok \ud800 bad"], np.array([0]), np.array([0]), np.array([8]))
    assert F._slices(["ok \ud800 bad"], np.array([0]), np.array([0]), np.array([2])).to_pylist() == ["ok"]


def test_unit_slices_refuse_what_they_cannot_read(fast):
    one = np.array([0], dtype=np.int64)
    with pytest.raises(ValueError, match="not within the texts"):
        fast.slices(["abc"], one + 1, one, one)
    with pytest.raises(ValueError, match="not within the texts"):
        fast.slices(["abc"], one, one + 2, one + 1)
    with pytest.raises(ValueError, match="one length"):
        fast.slices(["abc"], one, np.zeros(2, dtype=np.int64), one)
    with pytest.raises(TypeError, match="not str"):
        fast.slices([b"abc"], one, one, one)


EDIT_TEXTS = ["Talks resumed.\n\nShare this\n\nOil rose.", "Ad one. Talks resumed. Ad two.",
              "Tabs\t\tand  spaces\n \nAd\n\tend", "\u201cQuote.\u201d\nAd\n\u00c9t\u00e9 ici.",
              "Lost \ufffd here. Ad \ufffd\ufffd. Talks \U0001f600 went on.", "Only furniture here.",
              "A lone \ud800 surrogate. Ad.", "  Ad  \n\n\n\n Kept\u2003words \u00a0 here \n", "", "Overlap a b c d",
              "\u4e2d\u6587 \u62a5\u9053 Ad \u2028 next"]


def _edits_both_ways(texts, rows):
    """``_edits`` of pieces ``rows`` (position, start, end) with the compiled kernel and the Python one."""
    from analysis.score import segment

    pieces = pd.DataFrame(rows, columns=["_pos", "start", "end"]).astype("int64")
    fast = F._edits(texts, pieces)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(segment, "_compiled", lambda: None)
        slow = F._edits(texts, pieces)
    return fast, slow


@pytest.mark.parametrize("rows", [
    [(0, 16, 26), (1, 0, 7), (1, 23, 30), (2, 20, 22), (3, 9, 11), (4, 16, 22), (5, 0, 20), (6, 24, 27),
     (7, 2, 4), (9, 8, 11), (9, 10, 13), (10, 6, 8)],
    [(4, 0, 5), (4, 5, 99), (8, 0, 0), (7, 0, 0), (0, 0, 0)],   # an end past the text, empty spans
    [(3, 20, 30), (1, 0, 30)],                                   # a span past the end; positions out of order
    [],
])
def test_compiled_removal_equals_the_python_one(fast, rows):
    """The texts without their pieces, their word counts and the lost characters that went, made by
    the compiled ``removed``, are those of :func:`_remove` (tidied joins, 1- to 4-byte characters,
    U+FFFD, a lone surrogate, Unicode spaces)."""
    compiled, plain = _edits_both_ways(EDIT_TEXTS, rows)
    assert compiled == plain
    assert set(compiled) == {p for p, _, _ in rows}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "Oil", ".", " ", "  ", "\t", "\n", "\n\n", " \n", "\n ", "-",
                                          "\u00e9", "_", "\ufffd", "\U0001f600", "\u3000", "\u2028"]),
                         max_size=25).map("".join), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40), st.integers(0, 8)), max_size=8))
def test_compiled_removal_equals_the_python_one_on_any_text(texts, cuts):
    from analysis.score.segment import _compiled

    if _compiled() is None:
        pytest.skip("the compiled kernel analysis._speedups is not in use")
    rows, end = [], {}
    for p, start, size in sorted(cuts):  # spans in order, not overlapping (as pieces are)
        p %= len(texts)
        start = max(start, end.get(p, 0))
        rows.append((p, start, start + size))
        end[p] = start + size
    fast, slow = _edits_both_ways(texts, rows)
    assert fast == slow


def test_compiled_removal_refuses_what_it_cannot_read(fast):
    one = np.array([0], dtype=np.int64)
    with pytest.raises(ValueError, match="not within the texts"):
        fast.removed(["abc"], one + 1, one, one)
    with pytest.raises(ValueError, match="not in order"):
        fast.removed(["abc", "def"], np.array([1, 0]), np.array([0, 0]), np.array([1, 1]))
    with pytest.raises(ValueError, match="one length"):
        fast.removed(["abc"], one, np.zeros(2, dtype=np.int64), one)
    with pytest.raises(TypeError, match="not str"):
        fast.removed([b"abc"], one, one, one)


@pytest.mark.parametrize("extra", [[], ["".join(map(chr, range(128))) * 3, "\x1c\x1d\x1e\x1f", "A\x0bB\x0cC\rD"]])
def test_compiled_duplicate_keys_equal_the_python_ones(text_kernel, extra):
    """Normalised texts (case folded, white space made single spaces) and their word counts: the compiled
    ones are Python's (case folding of Unicode too: "Straße", "ǅ")."""
    from analysis.ingest.dedupe import _normalised, _normalised_all

    texts = HARD_TEXTS + ["Stra\u00dfe  GROSS", "\u01c5ungla \u2028 x", "caf\u00e9\u00a0AU LAIT", "lone \ud800 x"] + extra
    datas, words = _normalised_all(texts)
    assert datas == [_normalised(t) for t in texts]
    assert words == [len(t.split()) for t in texts]
    assert _normalised_all([]) == ([], [])


def test_compiled_duplicate_keys_fold_every_code_point():
    """Every code point, among others and between spaces, is case folded (and white space split on) as
    Python's ``str.casefold`` and ``str.split`` do (lone surrogates as their surrogatepass bytes)."""
    from analysis.ingest.dedupe import _normalised, _normalised_all

    texts = ["".join(map(chr, range(i, i + 256))) for i in range(0, 0x110000, 256)]
    texts += [" ".join(map(chr, range(i, i + 64))) + " Ab" for i in range(0, 0x3400, 64)]
    datas, words = _normalised_all(texts)
    assert datas == [_normalised(t) for t in texts]
    assert words == [len(t.casefold().split()) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(max_codepoint=127)) | st.text(max_size=12), max_size=6))
def test_compiled_duplicate_keys_equal_the_python_ones_on_any_text(texts):
    from analysis.ingest.dedupe import _normalised, _normalised_all

    datas, words = _normalised_all(texts)
    assert datas == [_normalised(t) for t in texts]
    assert words == [len(t.casefold().split()) for t in texts]


def test_compiled_duplicate_keys_refuse_what_they_cannot_read(fast):
    with pytest.raises(TypeError, match="list of str"):
        fast.normalised(("a",))
    with pytest.raises(TypeError, match="not str"):
        fast.normalised(["a", b"b"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["-", ":", "/", "//", "w", "ww", "www", ".", "@", "(", ")", "a", " ", "x" * 13,
                                 "\u00e9", "\u2014", "\U0001f600"]), max_size=30).map("".join))
def test_unit_cues_are_what_the_text_holds(text):
    """What _units looks for (hyphens, "://" or "www.", "@", parentheses): the compiled pass (16
    characters at a time, then one by one) finds what the substring tests find."""
    from analysis.score import segment

    if segment._compiled() is None:
        pytest.skip("the compiled kernel analysis._speedups is not in use")
    for t in (text, "\u0101" + text, "\U00010001" + text, "y" * 16 + text, text + "y" * 20):
        fast = F._unit_cues(t)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(segment, "_compiled", lambda: None)
            assert fast == F._unit_cues(t), t


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([".", "!", "?", '"', "\u201d", "\u2019", ")", "-", "--", " ", "\n", "\u00a0", "\u3000",
                                 "A", "Z", "a", "\u00c9", "x", "\U0001f600"]), max_size=30).map("".join),
       st.integers(0, 12))
def test_glued_sentences_are_the_regex_matches(text, start):
    """Cuts between sentences glued by hyphens ("Africa.- The"): the compiled scan and the Python one
    find the matches of the pattern they stand for."""
    from analysis.score import segment

    spec = [m.span("a") for m in F._patterns()["glued"].finditer(text, start)]
    assert F._glued(text, start) == spec
    with pytest.MonkeyPatch.context() as m:
        m.setattr(segment, "_compiled", lambda: None)
        assert F._glued(text, start) == spec


def test_minhash_refuses_counts_that_do_not_fit(fast):
    data = b"a b c d e f g h i j k l"
    for counts in ([6, 5], [12, 1], [4, 8], [13]):
        with pytest.raises(ValueError, match="add up to the words"):
            fast.minhash(data, np.array(counts, dtype=np.int64), lambda w: 0)
    assert len(fast.minhash(data, np.array([7, 5], dtype=np.int64), lambda w: 0)) == 2 * _PERMS * 8
    assert fast.minhash(b"", np.zeros(0, dtype=np.int64), lambda w: 0) == b""
    with pytest.raises(ZeroDivisionError):
        fast.minhash(b"a b c d " + b"w" * 17, np.array([5], dtype=np.int64), lambda w: 1 // 0)


def _listed(shared, task):
    if task < 0:
        raise ValueError(f"task {task} failed")
    return [shared] * task


def test_pool_map_brings_results_back_in_order_and_leaves_no_file(tmp_path, monkeypatch):
    """Results come back through files of a temporary folder: in order, however large, and the
    folder goes, also when a worker fails (its error reaches the caller)."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    big = "x" * 1_000_000
    assert L._pool_map(_listed, big, [1, 0, 3, 2], 3) == [[big], [], [big] * 3, [big] * 2]
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="task -1 failed"):
        L._pool_map(_listed, "a", [1, 2, -1, 1], 2)
    assert list(tmp_path.iterdir()) == []


def _slept(shared, seconds: float) -> int:
    if seconds < 0:
        raise ValueError("a task failed")
    time.sleep(seconds)
    return os.getpid()


def test_pool_map_takes_back_what_no_worker_has_begun():
    """This process does the first task, then, while the one worker is still busy with the second,
    takes the others from the back: all done here, results in order."""
    here = os.getpid()
    got = L._pool_map(_slept, None, [0, 0.5, 0, 0, 0], 2)
    assert got[0] == here and got[1] != here and got[2:] == [here] * 3


def test_pool_map_stops_giving_out_tasks_when_this_process_fails():
    started = time.perf_counter()
    with pytest.raises(ValueError, match="a task failed"):
        L._pool_map(_slept, None, [-1, 0.3, 0.3, 0.3, 0.3], 2)
    assert time.perf_counter() - started < 0.9  # (the worker's task under way is waited for, no other)


def test_pool_map_without_room_for_the_files(tmp_path, monkeypatch):
    """When a worker cannot write its result's file (a full disk), the result comes through the pipe."""
    import errno
    import tempfile

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(tempfile, "mkstemp", full)  # (inherited by the forked workers)
    assert L._pool_map(_listed, "b", [2, 1, 3], 2) == [["b"] * 2, ["b"], ["b"] * 3]
    assert list(tmp_path.iterdir()) == []


def _corpus() -> pd.DataFrame:
    """Articles of three outlets and none: disclaimers, datelines, damage, duplicates, reprints."""
    topics = ("oil gas trade water power rail roads ports banks farms steel coal wheat fish salt tin "
              "gold wool rice tea").split()
    rows = []
    for i, t in enumerate(topics):
        rows.append(("a.com", f"MOSCOW, March {i + 1}. /TASS/. Talks on {t} resumed. " + LONG
                     + "The views expressed are the author's own."))
        rows.append(("b.org", f"Ministers said {t} prices \"?rose again. Share this article\n\n"
                     + LONG.replace("grain", t) + f"\n\nReporting by Ann Writer; Editing by Bob {t}"))
        rows.append(("c.net", f"Caf\u00e9 owners can\"t agree on {t}; W\ufffd\ufffdrzburg too. " + LONG[: 40 + i]))
    rows += [("a.com", rows[0][1]), ("b.org", rows[4][1].upper()), (None, "   "), (None, LONG * 3 + "Edition 2."),
             ("c.net", LONG * 3 + "Edition 3."),
             ("c.net", 12), (None, "Only \u200bhere.")]
    return pd.DataFrame({"source": [r[0] for r in rows], "text": [r[1] for r in rows],
                         "title": [f"Story {i}" for i in range(len(rows))]})


@pytest.mark.parametrize("dtype", ["string", "object"])
def test_strip_gives_the_strings_of_its_column(dtype):
    """The texts the loader passes on to language detection are those of the stripped column."""
    df = _corpus()
    df["text"] = df["text"].astype(dtype)
    df.loc[[3, 7], "text"] = None
    out, texts = F._strip(df)
    pd.testing.assert_frame_equal(out, strip(df))
    assert out["n_furniture"].sum() > 0
    if dtype == "string":
        assert texts == [None if v is pd.NA else v for v in out["text"].tolist()]
        assert texts[3] is None and texts[7] is None
    else:
        assert texts is None
    given, _ = F._strip(df, texts=F._texts(df, "text"))
    pd.testing.assert_frame_equal(given, out)


@pytest.fixture
def parallel(monkeypatch):
    """Worker processes from a handful of records; counts the parallel maps run."""
    calls = []
    original = L._pool_map

    inside = []

    def counting(fn, shared, tasks, workers):
        calls.append(fn.__name__)
        inside.append(True)
        try:
            return original(fn, shared, tasks, workers)
        finally:
            inside.pop()

    monkeypatch.setattr(L, "_PARALLEL_RECORDS", 4)
    monkeypatch.setattr(F, "PARALLEL_FROM", 4)
    monkeypatch.setattr(importlib.import_module("analysis.ingest.language"), "PARALLEL_FROM", 4)
    original_background = L._in_background

    def counting_background(fn, shared, task):
        calls.append(f"in the background: {fn.__name__}")
        return original_background(fn, shared, task)

    original_tasks = L._pool_tasks

    def counting_tasks(fn, shared, tasks, workers):
        if not inside:  # (not the pool of a _pool_map, counted as such)
            calls.append(f"meanwhile: {fn.__name__}")
        return original_tasks(fn, shared, tasks, workers)

    monkeypatch.setattr(L, "_pool_map", counting)
    monkeypatch.setattr(L, "_in_background", counting_background)
    monkeypatch.setattr(L, "_pool_tasks", counting_tasks)
    return calls


@pytest.mark.parametrize("as_file", [False, True])
def test_workers_give_the_same_load(parallel, tmp_path, as_file):
    source = _corpus()
    if as_file:
        source.to_csv(tmp_path / "a.csv", index=False)
        source = tmp_path / "a.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one, rejected_one = load(source, n_jobs=1, return_rejected=True)
        assert parallel == []
        two, rejected_two = load(source, n_jobs=2, return_rejected=True)
    # the language of the texts as read, in the background: most while near-duplicates are found and the
    # table is made (the furniture of whole outlets begun meanwhile in a worker), the last when this
    # process has no outlet left to take; detected again, in worker processes, for the texts whose start
    # the furniture removal changed
    assert parallel == ["_prepared_part", "in the background: _detect_part", "meanwhile: _find_bin",
                        "in the background: _detect_part", "_detect_part"]
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(rejected_one, rejected_two)
    assert one.attrs["load_report"] == two.attrs["load_report"]
    assert one.attrs["load_report"]["duplicates_dropped"] == 2
    assert len(rejected_one) == (1 if as_file else 2)  # a number in a CSV is text
    assert (one["n_furniture"] > 0).sum() >= 40 and one["n_repaired"].sum() >= 20
    assert one["near_duplicate_of"].notna().any()


@pytest.mark.parametrize("how", ["outlets", "parts"])
def test_workers_give_the_same_load_with_whole_outlets_each_or_in_parts(parallel, monkeypatch, how):
    monkeypatch.setattr(F, "BIN_SLACK", 1e9 if how == "outlets" else 0)  # (outlets however uneven, or never)
    source = pd.concat([_corpus(), _repeated_furniture()], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = load(source, n_jobs=1)
        two = load(source, n_jobs=2)
    if how == "outlets":
        assert "meanwhile: _find_bin" in parallel and "_article_units_part" not in parallel
    else:
        assert "_article_units_part" in parallel and "meanwhile: _find_bin" not in parallel
    assert parallel.count("in the background: _detect_part") == 2
    pd.testing.assert_frame_equal(one, two)
    assert (one["n_furniture"] > 0).sum() >= 40


def _repeated_furniture() -> pd.DataFrame:
    """Four outlets and none, each outlet's furniture repeated (lines, sentences, labels, credits)."""
    topics = ("oil gas trade water power rail roads ports banks farms steel coal wheat fish salt tin "
              "gold wool rice tea").split()
    rows = []
    for i, t in enumerate(topics * 2):
        rows.append(("a.com", f"MOSCOW, March {i % 28 + 1}. /TASS/. Talks on {t} resumed. " + LONG
                     + "The views expressed are the author's own.\n\nShare this slide: Learn more"))
        rows.append(("b.org", f"Ministers said {t} prices rose.\n\nREAD MORE: {t.title()} prices fall\n\n"
                     + LONG + f"(China Daily European Weekly 0{i % 9 + 1}/06/2017 page{i})"))
        rows.append(("c.net", f"Share this slide: {t.title()} exports grew. " + LONG[: 40 + i]
                     + "\n\nrs/rc (AP, dpa)"))
        rows.append(("d.info", f"Washington (CNN) {t.title()} talks failed. Source: news agencies"))
        rows.append((None, f"Edition {i}: {t} markets. Here's how."))
    return pd.DataFrame({"source": [r[0] for r in rows], "text": [r[1] for r in rows]})


@pytest.mark.parametrize("by", ["source", None])
@pytest.mark.parametrize("rows", [slice(None), slice(0, 13), slice(0, None, 4)])
@pytest.mark.parametrize("how", ["outlets", "parts"])
def test_workers_give_the_same_furniture(parallel, monkeypatch, by, rows, how):
    """Each process finds the furniture of whole outlets, or takes a part of the articles (whatever
    their outlets), a few at a time: the same pieces."""
    monkeypatch.setattr(F, "BIN_SLACK", 1e9 if how == "outlets" else 0)  # (outlets however uneven, or never)
    for df in (load(_corpus().iloc[:60], n_jobs=1, furniture=False), _repeated_furniture().iloc[rows]):
        one = strip(df, by=by)
        chunk = F._CHUNK_ARTICLES
        monkeypatch.setattr(F, "_CHUNK_ARTICLES", 7)
        pd.testing.assert_frame_equal(strip(df, by=by), one)
        monkeypatch.setattr(F, "_CHUNK_ARTICLES", chunk)
        assert parallel == []
        for n_jobs in (2, 3):
            pd.testing.assert_frame_equal(strip(df, by=by, n_jobs=n_jobs), one)
            pd.testing.assert_frame_equal(F.find(df, by=by), F._find(df, by, "text", F.MIN_ARTICLES, F.MIN_SHARE, True,
                                                                     n_jobs).drop(columns=["_pos", "_place"]))
        assert set(parallel) == ({"_find_bin"} if how == "outlets" and by else {"_article_units_part"})
        parallel.clear()


def test_outlet_bins_hold_whole_outlets_heaviest_first(monkeypatch):
    monkeypatch.setattr(F, "PARALLEL_FROM", 4)
    groups = np.array([0] * 30 + [1] * 20 + [2] * 5 + [3] * 2 + [4] * 1 + [-1] * 3)
    texts = ["x" * 100] * len(groups)
    bins, workers = F._outlet_bins(groups, texts, 2)
    assert workers == 2 and sorted(np.concatenate(bins).tolist()) == list(range(len(groups)))
    assert [b.tolist() == sorted(b.tolist()) for b in bins] == [True] * len(bins)
    outlet_bin = {}
    for k, b in enumerate(bins):
        for i in b.tolist():
            if groups[i] >= 0:
                assert outlet_bin.setdefault(groups[i], k) == k  # an outlet in one bin
    # the three big outlets alone, then the articles of no outlet, then the two smallest outlets together
    # (each under an eighth of a process's share: 66,100 / 16 characters and articles' weights)
    assert [len(b) for b in bins] == [30, 20, 5, 3, 3]
    assert set(groups[bins[-1]]) == {3, 4} and set(groups[bins[-2]]) == {-1}
    assert F._outlet_bins(np.zeros(len(groups), dtype=np.int64), texts, 2) is None  # one outlet
    assert F._outlet_bins(np.array([0] * 40 + [1] * 21), texts, 2) is None  # one outlet with most of the text
    assert F._outlet_bins(groups, texts, 1) is None


@pytest.mark.parametrize("n_jobs, expected", [(1, 1), (3, 3), (-1, "cores"), (None, "cores")])
def test_n_jobs(monkeypatch, n_jobs, expected):
    monkeypatch.setattr(L.os, "cpu_count", lambda: 4)
    assert L._jobs(n_jobs) == (4 if expected == "cores" else expected)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "2"])
def test_bad_n_jobs(bad):
    with pytest.raises(ValueError, match="n_jobs"):
        load(pd.DataFrame({"text": ["Talks resumed."]}), n_jobs=bad)


@pytest.mark.parametrize("together", [1, 3, 64])
def test_files_prepared_together_give_the_same_load(monkeypatch, tmp_path, together):
    """Files read one after the other are prepared together (_read_many); an unforeseen error in that
    still rejects only the file it comes from, as when each file is prepared on its own."""
    source = _corpus()
    for i, text in enumerate(source["text"]):
        (tmp_path / f"{i:03d}.txt").write_text(str(text), encoding="utf-8")
    source.iloc[:5].to_csv(tmp_path / "table.csv", index=False)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "boom.txt").write_text("Talks went on. BOOM went the prepare step.")

    def load_all():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load(tmp_path, n_jobs=1, return_rejected=True)

    one_by_one = (monkeypatch.setattr(L, "_FILES_TOGETHER", 1), load_all())[1]
    monkeypatch.setattr(L, "_FILES_TOGETHER", together)
    articles, rejected = load_all()
    pd.testing.assert_frame_equal(articles, one_by_one[0])
    pd.testing.assert_frame_equal(rejected, one_by_one[1])
    assert articles.attrs["load_report"] == one_by_one[0].attrs["load_report"]

    original = L._prepared

    def failing(records):
        if any("BOOM" in str(r.get("text")) for r in records):
            raise RuntimeError("boom")
        return original(records)

    monkeypatch.setattr(L, "_prepared", failing)
    articles, rejected = load_all()
    assert len(articles) == len(one_by_one[0]) - 1
    assert rejected["reason"].str.contains("unexpected error while reading \\(RuntimeError: boom\\)").sum() == 1
    assert rejected.loc[rejected["reason"].str.contains("boom"), "input"].str.endswith("boom.txt").all()
