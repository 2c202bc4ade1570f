"""Theme detection (sanctions, energy, UN voting) with sentence-level evidence.

A theme is described by a small, hand-written lexicon (``analysis/data/themes.toml``,
documented in ``analysis/data/README.md``):

* ``strong`` terms are evidence on their own ("sanctions", "natural gas",
  "crude oil");
* ``weak`` rules list ambiguous terms ("oil", "resolution", "veto") that count
  only when one of the rule's ``context`` phrases occurs in the same sentence,
  or within ``window`` words of the term;
* ``block`` phrases shadow a term they overlap ("tear gas" hides "gas",
  "National Security Council" hides "Security Council");
* ``exclude`` phrases veto every hit of the theme (or of one weak rule) in the
  sentence where they occur ("doping" for sanctions);
* every accepted hit is a mention (``T_hits``, :func:`evidence`); an article is
  *about* a theme (``T``) when it has at least ``min_hits`` of them and its
  salience ``T_salience`` in [0, 1] (share of sentences with hits, sentences
  with hits, headline and lead hits, distinct terms, hit sentences close
  together in a paragraph; per-theme weights and ``threshold`` in the lexicon's
  ``salience`` tables) reaches the threshold, so an idiom, a list item or one
  sentence in a long story on something else is a passing mention, not the
  subject.

Matching is one Aho-Corasick pass per article (:class:`analysis.match.PhraseMatcher`)
followed by cheap checks per hit. Sentences come from
:func:`analysis.segment.sentence_spans`.

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"text": ["The EU extended sanctions on Russia.",
...                             "Police fired tear gas at the crowd."]})
>>> themes(df)[["sanctions", "energy", "un_voting"]].values.tolist()
[[True, False, False], [False, False, False]]
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from analysis.score.match import PhraseMatcher, fold

__all__ = [
    "Lexicon",
    "LexiconError",
    "load_lexicon",
    "expand",
    "find_hits",
    "themes",
    "evidence",
    "SALIENCE_DEFAULTS",
]

_THEME_KEYS = {"description", "strong", "weak", "block", "exclude", "min_hits", "salience"}
_RULE_KEYS = {"terms", "context", "window", "exclude", "skip_list_items", "previous_sentences"}
# keys a user theme without terms may set to adjust the packaged theme of that name
_ADJUST_KEYS = {"description", "min_hits", "salience"}
#: Salience settings of a theme that gives none (see ``analysis/data/README.md``).
#: ``threshold = 0`` keeps the mention rule (``T_hits >= min_hits``) for such themes.
SALIENCE_DEFAULTS: dict[str, Any] = {
    "threshold": 0.0,
    "share_full": 0.2,
    "sentences_full": 3,
    "lead_sentences": 3,
    "terms_full": 4,
    "paragraph_sentences": 4,
    "paragraph_full": 3,
    "weights": {"share": 0.4, "sentences": 0.2, "headline": 0.1, "lead": 0.1, "terms": 0.2, "paragraph": 0.0},
}
#: The salience parts, in the order of ``SALIENCE_DEFAULTS["weights"]``.
_PARTS = tuple(SALIENCE_DEFAULTS["weights"])
_COLUMN_SUFFIXES = ("_hits", "_salience")
_TOP_KEYS = {"format", "themes"}
_SNIPPET = 200
_WORD = re.compile(r"\w+")


class LexiconError(ValueError):
    """A theme lexicon is malformed; the message names file, line and problem."""


# ---------------------------------------------------------------------------
# Inflection syntax
# ---------------------------------------------------------------------------

_BRACES = re.compile(r"\{([^{}]*)\}")


def expand(term: str) -> list[str]:
    """Expand the brace syntax of a lexicon term into its variants.

    ``{a,b}`` lists alternatives (an empty alternative is allowed), several
    groups multiply out, and a leading ``=`` marks the term case-sensitive
    (kept on every variant). Whitespace is normalised.

    Example
    -------
    >>> expand("sanction{,s,ed}")
    ['sanction', 'sanctions', 'sanctioned']
    >>> expand("oil price{,s} rise{,s}")
    ['oil price rise', 'oil price rises', 'oil prices rise', 'oil prices rises']
    """
    if not isinstance(term, str):
        raise ValueError(f"term must be a string, not {type(term).__name__}")
    prefix = ""
    body = term
    if body.startswith("="):
        prefix, body = "=", body[1:]
    if not body.strip():
        raise ValueError("empty term")
    rest = _BRACES.sub("", body)
    if "{" in rest or "}" in rest:
        raise ValueError(f"bad inflection syntax in {term!r} (unbalanced or nested braces)")
    variants = [""]
    pos = 0
    for m in _BRACES.finditer(body):
        alts = m.group(1).split(",")
        if len(alts) < 2 and alts[0] == "":
            raise ValueError(f"bad inflection syntax in {term!r} (empty braces)")
        head = body[pos : m.start()]
        variants = [v + head + a for v in variants for a in alts]
        pos = m.end()
    variants = [v + body[pos:] for v in variants]
    out: list[str] = []
    for v in variants:
        v = " ".join(v.split())
        if not v:
            raise ValueError(f"bad inflection syntax in {term!r} (a variant is empty)")
        if prefix + v not in out:
            out.append(prefix + v)
    return out


# ---------------------------------------------------------------------------
# Lexicon loading and validation
# ---------------------------------------------------------------------------


def _line_of(source_text: str | None, needle: str, after: str | None = None) -> int | None:
    """Best-effort line number of ``needle`` (after the first ``after``) in the raw file."""
    if not source_text:
        return None
    start = 0
    if after:
        i = source_text.find(after)
        if i >= 0:
            start = i
    i = source_text.find(needle, start)
    if i < 0:
        i = source_text.find(needle)
    if i < 0:
        return None
    return source_text.count("\n", 0, i) + 1


def _fail(origin: str, problem: str, line: int | None = None) -> LexiconError:
    where = f"{origin}, line {line}" if line else origin
    return LexiconError(f"{where}: {problem}")


def _check_terms(value: Any, what: str, origin: str, raw: str | None, header: str) -> list[str]:
    if not isinstance(value, list):
        raise _fail(origin, f"{what} must be a list of strings, not {type(value).__name__}",
                    _line_of(raw, what.rsplit(".", 1)[-1], header))
    out = []
    for t in value:
        if not isinstance(t, str):
            raise _fail(origin, f"{what} must contain strings, found {t!r}",
                        _line_of(raw, what.rsplit(".", 1)[-1], header))
        try:
            expand(t)
        except ValueError as exc:
            needle = json.dumps(t) if t.strip() else '""'
            raise _fail(origin, f"{what}: {exc}", _line_of(raw, needle, header)) from None
        out.append(t)
    return out


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _check_salience(value: Any, name: str, origin: str, raw: str | None, header: str, base: dict) -> dict:
    """Validate a theme's ``salience`` table; keys not given are taken from ``base``."""
    def fail(problem: str, key: str) -> LexiconError:
        return _fail(origin, f"{name}.salience{problem}", _line_of(raw, key, header))

    if not isinstance(value, Mapping):
        raise fail(f" must be a table, not {type(value).__name__}", "salience")
    unknown = set(value) - set(SALIENCE_DEFAULTS)
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f": unknown key {key!r} (allowed: {', '.join(sorted(SALIENCE_DEFAULTS))})", key)
    out = copy.deepcopy(base)
    for key in ("threshold", "share_full"):
        if key in value:
            v = value[key]
            low_ok = key == "threshold"
            if not _number(v) or v > 1 or v < 0 or (v == 0 and not low_ok):
                rng = "[0, 1]" if low_ok else "(0, 1]"
                raise fail(f".{key} must be a number in {rng}, not {v!r}", key)
            out[key] = float(v)
    for key, low in (("lead_sentences", 0), ("sentences_full", 1), ("terms_full", 1),
                     ("paragraph_sentences", 1), ("paragraph_full", 1)):
        if key in value:
            v = value[key]
            if not isinstance(v, int) or isinstance(v, bool) or v < low:
                raise fail(f".{key} must be an integer >= {low}, not {v!r}", key)
            out[key] = v
    if "weights" in value:
        w = value["weights"]
        if not isinstance(w, Mapping):
            raise fail(f".weights must be a table, not {type(w).__name__}", "weights")
        bad = set(w) - set(SALIENCE_DEFAULTS["weights"])
        if bad:
            key = sorted(bad)[0]
            raise fail(f".weights: unknown key {key!r} (allowed: "
                       f"{', '.join(sorted(SALIENCE_DEFAULTS['weights']))})", key)
        for key, v in w.items():
            if not _number(v) or v < 0:
                raise fail(f".weights.{key} must be a number >= 0, not {v!r}", "weights")
            out["weights"][key] = float(v)
        if sum(out["weights"].values()) <= 0:
            raise fail(".weights must not all be 0", "weights")
    return out


