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
  space).  All that matters of most words is "no event": the rare "events"
  (lexicon words, negations, ``!``, emoticons, ``(!)``) are the only tokens
  the assessment loop has to visit.  Each distinct word is classified once
  and memoised: alphabetic words by one look-up of their lower-case form,
  words with marks around them by stripping the marks (no token list is
  built unless the word is an event); the ordinary words between events
  only matter while an intensifier or negation is pending, and their token
  codes are computed when that happens.
* Sentence (or any other) spans are split into words all at once; when they
  tile the text (sentence spans do) the text is assessed in the same pass,
  span by span: where nothing is pending as a span starts, the span's
  assessment is the text's, and its mean is taken as the span ends.
* The one step that does look across white space -- re-joining emoticons and
  the sarcasm mark that the tokenizer split into pieces (``: )`` -> ``:)``)
  -- is detected with a regular expression on the raw text (a superset of
  TextBlob's matches); where re-joining may happen, the sentences around it
  are re-tokenized with an exact, slower, sentence by sentence emulation.
* The word scan and the assessment loop also exist compiled
  (``analysis/_speedups.c``, built at install time when a C compiler is
  there): it keeps each distinct word's codes in a hash table of its own and
  calls back into this module only for words it has not seen (most ASCII
  words it classifies itself).  This module stays the specification and the
  fallback; the tests run every case through both.  :func:`kernel` says which
  is in use.
* Nothing is done at import time, and TextBlob itself (which imports NLTK)
  is not imported: its data are read from the installed package files.

The lexicon, the emoticon table, the abbreviation list and the two
regular expressions for emoticons and sarcasm are read from the installed
``textblob`` package at run time (lazily, on first use); nothing of TextBlob
is copied here.

Example
-------
>>> from analysis.score.sentiment import polarity_subjectivity, score
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
from functools import lru_cache, partial
from itertools import accumulate, chain, compress, islice, repeat
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
# Tokens that continue a run after a sentence end (quotes ' and " stop it).
_TAIL_RUN = _SENT_TAIL - {"'", '"'}
# Emoticons starting with these letters are found by their second character.
_COMMON_FIRST = frozenset("o")

_ABBR2 = re.compile(r"(?:[A-Za-z]\.)+")
# "Mr.", "Dr.", "Mrs." ...: a capital, consonants (pattern's character class
# also admits "|"), then any final character (here always the period).
_ABBR3 = re.compile(r"[A-Z][bcdfghjklmnpqrstvwxz|]+.")
_PARAGRAPH = re.compile(r"\n{2,}")
# Characters that make the tokenizer split a word internally.
_NEEDS_SPLIT = re.compile("n't|[" + "".join(_QUOTES) + "]")
_QUOTE_SPLIT = re.compile("[" + "".join(_QUOTES) + "]")
# Up to 10 white-space separated words.
_WINDOW = re.compile(r"\s*\S+(?:\s+\S+){0,9}")
_QUOTE_KEEP = re.compile("([" + "".join(_QUOTES) + "])")

# Per-token code: 0..3 are ordinary unknown tokens; bit 0 = "cancels a
# pending negation", bit 1 = "cancels a pending modifier".  Codes >= 4 index
# _Tables.spec (lexicon words, negations, "!", "(!)", emoticons).
_PLAIN_MAX = 3
_is_event = _PLAIN_MAX.__lt__
_ZERO = (0.0, 0.0)
# Stands in a word stream for a word not classified yet (truthy, like the
# codes of an event word, so that the assessment loop meets and classifies it).
_MISS = (object(),)
# Codes of an ordinary token by its length (0, 1, 2, 3 or more): "cancels a
# pending negation" needs 2 characters, "cancels a pending modifier" 3.
_PLAIN_BY_LEN = ((0,), (0,), (1,), (3,))


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
        if len(by_pos) == 1:
            ((pos, rows),) = by_pos.items()
            if len(rows) == 1 and pos is not None:
                # One sense: each mean is sum([x]) / 1.0, i.e. (0 + x) / 1.0.
                one = [(0 + x) / 1.0 for x in rows[0]]
                words[form] = {pos: one, None: [(0 + x) / 1.0 for x in one]}
                continue
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
        # The compiled word scan (analysis/_speedups.c), or None: pure Python.
        self.fast = _scanner(self)
        self.spans = partial(_fast_spans if self.fast is not None else _py_spans, self)
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
                # A face starting with a common letter ("o.O") is anchored on
                # its second character, preceded by that letter or by white
                # space (so the gate may match a little more: still a superset).
                skip = 1 if face[0] in _COMMON_FIRST and len(face) > 1 else 0
                rest = "".join(r"\s*" + re.escape(ch) for ch in face[1 + skip :])
                if face[-1] not in self.lead and face[-1] not in _QUOTES:
                    rest += ends_token
                first = re.escape(face[skip])
                if skip:
                    first += f"(?<=[{re.escape(face[0])}\\s]{first})"
                rests.setdefault(first, set()).add(rest)
        rests.setdefault(re.escape("("), set()).add(r"\s*!\s*\)")
        rests.setdefault(re.escape(_EOS[0]), set()).add(re.escape(_EOS[1:]))
        # One branch per first character keeps the scan fast.
        branches = (first + "(?:" + "|".join(sorted(alts)) + ")" for first, alts in sorted(rests.items()))
        return re.compile("|".join(branches))

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
        # (TextBlob also tests "one letter and a period": a case of _ABBR2.)
        return (
            t in self.abbreviations
            or _ABBR2.fullmatch(t) is not None
            or ("A" <= t[:1] <= "Z" and _ABBR3.fullmatch(t) is not None)
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
            events = self.event_tokens
            if '"' in word or "'" in word or (not word.isascii() and _QUOTE_SPLIT.search(word) is not None):
                for chunk in _QUOTE_SPLIT.split(word):
                    if chunk:
                        core = self.core_token(chunk)
                        if core is None or core.lower() in events:
                            break
                else:
                    return ()
            else:
                rest = word.lstrip(self.lead_chars)
                core = rest.rstrip(self.trail_chars)
                if len(core) != len(rest):
                    tail = rest[len(core) :]
                    if "." in tail:
                        core = None
                        if tail == "." and rest != ".":
                            core = rest if self.is_abbreviation(rest) else rest[:-1]
                if core is not None and core.lower() not in events:
                    return ()
        codes = self.words[word][1]
        for c in codes:
            if c > _PLAIN_MAX:
                return codes
        return ()

    def fast_tokens(self, word: str) -> list[str] | None:
        """Tokens of ``word`` (``word_tokens`` without paragraph marks) for the
        common shapes -- marks around a core, quotes, a final period -- or None."""
        if "n't" in word:
            return None
        parts = _QUOTE_KEEP.split(word) if _QUOTE_SPLIT.search(word) is not None else (word,)
        lead_chars, trail_chars = self.lead_chars, self.trail_chars
        out: list[str] = []
        quote = False  # parts alternate: chunk, quote, chunk, ...
        for part in parts:
            if quote:
                out.append(part)
                quote = False
                continue
            quote = True
            if not part:
                continue
            rest = part.lstrip(lead_chars)
            if len(rest) != len(part):
                out.extend(part[: len(part) - len(rest)])
            core = rest.rstrip(trail_chars)
            if len(core) == len(rest):
                if core and core != _EOS:
                    out.append(core)
                continue
            tail = rest[len(core) :]
            if "." in tail:
                if tail != "." or not core:
                    return None
                if self.is_abbreviation(rest):
                    out.append(rest)
                    continue
            if core != _EOS:
                out.append(core)
            out.extend(tail)
        return out

    def exact_tokens(self, text: str) -> list[str]:
        """TextBlob's token stream, sentence by sentence (always exact)."""
        if _EOS in text:
            # The literal marker ends sentences too: tokenize from scratch.
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
        else:
            # The tokens are the words' tokens, with a marker per paragraph break.
            cache = self.words
            tokens = []
            for i, para in enumerate(_PARAGRAPH.split(text.replace("\r\n", "\n"))):
                if i:
                    tokens.append(_EOS)
                for w in para.split():
                    tokens.extend(cache[w][0])
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

    def rejoin_windows(self, text: str, start: int, end: int, *, first: bool = False) -> list[tuple[int, int]]:
        """Character ranges in ``text[start:end]`` where TextBlob might re-join split emoticons.

        Only the tokens near a gate match can take part in a re-joining: for
        each position where the gate matches, the words from the one before
        it on are tokenized and every position of them is tried (a superset
        of the matches TextBlob substitutes).  ``first``: stop at the first
        range found.
        """
        gate = self.gate.search
        cache = self.words
        match = self.re_emo.match
        out: list[tuple[int, int]] = []
        pos = start
        while (m := gate(text, pos, end)) is not None:
            r = m.start()
            pos = r + 1
            # Start at the word before the one holding r (a face may begin there).
            a = r
            while a > start and not text[a - 1].isspace():
                a -= 1
            while a > start and text[a - 1].isspace():
                a -= 1
            while a > start and not text[a - 1].isspace():
                a -= 1
            # A face has at most 5 characters: 9 words hold any match from r.
            w = _WINDOW.match(text, a, end)
            if w is None:  # pragma: no cover - r is inside a word
                continue
            local = " ".join(chain.from_iterable(cache[x][0] for x in w.group().split()))
            hit = self.re_sarcasm.search(local) is not None
            if not hit:
                for p in range(len(local)):
                    found = match(local, p)
                    if found is not None and " " in found.group(1):
                        hit = True
                        break
            if hit:
                out.append((a, w.end()))
                if first:
                    break
        return out

    def rejoins_in(self, text: str, start: int, end: int) -> bool:
        """Might TextBlob re-join split emoticons in ``text[start:end]``?

        A literal sentence marker, which TextBlob drops from between tokens,
        sends the span to the global test.
        """
        if text.find(_EOS, start, end) != -1:
            return self.rejoins(text[start:end].split())
        return bool(self.rejoin_windows(text, start, end, first=True))

    def sentence_region(self, text: str, a: int, b: int) -> tuple[int, int]:
        """Widen ``text[a:b]`` (word bounds) to whole sentences of TextBlob's tokenizer.

        TextBlob ends a sentence after a run of tokens that may trail a
        sentence end (quotes ' and " excepted) holding at least one sentence
        end.  A word ending in ".", "!", "?" or "..." followed by a word that
        does not start with such a token is therefore always a boundary
        (there may be others: the region only gets larger).
        """
        n_chars = len(text)
        cache = self.words
        while a < n_chars and text[a].isspace():
            a += 1
        while a > 0:
            pe = a
            while pe > 0 and text[pe - 1].isspace():
                pe -= 1
            if pe == 0:
                a = 0
                break
            pa = pe
            while pa > 0 and not text[pa - 1].isspace():
                pa -= 1
            ae = a
            while ae < n_chars and not text[ae].isspace():
                ae += 1
            if self._boundary(cache[text[pa:pe]][0], cache[text[a:ae]][0]):
                break
            a = pa
        while b > a and text[b - 1].isspace():
            b -= 1
        while b < n_chars:
            ns = b
            while ns < n_chars and text[ns].isspace():
                ns += 1
            if ns == n_chars:
                b = n_chars
                break
            ne = ns
            while ne < n_chars and not text[ne].isspace():
                ne += 1
            bs = b
            while bs > 0 and not text[bs - 1].isspace():
                bs -= 1
            if self._boundary(cache[text[bs:b]][0], cache[text[ns:ne]][0]):
                break
            b = ne
        return a, b

    @staticmethod
    def _boundary(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
        """Do the tokens ``before`` and ``after`` (of adjacent words) surely meet at a sentence boundary?"""
        return bool(before) and before[-1] in _SENT_END and bool(after) and after[0] not in _TAIL_RUN


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
        if word.isalpha():
            # One token; unless it is an event, only its length matters.
            low = word.lower()
            codes = tb.event_tokens.get(low) or _PLAIN_BY_LEN[min(len(low), 3)]
            value: tuple = ((word,), codes)
        else:
            if not (word[0] in tb.lead or word[-1] in tb.trail or word == _EOS or _NEEDS_SPLIT.search(word)):
                toks: tuple[str, ...] = (word,)  # nothing to split off
            else:
                fast = tb.fast_tokens(word)
                if fast is None:
                    fast = [t for t in tb.word_tokens(word) if t != _EOS]
                toks = tuple(fast)
            code = tb.code
            value = (toks, tuple([code[t.lower()] for t in toks]))
        self[word] = value
        return value


class _EventCache(dict):
    """word -> its token codes if one of them is an event (code >= 4), else ``()``.

    ``()`` is falsy, so ``itertools.compress`` picks out the event words.
    Most words are alphabetic: one token, looked up directly.
    """

    def __init__(self, tables: _Tables) -> None:
        super().__init__()
        self.tables = tables
        self.alpha = tables.event_tokens.get
        self.other = tables.event_codes

    def __missing__(self, word: str) -> tuple[int, ...]:
        codes = self[word] = self.classify(word)
        return codes

    def classify(self, word: str) -> tuple[int, ...]:
        """The codes of ``word`` if one of its tokens is an event, else ``()`` (not stored)."""
        if word.isalpha():
            codes = self.alpha(word.lower(), ())
        elif "!" in word or "n't" in word or not word.isascii():
            codes = self.other(word)
        else:
            # Chunks between quotes, each marks around a core (the fast path
            # of event_codes, inlined).
            tb = self.tables
            alpha = self.alpha
            codes = ()
            for chunk in _QUOTE_SPLIT.split(word) if ('"' in word or "'" in word) else (word,):
                if not chunk:
                    continue
                rest = chunk.lstrip(tb.lead_chars)
                core: str | None = rest.rstrip(tb.trail_chars)
                if len(core) != len(rest):
                    tail = rest[len(core) :]
                    if "." in tail:
                        if tail == "." and core:
                            core = rest if tb.is_abbreviation(rest) else core
                        else:
                            core = None
                if core is None or alpha(core.lower()) is not None:
                    codes = self.other(word)
                    break
        return codes


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


# The meaning of analysis/_speedups.c this module expects (its KERNEL_VERSION).
_KERNEL_VERSION = 3
_KERNEL_ENV = "ANALYSIS_SENTIMENT_KERNEL"


def _scanner(tb: _Tables):
    """The compiled scanner over ``tb``'s tables, or None to use the pure-Python kernel.

    ``ANALYSIS_SENTIMENT_KERNEL=python`` forces the pure-Python kernel;
    ``=c`` requires the compiled one (an error if it is missing or stale).
    Both give identical results; the compiled one is several times faster.
    """
    from .._extras import speedups

    fast = speedups(_KERNEL_ENV, {"KERNEL_VERSION": _KERNEL_VERSION, "PLAIN_MAX": _PLAIN_MAX},
                    fallback="the pure-Python kernel")
    if fast is None:
        return None
    # Only ASCII marks can occur in the ASCII words the scanner classifies itself.
    ascii_lead = "".join(c for c in tb.lead_chars if c.isascii())
    ascii_quotes = "".join(q for q in _QUOTES if q.isascii())
    return fast.Scanner(
        tb.events.classify, tb.words, tb.spec, list(tb.event_tokens), ascii_lead, ascii_quotes, _LIMIT
    )


def kernel() -> str:
    """Which sentiment kernel is in use: ``"c"`` (compiled) or ``"python"``.

    Example
    -------
    >>> kernel() in ("c", "python")
    True
    """
    return "python" if _tables().fast is None else "c"


# ---------------------------------------------------------------------------
# Assessment loop.
# ---------------------------------------------------------------------------


def _plain(c: int, found: list, m: bool, n: bool, m_ly: bool) -> tuple[bool, bool]:
    """An ordinary token (code ``c``) while a modifier ``m`` or negation ``n`` is pending: the new ``(m, n)``."""
    if n and c & 1:
        n = False
    if n and m and m_ly:
        found[-1][3] = True
        n = False
    elif m and c & 2:
        m = False
    return m, n


def _settle(wcache: _WordCache, words: list[str], i: int, j: int, found: list, m: bool, n: bool,
            m_ly: bool) -> tuple[bool, bool]:
    """Let the plain tokens of ``words[i:j]`` cancel a pending modifier ``m`` or negation ``n``.

    Stops as soon as neither is pending; returns the new ``(m, n)``.
    """
    for w in words[i:j]:
        for c in wcache[w][1]:
            m, n = _plain(c, found, m, n, m_ly)
            if not (m or n):
                return m, n
    return m, n


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

    ``ev[i]`` holds the codes of word ``i`` if it has an event token, ``()``
    if it has none, or ``_MISS`` if it is not classified yet (it is then,
    in place); ``idx[lo:hi]`` are the indices in ``[a, b)`` of the words
    whose entry is truthy.  ``found`` (entries ``[polarity, subjectivity, intensity, negated]``) and
    the pending modifier / negation state ``m, n, m_ly`` are carried in and
    updated.  Returns the state at ``b`` and whether an exclamation mark
    met an empty ``found`` (it would boost an earlier entry if there was one).
    """
    orphan = False
    prev = a
    for k in range(lo, hi):
        wi = idx[k]
        codes = ev[wi]
        if codes is _MISS:
            # A word seen for the first time: classify it now.
            codes = ev[wi] = _tables().events[words[wi]]
        if not codes:
            continue  # classified as no event: left to the pending scans, like its neighbours
        if (m or n) and prev < wi:
            m, n = _settle(wcache, words, prev, wi, found, m, n, m_ly)
        prev = wi + 1
        for c in codes:
            if c <= _PLAIN_MAX:
                if m or n:
                    m, n = _plain(c, found, m, n, m_ly)
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
        m, n = _settle(wcache, words, prev, b, found, m, n, m_ly)
    return m, n, m_ly, orphan


def _compose(
    spec: list, wcache: _WordCache, words: list[str], ev: list, idx: list[int], spans, out: list
) -> list:
    """Assess a whole word stream and the spans that tile it, in one pass.

    ``spans`` yields ``(k, lo, hi, a, b)`` in order: span ``k`` is
    ``words[a:b]``, with its entries of ``idx`` at ``lo:hi``.  The stream is
    assessed once, span after span, by :func:`_run`; where no modifier or
    negation is pending as a span starts, the span's own assessment is the
    same as the stream's (an exclamation mark before its first assessment
    boosts the previous span's last one, whose mean is already taken), so its
    mean is taken from the stream's assessments when the span ends.  Other
    spans are re-run on their own.  Sets ``out[k]``; returns the stream's
    assessments.
    """
    found: list = []
    m = n = m_ly = False
    prev = 0
    for k, lo, hi, a, b in spans:
        if (m or n) and prev < a:  # words between spans (none when they tile the stream)
            m, n, m_ly, _ = _run(spec, wcache, words, ev, idx, lo, lo, prev, a, found, m, n, m_ly)
        start = len(found)
        clear = not (m or n)
        m, n, m_ly, _ = _run(spec, wcache, words, ev, idx, lo, hi, a, b, found, m, n, m_ly)
        prev = b
        if clear:
            if len(found) > start:
                out[k] = _average(found[start:])
        else:
            own: list = []
            _run(spec, wcache, words, ev, idx, lo, hi, a, b, own, False, False, False)
            out[k] = _average(own)
    return found


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


def _exact_doc(tb: _Tables, text: str) -> tuple[float, float]:
    """Sentiment of a text where TextBlob re-joins split emoticons somewhere.

    Only the sentences around the places where re-joining may happen are
    tokenized sentence by sentence (``exact_tokens``); the rest of the text
    is the plain word stream.
    """
    if _EOS in text:
        return _exact(text)
    regions: list[tuple[int, int]] = []
    for a, b in sorted(tb.sentence_region(text, a, b) for a, b in tb.rejoin_windows(text, 0, len(text))):
        if regions and a <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(b, regions[-1][1]))
        else:
            regions.append((a, b))
    words: list = []
    pos = 0
    for a, b in regions:
        words += text[pos:a].split()
        codes = tuple(tb.codes_of(tb.exact_tokens(text[a:b])))
        if codes:
            words.append(_Region(codes))
        pos = b
    words += text[pos:].split()
    ev = [w.codes if type(w) is _Region else tb.events[w] for w in words]
    return _score_words(tb, words, ev)


class _Region:
    """Stands for a stretch of text in a word stream: the codes of its exact tokens."""

    __slots__ = ("codes",)

    def __init__(self, codes: tuple[int, ...]) -> None:
        self.codes = codes


def _score_words(tb: _Tables, words: list, ev: list) -> tuple[float, float]:
    """Sentiment of the stream ``words`` (words and regions) with their event codes ``ev``."""
    idx = list(compress(range(len(ev)), ev))
    if not idx:
        return _ZERO
    found: list = []
    _run(tb.spec, tb.words, words, ev, idx, 0, len(idx), 0, len(words), found, False, False, False)
    return _average(found)


def _py_spans(
    tb: _Tables, text: str, starts: list[int], ends: list[int], compose: bool
) -> tuple[tuple[float, float] | None, list[tuple[float, float]]]:
    """Assess the spans ``text[starts[k]:ends[k]]`` (``0 <= start <= end <= len``): the Python kernel.

    Same contract as the compiled ``Scanner.spans`` (analysis/_speedups.c),
    which is used instead when it is built.  All spans are split into words
    at once and looked up as one stream.  With ``compose`` (the spans tile
    the text: in order, only white space between and around them) the text
    is assessed in the same pass and returned first; otherwise each span is
    assessed on its own and the first item is None.
    """
    span_words = list(map(str.split, map(text.__getitem__, map(slice, starts, ends))))
    words = list(chain.from_iterable(span_words))
    ev = list(map(tb.events.get, words, repeat(_MISS)))
    idx = list(compress(range(len(ev)), ev))
    n_spans = len(starts)
    out = [_ZERO] * n_spans
    doc: list = []
    if idx:
        bounds = list(accumulate(map(len, span_words), initial=0))
        ev_bounds = list(map(bisect_left, repeat(idx), bounds))
        spec = tb.spec
        wcache = tb.words
        visit = compress(
            zip(range(n_spans), ev_bounds, islice(ev_bounds, 1, None), bounds, islice(bounds, 1, None)),
            map(ne, ev_bounds, islice(ev_bounds, 1, None)),
        )
        if compose:
            doc = _compose(spec, wcache, words, ev, idx, visit, out)
        else:
            for k, lo, hi, a, b in visit:
                found: list = []
                _run(spec, wcache, words, ev, idx, lo, hi, a, b, found, False, False, False)
                out[k] = _average(found)
    return (_average(doc) if compose else None), out


def _fast_spans(
    tb: _Tables, text: str, starts: list[int], ends: list[int], compose: bool
) -> tuple[tuple[float, float] | None, list[tuple[float, float]]]:
    """:func:`_py_spans` by the compiled scanner; by Python where the scanner is busy
    (a call from another thread, or re-entered from a callback)."""
    out = tb.fast.spans(text, starts, ends, compose)
    return _py_spans(tb, text, starts, ends, compose) if out is None else out


def _score_stream(
    tb: _Tables, text: str, starts: list[int], ends: list[int], tiled: bool, gate_hit: bool
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """Score the text and the spans ``text[starts[k]:ends[k]]`` (``0 <= start <= end <= len``).

    When the spans tile the text (``tiled``: in order, only white space
    between and around them) and no emoticon re-joining is possible, the
    words of the text are the words of the spans one after the other, and
    the text is scored in the same pass as the spans (``compose``).
    Otherwise the text is scored on its own, and spans where emoticon
    re-joining may matter are checked.
    """
    doc_exact = gate_hit and tb.rejoins_in(text, 0, len(text))
    compose = tiled and not doc_exact
    result, out = tb.spans(text, starts, ends, compose)
    if doc_exact:
        result = _exact_doc(tb, text)
    elif not compose:
        result = tb.spans(text, [0], [len(text)], False)[1][0]
    if gate_hit or not tiled:
        # Spans where TextBlob may re-join split emoticons: a gate match in
        # the span (one in the text, or a span that ends inside a word).
        n_chars = len(text)
        for k in range(len(starts)):
            s = starts[k]
            e = ends[k]
            if s >= e:
                continue
            if gate_hit or (e < n_chars and not text[e - 1].isspace() and not text[e].isspace()):
                if tb.rejoins_in(text, s, e):
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
    text: str, spans: list[tuple[int, int]] | None = None, *, sentences: bool = False
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
    sentences : bool, default False
        The spans are :func:`analysis.segment.sentence_spans` of ``text``
        (in order, only white space between and around them): saves
        checking the white space.  Other spans then give wrong scores.

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
    if len(tb.events) > _LIMIT or len(tb.words) > _LIMIT:
        tb.events.clear()  # bounded memory: start afresh now and then
        tb.words.clear()
    gate_hit = tb.gate.search(text) is not None
    if not spans:
        if gate_hit and tb.rejoins_in(text, 0, len(text)):
            return _exact_doc(tb, text), []
        return tb.spans(text, [0], [len(text)], False)[1][0], []
    if sentences:  # white space only between them; they tile the text unless two meet
        starts, ends = map(list, zip(*spans))
        return _score_stream(tb, text, starts, ends, all(map(lt, ends, starts[1:])), gate_hit)
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
