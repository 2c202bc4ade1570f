"""TextBlob-exact sentiment, computed fast.

``TextBlob(text).sentiment`` (the default ``PatternAnalyzer``) tokenizes the
text with pattern's rule-based tokenizer, lower-cases every token, looks the
tokens up in the subjectivity lexicon that ships with TextBlob
(``textblob/en/en-sentiment.xml``) and averages the scores of the assessed
words, taking intensifiers ("very"), negations ("not"), exclamation marks,
emoticons and the sarcasm mark ``(!)`` into account.  This module gives the
same numbers (bit for bit on the default corpus), but several times faster:

* The text is split on white space once.  Each white-space separated word is
  tokenized on its own (the tokenizer's rules never look across white
  space) and the result -- tokens plus a small integer code per token -- is
  memoised, so common words cost one dictionary look-up.
* Only the rare "events" (lexicon words, negations, ``!``, emoticons, ``(!)``)
  run through the Python-level assessment loop; the ordinary words in
  between only matter while an intensifier or negation is pending.
* Sentence (or any other) spans reuse the tokens of the whole text: a span's
  tokens are the tokens of the words it covers, plus the re-tokenized pieces
  of a word it cuts in two.
* The one step that does look across white space -- re-joining emoticons and
  the sarcasm mark that the tokenizer split into pieces (``: )`` -> ``:)``)
  -- is detected with TextBlob's own regular expression; texts (and spans)
  where it changes anything are re-tokenized with an exact, slower, sentence
  by sentence emulation.

The lexicon, the emoticon table, the abbreviation list and the two
regular expressions for emoticons and sarcasm are read from the installed
``textblob`` package at run time (lazily, on first use); nothing of TextBlob
is copied here.

Example
-------
>>> from analysis.sentiment import polarity_subjectivity, score
>>> [round(x, 4) for x in polarity_subjectivity("The food was not very good!")]
[-0.3365, 0.4615]
>>> doc, sents = score("Great news. Bad day.", [(0, 11), (12, 20)])
>>> [round(p, 3) for p, _ in sents]
[0.8, -0.7]
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import le, lt, ne
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["polarity_subjectivity", "score", "sentiment"]

_EOS = "END-OF-SENTENCE"
_NEGATIONS = ("no", "not", "n't", "never")
# Quote characters the tokenizer always surrounds with spaces.
_QUOTES = ("\u201c", "\u201d", "\u2018", "\u2019", "'", '"')
# Contractions the tokenizer splits off (only "n't" survives the quote step).
_CONTRACTIONS = ("'d", "'m", "'s", "'ll", "'re", "'ve", "n't")
# Tokens that end a sentence / may trail a sentence end.
_SENT_END = frozenset(("...", ".", "!", "?", _EOS))
_SENT_TAIL = frozenset(("'", '"', "\u201d", "\u2019", "...", ".", "!", "?", ")", _EOS))

_ABBR1 = re.compile(r"[A-Za-z]\.")
_ABBR2 = re.compile(r"(?:[A-Za-z]\.)+")
# "Mr.", "Dr.", "Mrs." ...: a capital, consonants (pattern's character class
# also admits "|"), then any final character (here always the period).
_ABBR3 = re.compile(r"[A-Z][bcdfghjklmnpqrstvwxz|]+.")
_PARAGRAPH = re.compile(r"\n{2,}")
# Characters that make the tokenizer split a word internally.
_NEEDS_SPLIT = re.compile("n't|[" + "".join(_QUOTES) + "]")
_QUOTE_SPLIT = re.compile("[" + "".join(_QUOTES) + "]")

# Per-token code: 0..3 are ordinary unknown tokens; bit 0 = "cancels a
# pending negation", bit 1 = "cancels a pending modifier".  Codes >= 4 index
# _Tables.spec (lexicon words, negations, "!", "(!)", emoticons).
_PLAIN_MAX = 3
_is_event = _PLAIN_MAX.__lt__
_ZERO = (0.0, 0.0)


# ---------------------------------------------------------------------------
# Data read from the installed TextBlob package (lazily).
# ---------------------------------------------------------------------------


def _textblob_dir() -> Path:
    """Folder of the installed ``textblob`` package, found without importing it.

    Importing ``textblob`` pulls in NLTK (seconds); only its data is needed.
    """
    from importlib.util import find_spec

    spec = find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        raise ImportError("textblob is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def _textblob_data() -> dict:
    """Emoticons, abbreviations, punctuation and regexes of TextBlob's tokenizer."""
    tb = sys.modules.get("textblob._text")
    if tb is None:
        # Run the (standard-library only) tokenizer module on its own, so
        # that the textblob package and NLTK are not imported.
        from importlib.util import module_from_spec, spec_from_file_location

        spec = spec_from_file_location("_analysis_textblob_text", _textblob_dir() / "_text.py")
        tb = module_from_spec(spec)
        spec.loader.exec_module(tb)  # type: ignore[union-attr]
    return {
        "emoticons": tb.EMOTICONS,
        "abbreviations": frozenset(tb.ABBREVIATIONS),
        "punctuation": tb.PUNCTUATION,
        "re_emoticons": tb.RE_EMOTICONS,
        "re_sarcasm": tb.RE_SARCASM,
    }