def _check_scalars(theme: dict, name: str, origin: str, raw: str | None, header: str) -> None:
    if not isinstance(theme["description"], str):
        raise _fail(origin, f"{name}.description must be a string", _line_of(raw, "description", header))
    mh = theme["min_hits"]
    if not isinstance(mh, int) or isinstance(mh, bool) or mh < 1:
        raise _fail(origin, f"{name}.min_hits must be an integer >= 1, not {mh!r}",
                    _line_of(raw, "min_hits", header))


def _validate_theme(name: str, spec: Any, origin: str, raw: str | None, base: dict | None = None) -> dict:
    """Validate one theme; with ``base`` (the packaged theme) a table without terms adjusts it."""
    header = f"themes.{name}"
    if not isinstance(spec, Mapping):
        raise _fail(origin, f"theme {name!r} must be a table, not {type(spec).__name__}",
                    _line_of(raw, header))
    unknown = set(spec) - _THEME_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(origin, f"unknown key {key!r} in theme {name!r} "
                    f"(allowed: {', '.join(sorted(_THEME_KEYS))})", _line_of(raw, key, header))
    if base is not None and "strong" not in spec and "weak" not in spec:
        extra = set(spec) - _ADJUST_KEYS
        if extra:
            key = sorted(extra)[0]
            raise _fail(origin, f"theme {name!r} has no terms, so it adjusts the packaged theme and may only "
                        f"set {', '.join(sorted(_ADJUST_KEYS))}, not {key!r}", _line_of(raw, key, header))
        theme = copy.deepcopy(base)
        theme.update({k: spec[k] for k in ("description", "min_hits") if k in spec})
        _check_scalars(theme, name, origin, raw, header)
        theme["salience"] = _check_salience(spec.get("salience", {}), name, origin, raw, header, base["salience"])
        return theme
    theme: dict[str, Any] = {
        "description": spec.get("description", ""),
        "strong": _check_terms(spec.get("strong", []), f"{name}.strong", origin, raw, header),
        "block": _check_terms(spec.get("block", []), f"{name}.block", origin, raw, header),
        "exclude": _check_terms(spec.get("exclude", []), f"{name}.exclude", origin, raw, header),
        "min_hits": spec.get("min_hits", 1),
        "weak": [],
    }
    _check_scalars(theme, name, origin, raw, header)
    rules = spec.get("weak", [])
    if not isinstance(rules, list):
        raise _fail(origin, f"{name}.weak must be an array of tables ([[themes.{name}.weak]])",
                    _line_of(raw, "weak", header))
    for i, rule in enumerate(rules):
        rh = f"[[themes.{name}.weak]]"
        if not isinstance(rule, Mapping):
            raise _fail(origin, f"{name}.weak[{i}] must be a table", _line_of(raw, rh))
        unknown = set(rule) - _RULE_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise _fail(origin, f"unknown key {key!r} in {name}.weak[{i}] "
                        f"(allowed: {', '.join(sorted(_RULE_KEYS))})", _line_of(raw, key, header))
        if "terms" not in rule or "context" not in rule:
            raise _fail(origin, f"{name}.weak[{i}] needs both 'terms' and 'context'", _line_of(raw, rh))
        window = rule.get("window", 0)
        if not isinstance(window, int) or isinstance(window, bool) or window < 0:
            raise _fail(origin, f"{name}.weak[{i}].window must be an integer >= 0, not {window!r}",
                        _line_of(raw, "window", header))
        previous = rule.get("previous_sentences", 0)
        if not isinstance(previous, int) or isinstance(previous, bool) or previous < 0:
            raise _fail(origin, f"{name}.weak[{i}].previous_sentences must be an integer >= 0, not {previous!r}",
                        _line_of(raw, "previous_sentences", header))
        skip = rule.get("skip_list_items", False)
        if not isinstance(skip, bool):
            raise _fail(origin, f"{name}.weak[{i}].skip_list_items must be true or false",
                        _line_of(raw, "skip_list_items", header))
        terms = _check_terms(rule["terms"], f"{name}.weak[{i}].terms", origin, raw, header)
        context = _check_terms(rule["context"], f"{name}.weak[{i}].context", origin, raw, header)
        if not terms or not context:
            raise _fail(origin, f"{name}.weak[{i}] has an empty 'terms' or 'context' list", _line_of(raw, rh))
        theme["weak"].append({
            "terms": terms,
            "context": context,
            "window": window,
            "exclude": _check_terms(rule.get("exclude", []), f"{name}.weak[{i}].exclude", origin, raw, header),
            "skip_list_items": skip,
            "previous_sentences": previous,
        })
    if not theme["strong"] and not theme["weak"]:
        raise _fail(origin, f"theme {name!r} has no 'strong' terms and no 'weak' rules", _line_of(raw, header))
    theme["salience"] = _check_salience(spec.get("salience", {}), name, origin, raw, header, SALIENCE_DEFAULTS)
    return theme


