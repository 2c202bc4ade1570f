"""Fast rule-based English sentence splitting for news text.

The splitter is pure Python plus :mod:`re`.  It walks over the candidate
sentence ends of a text (``.``, ``!``, ``?``, ellipses, line breaks, bullets
and numbered/lettered list markers) and decides each one from the token before
it and the word after it:

* ``?`` and ``!`` (also doubled, ``?!``, ``!!``) end a sentence unless a
  lower-case word follows (``Yahoo! in``, ``"Why?" he asked``).
* A full stop after an ordinary word ends a sentence before a capital letter,
  a digit or an opening quote/bracket.
* Titles and other words that introduce a name (``Mr.``, ``Dr.``, ``Gen.``,
  ``Sen.``, ``Mt.``, ``e.g.``, ``vs.``) never end a sentence before a capital.
* Initials (``George W. Bush``) and abbreviations that may or may not end a
  sentence (``U.S.``, ``Inc.``, ``Co.``, ``Jan.``, ``p.m.``, ``etc.``) end one
  only when the next word is a common sentence opener (``He``, ``The``,
  ``It`` ...): ``the U.S. Army`` stays whole, ``in the U.S. He works`` splits.
* Before a digit, a full stop after an abbreviation or a short token does not
  end the sentence (``No. 5``, ``p. 55``, ``Vol. 3``).
* Closing quotes and brackets (``" ' ” ’ ) ]``) stay with the sentence they
  close.  The damaged closing quote ``"?`` of the default corpus, which
  swallowed the following space (``vote."?The Senate``), is read as a
  closing quote, and so is a hyphen that took the place of a paragraph break
  (``failed.-The court``, ``Pediatrics.- The groups``: a fifth of the default
  corpus's articles have one). A closing double quote glued to the next
  sentence (``would pass."The vote``) ends its sentence like a run-on stop.
* A blank line always ends a sentence.  A single line break ends one too,
  unless the next line starts with a lower-case letter and the open sentence
  started with a capital (a wrapped line).
* Bullets (``•``, ``⁃`` ...) and runs of numbered or lettered list markers
  (``1.`` ``2.``, ``1)`` ``2)``, ``a.`` ``b.``) start new sentences even when
  the previous item has no final stop.

Example
-------
>>> from analysis.score.segment import split
>>> split("He lives in the U.S. He works for the U.S. Army. Mr. Smith agreed.")
['He lives in the U.S.', 'He works for the U.S. Army.', 'Mr. Smith agreed.']
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

__all__ = ["sentence_spans", "split", "sentences", "kernel"]

# ---------------------------------------------------------------------------
# Word lists (hand-written).
# ---------------------------------------------------------------------------

# Words that introduce a following name or number and (almost) never end a
# sentence: a full stop after them is never a boundary before a capital.
_STRONG = frozenset(
    """
    Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Sen Sens Rep Reps Gov
    Govs Gen Gens Lt Col Capt Cpt Cmdr Comdr Adm Maj Sgt Cpl Pvt Brig Rev Revd
    Hon Pres Supt Insp Atty Msgr Fr Amb Asst Assoc Dep Det Mt Ft Pt Rt Sec
    vs v e.g i.e eg ie cf viz approx ca Nos Vol Vols Fig Figs Ch Art
    Op pp pg Para Eq Ref No
    """.split()
)
# Words that introduce a number ("Vol. 3", "Fig. 2") are strong only before a
# digit; before a capitalised word they are treated as ambiguous.
_NUMBER_INTRODUCERS = frozenset(
    "No Nos Vol Vols Fig Figs Ch Art Op Para Eq Ref pp pg Sec".split()
)
_STRONG_BEFORE_WORD = _STRONG - _NUMBER_INTRODUCERS

# Abbreviations only before a number ("No. 5"); before a word they are words.
_NUMBER_ONLY = frozenset({"No", "Nos"})

# Abbreviations that may or may not end a sentence.
_AMBIGUOUS = frozenset(
    """
    Inc Co Corp Ltd Bros Jr Sr Esq Plc PLC Cos Cie LLC Assn Dept Univ Intl
    Natl Govt Ave Blvd Rd Ln Hwy St Sq Pl Ct Dist Twp Cty Mfg Ph.D
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich
    Minn Miss Mo Mont Neb Nebr Nev Okla Ore Oreg Pa Penn Tenn Tex Va Vt Wash
    Wis Wisc Wyo
    inc co corp ltd bros jr sr etc al st ave blvd rd dept univ approx est
    min max ft lb lbs oz mph vol vols fig ch sec yr yrs hr hrs
    """.split()
)

# Capitalised words that commonly open an English sentence.  After an
# ambiguous abbreviation or an initial, a boundary is placed only when one of
# these follows.  Personal titles are included (``... at 6 P.M. Mr. Smith``)
# but office titles (``Sen.``, ``Rep.``) are not (``U.S. Sen. Smith``).
_STARTERS = frozenset(
    """
    A An The This That These Those There Here Then Thus Hence
    I He She It We They You His Her Its Our Their My Your Me Him Us Them
    But And Or Nor So Yet For If When While Whether Although Though Because
    Since As After Before Until Unless Once Where Whereas Wherever Whenever
    What Who Whom Whose Which Why How
    In On At By From With Without To Of Into Onto Over Under Among Amid
    Between Through Throughout During Despite Against Toward Towards Upon
    According Instead Meanwhile However Moreover Furthermore Nevertheless
    Nonetheless Otherwise Still Also Indeed Besides Likewise Similarly
    Today Tonight Yesterday Tomorrow Now Later Earlier Soon Recently Last
    Next Finally First Second Third Overall Already Again Even Only Just
    Some Many Most Much More Few Several All Both Each Every Either Neither
    Any No None Not Nothing Nobody Everyone Everybody Someone Somebody Anyone
    Other Others Another Such One Two Three Four Five Six Seven Eight Nine Ten
    Eleven Twelve Thirteen Fifteen Twenty Thirty Forty Fifty Hundreds Thousands
    Dozens Millions
    Is Are Was Were Be Been Has Have Had Do Does Did Will Would Can Could
    Shall Should May Might Must Let Please
    Yes Well Oh Ok Okay Sure Perhaps Maybe Often Sometimes Never Always
    Mr Mrs Ms Dr
    """.split()
)

# First words of a short introductory phrase ("At 5 a.m. Mr. Smith went ...").
_INTRO_PREPS = frozenset(
    "at by on in until till before after around since from about between".split()
)

# ---------------------------------------------------------------------------
# Regular expressions (compiled lazily, once).
# ---------------------------------------------------------------------------

_BULLETS = "•⁃▪◦‣●■□➢►"
_OPENERS = "\"'“‘([{«¿¡"
_CLOSERS_STRIP = ")]}\"'”’»"
_NO_START = ",;:)]}%"  # characters that cannot open a sentence


@lru_cache(maxsize=None)
def _regexes() -> dict[str, re.Pattern[str]]:
    # closing marks; `"?` is the corpus's damaged closing quote and a `-` glued
    # to a capital, or to one space before it, is a damaged paragraph break
    # ("failed.-The court ...", "Pediatrics.- The groups ...")
    closers = r"""(?P<close>(?:"\?|-(?=[ ]?["“]?[A-Z])|["'”’»)\]}](?![^\W_]))*)"""
    term = (
        r"(?=[.!?…‽])(?P<term>(?P<dots>\.(?:[ ]\.){2,})|(?P<punct>(?:[.!…‽]|(?<!\")\?)[.!?…‽]*))"
        + closers
        + r"""(?=\s|\Z|["“‘'(\[]?[A-Z])"""
    )
    breaks = r"(?P<nl>[^\S\n\r\u2028\u2029]*(?:\r\n|[\n\r\u2028\u2029])\s*)"
    bullets = r"(?P<bul>[" + _BULLETS + r"])"
    return {
        "term": re.compile(term),
        "full": re.compile(breaks + "|" + bullets + "|" + term),
        # a candidate list marker: "1." "2)" "3.)" "a." "b)" after a space
        "marker": re.compile(r"(?:^|(?<=\s))(?:(\d{1,2})|([a-z]))(?:\.\)|[.)])(?=\s+\S)"),
        # what follows a candidate: skip spaces and opening quotes/brackets
        "next": re.compile(r"""\s*(?:"\?|["'“‘(\[{«¿¡*])*(?P<c>\S)?"""),
        "letters": re.compile(r"[A-Za-z]*"),
        "multi": re.compile(r"[A-Za-z](?:\.[A-Za-z])+"),
        "marker_only": re.compile(
            r"[" + _BULLETS + r"*\-–]?\s*(?:\d{1,3}|[A-Za-z]|[ivx]{1,4}|[IVX]{1,4})[.)]*"
        ),
        "alnum": re.compile(r"[^\W_]"),
        "head": re.compile(r"""[\s"'“‘(\[{«¿¡]*(\S)"""),
        "url_like": re.compile(r"@|/|www\.|\.(?:com|org|net|gov|edu|co|uk|io)\b", re.I),
    }


def _prev_token(text: str, ms: int, lo: int = 0) -> str:
    """Token (non-space run) in ``text[lo:ms]`` ending at ``ms``, stripped of
    opening and closing marks."""
    if ms <= lo or text[ms - 1].isspace():
        return ""
    space = text.rfind(" ", max(lo, ms - 40), ms)
    word = text[space + 1 : ms]
    if space >= 0 and word.isalpha():  # a plain word after a space (the usual case)
        return word
    chunk = text[max(lo, ms - 40) : ms].rsplit(None, 1)[-1]
    if '"?' in chunk or "—" in chunk:  # damaged quote or dash glued on: ,"?Sen.
        chunk = chunk.rsplit('"?', 1)[-1].rsplit("—", 1)[-1]
    return chunk.lstrip(_OPENERS + "?").rstrip(_CLOSERS_STRIP)


def _lookup(tok: str) -> str:
    """Classify a token that precedes a full stop.

    Returns ``"strong"``, ``"ambig"``, ``"initial"`` or ``""`` (ordinary).
    """
    kind = _KINDS.get(tok)
    if kind is not None:
        return kind
    if len(tok) == 1:
        return "initial" if tok.isalpha() else ""
    if "." in tok:
        if _regexes()["multi"].fullmatch(tok):
            return "ambig"
        return _lookup(tok.rsplit(".", 1)[-1])  # "Tuesday.Mr" (run-on text)
    if "-" in tok:  # D-Mass., ex-Gov.
        return _lookup(tok.rsplit("-", 1)[-1])
    return ""


# the listed words' kinds, for _lookup ("" for the empty token)
_KINDS = {
    "": "",
    **dict.fromkeys(_AMBIGUOUS | _STRONG, "ambig"),
    **dict.fromkeys(_STRONG_BEFORE_WORD, "strong"),
}


def _is_short_intro(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a short introductory phrase like ``At 5 a.m``?"""
    if end - start > 40:
        return False
    words = text[start:end].split()
    return 0 < len(words) <= 4 and words[0].lower() in _INTRO_PREPS


def _decide_term(text: str, m: re.Match[str], last_start: int) -> int | None:
    """Return the cut position for a punctuation candidate, or None."""
    rx = _regexes()
    ms, me = m.start("term"), m.end()
    n = len(text)
    if me >= n:
        return None
    close = m.group("close")
    damaged = '"?' in close or close.endswith("-")
    spaced = text[me].isspace() or damaged
    nx = rx["next"].match(text, me)
    c = nx.group("c")
    if not c:
        return None
    dots = m.group("dots")
    punct = m.group("punct") or ""

    if not spaced:
        # No space after the stop: only "word.Next" style run-ons split, also with a closing
        # double quote between them ('would pass."The vote'), which stays with the first sentence.
        q = 1 if text[me] == '"' else 0
        if not (me + q + 1 < n and text[me + q].isupper() and text[me + q + 1].islower()):
            return None
        if ms == 0 or not (text[ms - 1].islower() or text[ms - 1].isdigit()):
            return None
        lo = text.rfind(" ", 0, ms) + 1
        hi = text.find(" ", me)
        token = text[lo : hi if hi >= 0 else n]
        if rx["url_like"].search(token):
            return None
        prev = _prev_token(text, ms, last_start).rsplit(".", 1)[-1]
        if _lookup(prev) in ("strong", "ambig"):
            return None
        return me + q

    if c.islower() or c in _NO_START:
        return None

    # Ellipses -------------------------------------------------------------
    if dots is not None:
        ndots = dots.count(".")
        if not c.isupper():
            return None
        attached = ms > 0 and not text[ms - 1].isspace()
        if ndots >= 4:
            return ms + 1 if attached else me
        return None
    if "…" in punct or punct.startswith(".."):
        if ms > 0 and text[ms - 1] == "[" and close.startswith("]"):
            return None  # "[...]" marks an omission inside a quotation
        if not c.isupper():
            return None
        if (ms == 0 or text[ms - 1].isspace()) and _word(text, nx.start("c")) == "I":
            return None
        return me

    # ? and ! ---------------------------------------------------------------
    if punct != ".":
        return me

    return _full_stop(text, ms, me, c, nx.start("c"), last_start)


def _word(text: str, at: int) -> str:
    """The character at ``at`` and the ASCII letters right after it."""
    return text[at] + _regexes()["letters"].match(text, at + 1).group()


def _full_stop(text: str, ms: int, me: int, c: str, at: int, last_start: int) -> int | None:
    """Cut position (``me``, after closing marks) for a full stop at ``ms``, or None.

    The stop is followed by space (or a damaged quote); ``c`` is the first
    character of what follows (at ``at``), after opening quotes or brackets,
    and is neither lower case nor in ``_NO_START``.
    """
    # A sentence that would consist of a list marker alone ("1." "a." "• 9.")
    if ms - last_start <= 12 and _regexes()["marker_only"].fullmatch(text[last_start:ms].strip()):
        return None

    tok = _prev_token(text, ms, last_start)
    kind = _lookup(tok)
    if c.isdigit():
        if kind or tok in _STRONG or (len(tok) <= 2 and not tok.isdigit()):
            return None
        return me
    if kind == "":
        return me
    if kind == "strong":
        return None
    if tok in _NUMBER_ONLY:  # "No." before a word is the word "No"
        return me
    # initials and ambiguous abbreviations: split only before a sentence opener
    if not c.isupper() or _word(text, at) not in _STARTERS:
        return None
    if kind == "ambig" and _is_short_intro(text, last_start, ms):
        return None
    return me


def _decide_break(text: str, m: re.Match[str], last_start: int) -> int | None:
    """Return the cut position for a line break, or None (wrapped line)."""
    ns, ne = m.span("nl")
    if ne >= len(text):
        return None
    brk = m.group("nl")
    nbreaks = brk.count("\n") + brk.count("\r") - brk.count("\r\n") + brk.count("\u2028") + brk.count("\u2029")
    if nbreaks >= 2:
        return ns
    if text[ne].islower():
        hm = _regexes()["head"].match(text, last_start, ns)
        head = hm.group(1) if hm else ""
        if head and (head.isupper() or head.isdigit()):
            return None  # a wrapped line inside a sentence
    return ns


def _find_all(text: str, chars: str) -> list[int]:
    """Sorted offsets of every occurrence of any of ``chars`` in ``text``."""
    out: list[int] = []
    find = text.find
    for ch in chars:
        i = find(ch)
        while i >= 0:
            out.append(i)
            i = find(ch, i + 1)
    if len(chars) > 1:
        out.sort()
    return out


def _list_cuts(text: str, stops: list[int]) -> list[int]:
    """Start offsets of numbered/lettered list items that follow an item.

    ``stops`` are the offsets of the full stops in ``text``; a marker ("1."
    "2)" "3.)" "a.") ends in a full stop or a closing bracket.
    """
    marker = _regexes()["marker"]
    ends = sorted(stops + _find_all(text, ")")) if ")" in text else stops
    cands = []
    for q in ends:
        if q >= 3 and text[q - 3 : q - 1].isalpha():
            continue  # the end of a longer word ("said.")
        for at in (q - 1, q - 2):  # one letter or one or two digits after a space
            if at >= 0 and (at == 0 or text[at - 1].isspace()):
                m = marker.match(text, at)
                if m is not None:
                    num, let = m.group(1), m.group(2)
                    kind, val = ("n", int(num)) if num is not None else ("a", ord(let))
                    cands.append((at, kind, val))
                    break
    marked: set[int] = set()
    for (p1, k1, v1), (p2, k2, v2) in zip(cands, cands[1:]):
        if k1 == k2 and v2 == v1 + 1:
            marked.add(p1)
            marked.add(p2)
    return sorted(p for p in marked if p > 0)


_BREAKS = "\n\r\u2028\u2029"


# The meaning of analysis/_speedups.c's text kernels (Splitter, word_runs, split_counts, holding, minhash, slices,
# removed, normalised, clean_marks, glued, unit_cues) this package expects (its TEXT_VERSION).
_TEXT_VERSION = 12
_KERNEL_ENV = "ANALYSIS_TEXT_KERNEL"


@lru_cache(maxsize=1)
def _compiled():
    """``analysis._speedups`` when its text kernels can be used, else None (pure Python).

    The compiled sentence splitter (and the word runs of :mod:`analysis.furniture`'s keys)
    give the results of the Python code, several times faster. ``ANALYSIS_TEXT_KERNEL=python``
    forces the Python code; ``=c`` requires the compiled one (an error if it is missing or stale).
    """
    from .._extras import speedups

    return speedups(_KERNEL_ENV, {"TEXT_VERSION": _TEXT_VERSION}, fallback="the pure-Python code")


@lru_cache(maxsize=1)
def _splitter():
    """The compiled :func:`sentence_spans` over this module's word lists, or None."""
    fast = _compiled()
    if fast is None:
        return None
    codes = {"": 0, "ambig": 1, "strong": 2}
    return fast.Splitter({word: codes[kind] for word, kind in _KINDS.items()}, _STRONG, _NUMBER_ONLY,
                         _STARTERS, _INTRO_PREPS).spans


def kernel() -> str:
    """Which sentence splitter is in use: ``"c"`` (compiled) or ``"python"``.

    Example
    -------
    >>> kernel() in ("c", "python")
    True
    """
    return "python" if _splitter() is None else "c"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets of the sentences of ``text``.

    Parameters
    ----------
    text : str
        English text (news prose, headlines, lists).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets in order, non-overlapping, without
        surrounding whitespace, together covering every non-whitespace
        character of ``text``.  Empty or blank text gives ``[]``.

    Example
    -------
    >>> text = "Stocks rose 1.5% at 5 p.m. Monday. It was a record!"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Stocks rose 1.5% at 5 p.m. Monday.', 'It was a record!']
    """
    fast = _splitter()
    if fast is not None and isinstance(text, str):
        return fast(text)
    return _sentence_spans(text)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """:func:`sentence_spans` in Python (the specification of the compiled splitter)."""
    if not text or text.isspace():
        return []
    rx = _regexes()
    term, full = rx["term"], rx["full"]
    n = len(text)
    # Candidates: every stop, ?, !, ellipsis, line break and bullet, in order.
    # Each is tried where it stands, as a regex scan would find it; a match
    # may swallow the next ones ("?!", '."?'), up to ``scan``.
    stops = _find_all(text, ".")
    others = _find_all(text, "!?…‽" + _BREAKS + _BULLETS)
    cands = sorted(stops + others) if others else stops
    list_cuts = _list_cuts(text, stops)
    next_item = list_cuts[0] if list_cuts else n  # the next list-item cut
    li = 0
    cuts: list[int] = []
    last = 0  # start of the open sentence
    scan = 0  # end of the last match
    alnum = rx["alnum"]
    after_space = rx["next"]

    def accept(p: int) -> None:
        nonlocal last
        if p <= last:
            return
        if p - last < 16 and alnum.search(text, last, p) is None:
            return  # nothing but bullets/marks so far: keep them with the next
        cuts.append(p)
        last = p

    for pos in cands:
        if pos < scan:
            continue
        while next_item <= pos:
            accept(next_item)
            li += 1
            next_item = list_cuts[li] if li < len(list_cuts) else n
        ch = text[pos]
        if ch == "." and pos + 2 < n and text[pos + 1] == " " and text[pos + 2] != ".":
            # The usual case, a full stop and a space (". Next", '. "Next', ". next"):
            # the regex would match the stop alone; decided here without it.
            c, at = text[pos + 2], pos + 2
            if not ("A" <= c <= "Z" or "a" <= c <= "z"):
                nx = after_space.match(text, pos + 1)
                c, at = nx.group("c"), nx.start("c")
                if not c:
                    continue
            if c.islower() or c in _NO_START:
                continue
            if "A" <= c <= "Z" and pos - last > 12:
                # After a plain word of two or more letters that is no listed
                # abbreviation, a stop before a capital ends the sentence
                # (what _full_stop decides, without its general steps).
                space = text.rfind(" ", max(last, pos - 40), pos)
                if space >= 0 and pos - space > 2:
                    word = text[space + 1 : pos]
                    if word.isalpha() and word not in _KINDS:
                        accept(pos + 1)
                        continue
            p = _full_stop(text, pos, pos + 1, c, at, last)
            if p is not None:
                accept(p)
            continue
        if ch in _BREAKS:
            start = pos  # the match starts with the spaces before the break
            while start > scan and text[start - 1].isspace() and text[start - 1] not in _BREAKS:
                start -= 1
            m = full.match(text, start)
            scan = m.end()
            p = _decide_break(text, m, last)
        elif ch in _BULLETS:
            scan = pos + 1
            p = pos if (pos == 0 or text[pos - 1].isspace()) else None
        else:
            m = term.match(text, pos)
            if m is None:
                continue
            scan = m.end()
            p = _decide_term(text, m, last)
        if p is not None:
            accept(p)
    while li < len(list_cuts):
        accept(list_cuts[li])
        li += 1

    if cuts and alnum.search(text, cuts[-1]) is None:
        cuts.pop()  # trailing marks only ("... the end. -"): keep with the last sentence

    spans: list[tuple[int, int]] = []
    start = 0
    for p in cuts + [len(text)]:
        seg = text[start:p]
        stripped = seg.strip()
        if stripped:
            s = start + (len(seg) - len(seg.lstrip()))
            spans.append((s, s + len(stripped)))
        start = p
    return spans


def split(text: str) -> list[str]:
    """Split ``text`` into sentences.

    Parameters
    ----------
    text : str
        English text.

    Returns
    -------
    list of str
        The sentences, stripped of surrounding whitespace; the same as
        ``[text[s:e] for s, e in sentence_spans(text)]``.

    Example
    -------
    >>> split('She said "Go." Then she left. Dr. Jones stayed.')
    ['She said "Go."', 'Then she left.', 'Dr. Jones stayed.']
    """
    return [text[s:e] for s, e in sentence_spans(text)]


def sentences(
    articles: pd.DataFrame, *, col: str = "text", id_col: str = "article_id"
) -> pd.DataFrame:
    """One row per sentence of each article.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles, one per row.  Not modified.
    col : str, default "text"
        Column holding the text.  Missing values give no sentences.
    id_col : str, default "article_id"
        Column identifying the article; when absent, the index value is used.

    Returns
    -------
    pandas.DataFrame
        Columns ``article_id``, ``sentence_no`` (0-based within the article),
        ``start``, ``end`` (character offsets into the text) and
        ``sentence``, in article order.

    Raises
    ------
    KeyError
        If ``col`` is not a column of ``articles``.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"article_id": [7], "text": ["Hi there. Bye now."]})
    >>> sentences(df)[["article_id", "sentence_no", "sentence"]].values.tolist()
    [[7, 0, 'Hi there.'], [7, 1, 'Bye now.']]
    """
    if col not in articles.columns:
        raise KeyError(f"column {col!r} not found in articles")
    texts = articles[col].tolist()
    ids = articles[id_col].tolist() if id_col in articles.columns else articles.index.tolist()
    out_id: list = []
    out_no: list[int] = []
    out_s: list[int] = []
    out_e: list[int] = []
    out_t: list[str] = []
    for aid, text in zip(ids, texts):
        if not isinstance(text, str):
            continue
        for i, (s, e) in enumerate(sentence_spans(text)):
            out_id.append(aid)
            out_no.append(i)
            out_s.append(s)
            out_e.append(e)
            out_t.append(text[s:e])
    id_dtype = articles[id_col].dtype if id_col in articles.columns else articles.index.dtype
    id_values = pd.Series(out_id, dtype=id_dtype)
    return pd.DataFrame(
        {
            "article_id": id_values,
            "sentence_no": pd.Series(out_no, dtype="int64"),
            "start": pd.Series(out_s, dtype="int64"),
            "end": pd.Series(out_e, dtype="int64"),
            "sentence": pd.Series(out_t, dtype=str),
        }
    )