def _mean(values: list[float]) -> float:
    return sum(values) / float(len(values) or 1)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[float, float, float, bool]]:
    """word -> (polarity, subjectivity, intensity, is_adverb) as TextBlob sees it.

    Reproduces the loading rules of TextBlob's English ``Sentiment``: scores
    are averaged per (word, part of speech), then over the parts of speech
    (the ``None`` entry TextBlob uses for plain strings), and every adjective
    also yields an adverb ("terrible" -> "terribly") whose scores replace the
    ``None`` entry of that adverb.
    """
    from xml.etree import ElementTree

    with open(_textblob_dir() / "en" / "en-sentiment.xml", "rb") as fh:
        root = ElementTree.parse(fh).getroot()
    senses: dict[str, dict[str | None, list[tuple[float, float, float]]]] = {}
    for node in root.findall("word"):
        form = node.attrib.get("form")
        if not form:
            continue
        psi = (
            float(node.attrib.get("polarity", 0.0)),
            float(node.attrib.get("subjectivity", 0.0)),
            float(node.attrib.get("intensity", 1.0)),
        )
        senses.setdefault(form, {}).setdefault(node.attrib.get("pos"), []).append(psi)
    words: dict[str, dict] = {}
    for form, by_pos in senses.items():
        per_pos = {pos: [_mean(list(col)) for col in zip(*rows)] for pos, rows in by_pos.items()}
        per_pos[None] = [_mean(list(col)) for col in zip(*per_pos.values())]
        words[form] = per_pos
    for form, per_pos in list(words.items()):
        if "JJ" in per_pos:
            stem = form[:-1] + "i" if form.endswith("y") else form
            if stem.endswith("le"):
                stem = stem[:-2]
            entry = words.setdefault(stem + "ly", {})
            entry["RB"] = entry[None] = tuple(per_pos["JJ"])
    return {
        form: (per_pos[None][0], per_pos[None][1], per_pos[None][2], "RB" in per_pos)
        for form, per_pos in words.items()
    }