def _parse(source: Any) -> tuple[dict, str, str | None]:
    """Return (raw dict, origin label, raw text) for a path or a mapping."""
    if isinstance(source, Mapping):
        return dict(source), "<dict>", None
    if isinstance(source, (str, Path)):
        path = Path(source)
        origin = str(path)
        try:
            data_bytes = path.read_bytes()
        except OSError as exc:
            raise LexiconError(f"{origin}: cannot read lexicon ({exc.strerror or exc})") from None
        try:
            raw = data_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data_bytes.count(b"\n", 0, exc.start) + 1
            raise _fail(origin, f"not UTF-8 text (byte 0x{data_bytes[exc.start]:02x} at offset {exc.start})",
                        line) from None
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise _fail(origin, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
        elif path.suffix.lower() == ".toml":
            try:
                data = tomllib.loads(raw)
            except tomllib.TOMLDecodeError as exc:
                m = re.search(r"line (\d+)", str(exc))
                raise _fail(origin, f"invalid TOML: {exc}", int(m.group(1)) if m else None) from None
        else:
            raise LexiconError(f"{origin}: lexicon files must end in .toml or .json")
        if not isinstance(data, dict):
            raise LexiconError(f"{origin}: the lexicon must be a table/object at top level")
        return data, origin, raw
    raise TypeError(f"lexicon source must be None, a path or a dict, not {type(source).__name__}")


def _validate(data: dict, origin: str, raw: str | None, base: dict[str, dict] | None = None) -> dict[str, dict]:
    """Validated themes of ``data``; ``base`` (packaged themes) lets a table without terms adjust one."""
    unknown = set(data) - _TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(origin, f"unknown top-level key {key!r} (themes go under [themes.NAME])",
                    _line_of(raw, key))
    fmt = data.get("format", 1)
    if fmt != 1:
        raise _fail(origin, f"unsupported format {fmt!r} (expected 1)", _line_of(raw, "format"))
    themes_ = data.get("themes")
    if not isinstance(themes_, Mapping) or not themes_:
        raise _fail(origin, "no themes: expected one or more [themes.NAME] tables")
    out = {}
    for name, spec in themes_.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
            raise _fail(origin, f"theme name {name!r} must be an identifier", _line_of(raw, str(name)))
        if name.endswith(_COLUMN_SUFFIXES):
            raise _fail(origin, f"theme name {name!r} must not end in "
                        f"{' or '.join(repr(x) for x in _COLUMN_SUFFIXES)}", _line_of(raw, str(name)))
        out[name] = _validate_theme(name, spec, origin, raw, (base or {}).get(name))
    return out


@dataclass(frozen=True)
class Lexicon:
    """A validated set of theme definitions.

    Attributes
    ----------
    themes:
        Theme names in order.
    sha256:
        Hash of the canonical (JSON, sorted keys) definition, for caching.
    match_sha256:
        Hash of the parts that decide the hits (terms and rules; not
        ``description``, ``min_hits`` or ``salience``): hit records cached under
        it stay valid when only thresholds change.
    spec:
        The validated definitions, ``{theme: {...}}``.
    """

    themes: tuple[str, ...]
    sha256: str
    spec: dict = field(repr=False, compare=False)
    match_sha256: str = field(default="", repr=False, compare=False)

    @property
    def matcher(self) -> PhraseMatcher:
        """The lexicon's compiled phrase matcher (built on first use, cached by content).

        Pass it with the actor gazetteer's to :func:`analysis.match.share` so
        that one automaton pass per text serves both stages.
        """
        return _compile(self).matcher


@lru_cache(maxsize=1)
def _packaged_raw() -> tuple[dict, str]:
    path = files("analysis") / "data" / "themes.toml"
    raw = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - packaged file is tested
        raise LexiconError(f"themes.toml: invalid TOML: {exc}") from None
    return _validate(data, "themes.toml", raw), raw


def _make(spec: dict[str, dict]) -> Lexicon:
    def digest(value: Any) -> str:
        canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    matching = {n: {k: v for k, v in t.items() if k not in _ADJUST_KEYS} for n, t in spec.items()}
    return Lexicon(tuple(spec), digest(spec), spec, digest(matching))


@lru_cache(maxsize=1)
def _packaged() -> Lexicon:
    spec, _ = _packaged_raw()
    return _make(copy.deepcopy(spec))


def load_lexicon(source: Any = None) -> Lexicon:
    """Load the packaged theme lexicon, optionally overridden or extended.

    Parameters
    ----------
    source:
        ``None`` for the packaged ``themes.toml``; or a path to a ``.toml`` /
        ``.json`` file, or a dict, in the same format. A theme given there
        with terms replaces the packaged theme of that name; one without
        terms (only ``description``, ``min_hits``, ``salience``) adjusts it,
        e.g. ``{"themes": {"energy": {"salience": {"threshold": 0.5}}}}``;
        new names are appended.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        If the lexicon is malformed (message names the file, line and problem).

    Example
    -------
    >>> lex = load_lexicon({"themes": {"rail": {"strong": ["railway{,s}"]}}})
    >>> lex.themes
    ('sanctions', 'energy', 'un_voting', 'rail')
    >>> load_lexicon({"themes": {"energy": {"salience": {"threshold": 0.5}}}}).spec["energy"]["salience"]["threshold"]
    0.5
    """
    if source is None:
        return _packaged()
    if isinstance(source, Lexicon):
        return source
    data, origin, raw = _parse(source)
    user = _validate(data, origin, raw, _packaged().spec)
    spec = copy.deepcopy(_packaged().spec)
    spec.update(copy.deepcopy(user))
    return _make(spec)


def _resolve(lexicon: Any) -> Lexicon:
    return lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)


