"""Actor detection: which states, blocs and organisations an article mentions.

A gazetteer (``analysis/data/actors.toml``) maps each canonical actor ("Russia",
"United States", "European Union", "United Nations", "NATO", ...) to the surface
forms that refer to it: its names, demonyms ("Russian", "Russians"), its capital
used as a metonym ("Moscow", "the Kremlin") and its leaders ("Putin").
Every alias of the gazetteer is found in one Aho-Corasick pass per text
(:class:`analysis.match.PhraseMatcher`, leftmost-longest), so "China Daily"
(ignored, an outlet) beats "China", and "Russian Security Council" (Russia)
beats "Security Council" (UN).

Ambiguous aliases ("Georgia", "Jordan", "Turkey", "Washington", "Chad"...) count
only when a rule of the gazetteer says so: a cue word nearby (``only_near``),
no contrary cue nearby (``unless_near``), not glued to a capitalised word
(``not_in_name``: "Michael Jordan", "Chad Oulson"), or not followed by a given
string (``unless_next``: "US$"). An all-capitals dateline at the start of a
text ("MOSCOW, March 3. /TASS/.", "WASHINGTON (AP) --") is not a mention.

Example
-------
>>> [h["actor"] for h in find_actors("Moscow and Beijing warned the EU.")]
['Russia', 'China', 'European Union']
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from analysis.score.match import PhraseMatcher, share

__all__ = ["load_gazetteer", "find_actors", "actors", "Gazetteer", "GazetteerError", "KINDS"]

KINDS = ("country", "organisation", "person", "bloc")
_PACKAGED = "actors.toml"
_ACTOR_KEYS = {"kind", "aliases", "nocase", "ambiguous", "extend", "remove"}
_RULE_KEYS = {"aliases", "nocase", "only_near", "unless_near", "window", "not_in_name", "unless_next"}
_IGNORE_KEYS = {"aliases", "nocase"}
_TOP_KEYS = {"version", "actors", "ignore"}
_DEFAULT_WINDOW = 250
_CURLY = "\u2019"

# Capitalised words that may stand right before or after a place name without
# making it part of a personal name ("In Jordan", "Jordan On Monday").
_NOT_NAMES = frozenset(
    """a an the in on at from to and but or nor for of with like unlike both as by via while
    then only even also including neighbouring neighboring why when where how what if since
    after before across into over under against between within without towards toward
    meanwhile moreover however besides today yesterday is was has had will would does did
    not that this these those it its his her their our said says visit visiting than
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec""".split()
)
_PREV_WORD = re.compile(r"([A-Z][a-z]+)[ \t]$")
_NEXT_WORD = re.compile(r"[ \t]([A-Z][a-z]+)")
_DATELINE_TAIL = re.compile(
    r"\s*(?:\(|--|\u2014|\u2013|-\s|,\s*(?:\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
)


class GazetteerError(ValueError):
    """A gazetteer file or mapping is malformed (the message names where and what)."""


@dataclass(frozen=True)
class _Rule:
    actor: str
    only_near: PhraseMatcher | None
    unless_near: PhraseMatcher | None
    window: int | None  # None: anywhere in the text
    not_in_name: bool
    unless_next: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """A loaded gazetteer: canonical actors, their kinds, and a compiled matcher.

    Build one with :func:`load_gazetteer`; pass it to :func:`find_actors` or
    :func:`actors` as ``gazetteer=``.
    """

    kinds: Mapping[str, str]
    aliases: Mapping[str, tuple[tuple[str, bool], ...]]
    ignore: tuple[tuple[str, bool], ...]
    rules: tuple[_Rule, ...] = field(repr=False)
    matcher: PhraseMatcher = field(repr=False)

    @property
    def names(self) -> list[str]:
        """Canonical actor names, in gazetteer order."""
        return list(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self.kinds)} actors, {self.matcher.size} phrases)"


# --------------------------------------------------------------------------- loading


def _line_of(raw: str | None, actor: str | None) -> int | None:
    """Line of ``[actors."NAME"]`` (or ``[actors.NAME]``) in ``raw``, if found."""
    if raw is None or actor is None:
        return None
    for pattern in (f'[actors."{actor}"', f"[actors.{actor}]", f"[actors.'{actor}'", f'"{actor}"'):
        pos = raw.find(pattern)
        if pos >= 0:
            return raw.count("\n", 0, pos) + 1
    return None


class _Where:
    """Formats error messages: which source, which line."""

    def __init__(self, label: str, raw: str | None = None):
        self.label, self.raw = label, raw

    def error(self, problem: str, actor: str | None = None) -> GazetteerError:
        line = _line_of(self.raw, actor)
        where = self.label + (f", line {line}" if line else "")
        return GazetteerError(f"{where}: {problem}")


def _phrases(value: Any, what: str, where: _Where, actor: str | None) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(f"{what} must be a list of strings, got {value!r}", actor)
    out = []
    for v in value:
        v = " ".join(v.split())
        if not v:
            raise where.error(f"{what} contains an empty phrase", actor)
        out.append(v)
    return out


def _alias_pairs(spec: Mapping, what: str, where: _Where, actor: str | None) -> list[tuple[str, bool]]:
    pairs = [(p, True) for p in _phrases(spec.get("aliases", []), f"{what}.aliases", where, actor)]
    pairs += [(p, False) for p in _phrases(spec.get("nocase", []), f"{what}.nocase", where, actor)]
    return pairs


def _parse(data: Mapping, where: _Where) -> tuple[dict, list[tuple[str, bool]], set[str]]:
    """Validate one source; return (actors, ignore pairs, names to remove)."""
    if not isinstance(data, Mapping):
        raise where.error(f"a gazetteer must be a mapping, got {type(data).__name__}")
    if data and not set(data) & _TOP_KEYS and all(isinstance(v, Mapping) for v in data.values()):
        data = {"actors": data}  # shorthand: {"Name": {...}, ...}
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise where.error(f"unknown top-level key(s) {sorted(unknown)}; expected {sorted(_TOP_KEYS)}")
    version = data.get("version", 1)
    if version != 1:
        raise where.error(f"unsupported gazetteer version {version!r} (expected 1)")
    table = data.get("actors", {})
    if not isinstance(table, Mapping):
        raise where.error("'actors' must be a table of actor name -> spec")
    actors: dict[str, dict] = {}
    removed: set[str] = set()
    seen: dict[str, list] = {}
    for name, spec in table.items():
        if not isinstance(name, str) or not name.strip():
            raise where.error(f"actor name must be a non-empty string, got {name!r}")
        if not isinstance(spec, Mapping):
            raise where.error(f"actor {name!r} must be a table, got {spec!r}", name)
        bad = set(spec) - _ACTOR_KEYS
        if bad:
            raise where.error(f"actor {name!r}: unknown key(s) {sorted(bad)}; expected {sorted(_ACTOR_KEYS)}", name)
        if spec.get("remove", False) is True:
            removed.add(name)
            continue
        extend = spec.get("extend", False)
        if not isinstance(extend, bool):
            raise where.error(f"actor {name!r}: 'extend' must be true or false", name)
        kind = spec.get("kind")
        if kind is None and not extend:
            raise where.error(f"actor {name!r}: missing 'kind' (one of {', '.join(KINDS)})", name)
        if kind is not None and kind not in KINDS:
            raise where.error(f"actor {name!r}: kind {kind!r} is not one of {', '.join(KINDS)}", name)
        pairs = _alias_pairs(spec, f"actor {name!r}", where, name)
        rules = spec.get("ambiguous", [])
        if isinstance(rules, Mapping):
            rules = [rules]
        if not isinstance(rules, list):
            raise where.error(f"actor {name!r}: 'ambiguous' must be a list of tables", name)
        parsed_rules = []
        for i, rule in enumerate(rules):
            what = f"actor {name!r} ambiguous[{i}]"
            if not isinstance(rule, Mapping):
                raise where.error(f"{what} must be a table", name)
            bad = set(rule) - _RULE_KEYS
            if bad:
                raise where.error(f"{what}: unknown key(s) {sorted(bad)}; expected {sorted(_RULE_KEYS)}", name)
            rpairs = _alias_pairs(rule, what, where, name)
            if not rpairs:
                raise where.error(f"{what}: no aliases", name)
            window = rule.get("window", _DEFAULT_WINDOW)
            if window == "text":
                window = None
            elif isinstance(window, bool) or not isinstance(window, int) or window < 0:
                raise where.error(f"{what}: window must be a non-negative integer or \"text\", got {window!r}", name)
            not_in_name = rule.get("not_in_name", False)
            if not isinstance(not_in_name, bool):
                raise where.error(f"{what}: not_in_name must be true or false", name)
            unless_next = rule.get("unless_next", [])
            if isinstance(unless_next, str):
                unless_next = [unless_next]
            if not isinstance(unless_next, list) or not all(isinstance(s, str) and s for s in unless_next):
                raise where.error(f"{what}: unless_next must be a list of non-empty strings", name)
            parsed_rules.append(
                {
                    "aliases": rpairs,
                    "only_near": _phrases(rule.get("only_near", []), f"{what}.only_near", where, name),
                    "unless_near": _phrases(rule.get("unless_near", []), f"{what}.unless_near", where, name),
                    "window": window,
                    "not_in_name": not_in_name,
                    "unless_next": tuple(unless_next),
                }
            )
        if not pairs and not parsed_rules and not extend:
            raise where.error(f"actor {name!r}: no aliases", name)
        tagged = [(p, False) for p in pairs] + [(p, True) for r in parsed_rules for p in r["aliases"]]
        for pair, in_rule in tagged:
            for other_pair, other_name, other_rule in seen.get(pair[0].casefold(), []):
                if _same(pair, other_pair) and (other_name != name or in_rule or other_rule):
                    if other_name == name:
                        problem = f"alias {pair[0]!r} of {name!r} is listed twice, once under 'ambiguous'"
                    else:
                        problem = f"alias {pair[0]!r} is given to both {other_name!r} and {name!r}"
                    raise where.error(problem, name)
            seen.setdefault(pair[0].casefold(), []).append((pair, name, in_rule))
        actors[name] = {"kind": kind, "aliases": pairs, "rules": parsed_rules, "extend": extend}
    ignore_spec = data.get("ignore", {})
    if not isinstance(ignore_spec, Mapping):
        raise where.error("'ignore' must be a table with 'aliases' and/or 'nocase'")
    bad = set(ignore_spec) - _IGNORE_KEYS
    if bad:
        raise where.error(f"ignore: unknown key(s) {sorted(bad)}; expected {sorted(_IGNORE_KEYS)}")
    ignore = _alias_pairs(ignore_spec, "ignore", where, None)
    for pair in ignore:
        for other_pair, other_name, _ in seen.get(pair[0].casefold(), []):
            if _same(pair, other_pair):
                raise where.error(f"{pair[0]!r} is both ignored and an alias of {other_name!r}", other_name)
    return actors, ignore, removed


def _read(source: Any) -> tuple[Mapping, _Where]:
    if isinstance(source, Mapping):
        return source, _Where("gazetteer mapping")
    if isinstance(source, (str, PathLike)):
        path = Path(source)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read gazetteer ({exc.strerror or exc})") from exc
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"{path}: not UTF-8 text ({exc.reason})") from exc
        try:
            return tomllib.loads(raw), _Where(str(path), raw)
        except tomllib.TOMLDecodeError as exc:
            # tomllib's message already ends with "(at line L, column C)"
            raise GazetteerError(f"{path}: invalid TOML: {exc}") from exc
    raise GazetteerError(f"gazetteer source must be a path or a mapping, got {type(source).__name__}")


def _same(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
    """Whether two (phrase, cased) aliases can match the same text."""
    fa, fb = a[0].casefold(), b[0].casefold()
    if fa != fb:
        return False
    return not (a[1] and b[1]) or a[0] == b[0]


def _variants(phrase: str) -> list[str]:
    """A phrase with a straight apostrophe also in its curly form (and back)."""
    out = [phrase]
    if "'" in phrase:
        out.append(phrase.replace("'", _CURLY))
    elif _CURLY in phrase:
        out.append(phrase.replace(_CURLY, "'"))
    return out


def _compile(actors: dict[str, dict], ignore: list[tuple[str, bool]]) -> Gazetteer:
    entries: list[tuple] = []
    rules: list[_Rule] = []
    kinds: dict[str, str] = {}
    aliases: dict[str, tuple[tuple[str, bool], ...]] = {}

    def add(phrase: str, cased: bool, value: Any) -> None:
        for v in _variants(phrase):
            entries.append((v, value, cased))

    for phrase, cased in ignore:
        add(phrase, cased, None)
    for name, spec in actors.items():
        kinds[name] = spec["kind"]
        aliases[name] = tuple(spec["aliases"]) + tuple(p for r in spec["rules"] for p in r["aliases"])
        for phrase, cased in spec["aliases"]:
            add(phrase, cased, name)
        for r in spec["rules"]:
            rules.append(
                _Rule(
                    actor=name,
                    only_near=PhraseMatcher([(p, True) for p in r["only_near"]]) if r["only_near"] else None,
                    unless_near=PhraseMatcher([(p, True) for p in r["unless_near"]]) if r["unless_near"] else None,
                    window=r["window"],
                    not_in_name=r["not_in_name"],
                    unless_next=r["unless_next"],
                )
            )
            for phrase, cased in r["aliases"]:
                add(phrase, cased, len(rules) - 1)
    matcher = PhraseMatcher(entries)
    # the rules' cue phrases are found in the same pass as the aliases
    share(matcher, *(m for r in rules for m in (r.only_near, r.unless_near) if m is not None))
    return Gazetteer(kinds, aliases, tuple(ignore), tuple(rules), matcher)


def _merge(base: dict[str, dict], ignore: list, layer: tuple[dict, list, set]) -> None:
    """Apply one source on top of ``base``/``ignore`` in place (later sources win)."""
    actors, extra_ignore, removed = layer
    for name in removed:
        base.pop(name, None)
    claimed = [p for spec in actors.values() for p in spec["aliases"] + [q for r in spec["rules"] for q in r["aliases"]]]

    def unclaimed(pairs):
        return [p for p in pairs if not any(_same(p, c) for c in claimed)]

    for other_name, spec in base.items():
        if other_name in actors:
            continue
        spec["aliases"] = unclaimed(spec["aliases"])
        for r in spec["rules"]:
            r["aliases"] = unclaimed(r["aliases"])
        spec["rules"] = [r for r in spec["rules"] if r["aliases"]]
    ignore[:] = unclaimed(ignore) + [p for p in extra_ignore if p not in ignore]
    for name, spec in actors.items():
        old = base.get(name)
        if spec["extend"] and old is not None:
            old["aliases"] += [p for p in spec["aliases"] if p not in old["aliases"]]
            old["rules"] += spec["rules"]
            if spec["kind"] is not None:
                old["kind"] = spec["kind"]
        elif spec["extend"] and spec["kind"] is None:
            raise GazetteerError(f"actor {name!r}: 'extend' needs an existing actor or a 'kind'")
        else:
            base[name] = {k: spec[k] for k in ("kind", "aliases", "rules")}
    # an alias now claimed by a user actor must not stay ignored
    ignore[:] = [p for p in ignore if not any(_same(p, c) for c in claimed)]


def _packaged_text() -> str:
    return (resources.files("analysis") / "data" / _PACKAGED).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _packaged_layer() -> tuple[dict, list, set]:
    raw = _packaged_text()
    where = _Where(f"analysis/data/{_PACKAGED}", raw)
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"{where.label}: invalid TOML: {exc}") from exc
    return _parse(data, where)


@functools.lru_cache(maxsize=1)
def _packaged() -> Gazetteer:
    return load_gazetteer()


def _fresh_packaged() -> tuple[dict, list]:
    actors, ignore, _ = _packaged_layer()
    copy = {
        n: {"kind": s["kind"], "aliases": list(s["aliases"]), "rules": [dict(r) for r in s["rules"]]}
        for n, s in actors.items()
    }
    return copy, list(ignore)


def load_gazetteer(source: str | PathLike | Mapping | None = None, *, packaged: bool = True) -> Gazetteer:
    """Load the actor gazetteer, optionally adding or overriding actors.

    Parameters
    ----------
    source:
        ``None`` for the packaged gazetteer alone; or a TOML file path or a
        mapping in the same shape (``{"actors": {name: spec}, "ignore": {...}}``,
        or just ``{name: spec}``), applied on top of the packaged one. An actor
        given here replaces the packaged actor of the same name (or, with
        ``extend = true``, adds to it; ``remove = true`` drops it), and an
        alias given here is taken away from every other actor and from the
        ignore list.
    packaged:
        Start from the packaged gazetteer (default) or from nothing.

    Returns
    -------
    Gazetteer

    Raises
    ------
    GazetteerError
        When the source is malformed; the message names the file (and line
        when known) and the problem.

    Example
    -------
    >>> g = load_gazetteer({"Scotland": {"kind": "country", "aliases": ["Scotland", "Holyrood"]}})
    >>> [h["actor"] for h in find_actors("Holyrood answered London.", gazetteer=g)]
    ['Scotland', 'United Kingdom']
    """
    if packaged:
        base, ignore = _fresh_packaged()
    else:
        base, ignore = {}, []
    if source is not None:
        data, where = _read(source)
        layer = _parse(data, where)
        try:
            _merge(base, ignore, layer)
        except GazetteerError as exc:
            raise where.error(str(exc)) from None
    return _compile(base, ignore)


def _resolve(gazetteer: Any) -> Gazetteer:
    if gazetteer is None:
        return _packaged()
    if isinstance(gazetteer, Gazetteer):
        return gazetteer
    return load_gazetteer(gazetteer)


# --------------------------------------------------------------------------- matching


def _is_dateline(text: str, start: int, end: int) -> bool:
    """An all-capitals place at the start of the text or a line ("MOSCOW, March 3")."""
    surface = text[start:end]
    if len(surface) < 4 or not surface.isupper():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    return _DATELINE_TAIL.match(text, end) is not None


def _in_name(text: str, start: int, end: int) -> bool:
    """Glued to a capitalised word that is not a function word ("Lake Chad", "Chad Oulson")."""
    prev = _PREV_WORD.search(text, max(0, start - 40), start)
    if prev is not None and prev.end() == start and prev.group(1).lower() not in _NOT_NAMES:
        return True
    nxt = _NEXT_WORD.match(text, end)
    if nxt is not None and nxt.group(1).lower() not in _NOT_NAMES:
        return True
    return False


def _near(matcher: PhraseMatcher, text: str, start: int, end: int, window: int | None, cache: dict) -> bool:
    got = cache.get(id(matcher))
    if got is None:  # the cue hits sorted by start, their starts and the longest hit (for bisection)
        hits = sorted((h[0], h[1]) for h in matcher.find_spans(text))
        got = cache[id(matcher)] = (hits, [h[0] for h in hits], max((e - s for s, e in hits), default=0))
    hits, starts, longest = got
    if window is not None:  # only hits starting near the word can reach it: time linear in the text
        hits = hits[bisect_left(starts, start - window - longest):bisect_right(starts, end + window)]
    for s, e in hits:
        if (s, e) == (start, end):
            continue  # the ambiguous word is no cue for itself
        if s < end and e > start and not (s <= start and e >= end):
            continue  # partly overlapping pieces of the word
        if window is None or (e >= start - window and s <= end + window):
            return True
    return False


def _keep(rule: _Rule, text: str, start: int, end: int, cache: dict) -> bool:
    if rule.unless_next and text.startswith(rule.unless_next, end):
        return False
    if rule.not_in_name and _in_name(text, start, end):
        return False
    if rule.unless_near is not None and _near(rule.unless_near, text, start, end, rule.window, cache):
        return False
    if rule.only_near is not None and not _near(rule.only_near, text, start, end, rule.window, cache):
        return False
    return True


def find_actors(
    text: str,
    *,
    gazetteer: Gazetteer | str | PathLike | Mapping | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> list[dict]:
    """Find actor mentions in one text.

    Parameters
    ----------
    text:
        The text to search (``None``/NaN give no hits).
    gazetteer:
        A :class:`Gazetteer`, or a source for :func:`load_gazetteer`
        (``None``: the packaged one).
    spans:
        Optional sentence ``(start, end)`` offsets, as from
        :func:`analysis.segment.sentence_spans`, to number the mentions by
        sentence (see below).

    Returns
    -------
    list of dict
        One dict per mention, in text order, with ``actor`` (canonical name),
        ``alias`` (the surface form, ``text[start:end]``), ``start`` and ``end``
        (character offsets into ``text``); with ``spans``, also
        ``sentence_no``: the index of the last sentence starting at or before
        the mention (0 before the first; -1 when ``spans`` is empty).

    Example
    -------
    >>> find_actors("Kiev thanked the UN, not us.")
    [{'actor': 'Ukraine', 'alias': 'Kiev', 'start': 0, 'end': 4}, {'actor': 'United Nations', 'alias': 'the UN', 'start': 13, 'end': 19}]
    >>> [m["sentence_no"] for m in find_actors("Kiev agreed. So did Paris.", spans=[(0, 12), (13, 26)])]
    [0, 1]
    """
    if not isinstance(text, str) or not text:
        return []
    gaz = _resolve(gazetteer)
    out = _mentions(text, gaz)
    if spans is not None:
        starts = [s for s, _ in spans]
        for m in out:
            m["sentence_no"] = max(0, bisect_right(starts, m["start"]) - 1) if starts else -1
    return out


def _mentions(text: str, gaz: Gazetteer) -> list[dict]:
    """The mentions of ``gaz``'s actors in ``text``, in text order."""
    out: list[dict] = []
    cache: dict = {}
    last = None
    for start, end, _, value in gaz.matcher.find_spans(text, longest=True):
        if value is None:
            continue
        if isinstance(value, int):  # an ambiguous alias: its rule decides
            rule = gaz.rules[value]
            if not _keep(rule, text, start, end, cache):
                continue
            value = rule.actor
        alias = text[start:end]
        if alias.isupper() and _is_dateline(text, start, end):
            continue
        if last is not None and last["start"] == start and last["end"] == end and last["actor"] == value:
            continue  # the same actor through two spellings of one phrase
        last = {"actor": value, "alias": alias, "start": start, "end": end}
        out.append(last)
    return out


def actors(
    articles: pd.DataFrame,
    *,
    gazetteer: Gazetteer | str | PathLike | Mapping | None = None,
    col: str = "text",
) -> pd.Series:
    """List the actors each article mentions.

    Parameters
    ----------
    articles:
        A DataFrame with a text column (not modified).
    gazetteer:
        As for :func:`find_actors`.
    col:
        The column to search.

    Returns
    -------
    pandas.Series
        Named ``actors``, with the index of ``articles``: for each article the
        canonical actor names it mentions, each once, in order of first mention
        (an empty list when none, or when the text is missing).

    Example
    -------
    >>> df = pd.DataFrame({"text": ["Putin met Erdogan in Moscow.", None]}, index=[7, 9])
    >>> actors(df).tolist()
    [['Russia', 'Turkey'], []]
    """
    if col not in articles.columns:
        raise KeyError(f"column {col!r} not in articles (columns: {list(articles.columns)})")
    gaz = _resolve(gazetteer)
    values = []
    for text in articles[col].tolist():
        seen: dict[str, None] = {}
        for h in find_actors(text, gazetteer=gaz):
            seen.setdefault(h["actor"], None)
        values.append(list(seen))
    return pd.Series(values, index=articles.index, name="actors", dtype=object)