class _Tables:
    """Lazily built look-up tables shared by all calls."""

    def __init__(self) -> None:
        data = _textblob_data()
        self.lexicon = _lexicon()
        punct = data["punctuation"]
        self.punct_str = punct
        self.lead = frozenset(punct.replace(".", ""))
        self.trail = self.lead | {"."}
        self.lead_chars = "".join(sorted(self.lead))
        self.trail_chars = self.lead_chars + "."
        self.abbreviations = data["abbreviations"]
        self.re_emo = data["re_emoticons"]
        self.re_sarcasm = data["re_sarcasm"]
        self.emoticon_order = [
            ({face.lower() for face in faces}, pol) for (_kind, pol), faces in data["emoticons"].items()
        ]
        # spec[code] for codes >= 4:
        # (known, p, s, i, is_mod, mod_ly, is_neg, cancels_n, cancels_m, bang, irony, emo)
        self.spec: list[tuple | None] = [None] * (_PLAIN_MAX + 1)
        self.spec_index: dict[tuple, int] = {}
        self.code = _CodeCache(self)
        # Every lower-case token whose code is an event, with its code: the
        # lexicon, the negations, "!", "(!)" and the emoticons.
        candidates = chain(
            self.lexicon,
            _NEGATIONS,
            ("!", "(!)"),
            (face for faces, _pol in self.emoticon_order for face in faces),
        )
        self.event_tokens: dict[str, tuple[int]] = {}
        for tok in candidates:
            c = self.code[tok]
            if c > _PLAIN_MAX:
                self.event_tokens[tok] = (c,)
        self.words = _WordCache(self)
        self.events = _EventCache(self)
        self.gate = self._build_gate(data["emoticons"])

    def _build_gate(self, emoticons: dict) -> re.Pattern[str]:
        """Cheap test on the raw text: can re-joining split emoticons matter?

        Any match of TextBlob's emoticon (or sarcasm) regex on the tokenized
        text is, in the raw text, the same characters separated only by
        white space (the tokenizer only inserts spaces, drops periods of an
        ellipsis and paragraph marks), and its last character is followed by
        something that ends a token.  The gate is the union of those raw
        patterns, so "no gate match" proves that the tokens need no re-joining.
        """
        ends_token = r"(?=[\s" + re.escape("".join(sorted(self.trail)) + "".join(_QUOTES)) + r"n]|$)"
        rests: dict[str, set[str]] = {}
        for faces in emoticons.values():
            for face in faces:
                rest = "".join(r"\s*" + re.escape(ch) for ch in face[1:])
                if face[-1] not in self.lead and face[-1] not in _QUOTES:
                    rest += ends_token
                rests.setdefault(face[0], set()).add(rest)
        rests.setdefault("(", set()).add(r"\s*!\s*\)")
        rests.setdefault(_EOS[0], set()).add(re.escape(_EOS[1:]))
        # One branch per first character keeps the scan fast.
        return re.compile(
            "|".join(re.escape(first) + "(?:" + "|".join(sorted(alts)) + ")" for first, alts in sorted(rests.items()))
        )

    # -- token codes --------------------------------------------------------

    def make_code(self, w: str) -> int:
        entry = self.lexicon.get(w)
        if entry is not None:
            p, s, i, is_mod = entry
            spec = (True, p, s, i, is_mod, w.endswith("ly"), w in _NEGATIONS, False, False, False, False, None)
        else:
            cancels_n = len(w.strip("'")) > 1
            cancels_m = len(w) > 2
            emo = None
            if w.isalpha() is False and len(w) <= 5 and w not in self.punct_str:
                for faces, pol in self.emoticon_order:
                    if w in faces:
                        emo = pol
                        break
            is_neg = w in _NEGATIONS
            bang = w == "!"
            irony = w == "(!)"
            if not (is_neg or bang or irony or emo is not None):
                return int(cancels_n) | (int(cancels_m) << 1)
            spec = (False, 0.0, 0.0, 1.0, False, False, is_neg, cancels_n, cancels_m, bang, irony, emo)
        code = self.spec_index.get(spec)
        if code is None:
            code = self.spec_index[spec] = len(self.spec)
            self.spec.append(spec)
        return code

    # -- tokenizer ------------------------------------------------------------

    def is_abbreviation(self, t: str) -> bool:
        return (
            t in self.abbreviations
            or _ABBR1.fullmatch(t) is not None
            or _ABBR2.fullmatch(t) is not None
            or _ABBR3.fullmatch(t) is not None
        )

    def split_chunk(self, t: str, out: list[str]) -> None:
        """Append the tokens of one white-space free chunk to ``out``."""
        lead, trail = self.lead, self.trail
        while t and t[0] in lead:
            out.append(t[0])
            t = t[1:]
        tail = []
        while t and t[-1] in trail:
            if t[-1] in lead:
                tail.append(t[-1])
                t = t[:-1]
            if t.endswith("..."):
                tail.append("...")
                t = t[:-3].rstrip(".")
            if t.endswith("."):
                if self.is_abbreviation(t):
                    break
                tail.append(".")
                t = t[:-1]
        if t:
            out.append(t)
        out.extend(reversed(tail))

    def word_tokens(self, word: str) -> list[str]:
        """Tokens of one white-space free word (paragraph marks included)."""
        if "n't" in word:
            word = word.replace("n't", " n't")
        for q in _QUOTES:
            if q in word:
                word = word.replace(q, f" {q} ")
        out: list[str] = []
        for chunk in word.split():
            self.split_chunk(chunk, out)
        return out

    def core_token(self, chunk: str) -> str | None:
        """The one token of ``chunk`` that is not a punctuation mark, or None.

        ``chunk`` holds no white space, quote, "n't" or "!".  Returns None
        when a period among the trailing marks makes the general tokenizer
        necessary; an empty string when the chunk is punctuation only.
        """
        rest = chunk.lstrip(self.lead_chars)
        core = rest.rstrip(self.trail_chars)
        if len(core) == len(rest):
            return core
        tail = rest[len(core) :]
        if "." not in tail:
            return core  # marks split off one by one
        if tail == "." and core:
            return rest if self.is_abbreviation(rest) else core
        return None

    def event_codes(self, word: str) -> tuple[int, ...]:
        """Codes of the tokens of ``word`` if one of them is an event, else ``()``."""
        if "!" not in word and "n't" not in word:
            # Fast path: decide "no event" without building the tokens.
            # Tokens other than the core of each chunk are single marks,
            # "..." or "." -- never events once "!" is excluded.
            chunks = _QUOTE_SPLIT.split(word) if _NEEDS_SPLIT.search(word) else (word,)
            events = self.event_tokens
            for chunk in chunks:
                if not chunk:
                    continue
                core = self.core_token(chunk)
                if core is None or core.lower() in events:
                    break
            else:
                return ()
        codes = self.words[word][1]
        for c in codes:
            if c > _PLAIN_MAX:
                return codes
        return ()

    def exact_tokens(self, text: str) -> list[str]:
        """TextBlob's token stream, sentence by sentence (slow, always exact)."""
        s = text
        for c in _CONTRACTIONS:
            if c in s:
                s = s.replace(c, " " + c)
        for q in _QUOTES:
            if q in s:
                s = s.replace(q, f" {q} ")
        s = _PARAGRAPH.sub(f" {_EOS} ", s.replace("\r\n", "\n"))
        tokens: list[str] = []
        for chunk in s.split():
            self.split_chunk(chunk, tokens)
        sentences: list[list[str]] = []
        start, j, n = 0, 0, len(tokens)
        while j < n:
            if tokens[j] in _SENT_END:
                while j < n and tokens[j] in _SENT_TAIL:
                    if tokens[j] in ("'", '"'):
                        break  # the open sentence is always empty here: "balanced"
                    j += 1
                sentences.append([t for t in tokens[start:j] if t != _EOS])
                start = j
            j += 1
        sentences.append(tokens[start:j])
        out: list[str] = []
        for sent in sentences:
            if not sent:
                continue
            line = self.re_sarcasm.sub("(!)", " ".join(sent))
            line = self.re_emo.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), line)
            out.extend(line.split())
        return out

    def codes_of(self, tokens: list[str]) -> list[int]:
        return list(map(self.code.__getitem__, map(str.lower, tokens)))

    def merges(self, joined: str) -> tuple[bool, bool]:
        """(any emoticon/sarcasm match, any match that re-joins split tokens)."""
        any_match = False
        for m in self.re_emo.finditer(joined):
            any_match = True
            if " " in m.group(1):
                return True, True
        for m in self.re_sarcasm.finditer(joined):
            any_match = True
            if " " in m.group(0):
                return True, True
        return any_match, False

    def rejoins(self, words: list[str]) -> bool:
        """Would TextBlob re-join split emoticons among the tokens of ``words``?"""
        cache = self.words
        return self.merges(" ".join(chain.from_iterable(cache[w][0] for w in words)))[1]