# ---------------------------------------------------------------------------
# Compilation: one automaton for every phrase of every theme
# ---------------------------------------------------------------------------

# roles of a phrase in the automaton (the candidate roles first: role <= _BLOCK)
_STRONG, _WEAK, _BLOCK, _CONTEXT, _EXCL = range(5)


@dataclass
class _Compiled:
    names: tuple[str, ...]
    matcher: PhraseMatcher
    rules: dict[str, list[dict]]


def _entries(term: str, value: tuple) -> list[tuple]:
    out = []
    for v in expand(term):
        if v.startswith("="):
            out.append((v[1:], value + (v[1:],), True))
        else:
            out.append((v, value + (v.lower(),), False))
    return out


_COMPILED: dict[str, _Compiled] = {}


def _build(spec: dict) -> _Compiled:
    entries: list[tuple] = []
    rules: dict[str, list[dict]] = {}
    for name, th in spec.items():
        for t in th["strong"]:
            entries += _entries(t, (name, _STRONG, -1))
        for t in th["block"]:
            entries += _entries(t, (name, _BLOCK, -1))
        for t in th["exclude"]:
            entries += _entries(t, (name, _EXCL, -1))
        rules[name] = []
        for i, r in enumerate(th["weak"]):
            for t in r["terms"]:
                entries += _entries(t, (name, _WEAK, i))
            for t in r["context"]:
                entries += _entries(t, (name, _CONTEXT, i))
            for t in r["exclude"]:
                entries += _entries(t, (name, _EXCL, i))
            rules[name].append({"window": r["window"], "skip": r["skip_list_items"],
                                "previous": r["previous_sentences"]})
    return _Compiled(tuple(spec), PhraseMatcher(entries), rules)