_LIMIT = 500_000  # entries per cache before it is emptied (bounded memory)


class _CodeCache(dict):
    """lower-case token -> code."""

    def __init__(self, tables: _Tables) -> None:
        super().__init__()
        self.tables = tables

    def __missing__(self, w: str) -> int:
        code = self[w] = self.tables.make_code(w)
        return code


class _WordCache(dict):
    """word -> (tokens, codes) for one white-space separated word."""

    def __init__(self, tables: _Tables) -> None:
        super().__init__()
        self.tables = tables

    def __missing__(self, word: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        tb = self.tables
        if word.isalpha() or not (
            word[0] in tb.lead or word[-1] in tb.trail or word == _EOS or _NEEDS_SPLIT.search(word)
        ):
            toks: tuple[str, ...] = (word,)  # nothing to split off: the common case
        else:
            toks = tuple(t for t in tb.word_tokens(word) if t != _EOS)
        code = tb.code
        value = (toks, tuple([code[t.lower()] for t in toks]))
        if len(self) >= _LIMIT:
            self.clear()
        self[word] = value
        return value


class _EventCache(dict):
    """word -> its token codes if one of them is an event (code >= 4), else ``()``.

    ``()`` is falsy, so ``itertools.compress`` picks out the event words.
    Most words are alphabetic: one token, looked up directly.
    """

    def __init__(self, tables: _Tables) -> None:
        super().__init__()
        self.alpha = tables.event_tokens.get
        self.other = tables.event_codes

    def __missing__(self, word: str) -> tuple[int, ...]:
        codes = self.alpha(word.lower(), ()) if word.isalpha() else self.other(word)
        if len(self) >= _LIMIT:
            self.clear()
        self[word] = codes
        return codes


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


# ---------------------------------------------------------------------------
# Assessment loop.
# ---------------------------------------------------------------------------


def _run(
    spec: list,
    wcache: _WordCache,
    words: list[str],
    ev: list,
    idx: list[int],
    lo: int,
    hi: int,
    a: int,
    b: int,
    found: list,
    m: bool,
    n: bool,
    m_ly: bool,
) -> tuple[bool, bool, bool, bool]:
    """Run TextBlob's assessment over the tokens of ``words[a:b]``.

    ``ev[i]`` holds the codes of word ``i`` if it has an event token, else
    ``()``; ``idx[lo:hi]`` are the indices in ``[a, b)`` of such words.
    ``found`` (entries ``[polarity, subjectivity, intensity, negated]``) and
    the pending modifier / negation state ``m, n, m_ly`` are carried in and
    updated.  Returns the state at ``b`` and whether an exclamation mark
    met an empty ``found`` (it would boost an earlier entry if there was one).
    """
    orphan = False
    prev = a
    for k in range(lo, hi):
        wi = idx[k]
        if (m or n) and prev < wi:
            for w in words[prev:wi]:
                for c in wcache[w][1]:
                    if n and c & 1:
                        n = False
                    if n and m and m_ly:
                        found[-1][3] = True
                        n = False
                    elif m and c & 2:
                        m = False
                    if not (m or n):
                        break
                if not (m or n):
                    break
        prev = wi + 1
        for c in ev[wi]:
            if c <= _PLAIN_MAX:
                if m or n:
                    if n and c & 1:
                        n = False
                    if n and m and m_ly:
                        found[-1][3] = True
                        n = False
                    elif m and c & 2:
                        m = False
                continue
            known, p, s, i, is_mod, is_ly, is_neg, cancels_n, cancels_m, bang, irony, emo = spec[c]
            if known:
                if m:
                    e = found[-1]
                    ei = e[2]
                    e[0] = max(-1.0, min(p * ei, +1.0))
                    e[1] = max(-1.0, min(s * ei, +1.0))
                    e[2] = i
                else:
                    e = [p, s, i, False]
                    found.append(e)
                if n:
                    e = found[-1]
                    e[2] = 1.0 / e[2]
                    e[3] = True
                m, m_ly, n = is_mod, is_ly, is_neg
                continue
            if is_neg:
                n = True
            elif n and cancels_n:
                n = False
            if n and m and m_ly:
                found[-1][3] = True
                n = False
            elif m and cancels_m:
                m = False
            if bang:
                if found:
                    e = found[-1]
                    e[0] = max(-1.0, min(e[0] * 1.25, +1.0))
                else:
                    orphan = True
            if irony:
                found.append([0.0, 1.0, 1.0, False])
            if emo is not None:
                found.append([emo, 1.0, 1.0, False])
    if (m or n) and prev < b:
        for w in words[prev:b]:
            for c in wcache[w][1]:
                if n and c & 1:
                    n = False
                if n and m and m_ly:
                    found[-1][3] = True
                    n = False
                elif m and c & 2:
                    m = False
                if not (m or n):
                    break
            if not (m or n):
                break
    return m, n, m_ly, orphan


def _average(found: list) -> tuple[float, float]:
    """Mean polarity and subjectivity of the assessments, summed as TextBlob does."""
    if not found:
        return _ZERO
    pol = 0
    sub = 0
    for e in found:
        pol += e[0] * -0.5 if e[3] else e[0]
        sub += e[1]
    count = float(len(found))
    return pol / count, sub / count


def _assess_codes(codes: list[int]) -> tuple[float, float]:
    """Polarity and subjectivity of a stream of token codes."""
    tb = _tables()
    ev = [(c,) if c > _PLAIN_MAX else () for c in codes]
    idx = list(compress(range(len(ev)), ev))
    # Each code stands for a one-token "word" here; the pending scan looks
    # its codes up in ``by_code``.
    by_code = {c: (None, (c,)) for c in set(codes)}
    found: list = []
    _run(tb.spec, by_code, codes, ev, idx, 0, len(idx), 0, len(codes), found, False, False, False)
    return _average(found)


def _exact(text: str) -> tuple[float, float]:
    tb = _tables()
    return _assess_codes(tb.codes_of(tb.exact_tokens(text)))


def _score_words(tb: _Tables, words: list[str], ev: list | None = None) -> tuple[float, float]:
    """Sentiment of the text made of ``words`` (no emoticon re-joining needed)."""
    if ev is None:
        ev = list(map(tb.events.__getitem__, words))
    idx = list(compress(range(len(ev)), ev))
    if not idx:
        return _ZERO
    found: list = []
    _run(tb.spec, tb.words, words, ev, idx, 0, len(idx), 0, len(words), found, False, False, False)
    return _average(found)


def _score_stream(
    tb: _Tables, text: str, starts: list[int], ends: list[int], tiled: bool, gate_hit: bool
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Score the text and the spans ``text[starts[k]:ends[k]]`` (``0 <= start <= end <= len``).

    All spans are split into words at once and looked up as one stream.
    When the spans tile the text (``tiled``: in order, only white space
    between and around them) and no emoticon re-joining is possible, the
    words of the text are the words of the spans one after the other, and
    the text is scored from the spans' assessments: a span is re-run with
    the state carried over from the previous ones only where that state
    matters (a modifier or negation still pending, or an exclamation mark
    before the span's first assessment).  Otherwise the text is scored on
    its own, and spans where emoticon re-joining may matter are checked.
    """
    compose = tiled and not gate_hit
    span_words = list(map(str.split, map(text.__getitem__, map(slice, starts, ends))))
    words = list(chain.from_iterable(span_words))
    ev = list(map(tb.events.__getitem__, words))
    idx = list(compress(range(len(ev)), ev))
    n_spans = len(starts)
    out = [_ZERO] * n_spans
    doc: list = []
    if idx:
        bounds = list(accumulate(map(len, span_words), initial=0))
        ev_bounds = list(map(bisect_left, repeat(idx), bounds))
        spec = tb.spec
        wcache = tb.words
        dm = dn = dly = False  # state of the whole text's assessment
        last = 0  # word index up to which the whole text's state is known
        for k in compress(range(n_spans), map(ne, ev_bounds, ev_bounds[1:])):
            lo = ev_bounds[k]
            hi = ev_bounds[k + 1]
            a = bounds[k]
            b = bounds[k + 1]
            found: list = []
            m, n, m_ly, orphan = _run(spec, wcache, words, ev, idx, lo, hi, a, b, found, False, False, False)
            out[k] = _average(found)
            if not compose:
                continue
            if (dm or dn) and last < a:
                # The spans in between have no event: only the pending state moves.
                dm, dn, dly, _ = _run(spec, wcache, words, ev, idx, lo, lo, last, a, doc, dm, dn, dly)
            if dm or dn or (orphan and doc):
                dm, dn, dly, _ = _run(spec, wcache, words, ev, idx, lo, hi, a, b, doc, dm, dn, dly)
            else:
                doc += found
                dm, dn, dly = m, n, m_ly
            last = b
        if compose and (dm or dn):  # cannot change an assessment; kept for exactness of the loop
            _run(spec, wcache, words, ev, idx, 0, 0, last, len(words), doc, dm, dn, dly)
    if compose:
        return _average(doc), out
    # The text on its own.
    all_words = text.split()
    if gate_hit and tb.rejoins(all_words):
        result = _exact(text)
    else:
        result = _score_words(tb, all_words)
    # Spans where TextBlob may re-join split emoticons: a gate match in the
    # span (one in the text, or a span that ends inside a word).
    gate = tb.gate.search
    n_chars = len(text)
    for k in range(n_spans):
        s = starts[k]
        e = ends[k]
        if s >= e:
            continue
        if gate_hit or (e < n_chars and not text[e - 1].isspace() and not text[e].isspace()):
            if gate(text, s, e) is not None and tb.rejoins(span_words[k]):
                out[k] = _exact(text[s:e])
    return result, out


def _bounds(text: str, spans: list) -> tuple[list[int], list[int], bool]:
    """(starts, ends, tiled) of the spans, normalised to ``0 <= start <= end <= len(text)``.

    ``tiled``: the spans are in order with only white space between and
    around them (as sentence spans are).  Spans are taken with Python's
    slice semantics (negative or None bounds, ends before starts).
    """
    n_chars = len(text)
    try:
        starts, ends = map(list, zip(*spans))
        if 0 <= min(starts) and max(ends) <= n_chars and all(map(le, starts, ends)):
            if all(map(lt, ends, starts[1:])):
                gaps = "".join(map(text.__getitem__, map(slice, chain((0,), ends), chain(starts, (n_chars,)))))
                return starts, ends, not gaps or gaps.isspace()
            return starts, ends, False
    except (TypeError, ValueError):
        pass
    starts, ends = [], []
    for start, end in spans:
        s, e, _ = slice(start, end).indices(n_chars)
        starts.append(s)
        ends.append(e if e > s else s)
    return starts, ends, False


# ---------------------------------------------------------------------------


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return text


def polarity_subjectivity(text: str) -> tuple[float, float]:
    """Polarity and subjectivity of ``text``, exactly as ``TextBlob(text).sentiment``.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    tuple of float
        ``(polarity, subjectivity)``; polarity in [-1, 1], subjectivity in
        [0, 1]; ``(0.0, 0.0)`` when no word of the text is in the lexicon.

    Example
    -------
    >>> [round(x, 4) for x in polarity_subjectivity("A very good, happy day :)")]
    [0.7367, 0.9267]
    >>> polarity_subjectivity("")
    (0.0, 0.0)
    """
    return score(text)[0]


def score(
    text: str, spans: list[tuple[int, int]] | None = None
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Sentiment of a text and of spans of it, tokenizing the text once.

    Parameters
    ----------
    text : str
        The whole text.
    spans : list of (start, end), optional
        Character spans; each is scored exactly like
        ``TextBlob(text[start:end]).sentiment`` (Python slice semantics, so
        any integers are accepted; typically the sentence spans of a
        sentence splitter).

    Returns
    -------
    tuple
        ``((polarity, subjectivity), [(polarity, subjectivity), ...])`` for
        the whole text and for each span, in the order given.

    Example
    -------
    >>> text = "I love it. It is not bad."
    >>> doc, (first, second) = score(text, [(0, 10), (11, 25)])
    >>> [round(x, 3) for x in doc + first + second]
    [0.425, 0.633, 0.5, 0.6, 0.35, 0.667]
    """
    text = _check_text(text)
    tb = _tables()
    gate_hit = tb.gate.search(text) is not None
    if not spans:
        words = text.split()
        if gate_hit and tb.rejoins(words):
            return _exact(text), []
        return _score_words(tb, words), []
    return _score_stream(tb, text, *_bounds(text, spans), gate_hit)


def sentiment(articles: pd.DataFrame, *, col: str = "text") -> pd.DataFrame:
    """TextBlob polarity and subjectivity of every article.

    Parameters
    ----------
    articles : pandas.DataFrame
        One row per article.
    col : str, default "text"
        Column holding the text.  Missing values (None/NaN) give NaN scores.

    Returns
    -------
    pandas.DataFrame
        Same index, columns ``polarity`` and ``subjectivity`` (float64).

    Raises
    ------
    KeyError
        If ``col`` is not a column of ``articles``.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["A great success.", "A terrible failure."]})
    >>> sentiment(df).round(3)
       polarity  subjectivity
    0     0.550         0.375
    1    -0.658         0.650
    """
    import pandas as pd

    if col not in articles.columns:
        raise KeyError(f"column {col!r} not in DataFrame (columns: {list(articles.columns)})")
    pol: list[float] = []
    sub: list[float] = []
    nan = float("nan")
    for value in articles[col].tolist():
        if isinstance(value, str):
            p, s = score(value)[0]
        else:
            p = s = nan
        pol.append(p)
        sub.append(s)
    return pd.DataFrame({"polarity": pol, "subjectivity": sub}, index=articles.index, dtype="float64")