def _compile(lex: Lexicon) -> _Compiled:
    """Compiled matcher of ``lex``, cached by the hash of its matching rules (a few lexicons at most)."""
    comp = _COMPILED.get(lex.match_sha256)
    if comp is None:
        if len(_COMPILED) >= 16:
            _COMPILED.clear()
        comp = _COMPILED[lex.match_sha256] = _build(lex.spec)
    return comp


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


def _longest(items: list) -> list:
    """Leftmost-longest selection of (start, end, ...) tuples."""
    items.sort(key=lambda h: (h[0], h[0] - h[1]))
    kept, end, span = [], -1, None
    for h in items:
        if h[0] >= end:
            kept.append(h)
            end, span = h[1], (h[0], h[1])
        elif (h[0], h[1]) == span:  # same phrase in another role or rule
            kept.append(h)
    return kept


def _is_list_item(text: str, start: int, end: int) -> bool:
    """True when the hit is a list item (", energy," / "energy, water" / "such as energy")."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    before = text[i] if i >= 0 else ""
    after = text[j] if j < len(text) else ""
    if (before and before in ",;") or (after and after in ",;"):
        return True
    head = fold(text[max(0, start - 12) : start]).rstrip()
    return head.endswith(("such as", "including"))


def _within_words(text: str, a: int, b: int, window: int) -> bool:
    """Whether ``text[a:b]`` holds at most ``window`` words (reads no further than word ``window + 1``)."""
    if b <= a:
        return True
    for n, _ in enumerate(_WORD.finditer(text, a, b), 1):
        if n > window:
            return False
    return True


def _match(text: str, spans: list[tuple[int, int]], comp: _Compiled) -> list[dict]:
    if not isinstance(text, str) or not text or not spans:
        return []
    raw = comp.matcher.find_spans(text)
    if not raw:
        return []
    starts = [s for s, _ in spans]

    def sentence_of(pos: int) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos < spans[k][1]:
            return k
        return -1

    # candidates (strong, weak, block) by theme; the context and exclude hits
    # of a theme are gathered only when it has candidates
    cand_by: dict[str, list] = {}
    for s, e, _, value in raw:
        if value[1] <= _BLOCK:
            cand_by.setdefault(value[0], []).append((s, e, *value[1:]))
    out: list[dict] = []
    for name in comp.names:
        items = cand_by.get(name)
        if not items:
            continue
        cand = [x for x in _longest(items) if x[2] != _BLOCK]
        if not cand:
            continue
        others = [(s, e, *v[1:]) for s, e, _, v in raw if v[0] == name and v[1] > _BLOCK]
        blocks = [x for x in items if x[2] == _BLOCK]
        # excluded sentences: rule -1 = whole theme
        excluded = {(rule, sentence_of(s)) for s, _, role, rule, _ in others if role == _EXCL}
        ctx_by_rule: dict | None = None  # built when a weak term needs it
        seen: set[tuple[int, int]] = set()
        for s, e, role, rule, term in cand:
            if (s, e) in seen:  # same span accepted by another rule
                continue
            sno = sentence_of(s)
            if sno < 0 or (-1, sno) in excluded:
                continue
            if role == _WEAK:
                if (rule, sno) in excluded:
                    continue
                cfg = comp.rules[name][rule]
                if cfg["skip"] and _is_list_item(text, s, e):
                    continue
                if ctx_by_rule is None:
                    ctx_by_rule = _context(others, blocks, sentence_of)
                if not _has_context(text, s, e, ctx_by_rule.get((rule, sno)), cfg["window"]) and not any(
                        (rule, sno - k) in ctx_by_rule for k in range(1, min(cfg["previous"], sno) + 1)):
                    continue
            seen.add((s, e))
            out.append({"theme": name, "term": term, "start": s, "end": e, "sentence_no": sno})
    out.sort(key=lambda d: (d["start"], d["theme"]))
    return out


def _context(others: list, blocks: list, sentence_of) -> dict[tuple[int, int], tuple[list[int], list[int]]]:
    """Context hits per weak rule and sentence, after blocking.

    ``{(rule, sentence_no): (starts, ends)}``, both sorted, so that a weak term
    finds its nearest context phrase on either side by bisection (time linear
    in the text, however many terms and phrases one long sentence holds).
    """
    ctx = [x for x in others if x[2] == _CONTEXT]
    by_key: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    if not ctx:
        return by_key
    for s, e, role, rule, _ in _longest(ctx + blocks):  # a longer context phrase or a block shadows
        if role == _CONTEXT:
            starts, ends = by_key.setdefault((rule, sentence_of(s)), ([], []))
            starts.append(s)
            ends.append(e)
    for starts, ends in by_key.values():
        starts.sort()
        ends.sort()
    return by_key


def _has_context(text: str, s: int, e: int, ctx: tuple[list[int], list[int]] | None, window: int) -> bool:
    """Whether a context phrase of the rule in the term's sentence backs the weak term at ``s:e``.

    A phrase overlapping the term is not context. The nearest phrase wholly
    after the term (smallest start >= ``e``) and wholly before it (largest end
    <= ``s``) have the fewest words in between, so only those two are tried.
    """
    if not ctx:
        return False
    starts, ends = ctx
    i = bisect.bisect_left(starts, e)
    j = bisect.bisect_right(ends, s) - 1
    if window == 0:
        return i < len(starts) or j >= 0
    return (i < len(starts) and _within_words(text, e, starts[i], window)) or \
        (j >= 0 and _within_words(text, ends[j], s, window))


def find_hits(text: str, spans: list[tuple[int, int]] | None = None, *, lexicon: Any = None) -> list[dict]:
    """Accepted theme hits in one text.

    Parameters
    ----------
    text:
        The article text.
    spans:
        Sentence ``(start, end)`` offsets, as from
        :func:`analysis.segment.sentence_spans`; ``None`` computes them.
        Hits outside every span are ignored.
    lexicon:
        ``None`` (packaged), a :class:`Lexicon`, or a source for :func:`load_lexicon`.

    Returns
    -------
    list of dict
        ``theme``, ``term`` (the expanded lexicon phrase that matched),
        ``start``, ``end`` (offsets into ``text``) and ``sentence_no``
        (index into ``spans``), ordered by position.

    Example
    -------
    >>> t = "Russia vetoed the draft resolution in the Security Council. Oil prices fell."
    >>> [(h["theme"], h["term"], h["sentence_no"]) for h in find_hits(t, [(0, 59), (60, 76)])]
    [('un_voting', 'vetoed', 0), ('un_voting', 'draft resolution', 0), ('energy', 'oil prices', 1)]
    """
    comp = _compile(_resolve(lexicon))
    if spans is None:
        spans = _spans(text)
    return _match(text, list(spans), comp)


def _spans(text: Any) -> list[tuple[int, int]]:
    from analysis.score.segment import sentence_spans

    if not isinstance(text, str) or not text:
        return []
    return sentence_spans(text)


def _texts(articles: pd.DataFrame, col: str) -> pd.Series:
    if col not in articles.columns:
        raise KeyError(f"column {col!r} not found; available: {list(articles.columns)}")
    return articles[col]


_TITLE_CHUNK = 20_000  # titles matched per automaton pass


def _title_hits(titles: Any, comp: _Compiled) -> dict[str, np.ndarray]:
    """Accepted hits per theme in each title (int64 arrays aligned with ``titles``).

    Each title is one sentence; the titles are joined with blank lines (which
    no phrase crosses) and matched in one pass per chunk, so the cost is that of
    one long text rather than one call per article.
    """
    codes, uniques = pd.factorize(pd.Series(list(titles), dtype=object), use_na_sentinel=True)
    values = [" ".join(t.split()) if isinstance(t, str) else "" for t in uniques]  # each distinct title once
    counts = {n: np.zeros(len(values) + 1, dtype=np.int64) for n in comp.names}  # last slot: missing
    for lo in range(0, len(values), _TITLE_CHUNK):
        chunk = values[lo : lo + _TITLE_CHUNK]
        rows = [i for i, t in enumerate(chunk) if t]
        if not rows:
            continue
        spans, pos = [], 0
        for i in rows:
            spans.append((pos, pos + len(chunk[i])))
            pos += len(chunk[i]) + 2
        hits = _match("\n\n".join(chunk[i] for i in rows), spans, comp)
        for h in hits:
            counts[h["theme"]][lo + rows[h["sentence_no"]]] += 1
    return {n: c[codes] for n, c in counts.items()}  # code -1 (missing) reads the last slot, 0


def _ramp(count: np.ndarray, full: int) -> np.ndarray:
    """0 for at most one, rising linearly to 1 at ``full`` (1 for any when ``full`` is 1)."""
    if full <= 1:
        return (count >= 1).astype(float)
    return np.clip((count - 1) / (full - 1), 0.0, 1.0)


def _theme_frame(
    index: pd.Index,
    n_sentences: Any,
    hit_article: Any,
    hit_theme: Any,
    hit_term: Any,
    hit_sentence: Any,
    *,
    lexicon: Lexicon,
    titles: Any = None,
) -> pd.DataFrame:
    """Theme columns from flat hit arrays: the one implementation of the salience rule.

    Used by :func:`themes` and by :func:`analysis.analyze` (which reads the hits
    from its cached records), so both give identical ``T_hits``, ``T_salience``
    and ``T``.

    Parameters
    ----------
    index:
        Index of the result (one row per article).
    n_sentences:
        Sentences per article.
    hit_article, hit_theme, hit_term, hit_sentence:
        One entry per accepted body hit: article position (0-based row), theme
        name, matched term and sentence number.
    lexicon:
        The lexicon the hits came from (its salience settings are used).
    titles:
        Headlines aligned with the rows (missing or ``None``: no headline hits).

    Returns
    -------
    pandas.DataFrame
        For each theme ``T``: ``T_hits`` (int64), ``T_salience`` (float64 in
        [0, 1]) and ``T`` (bool).
    """
    n = len(index)
    comp = _compile(lexicon)
    n_sent = np.asarray(n_sentences, dtype=np.int64)
    art = np.asarray(hit_article, dtype=np.int64)
    names = np.asarray(hit_theme, dtype=object)
    sent = np.asarray(hit_sentence, dtype=np.int64)
    codes = pd.factorize(np.asarray(hit_term, dtype=object))[0].astype(np.int64) if len(art) else art
    head = _title_hits(titles, comp) if titles is not None else {}
    out = pd.DataFrame(index=index.copy())
    for name in lexicon.themes:
        cfg = lexicon.spec[name]["salience"]
        m = names == name
        parts = _salience_parts(n, n_sent, art[m], sent[m], codes[m], cfg,
                                head[name] if name in head else None)
        hits = parts["hits"]
        w = cfg["weights"]
        score = sum(w[k] * parts[k] for k in _PARTS)
        score = np.round(np.clip(score / sum(w.values()), 0.0, 1.0), 12)
        out[f"{name}_hits"] = pd.Series(hits, index=out.index, dtype="int64")
        out[f"{name}_salience"] = pd.Series(score, index=out.index, dtype="float64")
        out[name] = pd.Series((hits >= lexicon.spec[name]["min_hits"]) & (score >= cfg["threshold"]),
                              index=out.index, dtype=bool)
    return out



def _salience_parts(n: int, n_sentences: np.ndarray, art: np.ndarray, sent: np.ndarray, codes: np.ndarray,
                    cfg: dict, title_hits: np.ndarray | None) -> dict[str, np.ndarray]:
    """One theme's salience parts per article, from its hits (article, sentence, term code).

    ``hits``, ``hit_sentences`` (sentences with a hit), ``n_terms`` (distinct terms) and
    ``paragraph_hits`` (most sentences with a hit among ``paragraph_sentences`` consecutive
    sentences) are counts; ``share``, ``sentences``, ``headline``, ``lead``, ``terms`` and
    ``paragraph`` are the parts in [0, 1] that the lexicon's ``weights`` combine into ``T_salience``.
    """
    hits = np.bincount(art, minlength=n)
    # sentences with a hit, and distinct terms, per article (pairs made unique)
    pairs = np.unique(art << 32 | (sent + 1))  # sorted by article, then sentence
    hit_sentences = np.bincount(pairs >> 32, minlength=n)
    n_terms = np.bincount(np.unique(art << 32 | codes) >> 32, minlength=n)
    # a paragraph: from each hit sentence, the hit sentences of the same article in the next
    # `paragraph_sentences` sentences (itself included); the article keeps its densest run
    run = np.searchsorted(pairs, pairs + cfg["paragraph_sentences"]) - np.arange(len(pairs))
    paragraph_hits = np.zeros(n, dtype=np.int64)
    np.maximum.at(paragraph_hits, pairs >> 32, run)
    lead = np.bincount(art[(sent >= 0) & (sent < cfg["lead_sentences"])], minlength=n) > 0
    title = title_hits > 0 if title_hits is not None else np.zeros(n, dtype=bool)
    return {"hits": hits, "hit_sentences": hit_sentences, "n_terms": n_terms, "paragraph_hits": paragraph_hits,
            "share": np.minimum(1.0, hit_sentences / np.maximum(n_sentences, 1) / cfg["share_full"]),
            "sentences": _ramp(hit_sentences, cfg["sentences_full"]), "headline": title.astype(float),
            "lead": lead.astype(float), "terms": _ramp(n_terms, cfg["terms_full"]),
            "paragraph": _ramp(paragraph_hits, cfg["paragraph_full"])}


def themes(articles: pd.DataFrame, *, lexicon: Any = None, col: str = "text",
           title_col: str | None = "title") -> pd.DataFrame:
    """Flag the themes each article is *about*, with mention counts and salience.

    Parameters
    ----------
    articles:
        One row per article; the input is not modified.
    lexicon:
        ``None`` (packaged), a :class:`Lexicon`, or a source for :func:`load_lexicon`.
    col:
        Text column.
    title_col:
        Headline column, matched with the same lexicon. The default
        ``"title"`` is used when present; ``None`` ignores headlines; another
        name must exist.

    Returns
    -------
    pandas.DataFrame
        Same index; for each theme ``T``: ``T_hits`` (int64, accepted hits in
        the text, every passing mention included), ``T_salience`` (float64 in
        [0, 1]: how central the theme is, from the share of sentences with
        hits, headline and lead hits, distinct terms and the most hit
        sentences in a run of ``paragraph_sentences``) and ``T`` (bool, the
        article is about ``T``: ``T_hits >= min_hits`` and ``T_salience >=
        threshold``). The rule and the per-theme settings are documented in
        ``analysis/data/README.md``.

    Example
    -------
    >>> df = pd.DataFrame({"title": ["Oil prices slide", "Union wins pay rise"],
    ...                    "text": ["Brent crude fell to $50 a barrel. Traders expect more oil supply.",
    ...                             "Workers won a 5% raise. The deal runs two years. Members voted yes. "
    ...                             "Talks took a month. Bosses praised the union. Shifts stay the same. "
    ...                             "The union also noted higher electricity prices. Strikes are off."]})
    >>> themes(df)[["energy_hits", "energy"]].values.tolist()
    [[3, True], [1, False]]
    """
    lex = _resolve(lexicon)
    comp = _compile(lex)
    texts = _texts(articles, col)
    titles = None
    if title_col is not None and (title_col != "title" or title_col in articles.columns):
        titles = _texts(articles, title_col).tolist()
    n_sent, art, name, term, sent = [], [], [], [], []
    for i, t in enumerate(texts.tolist()):
        spans = _spans(t)
        n_sent.append(len(spans))
        for h in _match(t, spans, comp):
            art.append(i)
            name.append(h["theme"])
            term.append(h["term"])
            sent.append(h["sentence_no"])
    return _theme_frame(articles.index, n_sent, art, name, term, sent, lexicon=lex, titles=titles)


def snippet(text: str, span: tuple[int, int], start: int, end: int, width: int = _SNIPPET) -> str:
    """The sentence ``text[span]`` around the hit ``text[start:end]``, for a reader: the one snippet helper.

    White space is collapsed. A sentence longer than ``width`` characters is
    cut to at most about ``width`` around the hit, at word boundaries (never
    inside a word, never inside the hit), and each cut is marked with ``…``.

    Example
    -------
    >>> t = "Officials said that Donald Trump had shown no sign of lifting the sanctions on Moscow soon."
    >>> snippet(t, (0, len(t)), t.index("Trump"), t.index("Trump") + 5, width=40)
    '… said that Donald Trump had shown no …'
    >>> snippet("Oil rose.", (0, 9), 0, 3)
    'Oil rose.'
    """
    a, b = span
    lo, hi = a, b
    if b - a > width:
        mid = (start + end) // 2
        lo = max(a, min(mid - width // 2, b - width))
        hi = min(b, lo + width)
        if lo > a and not text[lo - 1].isspace():  # in a word: start after it (or before it if it holds the hit)
            k = _next_space(text, lo, min(hi, start))
            lo = k if k is not None else _word_start(text, a, lo)
        if hi < b and not text[hi].isspace():  # in a word: end before it (or after it if it holds the hit)
            k = _last_space(text, max(lo, end), hi)
            hi = k if k is not None else _word_end(text, hi, b)
    s = " ".join(text[lo:hi].split())
    if lo > a and text[a:lo].strip():
        s = "… " + s
    if hi < b and text[hi:b].strip():
        s = s + " …"
    return s


def _next_space(text: str, i: int, limit: int) -> int | None:
    """First position in ``[i, limit)`` holding white space, or ``None``."""
    for k in range(i, max(i, limit)):
        if text[k].isspace():
            return k
    return None


def _last_space(text: str, limit: int, i: int) -> int | None:
    """Last position in ``[limit, i)`` holding white space, or ``None``."""
    for k in range(i - 1, limit - 1, -1):
        if text[k].isspace():
            return k
    return None


def _word_start(text: str, a: int, i: int) -> int:
    while i > a and not text[i - 1].isspace():
        i -= 1
    return i


def _word_end(text: str, i: int, b: int) -> int:
    while i < b and not text[i].isspace():
        i += 1
    return i


def evidence(
    articles: pd.DataFrame, *, lexicon: Any = None, col: str = "text", id_col: str = "article_id"
) -> pd.DataFrame:
    """One row per accepted theme hit, with the sentence it occurs in.

    Parameters
    ----------
    articles:
        One row per article; the input is not modified.
    lexicon:
        ``None`` (packaged), a :class:`Lexicon`, or a source for :func:`load_lexicon`.
    col:
        Text column.
    id_col:
        Identifier column copied to ``article_id``; if absent, the index is used.

    Returns
    -------
    pandas.DataFrame
        Columns ``article_id``, ``theme``, ``term``, ``start``, ``end``,
        ``sentence_no``, ``snippet``. ``snippet`` is plain text: the sentence
        holding the hit, cut to about 200 characters around it and with
        whitespace collapsed; highlight with ``text[start:end]`` (offsets are
        into the article text, not the snippet).

    Example
    -------
    >>> df = pd.DataFrame({"article_id": [3], "text": ["Talks stalled. The UN General Assembly voted 120-9."]})
    >>> evidence(df)[["article_id", "theme", "term", "snippet"]].values.tolist()
    [[3, 'un_voting', 'voted', 'The UN General Assembly voted 120-9.']]
    """
    lex = _resolve(lexicon)
    comp = _compile(lex)
    texts = _texts(articles, col)
    ids = articles[id_col].tolist() if id_col in articles.columns else list(articles.index)
    rows = []
    for aid, t in zip(ids, texts.tolist()):
        spans = _spans(t)
        for h in _match(t, spans, comp):
            rows.append((aid, h["theme"], h["term"], h["start"], h["end"], h["sentence_no"],
                         snippet(t, spans[h["sentence_no"]], h["start"], h["end"])))
    cols = ["article_id", "theme", "term", "start", "end", "sentence_no", "snippet"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("start", "end", "sentence_no"):
        out[c] = out[c].astype("int64")
    return out
