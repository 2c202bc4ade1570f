"""Event records: who sanctions whom, and how UN votes went, each with its evidence sentence.

Two record types are read from each article, sentence by sentence, with the
actor gazetteer (:mod:`analysis.actors`) for the names and a small cue lexicon
(``analysis/data/events.toml``) for the rest:

* **sanction records** - ``sender`` -> ``target`` with a ``status``
  (``imposed``, ``threatened``, ``eased``), the kinds of ``measure`` and the
  CAMEO code of the act (163 impose, 1312 threaten, 085 ease, 0254/1054 appeal
  for / demand easing);
* **UN vote records** - the ``body`` (Security Council, General Assembly,
  Human Rights Council, other UN), the ``outcome`` (``adopted``, ``vetoed``,
  ``failed``, ``scheduled``), stated tallies, vetoing members and the
  resolution number.

The rules are shallow patterns over one sentence (its clauses, the
prepositions around a sanction word, the verb that governs it, the actor
mentions near it), with the article as context for what a sentence leaves out:
a pronoun that acts ("It imposed ...", "the administration will ...") stands for
the actor of the sentences before; a sentence with no sender takes the one
sender the article names for that target; "the sanctions" with no target take
the article's. A trade ban stated without a sanction word ("China banned imports
of North Korean coal") is a record too. The evidence (``sentence_no`` and the
tables' ``quote``, ``start``, ``end``) is always the sentence with the sanction
word; :func:`extract` also gives ``sender_sentence_no``, the sentence that names
a sender carried from elsewhere. They are written by hand because no maintained offline
library codes these events from a user's own text: PETRARCH2 needs a
constituency parser and a CAMEO dictionary for its own feed, and the
transformer event coders need model downloads. Quality is measured against
hand labels (``tests/data/event_labels_*``, guide in
``tests/data/event_labels_GUIDE.md``) by ``benchmarks/eval_events.py``.

Example
-------
>>> s, v = extract("The EU extended sanctions against Russia on Monday.")
>>> [(r["sender"], r["target"], r["status"]) for r in s]
[('European Union', 'Russia', 'imposed')]
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["extract", "actor_mentions", "load_cues", "arrow_schema", "vote_date", "STATUSES", "BODIES", "OUTCOMES", "MEASURES",
           "SANCTION_COLUMNS", "VOTE_COLUMNS"]

STATUSES = ("imposed", "threatened", "eased")
BODIES = ("security_council", "general_assembly", "human_rights_council", "other_un")
OUTCOMES = ("adopted", "vetoed", "failed", "scheduled")
MEASURES = ("trade", "financial", "travel", "arms", "diplomatic", "general")
SANCTION_COLUMNS = ["article_id", "sender", "target", "status", "measure", "cameo", "sentence_no", "sender_sentence_no",
                    "start", "end", "quote", "source", "published"]
VOTE_COLUMNS = ["article_id", "body", "outcome", "yes", "no", "abstain", "vetoed_by", "resolution", "subject",
                "sentence_no", "start", "end", "quote", "source", "published"]
UNKNOWN = "unknown"
_CAMEO = {"imposed": "163", "threatened": "1312", "eased": "085"}
_P5 = frozenset({"United States", "Russia", "China", "United Kingdom", "France"})
# lower-case substrings one of which every sentence with a record holds (a cheap test before any regex), and
# the rules each kind opens: sanction words, vote words (and sanction words) for votes, trade bans
_KEYS = {**dict.fromkeys(("sanction", "embargo", "blacklist", "asset freeze", "asset-freeze", "restrictive measures",
                          "punitive measures", "arms ban", "arms-sale", "arms sale", "arms export", "arms-export",
                          "weapons ban", "weapons sale", "weapons export", "weapons-", "bans on arms", "ban on arms",
                          "bans on weapons", "ban on weapons", "ban on the sale", "ban on the export", "ban on sale",
                          "ban on export", "bans on sale", "bans on export", "bans on the", "froze", "freez",
                          "measures against", "wn against"),  # ("measures of its own against": a rare needle)
                         "sanction"),
         **dict.fromkeys(("vot", "veto", "resolution", "abstain", "abstention", "draft", "consensus", "blocked the"),
                         "vote"),
         **dict.fromkeys(("established", "set up", "created"), "decided"),  # read only beside a UN body's name
         # (a ban on airlines: its verb, rarer than the airlines; "closed its airspace to")
         **dict.fromkeys(("import", "export", "retaliat", "airspace", "banned", "banning", "barred", "barring",
                          "will ban", "would ban", "could ban", "will bar ", "would bar ", "could bar ", "suspend",
                          "expel", "expulsion"),
                         "trade")}
# case-sensitive substrings one of which every UN body name holds
# a member (and the members listed after it) and how they voted: "Russia and China voted against"
_LIST_THEN_VOTE = re.compile(r"(?:\s*(?:,|and)\s*(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)*\s+(?:all\s+|both\s+)?"
                             r"voted\s+(in\s+favou?r|for|yes|against|no)\b")
_BODY_HINTS = ("Council", "Assembly", "UNSC", "UNGA", "UNHRC", "UNESCO", "UNICEF", "WHO", "IAEA", "rights body",
               "rights council", "member council", "nation council", "member UN council", "member U.N. council",
               "nation UN council", "nation U.N. council")
# and the lower-case names ("the UN security council", "the 193-member general assembly"): read by _vote_body, not
# searched for in whole texts (each added needle slowed the search of every text by a few per cent)
_BODY_NAMES = _BODY_HINTS + ("security council", "general assembly", "member assembly", "nation assembly",
                             "member UN assembly", "member U.N. assembly", "member general", "nation general")
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen".split())} | {"none": 0} | {w: 10 * i for i, w in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
# (the Assembly's counts in words too: "Seventy countries voted in favour", "Twenty-one")
_NUM = r"\b(\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|" \
       r"nine)|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"  # (\b: tried at word starts only)
# a number of members just before "voted in favour": how many did, a detail of a vote
_COUNTED = re.compile(r"\b" + _NUM + r"\s+(?:(?:other|more|council|member|permanent)\s+)?(?:countries|members|nations|states|"
                      r"delegations|of\s+the\s+\w+\s+members)?\s*$", re.I)


def arrow_schema(table: str, id_type: Any = None) -> Any:
    """The ``pyarrow.Schema`` of ``sanction_events`` or ``un_votes`` tables (for Parquet parts).

    ``id_type``: the pyarrow type of ``article_id`` (default string).

    Example
    -------
    >>> str(arrow_schema("un_votes").field("vetoed_by").type)
    'list<item: string>'
    """
    import pyarrow as pa

    ids = id_type if id_type is not None else pa.string()
    common = [("sentence_no", pa.int64()), ("start", pa.int64()), ("end", pa.int64()), ("quote", pa.string()),
              ("source", pa.string()), ("published", pa.timestamp("ns", tz="UTC"))]
    if table == "sanction_events":
        fields = [("article_id", ids), ("sender", pa.string()), ("target", pa.string()), ("status", pa.string()),
                  ("measure", pa.list_(pa.string())), ("cameo", pa.string())] + common[:1] + [
                  ("sender_sentence_no", pa.int64())] + common[1:]
    elif table == "un_votes":
        fields = [("article_id", ids), ("body", pa.string()), ("outcome", pa.string()), ("yes", pa.int64()),
                  ("no", pa.int64()), ("abstain", pa.int64()), ("vetoed_by", pa.list_(pa.string())),
                  ("resolution", pa.string()), ("subject", pa.string())] + common
    else:
        raise ValueError(f"no event table named {table!r}; use 'sanction_events' or 'un_votes'")
    return pa.schema(fields)


# --------------------------------------------------------------------------- the cue lexicon


def _alt(items: list[str]) -> str:
    return "|".join(f"(?:{x})" for x in items)


def _words(items: list[str], flags: int = re.IGNORECASE, *, after_hyphen: bool = False) -> re.Pattern:
    return re.compile((r"(?<!\w)" if after_hyphen else r"(?<![\w-])") + r"(?:" + _alt(items) + r")(?![\w])", flags)


@dataclass(frozen=True)
class Cues:
    """The compiled cue lexicon (see ``analysis/data/events.toml``)."""

    trigger: re.Pattern
    organ: re.Pattern  # a state's organ after a possessive: "Ukraine's Security Service", "Iran's foreign ministry"
    trade_ban: re.Pattern  # a trade ban without a sanction word: "banned imports of North Korean coal"
    not_sanctions: re.Pattern
    status: dict[str, re.Pattern]
    generic: re.Pattern
    generic_elsewhere: re.Pattern  # generic senders the article may name elsewhere ("Western sanctions")
    usual_senders: frozenset
    usual_targets: tuple[str, ...]
    bodies: tuple[tuple[str, re.Pattern], ...]  # (state, pattern) of government bodies
    vote_body: tuple[tuple[str, re.Pattern], ...]
    vote_cue: re.Pattern
    cited: re.Pattern
    outcome: dict[str, re.Pattern]


@functools.lru_cache(maxsize=4)
def load_cues(source: str | None = None) -> Cues:
    """Load and compile the cue lexicon (``None``: the packaged ``events.toml``).

    Example
    -------
    >>> bool(load_cues().trigger.search("new sanctions on Iran"))
    True
    """
    if source is None:
        raw = resources.files("analysis").joinpath("data", "events.toml").read_text(encoding="utf-8")
    else:
        with open(source, encoding="utf-8") as fh:
            raw = fh.read()
    data = tomllib.loads(raw)
    s, v = data["sanctions"], data["votes"]
    bodies = tuple((state, re.compile(r"(?<![\w-])(?:" + _alt([re.escape(x) for x in names]) + r")(?!\w)"))
                   for state, names in s["bodies"].items())
    vote_body = tuple((name, re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)")) for name, pattern in v["bodies"].items())
    return Cues(
        trigger=_words(s["triggers"], after_hyphen=True),
        trade_ban=_words(s["trade_bans"]),
        organ=re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:" + _alt(s["organs"]) + r")\b"),  # case as written
        not_sanctions=re.compile(r"(?<![\w-])(?:" + _alt(s["not_sanctions"]) + r")(?![\w])"),  # case as written
        status={k: _words(s[k], after_hyphen=True) for k in ("eased", "threatened", "imposed")},
        generic=_words(s["generic_senders"]),
        generic_elsewhere=_words(s["generic_named_elsewhere"]),
        usual_senders=frozenset(s["usual_senders"]),
        usual_targets=tuple(s["usual_targets"]),
        bodies=bodies,
        vote_body=vote_body,
        vote_cue=_words(v["vote_cues"], after_hyphen=True),  # "the-resolution-passed": hyphens for spaces in some texts
        cited=_words(v["cited"]),
        outcome={k: _words(v[k], after_hyphen=True) for k in ("vetoed", "failed", "scheduled", "adopted")},
    )


# --------------------------------------------------------------------------- sentence helpers

_CLAUSE = re.compile(r";|:|\s[-\u2013\u2014]{1,2}\s|,\s*(?:but|while|whereas|which|who|although|though|when|as|after|"
                     r"before|because|since|even as)\b|\s(?:but|whereas|although|while|after|because|until|unless)\s")
_PREP_TARGET = re.compile(r"\b(?:on|against|targeting|targetting|to|from)\s+(?!(?:\S+\s+){0,5}?(?:and|or|that|which|who|"
                          r"to|by|was|were|is|are|has|have)\s)(?:[\w$.,'-]+\s+){0,5}$")
# fellow targets of one measure: "put China under the same embargo as countries such as Zimbabwe and Burma"
_SAME_BEFORE = re.compile(r"\bsame\s+(?:[\w-]+\s+)?$", re.I)
_LIKE_TARGET = re.compile(r"\s*(?:as|like)\s+(?:(?:other\s+)?(?:countries|states|nations|regimes|governments)\s+"
                          r"(?:such\s+as|like|including)\s+)?(?:the\s+)?")
_COORD = re.compile(r"\s*(?:,|and|or|&|as well as)\s*(?:(?:,|and|or)\s*)?(?:the\s+)?")
_STOP_TARGET = re.compile(r"\b(?:over|because|in response|after|until|unless|if|once|as soon as|as long as|so long as|"
                          r"provided|for (?:its|their|the|alleged)|"
                          r"in return|in exchange|said|says|told|according)\b|[;:(]"
                          # a participle clause after a comma ("..., barring them from entering Iran")
                          r"|,\s*(?!including\b|targeting\b|targetting\b)[a-z]+ing\b")
_BY = re.compile(r"^\W*(?:[\w-]+\s+){0,3}?by\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,4}(?:of\s+(?:the\s+)?)?$")
_TARGET_GAP = re.compile(r"\b(?:faces?|faced|facing|under|hit (?:by|with)|subject(?:ed)? to|emerg\w* from|free of|"
                         r"recover\w* from|reeling from|suffer\w* from|is|are|was|were|been|remains?|of|on|against)\b")
# what befalls the one before it: "Iran faces new sanctions", "Russia won relief from sanctions"
_BEFALL = re.compile(r"\b(?:relief from|(?:won|wins?|winning|got|gets?|receiv\w*|secur\w*|obtain\w*) (?:\w+ ){0,2}?"
                     r"(?:relief|lifting|easing|removal)(?: of| from)?|fac(?:e|es|ed|ing)|hit (?:by|with)|"
                     r"subject(?:ed)? to|under|emerg\w* from|free of|recover\w* from|reeling from|suffer\w* from|"
                     r"(?:is|are|was|were|been|being) (?:\w+ )?(?:sanctioned|targeted|blacklisted|threatened with))\b")
_SUBJECT_VERB = re.compile(r"(?:['\u2019]s\s+(?:[A-Z]\w+\s+){0,3})?\s*(?:\w+ly\s+)?(?:can|could|will|would|may|might|must|"
                           r"should|has|have|had|is|are|was|were|plans?|wants?|intends?|seeks?|hopes?|aims?|threatens?|"
                           r"warns?|says?|said|signals?)\b")
_ASK_WORDS = (r"call\w* for|urg\w*|demand\w*|ask\w*|want\w*|hop\w*|seek\w*|sought|press\w* for|push\w* for|"
              r"lobb\w*|insist\w*")
_ASKS = re.compile(rf"\b(?:{_ASK_WORDS})\b", re.I)
# an actor who argues about a measure already in place ("Germany and France have called for the embargo to be
# lifted", "plans, backed by the UK, to lift the embargo", "Washington argues that if the embargo is lifted") takes
# a side on it; whose measure it is, the article says elsewhere (or it stays unknown)
_ADVOCATES = re.compile(rf"\b(?:{_ASK_WORDS}|back(?:s|ed|ing)?|argu\w*|press\w* the case for|in favou?r of|condemn\w*|"
                        r"support\w*|oppos\w*|object\w* to|warn\w*)\b", re.I)
_BACKED_BY = re.compile(r"\b(?:backed|supported|championed|pushed|sought|urged|favou?red|opposed)\s+by\s+(?:the\s+)?$", re.I)
_REASON_BEFORE = re.compile(r"\b(?:over|after|following|for|because\s+of|in\s+(?:response|retaliation|punishment)\s+"
                            r"(?:to|for))\s+(?:the\s+)?$", re.I)
_TARGETED_TAIL = re.compile(r"\btargeted\s+$", re.I)
_CONDITION_BEFORE = re.compile(r"\b(?:until|unless|till)\s+(?:the\s+)?$", re.I)
# a possessive after a sanction word is its target only right after the preposition ("sanctions on Russia's
# banks"), or joined by "and"; not after a comma ("sanctions on Russia, Poland's foreign minister said")
_PREP_NEXT = re.compile(r"\b(?:on|against|targeting|targetting|to|from)\s+(?:the\s+)?(?:(?!basis\b)(?:[\w-]+\s+){1,2}of\s+"
                        r"(?:the\s+)?)?$")  # (and "sanctions on members of Mali's junta")
# a finite verb right before "more/further/tougher sanctions" that decides their status ("imposed further
# sanctions"; not a base form or gerund: "will impose tougher", "pressing China to ... including imposing tougher")
_GOVERNED = re.compile(r"\b(?:impos(?:ed|es)|slapp(?:ed|s)|introduc(?:ed|es)|announc(?:ed|es)|add(?:ed|s)|levied|"
                       r"appl(?:ies|ied)|extend(?:ed|s)|adopt(?:ed|s)|approv(?:ed|es)|agreed|unveil(?:ed|s)|lift(?:ed|s)|"
                       r"eas(?:ed|es)|remov(?:ed|es))\s+(?:\w+\s+)?$", re.I)
# an amount of measures, not the measure a noun names ("lifted a wide range of sanctions", "imposed a sixth
# package of sanctions"; but "Merkel's policy on the removal of sanctions")
_AMOUNT_OF = re.compile(r"\b(?:a|an|the|another|new|fresh|its|their)\s+(?:[\w-]+\s+){0,2}(?:range|number|host|raft|"
                        r"series|set|package|round|slew|batch|wave|array|string|layer|list)\s+of\s+(?:the\s+)?$", re.I)
_EVADE = re.compile(r"\b(?:evad\w*|evasion|circumvent\w*|bypass\w*|skirt\w*|dodg\w*|violat\w*|breach\w*|"
                    r"def(?:y|ies|ied|ying)|defian\w*)\b", re.I)
_HELPS = re.compile(r"\b(?:help\w*|assist\w*|allow\w*|enabl\w*|aid\w*)\b", re.I)  # "helped North Korea evade": not the helper
_LOCATED = re.compile(r"\b(?:in|at|inside|within|across|operating\s+in|based\s+in)\s+(?:the\s+)?$", re.I)
_EXPERT_AFTER = re.compile(r"\s+(?:experts?|analysts?|lawyers?|specialists?|researchers?|scholars?|consultants?|"
                           r"attorneys?|advisers?|advisors?|practitioners?|professors?)\b", re.I)
_HARD_STOP = re.compile(r"[;:,]|\s[-\u2013\u2014]{1,2}\s")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
# "Canada and Australia joined the EU in imposing sanctions": those who join act too
# a subject that decides to act: "the EU, the US and Canada agreed at the weekend to freeze the assets of ..."
_AGREED_TO = re.compile(r"\s+(?:also\s+)?(?:agreed|decided|voted|moved|resolved|pledged|promised|vowed)"
                        r"(?:\s+(?:on|at|this|last|the|\w+day|weekend|week|month|earlier|later|late|jointly)){0,4}\s+to\s+")
# between a subject and a verb that is a sanction by itself ("froze the assets"): auxiliaries, or a relative pronoun
_VERB_SUBJECT_GAP = re.compile(r"\s*(?:,\s*(?:which|who)\s+)?(?:(?:has|have|had|also|already|will|would|could|can|may|"
                               r"might|is|are|was|were|to|be|been|not|then|now|later|swiftly|quickly|promptly)\s+)*")
_OWN_BEFORE = re.compile(r"\b(?:its|their)\s+(?:own|first|latest|unilateral)\s+(?:[\w-]+\s+){0,2}$", re.I)
_OF_GROUP = re.compile(r"['\u2019]s\s+(?:[\w-]+\s+)?")
# a member (and those listed after it) that blocks a draft: "China and Russia vetoed a resolution that would have
# tightened sanctions" (on the state the article is about, not on them)
_THEN_VETOED = re.compile(r"(?:\s*(?:,|and)\s*(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)*\s+(?:(?:have|has|had|both|"
                          r"then|also|again|jointly)\s+)*(?:vetoed|blocked|voted\s+against)\b")
_AFTER_REACH = 60  # characters after a sanction word within which a status cue may follow it
_WHICH_LIFTED = re.compile(r"\s*,\s*which\s+(?:[\w'-]+\s+){1,6}?(?:demand\w*|want\w*|call\w*\s+for|urg\w*|seek\w*|sought|"
                           r"ask\w*|press\w*\s+for|push\w*\s+for|hop\w*)\s+(?:to\s+)?(?:(?:be|being|have|it|them)\s+)?"
                           r"(?:lifted|eased|removed|scrapped|ended|relaxed|lift|ease|remove|scrap|end|relax)\b", re.I)
_THE_DRAFT = re.compile(r"\W*(?:The|This|That|Its)\s+(?:[\w-]+\s+)?(draft|resolution|text)\b")
_ALONG_WITH = re.compile(r"\b(?:along with|as well as|together with|in addition to)\s+(?:[\w-]+\s+){0,2}$", re.I)
_OTHERS_TO = re.compile(r"\b(?:prompt\w*|urg\w*|push\w*|forc\w*|le(?:d|ading)|caus\w*|allow\w*|ask\w*|press\w*)\s+"
                        r"(?:[A-Z][\w.-]*\s+){1,3}to\s+$")  # "prompting China to ...": the verb is China's
_ABOUT_BEFORE = re.compile(r"\b(?:over|in|about|regarding|concerning)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+(?:and|or)\s+)?$")
_PRONOUN_VERB = re.compile(r"(?:^|\W)(?:[Ii]t|[Tt]hey|[Ww]e|[Tt]he (?:administration|government|bloc|ministry|department|"
                           r"agency|authorities|Treasury))\s+(?:(?:has|have|had|also|already|then|now|will|would|just|"
                           r"again|later)\s+)*$")  # "It also sanctioned ...": the verb is the sanction word
_SIGNED = re.compile(r"\bsign(?:s|ed|ing)?\s+(?:into\s+law\s+)?(?:an?|the)\s+(?:[\w-]+\s+)?$", re.I)
_EUROPEAN_BEFORE = re.compile(r"\bEuropean\s+(?:(?:economic|sectoral|financial|trade|new|existing|current)\s+)?$")
_REL_GAP = re.compile(r"\s+(?:that\s+|which\s+)?(?:the\s+)?")
_REL_IMPOSED = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?(?:imposed|introduced|placed|levied|slapped|put)\b")
_AGAINST_IT = re.compile(r"\b(?:condemn\w*|denounc\w*|criticiz\w*|criticis\w*|oppos\w*|against|calling for an end to|"
                         r"to end|ending|demanding an end to|urging an end to)\s+(?:[\w'-]+\s+){0,4}$", re.I)
_BILL_BEFORE = re.compile(r"\b(?:bill|legislation|proposal|draft|measure|amendment)\s+(?:that\s+would\s+)?$", re.I)
_NOT_BEFORE = re.compile(r"\b(?:not|never|no longer|won't|wouldn't|refus\w* to|declin\w* to|rul\w* out)\s+(?:\w+\s+)?$",
                         re.I)
_JOINED = re.compile(r"\s+(?:(?:has|have|had)\s+)?join(?:s|ed|ing)?\s+(?:the\s+)?")
_THAT = re.compile(r"\b(?:that|whether)\b")
_PLACE_BEFORE = re.compile(r"(?:^|\W)[Ii]n\s+(?:the\s+)?$")
# the parties to a relationship ("would damage Britain's relations with the US") and the partners of the one who
# speaks ("would continue to work with allies, including the United States, Japan and the EU, to ensure ...
# sanctions") are not who acts on a measure
_RELATION_BEFORE = re.compile(r"(?:\b(?:relations|ties|relationship|work\w*|cooperat\w*|co-operat\w*|coordinat\w*)\s+"
                              r"(?:closely\s+)?with\s+(?:(?:its\s+|their\s+)?(?:allies|partners)\s*,?\s*"
                              r"(?:including|such\s+as|like)\s+)?|\b(?:allies|partners)\s*,?\s*(?:including|such\s+as|like)\s+)"
                              r"(?:the\s+)?$", re.I)
_RELATION_AFTER = re.compile(r"['\u2019]s\s+(?:[\w-]+\s+)?(?:relations|ties|relationship)\b", re.I)
_OWN = re.compile(r"\s+(?:has|have|had|keeps?|maintains?)\s+(?:its|their)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}")  # "Seoul has its own sanctions"
_SUBJECT_BLOCK = re.compile(r"\b(?:in|with|to|from|of|for|on|against|about|over|at|by|than|between)\s+(?:the\s+)?$",
                            re.I)
_MEASURE = (
    ("arms", re.compile(r"\barms\b|\bweapons? (?:embargo|sales|ban)|ban on weapons", re.I)),
    ("financial", re.compile(r"asset|frozen|freez|\bbank|financ|invest|account|transaction|SWIFT", re.I)),
    ("travel", re.compile(r"\bvisa|travel ban|entry ban|barred from (?:entering|travel)", re.I)),
    ("trade", re.compile(r"\btrade\b|export|import|\boil\b|\bfood\b|goods|(?<!arms )embargo|\bsectoral\b|products", re.I)),
    ("diplomatic", re.compile(r"diplomatic|expel|expuls|membership", re.I)),  # (not "diplomats said")
)
_APPEAL = re.compile(r"\b(?:urg\w*|call\w* for|appeal\w*|ask\w*|hop\w*)\b", re.I)
_DEMAND = re.compile(r"\b(?:demand\w*|insist\w*)\b", re.I)
_MODAL_BEFORE = re.compile(r"\b(?:(?:push|press|urg|lobb|ask)\w*\s+(?:[\w-]+\s+){0,4}?to|"  # "push EU ministers to widen"
                           r"could|would|might|may|will|shall|threat\w*|plan\w* to|propos\w*|call\w* for|urg\w*|"
                           r"consider\w*|vow\w*|warn\w*|press\w* for|push\w* for|seek\w*|want\w* to|prepar\w*|"
                           r"ready to|aim\w* to|intend\w*|(?:bill|legislation) (?:to|that would|which would)|draft\w*|"
                           r"if|unless|whether\s+to|decid\w*\s+(?:on\s+)?whether\s+to)\s+(?:\w+\s+){0,3}$", re.I)
_PASSIVE_AUX = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:(?:not|yet|still|soon|fully|already|also|"
                          r"gradually|partially|partly|completely|quickly|never|finally|all)\s+)*", re.I)
_PARTICIPLE = re.compile(r"\s+(imposed|introduced|placed|levied|slapped|put in place)\s+(?:by|on|against|in|since|over|"
                         r"after|following|for|because|under)\b", re.I)
# a modal right after the sanction noun (and its "on X"): "sanctions might yet work", "sanctions on Syria would ..."
_MODAL_AFTER = re.compile(r"(?:\s+(?:on|against)\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'-]*\s*){1,3}?)?[\s\"'\u201d]+"
                          r"(?:(?!(?:but|and|or|which|that|who|he|she|they|it|we|I)\s)\w+\s+)?(?:would|could|might|may)\s+"
                          r"(?!(?:not\s+)?(?:be\s+)?(?:lift|eas|remain|stay|continue|suspend|remov|relax))", re.I)
_PRONOUN_ACTS = re.compile(r"(?:\b(?:[Ii]t|[Tt]hey|[Ww]e|I|[Tt]he (?:administration|government|bloc|ministry|department|"
                           r"agency|authorities)|[Oo]fficials|[Aa]uthorities)\s+(?:(?:has|have|had|will|would|also|already|"
                           r"then|now|just|recently|again|is|are|was|were|be|been|then|to|shortly|soon|quickly|"
                           r"(?:agreed|decided|voted|moved|promised|pledged|vowed|plans?|planned|intends?|intended|"
                           r"wants?|wanted|expects?|expected|is\s+set|are\s+set)\s+to)\s+)*"
                           r"(?:impos|slap|introduc|extend|renew|prolong|tighten|expand|widen|lift|eas|suspend|waiv|threaten|"
                           r"announc|add|target|blacklist|put|weigh|consider|mull|prepar|draft|propos)\w*\s+(?:[\w-]+\s+){0,3}$)")
_CARRY = 600  # characters before a sentence in which a pronoun's actor is looked for
_LAW_NAME = re.compile(r"(?:\s+[A-Z][\w-]*){0,3}\s+(?:Act|Bill|Law)\b")
_LIFT_THEM = re.compile(r"\b(?:lift|eas|remov|suspend|relax|scrap|waiv|roll\w* back)\w*\s+(?:them|those|these)\b"
                        r"(?!\s+(?!without\b|unless\b|until\b|before\b|if\b|only\b)\w+)", re.I)  # ("... them without approval")
_ADJECTIVES = re.compile(r"\b(?:possible|potential|new|further|tougher|more|existing|current)\b", re.I)  # "Kiev's possible sanctions"
_DESPITE = re.compile(r"\b(?:despite|in spite of|regardless of|notwithstanding|because of|due to|in line with|"
                      r"in accordance with|in compliance with|to comply with|under(?!\s+which\b))\s+(?:[\w'-]+\s+){0,3}$",
                      re.I)  # (not "the deal, under which international sanctions were lifted")
_UNNAMED_TARGET = re.compile(r"\s+(?:(?:imposed|placed)\s+)?(?:on|against)\s+an?\s+(?!number\b|few\b|range\b|host\b|"
                             r"series\b|list\b|group\b|handful\b|total\b|dozen\b)", re.I)
_DEFINITE = re.compile(r"\b(?:the|these|those|such|its|their|this|that)\s+(?:[\w-]+\s+){0,2}$", re.I)
_NEG_EASE = re.compile(r"\b(?:refus\w*|no plans? to|not|never|won't|cannot|can't|rul\w* out|against)\b", re.I)


def _partners(sentence: str, here: list[dict], a: int) -> set[int]:
    """Which of the mentions ``here`` (ordered, offsets from ``a``) name parties to a relationship or partners
    (:data:`_RELATION_BEFORE`, :data:`_RELATION_AFTER`), with those listed after them."""
    out: set[int] = set()
    for k, m in enumerate(here):
        ms, me = m["start"] - a, m["end"] - a
        if _RELATION_BEFORE.search(sentence, max(0, ms - 60), ms) or _RELATION_AFTER.match(sentence, me) \
                or (k - 1 in out and _COORD.fullmatch(sentence, here[k - 1]["end"] - a, ms)):
            out.add(k)
    return out


def _clause(sentence: str, pos: int) -> tuple[int, int]:
    """Bounds (in ``sentence``) of the clause holding position ``pos``."""
    lo, hi = 0, len(sentence)
    for m in _CLAUSE.finditer(sentence):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


def _passive(sentence: str, te: int, hi: int, cues: Cues) -> tuple[str, re.Match] | None:
    """The verb of which the sanction noun ending at ``te`` is the passive subject: "sanctions ... cannot yet be lifted"."""
    for aux in _PASSIVE_AUX.finditer(sentence, te, hi):
        if cues.trigger.search(sentence, te, aux.start()):
            return None  # another sanction word is nearer: the verb is its own
        for kind, pattern in cues.status.items():
            m = pattern.match(sentence, aux.end(), hi)
            if m:
                return kind, m
    return None


def _status(sentence: str, lo: int, hi: int, ts: int, te: int, cues: Cues) -> tuple[str, bool]:
    """Status of the sanction word at ``ts:te`` from the nearest cue in its clause, and whether a cue was found.

    A passive verb with the sanctions as subject wins at any distance in the clause ("sanctions against
    Moscow over the conflict cannot yet be lifted"); a participle right after the noun ("sanctions
    imposed by the EU") only describes it, the verb that governs the noun decides ("to lift sanctions
    imposed by the EU": eased; :func:`_sentence_sanctions` adds the imposed record); a modal right
    after the noun makes it hypothetical ("UNSC sanctions would be legal", "sanctions might work").
    """
    concession = _DESPITE.search(sentence, max(lo, ts - 40), ts)
    if concession and not any(p.search(sentence, concession.end(), ts) for p in cues.status.values()):
        return "imposed", True  # "in spite of the sanctions": they are in force
    best = None
    passive = _passive(sentence, te, hi, cues)
    if passive is not None:
        best = (0, passive[0], passive[1])
    participle = _PARTICIPLE.match(sentence, te)
    for kind, pattern in cues.status.items():
        if passive is not None:
            break
        for m in pattern.finditer(sentence, lo, hi):
            if m.start() >= ts and m.end() <= te:
                continue
            if participle and m.start() == participle.start(1):
                continue
            if m.start() >= te and re.match(r"under|subject|hit|emerg|recover|free", m.group(0), re.I):
                continue  # "under sanctions", "hit by sanctions": words that come before the sanctions
            if m.group(0).lower() == "targeted" and sentence[m.end():m.end() + 1].isspace() \
                    and cues.trigger.match(sentence, m.end() + 1):
                continue  # "targeted sanctions", "an arms embargo, targeted sanctions": an adjective, never a cue
            if kind == "imposed" and m.end() <= ts and re.fullmatch(r"current|existing", m.group(0), re.I) \
                    and sentence[m.end():ts].strip() == "" and _MODAL_AFTER.match(sentence, te):
                continue  # "existing sanctions would ...": an adjective; the modal decides below
            dist = ts - m.end() if m.end() <= ts else (m.start() - te) * 1.5 + 2
            if dist < 0:
                continue
            if kind == "eased" and dist > 60:
                continue
            if m.start() >= te and (m.start() - te > _AFTER_REACH or _OTHERS_TO.search(sentence, te, m.start())):
                continue  # a verb far after the noun, or another's ("an arms embargo that followed ..., prompting
                # China to retaliate"): the passive (above) is how a verb after the noun governs it
            if kind == "threatened" and re.fullmatch(r"more|further|tougher|possible|potential|new round", m.group(0), re.I) \
                    and not (m.end() <= ts and dist <= 15):
                continue  # "more sanctions", "further sanctions": only right before the sanction word
            if kind == "threatened" and re.fullmatch(r"bill|legislation", m.group(0), re.I) \
                    and _SIGNED.search(sentence, max(lo, m.start() - 40), m.start()):
                kind = "imposed"  # "signed into law a bill on new sanctions": law now
            if kind == "threatened" and re.fullmatch(r"more|further|tougher", m.group(0), re.I) \
                    and _GOVERNED.search(sentence, max(lo, m.start() - 30), m.start()):
                continue  # "imposed further sanctions": the verb before the adjective decides
            if kind == "threatened" and re.fullmatch(r"\W*(?:,|and|or)\W*", sentence[te:m.start()] if m.start() >= te
                                                     else sentence[m.end():ts]) and m.group(0).lower().startswith("threat"):
                continue  # "the sanctions, threats", "threats and sanctions": another noun of a list
            if best is None or dist < best[0]:
                best = (dist, kind, m)
    if best is None:
        if participle:
            return "imposed", True
        if _MODAL_AFTER.match(sentence, te):
            return "threatened", True
        return "imposed", False
    _, kind, m = best
    bill = _BILL_BEFORE.search(sentence, max(lo, m.start() - 30), m.start()) \
        if kind == "imposed" and m.group(0).lower().endswith("ing") and m.end() <= ts else None
    if bill and not _SIGNED.search(sentence, max(lo, bill.start() - 40), bill.start()):
        return "threatened", True  # "a bill expanding sanctions on Iran": proposed (unless signed: "signed a bill imposing")
    in_force = re.match(r"remain|in place|in force|maintain|keep|kept|existing|current|evad|evasion|bypass|circumvent|"
                        r"skirt|dodg|violat|breach|def[yi]|implement|enforc|compl", m.group(0), re.I)
    # "could bypass sanctions", "would fully implement sanctions": they exist
    if kind == "imposed" and not in_force and m.end() <= ts + 1 \
            and _MODAL_BEFORE.search(sentence, max(lo, m.start() - 40), m.start()):
        kind = "threatened"
    elif kind == "imposed" and not in_force and m.start() >= te and re.search(r"\b(?:will|would|could|may|might|to)\s+(?:\w+\s+){0,2}$",
                                                             sentence[te:m.start()]):
        kind = "threatened"
    elif kind == "imposed" and not in_force and m.end() <= ts and _MODAL_AFTER.match(sentence, te):
        kind = "threatened"  # "UNSC imposed sanctions would be legal"
    elif kind == "imposed" and re.fullmatch(r"targeted", m.group(0), re.I) and _MODAL_AFTER.match(sentence, te):
        kind = "threatened"
    return kind, True


def _measures(sentence: str) -> list[str]:
    found = [name for name, pattern in _MEASURE if pattern.search(sentence)]
    return found or ["general"]


def _cameo(status: str, sentence: str) -> str:
    if status == "eased":
        if _DEMAND.search(sentence):
            return "1054"
        if _APPEAL.search(sentence):
            return "0254"
    return _CAMEO[status]


# --------------------------------------------------------------------------- sanction records


class _ByStart(list):
    """Actor mentions sorted by start, with the starts kept for bisection."""

    def __init__(self, mentions: list[dict]):
        super().__init__(sorted(mentions, key=lambda m: m["start"]))
        self.starts = [m["start"] for m in self]


def _mentions_in(mentions: list[dict], lo: int, hi: int) -> list[dict]:
    """Mentions wholly inside ``[lo, hi)``; reads only those starting there when ``mentions`` is a :class:`_ByStart`."""
    if isinstance(mentions, _ByStart):
        i, j = bisect.bisect_left(mentions.starts, lo), bisect.bisect_left(mentions.starts, hi)
        return [m for m in mentions[i:j] if m["end"] <= hi]
    return [m for m in mentions if m["start"] >= lo and m["end"] <= hi]


def _body_mentions(sentence: str, offset: int, cues: Cues) -> list[dict]:
    out = []
    for state, pattern in cues.bodies:
        for m in pattern.finditer(sentence):
            out.append({"actor": state, "start": offset + m.start(), "end": offset + m.end(), "alias": m.group(0),
                        "body": True})
    return out


def _sentence_mentions(text: str, a: int, b: int, mentions: list[dict], cues: Cues) -> list[dict]:
    """Actor mentions in ``text[a:b]``: the gazetteer's, plus government bodies standing for a state."""
    here = sorted(_mentions_in(mentions, a, b) + _body_mentions(text[a:b], a, cues), key=lambda m: m["start"])
    out, last_end = [], -1
    for m in here:  # a body mention overlapping a gazetteer one ("Security Council" is both) counts once
        if m["start"] < last_end:
            continue
        out.append(m)
        last_end = m["end"]
    return out


def actor_mentions(sentence: str, *, gazetteer: Any = None) -> list[dict]:
    """The actor mentions the sanction rules see in one sentence (for marking evidence).

    The gazetteer's mentions (:func:`analysis.actors.find_actors`) plus the
    government bodies of the cue lexicon that stand for a state (the Treasury,
    OFAC, Congress -> United States), each with ``actor``, ``start``, ``end``.

    Example
    -------
    >>> [(m["actor"], m["alias"]) for m in actor_mentions("OFAC listed two Iranian firms.")]
    [('United States', 'OFAC'), ('Iran', 'Iranian')]
    """
    from .actors import find_actors

    if not isinstance(sentence, str) or not sentence:
        return []
    return _sentence_mentions(sentence, 0, len(sentence), find_actors(sentence, gazetteer=gazetteer), load_cues())


def _sentence_sanctions(text: str, a: int, b: int, mentions: list[dict], cues: Cues,
                        weight: Counter | None = None, *, trade: bool = True) -> list[dict]:
    """Candidate sanction records of the sentence ``text[a:b]`` (sender/target may be None).

    ``weight``: mentions of each actor in the whole article (who the article is about);
    ``trade``: also read trade bans stated without a sanction word.
    """
    weight = weight or Counter()
    sentence = text[a:b]
    out = []
    if cues.not_sanctions.search(sentence):
        return out
    here = _sentence_mentions(text, a, b, mentions, cues)
    if trade:
        out.extend(_trade_bans(sentence, a, here, cues, weight))
    measures = _measures(sentence)  # the same for every sanction word of the sentence
    last_word = None  # the end of the sanction word read before
    words = list(cues.trigger.finditer(sentence))
    # "The draft, agreed ...": the draft a UN body named just before has before it (read once for the sentence)
    the_draft = _THE_DRAFT.match(sentence)
    drafted = bool(the_draft) and bool(_vote_body(text[max(0, a - _CARRY):a], cues))
    for trig in words:
        ts, te = trig.start(), trig.end()
        before_word, last_word = last_word, te
        if sentence[ts].isupper() and ts > 0 and _LAW_NAME.match(sentence, te):
            continue  # "the Russia Sanctions Review Act": the name of a law, not a statement of sanctions
        if _EXPERT_AFTER.match(sentence, te):
            continue  # "the sanctions expert said ...": a person's field, not a statement of sanctions
        word = trig.group(0).lower()
        lo, hi = _clause(sentence, ts)
        senders: list[str] = []
        targets: list[str] = []
        generic = False
        explicit = False  # a sender named by "by X", "X's", "US sanctions": not overruled by a generic phrase
        firm: set[str] = set()  # targets named by "anti-X" or "sanctions on X" (a usual sender is a target only so)
        related: list[str] = []  # "X-related sanctions"
        by_verb = False  # a sender found as the subject of a status verb
        adjacent: list[str] = []  # "Russian sanctions": on Russia, unless another is said to face them
        befallen = False
        # actors right before the sanction word: "US sanctions", "anti-Russian sanctions", "Russia's sanctions"
        before = [m for m in here if lo + a <= m["start"] and m["end"] - a <= ts]
        edge, role, role_firm = ts, None, False
        for m in reversed(before):
            gap = sentence[m["end"] - a:edge]
            if role is not None:  # coordinated with the mention just read: "UN and EU sanctions"
                if not _COORD.fullmatch(gap):
                    break
                (senders if role == "sender" else targets).append(m["actor"])
                if role == "target" and role_firm:
                    firm.add(m["actor"])
                edge = m["start"] - a
                continue
            if len(gap) > 30 or not re.fullmatch(r"(?:['\u2019]s)?(?:-imposed|-led|-backed|-related)?\s*"
                                                 r"(?:[\w-]+\s+){0,2}", gap) \
                    or any(p.search(_ADJECTIVES.sub("", gap) if gap[:2] in ("'s", "\u2019s") else gap.lstrip("-"))
                           for p in cues.status.values() if not gap.startswith("-")) \
                    or re.search(r"\b(?:said|says|told|that|and|or|has|have|is|was|were|will|would|to)\s", gap) \
                    or (not gap.startswith("-") and _ADVOCATES.search(gap)):  # "The French want the embargo lifted"
                break  # "the EU imposed sanctions": a verb between, the subject rule below decides
            pre = sentence[max(0, m["start"] - a - 5):m["start"] - a].lower()
            role_firm = False
            if pre.endswith("anti-") or pre.endswith("anti "):
                targets.append(m["actor"])
                firm.add(m["actor"])
                role, role_firm = "target", True
            elif gap.startswith("-related"):
                related.append(m["actor"])  # "Crimea-related sanctions": what they are about, a target only failing others
                role = None
                break
            elif gap[:2] in ("'s", "\u2019s") or gap.startswith("-imposed") or gap.startswith("-led") \
                    or m["actor"] in cues.usual_senders or m.get("body"):
                senders.append(m["actor"])
                explicit = True
                role = "sender"
            else:
                targets.append(m["actor"])
                adjacent.append(m["actor"])
                role = "target"
            edge = m["start"] - a
        if not senders and _EUROPEAN_BEFORE.search(sentence, max(lo, ts - 25), ts):
            senders, explicit = ["European Union"], True  # "European sanctions against Russia": the EU's
        # "sanctions (imposed) on/against X and Y", "sanctions relief to X"
        after_hi = hi
        stop = _STOP_TARGET.search(sentence, te, hi)
        if stop:
            after_hi = stop.start()
        prev_end = None  # end of the last target read after the sanction word
        after_targets: list[str] = []  # the targets read after it
        by_end = None  # end of the last sender read after "by"
        for k, m in enumerate(here):
            ms = m["start"] - a
            if ms < te or ms >= after_hi or ms - te > 90:
                continue
            gap = sentence[te:ms]
            if not senders and _REL_GAP.fullmatch(gap) and _REL_IMPOSED.match(sentence, m["end"] - a):
                senders.append(m["actor"])  # "the sanctions Washington has imposed on Russia": whose they are
                explicit = True
                continue
            if k + 1 < len(here) and here[k + 1]["actor"] != m["actor"] and _OF_GROUP.fullmatch(
                    sentence, m["end"] - a, here[k + 1]["start"] - a):
                continue  # "on Yemen's Houthi rebels": where the group is, not a target besides it
            if _BY.match(gap) or (by_end is not None and _COORD.fullmatch(sentence[by_end:ms])) \
                    or (m["actor"] in cues.usual_senders and re.fullmatch(r"\s*from\s+(?:the\s+)?", gap)):
                senders.append(m["actor"])  # "imposed by the EU and the US"
                explicit = True
                by_end = m["end"] - a
            elif m.get("body"):
                continue  # a government body acts ("..., the Treasury said"): never a target
            elif prev_end is not None and _LOCATED.search(sentence, prev_end, ms):
                continue  # where the target is ("on Russian banks operating in Ukraine"): not another target
            elif m["actor"] in cues.usual_senders:
                if re.fullmatch(r"\s*(?:imposed\s+)?(?:on|against)\s+(?:the\s+)?", gap):
                    targets.append(m["actor"])
                    firm.add(m["actor"])
                # else: the UN, the EU ... are targets only when named right after "sanctions on"
            elif (prev_end is not None and _COORD.fullmatch(sentence[prev_end:ms])
                  and (not _POSSESSIVE.match(sentence, m["end"] - a) or " and " in sentence[prev_end - 1:ms + 1])) \
                    or (_PREP_TARGET.search(gap) and (not _POSSESSIVE.match(sentence, m["end"] - a)
                                                      or _PREP_NEXT.search(gap))) \
                    or (_LIKE_TARGET.fullmatch(gap) and _SAME_BEFORE.search(sentence, max(lo, ts - 20), ts)):
                targets.append(m["actor"])
                after_targets.append(m["actor"])
                prev_end = m["end"] - a
        if adjacent and after_targets and not senders and not set(adjacent) & firm \
                and not set(adjacent) & set(after_targets):
            # "Russian sanctions on Turkey": a state named before the word, another after "on", is the sender
            senders = adjacent[:1]
            targets = [t for t in targets if t not in senders]
            explicit = True
        if word.startswith(("sanctioned", "blacklisted", "blacklisting")) or word == "sanctioning":
            # verb: "X sanctioned Y" / "Y was sanctioned by X"
            tail = sentence[te:after_hi]
            firsts = [m for m in here if te <= m["start"] - a < after_hi]
            if firsts and not re.match(r"\s*by\b", tail):
                targets.append(firsts[0]["actor"])
                firm.add(firsts[0]["actor"])  # (the object of the verb, a usual sender too: "sanctioning EU lawmakers")
            elif re.search(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+\s+)?$", sentence[lo:ts]):
                # passive: "North Korean firms were sanctioned by the Treasury": the subject is the target
                subject = [m for m in before if m["actor"] not in senders
                           and not _SUBJECT_BLOCK.search(sentence[max(lo, m["start"] - a - 12):m["start"] - a])]
                if subject:
                    targets.append(subject[0]["actor"])
                    firm.add(subject[0]["actor"])
        elif word == "sanction" and re.search(r"\bto\s+$", sentence[lo:ts]):
            # "Washington's move to sanction Iranian entities": a verb with its target after it
            firsts = [m for m in here if te <= m["start"] - a < after_hi and m["actor"] not in senders]
            if firsts:
                targets.append(firsts[0]["actor"])
                firm.add(firsts[0]["actor"])
        # the subject of the clause: actors before the verb that governs the sanction word
        beyond = False  # the subject found is outside the clause of the sanction word
        if not senders:
            subject_end = None  # the nearest subject, and those coordinated with it ("the US and the EU imposed")
            for m in reversed(before):
                ms, me = m["start"] - a, m["end"] - a
                if subject_end is not None:
                    if _COORD.fullmatch(sentence[me:subject_end]) or _JOINED.fullmatch(sentence, me, subject_end):
                        senders.append(m["actor"])
                        subject_end = ms
                        continue
                    break
                if m["actor"] in targets:
                    continue
                gap = _TARGETED_TAIL.sub("", sentence[me:ts])  # ("Syria could face targeted sanctions": an adjective)
                if _SUBJECT_BLOCK.search(sentence[max(lo, ms - 12):ms]):
                    continue
                if (gap[:2] in ("'s", "\u2019s") and len(gap) > 12 and not cues.organ.match(gap, 2)) \
                        or (re.search(r"\bof\s+(?:the\s+)?$", gap) and not _AMOUNT_OF.search(gap)):
                    continue  # "Merkel's policy ... the removal of sanctions": not the subject; but
                    # "Ukraine's Security Service has decided to impose sanctions": a state's organ acts
                if len(gap) <= 45 and _TARGET_GAP.search(gap) and not cues.status["imposed"].search(gap) and not cues.status["eased"].search(gap) \
                        and not cues.status["threatened"].search(gap):
                    targets.append(m["actor"])
                    befallen = befallen or bool(_BEFALL.search(gap))
                    continue
                befall = _BEFALL.search(gap)
                if len(gap) <= 60 and befall and not cues.status["imposed"].search(gap, befall.end()) \
                        and not cues.status["eased"].search(gap, befall.end()):
                    targets.append(m["actor"])  # "Iran faces new sanctions", "Russia is facing threats and sanctions"
                    befallen = True
                    continue
                evade = _EVADE.search(gap)
                if len(gap) <= 60 and evade and not any(p.search(gap, evade.end()) for p in cues.status.values()):
                    if not _HELPS.search(gap):
                        targets.append(m["actor"])  # "Russia is circumventing sanctions": who evades them is under them
                        firm.add(m["actor"])
                    continue  # ("Chinese firms helped North Korea evade sanctions": the helpers neither impose nor are hit)
                # (a verb of another sanction word between does not act on this one: "to ensure the implementation of
                # UN sanctions on the North, and he refused to rule out additional sanctions")
                other = max((w.end() for w in words if w.start() >= me and w.end() <= ts), default=None)
                own = gap if other is None else _TARGETED_TAIL.sub("", sentence[other:ts])
                if cues.status["imposed"].search(own) or cues.status["eased"].search(own) \
                        or cues.status["threatened"].search(own) or _OWN.fullmatch(gap) or _AGREED_TO.fullmatch(gap):
                    senders.append(m["actor"])
                    subject_end = ms
                    by_verb = True  # the subject of a sanction verb: not a target named before the noun
                    # (only the subject of the clause around the verb: "told the British minister that his plan to
                    # remove the embargo", "voiced concern that ... to merit an end to the embargo")
                    beyond = bool(_THAT.search(gap))
        if not senders and _OWN_BEFORE.search(sentence, max(0, ts - 40), ts):
            # "its own embargo": the subject's, the actor that opens the sentence ("The United States has
            # abstained in a UN vote condemning its own embargo on Cuba")
            first = next((m for m in here if m["end"] - a <= ts), None)
            if first is not None and first["actor"] not in targets and len(sentence[:first["start"] - a].split()) <= 2:
                senders, explicit = [first["actor"]], True
        # (the words before "measures" are cues like those before a sanction word: "further measures" are threatened)
        status, cued = _status(sentence, lo, hi, ts + max(word.find("measures"), 0), te, cues)
        if word.startswith(("froze", "freez")):  # a verb that freezes assets: imposes, or would (word is lower case)
            status = "threatened" if _MODAL_BEFORE.search(sentence, max(lo, ts - 40), ts) else "imposed"
            cued = True
            if not senders:  # its subject right before it, or before ", which": "Canada, which has frozen the assets"
                subject = next((m for m in reversed([m for m in here if m["end"] - a <= ts])
                                if m["actor"] not in targets), None)
                if subject is not None and _VERB_SUBJECT_GAP.fullmatch(sentence, subject["end"] - a, ts):
                    senders, by_verb = [subject["actor"]], True
        if by_verb and status == "eased" and set(senders) <= set(cues.usual_targets) and not targets \
                and _ASKS.search(sentence, lo, ts):
            targets, senders, by_verb = senders, [], False  # "Moscow has called for the sanctions to be lifted"
        # a definite measure ("the embargo") that someone argues for keeping or lifting: the arguers are not its senders
        advocates = set()
        if not explicit and status in ("eased", "imposed") and _DEFINITE.search(sentence, max(lo, ts - 30), ts):
            # (the arguing verb governs the measure: close before it, "called for the embargo", "argues that
            # if the embargo"; not "seek to work with Russia in spite of the sanctions")
            close = [v for v in _ADVOCATES.finditer(sentence, max(lo, ts - 60), ts) if ts - v.end() <= 30
                     and not _DESPITE.search(sentence, v.end(), ts)]
            advocates = {m["actor"] for m in here if m["end"] - a <= ts and m["actor"] not in targets
                         and (any(m["end"] - a <= v.start() for v in close)
                              or (_BACKED_BY.search(sentence, max(0, m["start"] - a - 30), m["start"] - a)
                                  and ts - (m["end"] - a) <= 40))}
            if advocates & set(senders):
                senders = [x for x in senders if x not in advocates]
                by_verb = by_verb and bool(senders)
        if befallen and adjacent and not senders:  # "Turkey faced Russian sanctions": Russia's, on Turkey
            senders = [x for x in adjacent if x not in firm][:1]
            targets = [t for t in targets if t not in senders]
            explicit = bool(senders)
        generic_near = bool(cues.generic.search(sentence, max(lo, ts - 40), min(hi, te + 30)))
        if generic_near or any(
                " " in g.group(0) for g in cues.generic.finditer(sentence)):
            generic = True
            if not explicit:
                senders = []
        # what the grammar left open, from who is usually who: a usual target in the sentence is the
        # target ("... in defiance of UN sanctions" of North Korea), a usual sender the sender
        targets = [t for t in targets if t in firm or t not in cues.usual_senders]
        told = bool(targets) or bool(senders)  # the grammar named someone (before the guesses below)
        present = list(dict.fromkeys(m["actor"] for m in here))
        partners = _partners(sentence, here, a)
        near = list(dict.fromkeys(m["actor"] for k, m in enumerate(here)  # (not a place: "In the UK, ... under the
                                  if lo <= m["start"] - a < hi and abs(m["start"] - a - ts) <= 100  # embargo")
                                  and not _PLACE_BEFORE.search(sentence, max(0, m["start"] - a - 8), m["start"] - a)
                                  and k not in partners))
        if senders and set(senders) <= set(cues.usual_targets) and not targets and not by_verb:
            usual = [x for x in present if x in cues.usual_senders and x not in senders]
            if usual:
                targets, senders = senders[:1], usual[:1]
        elif by_verb and not targets:  # "Russia extended its embargo on food imports from the EU": counter-sanctions
            later = [m["actor"] for m in here if te <= m["start"] - a < min(hi, te + 60) and m["actor"] not in senders
                     and re.search(r"\b(?:on|against|from|targeting)\s+(?:the\s+)?$", sentence[te:m["start"] - a])]
            if later:
                targets = later[:1]
        strong = not re.match(r"sanctioned|sanctioning|blacklist|restrictive|punitive", word) and "measures" not in word
        acting = {m["actor"] for m in here if m.get("body")}  # a government body's state ("Mr Mnuchin said")
        agents = acting - {m["actor"] for m in here if not m.get("body")}
        # "sanctions on an invented Caspian state": a target is said, one the gazetteer does not know; it is
        # not the state named elsewhere in the sentence (nor the article's), so none is guessed
        unnamed = not targets and bool(_UNNAMED_TARGET.match(sentence, te)) and not any(
            te <= m["start"] - a < te + 60 for m in here)
        if not targets:
            # whose conduct the measure answers, when no one else is its target: "sanctions over India's nuclear
            # tests", "imposed in 1998 after Pakistan's nuclear tests", "will remain until Russia returns Crimea"
            stop = _HARD_STOP.search(sentence, te)  # (the reason opens a clause of its own: up to a comma)
            reach = min(stop.start() if stop else len(sentence), te + 80)
            targets = [m["actor"] for m in here if te <= m["start"] - a < reach
                       and m["actor"] not in senders and m["actor"] not in agents
                       and ((_REASON_BEFORE.search(sentence, te, m["start"] - a)
                             and _POSSESSIVE.match(sentence, m["end"] - a))
                            or _CONDITION_BEFORE.search(sentence, te, m["start"] - a))][:1]
        if not targets and strong and not unnamed:  # (a state named only by a government body acts; it is not the target)
            # (nor is one who argues about the measure: "The French want the embargo lifted")
            # never a member that vetoes the draft, nor a place or matter the measure is about ("introduced in 2014
            # over the situation in Ukraine")
            not_targets = {m["actor"] for m in here if _THEN_VETOED.match(sentence, m["end"] - a)} | {
                x for x in present if all(_ABOUT_BEFORE.search(sentence, max(0, m["start"] - a - 40), m["start"] - a)
                                          for m in here if m["actor"] == x)}
            ranked = sorted((x for x in cues.usual_targets if x in present and x not in senders and x not in agents
                             and x not in advocates and x not in not_targets),
                            key=lambda x: (x in related, -weight.get(x, 0), cues.usual_targets.index(x)))
            if ranked:
                targets = ranked[:1]
        inherited = None  # "its embargo ... remains in place, along with sanctions over terrorism": the same sender's
        if not senders and not generic and before_word is not None and out and out[-1]["senders"] \
                and ts - before_word <= 120 and _ALONG_WITH.search(sentence, before_word, ts):
            senders, inherited = list(out[-1]["senders"]), out[-1]["sender_at"]
        guessed = False  # the sender is only the usual sender named near the sanction word
        if not senders and not generic:
            usual = [x for x in near if x in cues.usual_senders and x not in targets and x not in advocates]
            speaking = [x for x in present if x in acting and x not in targets and x not in advocates]
            if usual:
                senders, guessed = usual[:1], usual[0] not in speaking
            elif speaking:  # a government body or official of the state speaks or acts: no mere guess
                senders = speaking[:1]
        if not senders and not generic and targets:
            # the subject of the clause, however far: "Washington can create problems ... through new sanctions on X"
            first = next((m for m in here if lo <= m["start"] - a < ts), None)
            if first is not None and (first["actor"] in cues.usual_senders or first.get("body")) \
                    and first["actor"] not in targets and first["actor"] not in advocates and len(sentence[lo:first["start"] - a].split()) <= 3 \
                    and _SUBJECT_VERB.match(sentence, first["end"] - a):
                senders = [first["actor"]]
        sender_no = inherited  # set when the sender is carried from an earlier sentence
        if not senders and not generic and (_PRONOUN_ACTS.search(sentence, max(lo, ts - 60), ts) or (
                word.startswith(("sanctioned", "blacklisted", "froze", "freez")) and _PRONOUN_VERB.search(sentence, lo, ts))):
            # "It imposed sanctions on ...", "the administration will impose ...", "I have imposed ...": the
            # actor that acts in the sentences before, else the state the article is mostly about
            carried = _carried_sender(text, a, mentions, cues, weight, set(targets))
            if carried:
                senders, sender_no = [carried[0]], carried[1]
        if re.search(r"\bresolutions?\b|\bdraft\b", sentence, re.I) and (
                _vote_body(sentence, cues) or re.search(r"\bUN\b|U\.N\.|United Nations|\bveto", sentence)  # (only the
                or drafted):  # Security Council has vetoes; or the draft a UN body has before it, just told of)
            # sanctions in a UN resolution: the UN's, threatened while drafted, vetoed or failed
            against = _AGAINST_IT.search(sentence, max(lo, ts - 60), ts)  # "a resolution condemning the embargo"
            outcome = None if explicit or against else _outcome(sentence, cues)  # (nor "a UN vote condemning the US embargo")
            if outcome is None and drafted and the_draft.group(1).lower() == "draft":
                outcome = "draft"
            if outcome in ("vetoed", "failed", "scheduled", "draft"):
                senders, status, generic = ["United Nations"], "threatened", False
            elif outcome == "adopted":
                senders, status, generic = ["United Nations"], "imposed", False
        senders = list(dict.fromkeys(senders))
        targets = [t for t in dict.fromkeys(targets) if t not in senders]
        # "the sanctions", "these sanctions", or a status verb: sanctions the article has in view, so an
        # article's target fills a sentence that names none; a bare "economic sanctions" with neither,
        # and no one named by the grammar, is a topic ("an expert in economic sanctions"), not a record
        det = _DEFINITE.search(sentence, max(lo, ts - 30), ts)
        # ("stressed that sanctions were ...": "that" before a plural is a conjunction, not a determiner)
        definite = bool(det) and not (det.group(0).split()[0].lower() in ("that", "this") and word.endswith("s"))
        if not (told or cued or definite or generic_near):  # ("the international community ..., but sanctions
            # were not an end in themselves": a remark about sanctions, no record)
            continue
        out.append({"senders": senders, "targets": targets, "generic": generic, "status": status,
                    # "Western (international) sanctions", not "world powers": whose, another sentence may say
                    "west": generic and bool(cues.generic_elsewhere.search(sentence, max(lo, ts - 40),
                                                                           min(hi, te + 30))),
                    "strong": strong and not unnamed,
                    # the sentence says whose measure it is ("the EU's embargo on China", "the EU imposed ...")
                    "owned": (explicit or (by_verb and not beyond)) and not generic,
                    # the sender is a guess: a usual sender named near the word, or a subject outside its clause
                    "guessed": (guessed or beyond) and definite,
                    "anaphoric": cued or definite, "measure": list(measures), "cameo": _cameo(status, sentence),
                    "sender_at": sender_no})
        if status != "imposed" and _PARTICIPLE.match(sentence, te):  # "to lift sanctions imposed by X": in force too
            out.append(dict(out[-1], status="imposed", cameo=_CAMEO["imposed"]))
        if status != "eased" and _WHICH_LIFTED.match(sentence, te):
            # "the arms embargo, which China has long demanded be lifted, remains in force": in force, and its
            # lifting asked for
            out.append(dict(out[-1], status="eased", cameo=_cameo("eased", sentence)))
        lift = _LIFT_THEM.search(sentence, te)
        if status != "eased" and lift and not cues.trigger.search(sentence, te, lift.start()):
            # "the Obama administration put those sanctions in place, and Trump is open to lifting them"
            out.append(dict(out[-1], status="eased", cameo=_cameo("eased", sentence)))
    return out


def _trade_bans(sentence: str, a: int, here: list[dict], cues: Cues, weight: Counter) -> list[dict]:
    """Sanction records of a trade ban stated without a sanction word: "China banned imports of North Korean coal".

    The subject of the ban is the sender; the target is the state named after it ("imports from X",
    "exports to X", "X's coal"), else the usual target of the sentence. Tariffs are not sanctions (the
    sentence is dropped before, by the ``not_sanctions`` cues).
    """
    out = []
    for ban in cues.trade_ban.finditer(sentence):
        ts, te = ban.start(), ban.end()
        lo, hi = _clause(sentence, ts)
        lo = min(lo, ts)
        before = [m for m in here if lo <= m["start"] - a and m["end"] - a <= ts
                  and not _SUBJECT_BLOCK.search(sentence[max(lo, m["start"] - a - 12):m["start"] - a])]
        comma = sentence.rfind(", ", lo, ts)  # (after a phrase before it: "In response to ..., Moscow banned")
        if comma >= 0 and any(m["start"] - a > comma for m in before):
            before = [m for m in before if m["start"] - a > comma]
        senders = [before[0]["actor"]] if before else []  # the subject: the first actor of the clause,
        for m, nxt in zip(before, before[1:]):  # and those listed with it ("The United States and Britain banned ...")
            if m["actor"] != senders[-1] or not _COORD.fullmatch(sentence, m["end"] - a, nxt["start"] - a):
                break
            senders.append(nxt["actor"])
        after = [m for m in here if te <= m["start"] - a < min(hi, te + 80)]
        by = [m["actor"] for m in after if re.search(r"\bby\s+(?:the\s+)?$", sentence[te:m["start"] - a])]
        senders = by[:1] or senders  # "economic retaliation aimed at South Korea by Beijing"
        targets = [m["actor"] for m in after if m["actor"] not in senders][:1]
        for m, nxt in zip(after, after[1:]):  # and those listed with it: "imports of food from the US, the EU and Norway"
            if targets and m["actor"] == targets[-1] and nxt["actor"] not in senders \
                    and _COORD.fullmatch(sentence, m["end"] - a, nxt["start"] - a):
                targets.append(nxt["actor"])
        if not targets:
            present = {m["actor"] for m in here}
            ranked = sorted((x for x in cues.usual_targets if x in present and x not in senders),
                            key=lambda x: (-weight.get(x, 0), cues.usual_targets.index(x)))
            targets = ranked[:1]
        if not senders or not targets:
            continue
        if _NOT_BEFORE.search(sentence, max(lo, ts - 30), ts):
            continue  # "Moscow would not expel American diplomats": none taken
        status = "threatened" if re.match(r"to|will|would|could", ban.group(0)) \
            or _MODAL_BEFORE.search(sentence, max(lo, ts - 40), ts) else "imposed"
        if cues.status["eased"].search(sentence, max(lo, ts - 30), ts):
            status = "eased"  # "Russia lifted the ban on Turkish food imports"
        measure = ["diplomatic"] if ban.group(0).lower().startswith(("suspend", "expel", "expulsion")) else ["trade"]
        out.append({"senders": senders, "targets": targets, "generic": False, "status": status, "strong": False,
                    "owned": False, "guessed": False, "anaphoric": False, "measure": measure, "cameo": _CAMEO[status],
                    "sender_at": None})
    return out


def _carried_sender(text: str, a: int, mentions: list[dict], cues: Cues, weight: Counter,
                    exclude: set) -> tuple[str, int] | None:
    """The sender a pronoun in the sentence starting at ``a`` stands for, and the offset where it is named.

    The nearest usual sender or government body named in the ``_CARRY`` characters before the sentence
    (the actor of the previous sentence or two), else the usual sender that holds most of the article's
    mentions (a speech by a president, a ministry's statement).
    """
    lo = max(0, a - _CARRY)
    back = _mentions_in(mentions, lo, a) + _body_mentions(text[lo:a], lo, cues)
    for m in sorted(back, key=lambda m: m["start"], reverse=True):
        if (m["actor"] in cues.usual_senders or m.get("body")) and m["actor"] not in exclude:
            return m["actor"], m["start"]
    total = sum(weight.values())
    top = [x for x, n in weight.most_common(1) if x in cues.usual_senders and x not in exclude and n * 2 > total]
    return (top[0], -1) if top else None


def _last_named(cands: list[tuple[int, dict]], no: int, target: str, reach: int = 2) -> tuple[str, int] | None:
    """The one sender the sentence just before sentence ``no`` (up to ``reach`` back) names for ``target``."""
    for back in range(no - 1, no - 1 - reach, -1):
        named = {s for k, c in cands if k == back and target in c["targets"] for s in c["senders"]}
        if len(named) == 1:
            return next(iter(named)), back
        if named:
            return None
    return None


def _resolve_sanctions(cands: list[tuple[int, dict]], main_target: str | None = None) -> list[dict]:
    """Fill what a sentence leaves out from the article, then one record per (sender, target, status).

    ``main_target``: the usual target the article names most, for sentences that name none.
    """
    targets_all: Counter = Counter(t for _, c in cands for t in c["targets"])
    filled = []  # each sentence's targets, those it leaves out filled from the article
    for no, c in cands:
        targets = c["targets"]
        if not targets and c["strong"]:  # a sanction noun with no target in its sentence: the article's
            targets = ([targets_all.most_common(1)[0][0]] if targets_all else  # target, or the usual target
                       [main_target] if main_target and (c["senders"] or c["anaphoric"]) else [])  # it names most
        filled.append(targets)
    # who the article says acts on each target it names; for a target no sentence names a sender for, who acts
    # where it was filled in ("Beijing has been threatened with sanctions" ... "a step that could trigger
    # economic sanctions, the EU warned": the EU's)
    sender_of: dict[str, Counter] = {}
    named_in: dict[tuple[str, str], int | None] = {}  # (target, sender): the sentence that names the sender
    for said in (True, False):
        named = set(sender_of)
        for (no, c), targets in zip(cands, filled):
            if said != bool(c["targets"]):
                continue
            for t in targets:
                if said or t not in named:
                    for s in c["senders"]:
                        sender_of.setdefault(t, Counter())[s] += 1
                        named_in.setdefault((t, s), no if c["sender_at"] is None else c["sender_at"])
    # whose measure on a target the article says outright ("the European Union's arms embargo on China")
    owner_of: dict[str, set] = {}
    owned_in: dict[tuple[str, str], int | None] = {}  # (target, owner): the sentence that says so
    for (no, c), targets in zip(cands, filled):
        if c["owned"]:
            for t in targets:
                owner_of.setdefault(t, set()).update(c["senders"])
                for s in c["senders"]:
                    owned_in.setdefault((t, s), no if c["sender_at"] is None else c["sender_at"])
    records: dict[tuple, dict] = {}
    for (no, c), targets in zip(cands, filled):
        # one measure on a list of targets ("arms embargoes applied to China, Burma and Zimbabwe"): when the
        # article gives one sender for the listed targets it names one for, that sender holds for the others too
        listed = {x for t in targets if t in sender_of and len(sender_of[t]) == 1 for x in sender_of[t]}
        shared = next(iter(listed)) if len(listed) == 1 and len(targets) > 1 and not c["senders"] \
            and not c["generic"] else None
        for target in targets:
            senders = c["senders"]
            sender_no = (no if c["sender_at"] is None else c["sender_at"]) if senders else None
            owner = owner_of.get(target, set())
            if c["guessed"] and len(owner) == 1 and not owner & set(senders):
                # "the embargo" with a usual sender merely named near it ("told the British minister that his
                # plan to remove the embargo ..."): the measure the article says is another's is that one
                senders = list(owner)
                sender_no = owned_in[(target, senders[0])]
            if not senders:
                if c["generic"] and c.get("west") and target in sender_of:  # "Western sanctions", named elsewhere
                    senders = list(sender_of[target])
                    sender_no = None
                elif c["generic"]:
                    senders = [UNKNOWN]
                elif target in sender_of and len(sender_of[target]) == 1:
                    senders = [sender_of[target].most_common(1)[0][0]]
                    sender_no = named_in.get((target, senders[0]))
                elif shared is not None and shared != target:
                    senders = [shared]
                    sender_no = next(named_in[(t, shared)] for t in targets if (t, shared) in named_in)
                elif c["anaphoric"] and (last := _last_named(cands, no, target)) is not None:
                    senders, sender_no = [last[0]], last[1]  # "the sanctions" of the sender named just before
                else:
                    senders = [UNKNOWN]
            for sender in senders:
                if sender == target:
                    continue
                key = (sender, target, c["status"])
                if key in records:
                    rec = records[key]
                    rec["measure"] = sorted(set(rec["measure"]) | set(c["measure"]) - ({"general"} if len(
                        set(rec["measure"]) | set(c["measure"])) > 1 else set()))
                    continue
                records[key] = {"sender": sender, "target": target, "status": c["status"], "measure": list(c["measure"]),
                                "cameo": c["cameo"], "sentence_no": no,
                                "sender_sentence_no": None if sender == UNKNOWN or sender_no == -1 else sender_no}
    for rec in records.values():
        if len(rec["measure"]) > 1 and "general" in rec["measure"]:
            rec["measure"] = [m for m in rec["measure"] if m != "general"]
        rec["measure"] = [m for m in MEASURES if m in rec["measure"]]
    return sorted(records.values(), key=lambda r: (r["sentence_no"], r["sender"], r["target"], r["status"]))


# --------------------------------------------------------------------------- UN vote records

_TALLY_DASH = re.compile(r"\b(\d{1,3})\s*(?:votes?\s+)?(?:-|\u2013|to)\s*(\d{1,3})(?:\s*(?:-|\u2013)\s*(\d{1,3}))?\b"
                         r"(?!\s*(?:percent|%|per cent|years|days|months|people|members))")
_BY_VOTES = re.compile(r"\bby\s+" + _NUM + r"\s+votes\b(?!\s+to\b)", re.I)
_ADOPTED_WHEN = re.compile(r"\s*,?\s*(?:which was |that was |(?:which|that) the (?:[\w.-]+ ){1,4}?)?(?:adopted|passed|approved|"
                           r"voted)\s+(?:unanimously\s+)?(?:in|on|last|by)\b", re.I)  # (its adoption told: a vote)
# "the draft won nine votes", "it received only four votes": the votes cast for it
_WON_VOTES = re.compile(r"\b(?:won|wins|received|receives|got|gets|gained|garnered|secured|drew|obtained|mustered)\s+"
                        r"(?:only\s+|just\s+|the\s+)?" + _NUM + r"\s+votes\b(?!\s+(?:against|to)\b)", re.I)
_VOTES_TO = re.compile(r"\b" + _NUM + r"\s+votes?\s+to\s+" + _NUM + r"\b", re.I)
_YES = re.compile(_NUM + r"\s+(?:votes?\s+|countries\s+|members\s+|nations\s+|states\s+)?(?:in favou?r|for\b|yes\b|voted (?:in favou?r|for|yes))", re.I)
_NO = re.compile(_NUM + r"\s+(?:votes?\s+|countries\s+|members\s+|nations\s+|states\s+)?(?:against|voted against|no\b)", re.I)
_ABSTAIN = re.compile(_NUM + r"\s+(?:countries\s+|members\s+|nations\s+|states\s+)?(?:abstentions?|abstain(?:ed|ing)?|abstaining)", re.I)
# "Nine of the council's 15 members voted in favour": the nine
_OF_MEMBERS = re.compile(_NUM + r"\s+of\s+the\s+(?:\w+['\u2019]s\s+)?(?:\d{1,3}\s+)?(?:members|countries|states|nations)\s+"
                         r"(?:voted\s+)?(?:in\s+favou?r|for\b|yes\b)", re.I)
# "winning the support of only five members"
_SUPPORT_OF = re.compile(r"\b(?:support|backing|votes)\s+of\s+(?:only\s+|just\s+)?" + _NUM +
                         r"\s+(?:members|countries|states|nations)\b", re.I)
# "five, including South Africa and Libya, voted against": a count, its members named, then the vote
_COUNT_NAMED = r"\b" + _NUM + r",\s+(?:including\s+)?(?:(?!\bvoted\b|\babstain)[^.;]){1,90}?,\s+"  # "five, including ..., "
_LISTED_THEN = re.compile(_COUNT_NAMED + r"voted\s+against\b", re.I)
_ONE_THEN_ABSTAINED = re.compile(_COUNT_NAMED + r"abstained\b", re.I)  # "and one, Indonesia, abstained"
_NO_ABSTENTIONS = re.compile(r"\b(?:no|without(?:\s+any)?)\s+abstentions\b|\bnone\s+abstain(?:ed|ing)\b", re.I)
_ABSTAIN_WITH = re.compile(r"with\s+" + _NUM + r"\s+abstentions?", re.I)
_RESOLUTION = re.compile(r"\b(?:[Rr]esolutions?|S/RES/)\s*(?:No\.?\s*)?(\d{3,4})\b|\b((?:A|S)/(?:RES/)?[\w.-]+(?:/[\w.-]+)+)"
                         r"|\b[Rr]esolutions?\s+((?:\d{2}|ES-\d{1,2})/\d{1,3})\b")  # (the Assembly's session/number)
_MORE_NUMBERS = re.compile(r"^(?:[^.;]{0,30}?(?:,|\band\b)\s*(?:resolution\s+)?(\d{3,4})\b)")
_CITED_BEFORE = re.compile(r"(?:comply|complies|compliance|line|accordance|violation|breach|violat\w*|under|implement\w*)"
                           r"\W+(?:\w+\W+){0,5}$", re.I)
_SUBJECT = re.compile(r"\b(?:resolution|draft|text|motion)\s+(?:that\s+|which\s+)?((?:on|condemning|calling|demanding|"
                      r"urging|to|against|about|that would|imposing|extending|renewing|declaring|recognising|"
                      r"recognizing|criticising|criticizing|threatening|authorising|authorizing|establishing|"
                      r"endorsing|requesting)\b(?:\s+[\w'-]+){1,6})", re.I)
_SUBJECT_STOP = frozenset("""at by in had has have was were is are which that after before last this and but when while
    as said says at the on monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()) - {"the", "on"}
# words a subject may not end with (the phrase they open was cut off)
_SUBJECT_DANGLING = frozenset("on the a an of for to in at by with over from".split())
_NATIONAL = re.compile(r"\b(?:parliament|Knesset|Bundestag|Duma|lawmakers|MPs|referendum|election|primary|Congress|Senate|"
                       r"House of|caucus|shareholders|board members|jury|council members voted)\b")
_MONTH_FIRST = re.compile(r"\W*(?:In|Last|Earlier in|Back in)\s+(?:early\s+|late\s+|mid-)?(?:January|February|March|April|May|"
                          r"June|July|August|September|October|November|December)\b")
_FUTURE_VETO = re.compile(r"\b(?:threat\w* (?:to|of a) veto|would veto|could veto|will veto|veto power|power of veto|"
                          r"right to veto|veto-wielding|may veto|(?<!declined )(?<!refused )(?<!chose not )to use (?:its|their) veto)\b",
                          re.I)


def _number(token: str | None) -> int | None:
    if token is None:
        return None
    token = token.lower()
    if "-" in token:  # "twenty-one"
        tens, _, unit = token.partition("-")
        return _NUMBER_WORDS[tens] + _NUMBER_WORDS[unit]
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token)


def _tallies(sentence: str) -> tuple[int | None, int | None, int | None]:
    yes = no = abstain = None
    low = sentence.lower()  # (the rarer shapes are searched for only when their words are there)
    m = (" of the " in low and _OF_MEMBERS.search(sentence)) or _YES.search(sentence) \
        or (" of " in low and _SUPPORT_OF.search(sentence))
    if m and m.start() > 0 and sentence[m.start() - 1] in "-\u2013":
        m = None  # "voted 15-0 for the resolution": the tally, read below
    if m:
        yes = _number(m.group(1))
    m = _NO.search(sentence) or ("voted against" in low and _LISTED_THEN.search(sentence))
    if m:
        no = _number(m.group(1))
    m = _ABSTAIN_WITH.search(sentence) or _ABSTAIN.search(sentence) \
        or ("abstained" in low and _ONE_THEN_ABSTAINED.search(sentence))
    if m:
        abstain = _number(m.group(1))
    elif ("abstain" in low or "abstention" in low) and _NO_ABSTENTIONS.search(sentence):
        abstain = 0
    if yes is None:
        m = _VOTES_TO.search(sentence)  # "adopted by 128 votes to nine"
        if m:
            yes, no = _number(m.group(1)), _number(m.group(2))
    if yes is None:
        m = _BY_VOTES.search(sentence) or _WON_VOTES.search(sentence)
        if m:
            yes = _number(m.group(1))
    if yes is None:
        for m in _TALLY_DASH.finditer(sentence):
            pre = sentence[max(0, m.start() - 60):m.start()].lower()
            if re.search(r"vote|voted|margin|tally|\bby\b|passed|adopted|approved", pre) \
                    or re.search(r"^\s*(?:vote|with)", sentence[m.end():m.end() + 8]):
                yes, no = int(m.group(1)), int(m.group(2))
                if m.group(3):
                    abstain = int(m.group(3))
                break
    return yes, no, abstain


def _vote_body(sentence: str, cues: Cues) -> str | None:
    if not any(h in sentence for h in _BODY_NAMES):
        return None
    for name, pattern in cues.vote_body:
        if pattern.search(sentence):
            return name
    return None


# a modal just before an adopting verb: a hypothetical resolution, not a reported vote
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|must|should|need(?:s|ed)? to|ha(?:ve|s|d) to)\s+(?:\w+\s+){0,2}$",
                           re.I)
# a UN body as the subject of a decision it takes by resolution: "In December 2016, the UNGA, led by
# Liechtenstein and Qatar, established a mechanism" (an appositive between commas may come between)
_BODY_DECIDED = re.compile(r"\b(?:General Assembly|UNGA|Security Council|UNSC|Human Rights Council|UNHRC)"
                           r"(?:\s*,[^,.;]{1,60},)?\s+(?:has\s+|had\s+)?(?:established|set up|created)\b")
_HABITUAL = re.compile(r"\b(?:times|repeatedly|several|multiple|vetoes|resolutions|drafts|in the past|"
                       r"again and again|every|routinely)\b", re.I)


def _outcome(sentence: str, cues: Cues) -> str | None:
    veto = cues.outcome["vetoed"].search(sentence)
    if veto and (not _FUTURE_VETO.search(sentence) or re.search(r"\bused (?:its|their) veto", sentence, re.I)):
        if _HABITUAL.search(sentence) and not re.search(r"\b(?:a|the)\s+(?:\w+\s+){0,3}(?:resolution|draft)\b", sentence):
            return None
        return "vetoed"
    if cues.outcome["failed"].search(sentence):
        return "failed"
    if cues.outcome["scheduled"].search(sentence):
        return "scheduled"
    if _FUTURE_VETO.search(sentence) and not re.search(r"\bany\s+(?:\w+\s+)?(?:resolution|draft|measure|text)",
                                                       sentence, re.I):
        return "scheduled"  # "will veto the draft": a vote to come; "would veto any resolution": a stance, no vote
    if any(not _HYPOTHETICAL.search(sentence, max(0, m.start() - 40), m.start())
           for m in cues.outcome["adopted"].finditer(sentence)):
        return "adopted"  # (not "the UNSC would need to pass another resolution": no vote is reported)
    if re.search(r"\bdraft (?:resolution|text)\b", sentence, re.I):
        return "draft"  # a draft in circulation: "scheduled" unless the article reports its vote
    return None


def _vetoers(text: str, a: int, b: int, mentions: list[dict], cues: Cues) -> list[str]:
    sentence = text[a:b]
    out: list[str] = []
    prev_end = None
    for v in cues.outcome["vetoed"].finditer(sentence):
        lo, hi = _clause(sentence, v.start())
        for m in _mentions_in(mentions, a + max(0, lo - 0), a + hi):
            if m["actor"] in _P5 and not sentence.startswith("-", m["end"] - a):  # (not "the US-drafted text")
                ms = m["start"] - a
                if ms < v.start() or re.match(r"\W*(?:\w+\s+){0,2}?by\s+(?:the\s+)?$", sentence[v.end():ms]) \
                        or (out and prev_end is not None and _COORD.fullmatch(sentence[prev_end:ms])):
                    out.append(m["actor"])
                    prev_end = m["end"] - a
    # how each member said to have voted voted: those who voted for the draft did not veto it, and when the
    # sentence says who voted against, the vetoes are theirs ("Britain, France and the US voted in favour,
    # Russia and China voted against, and the draft was vetoed")
    votes = {}
    for m in _mentions_in(mentions, a, b):
        said = _LIST_THEN_VOTE.match(sentence, m["end"] - a)
        if m["actor"] in _P5 and said:
            votes[m["actor"]] = "against" if re.match(r"against|no", said.group(1), re.I) else "for"
    out = [x for x in dict.fromkeys(out) if votes.get(x) != "for"]
    if any(votes.get(x) == "against" for x in out):
        out = [x for x in out if votes.get(x) == "against"]
    return out


def _sentence_vote(text: str, a: int, b: int, no: int, context_body: str | None, mentions: list[dict],
                   cues: Cues) -> list[dict] | None:
    sentence = text[a:b]
    decided = _BODY_DECIDED.search(sentence)
    if not cues.vote_cue.search(sentence) and not decided:
        return None
    body = _vote_body(sentence, cues)
    if body is None:
        if not re.search(r"\b(?:UN|U\.N\.|United Nations|[Rr]esolutions?|veto\w*|abstain\w*|draft|[Cc]ouncil|[Aa]ssembly|"
                         r"vot(?:e|ed|es|ing))\b", sentence):
            return None
        body = context_body
    if body is None and re.search(r"\bveto|\bblock", sentence, re.I) and re.search(r"\b(?:UN|U\.N\.|United Nations|draft|resolution)\b", sentence):
        body = "security_council"  # only the Security Council has vetoes
    if body is None and re.search(r"\b(?:[Rr]esolution|S/RES/)\s*(?:No\.?\s*)?\d{3,4}\b", sentence):
        body = "security_council"  # a bare resolution number is the Council's (the Assembly's are session/number)
    if body is None and re.search(r"\b(?:UN|U\.N\.|United Nations)\s+(?:\w+\s+){0,2}?resolution", sentence):
        body = "security_council"  # "a UN resolution" put to a vote, no body named: most often the Council's
    if body is None and re.search(r"\b[Rr]esolution\b", sentence):
        yes, no_, abstain = _tallies(sentence)
        if yes is not None and yes + (no_ or 0) + (abstain or 0) <= 15:
            body = "security_council"  # a tally of at most 15 members: "the resolution, which passed 14-0"
    if body is None:
        return None
    if _NATIONAL.search(sentence) and _vote_body(sentence, cues) is None:
        return None
    outcome = _outcome(sentence, cues)
    # how members voted, with no outcome word of its own ("Egypt abstained", "it got nine votes in favour"):
    # a detail of the vote reported nearby, when there is one
    # (also a count of members who voted for it: "Nine countries voted in favour, three against")
    detail = outcome is None or (outcome == "adopted" and all(
        re.match(r"abstain|abstention", m.group(0), re.I)
        or (re.match(r"voted\s+(?:in\s+favou?r|for)\b", m.group(0), re.I)
            and _COUNTED.search(sentence, max(0, m.start() - 30), m.start()))
        for m in cues.outcome["adopted"].finditer(sentence)))
    weak = outcome == "draft"
    if weak:
        outcome = "scheduled"
    yes, no_, abstain = _tallies(sentence)
    if outcome is None and decided:
        outcome, detail = "adopted", False  # "the UNGA ... established a mechanism": it acts by resolution
    if outcome is None:
        if yes is None:
            return None
        outcome = "adopted" if (no_ is None or yes > no_) else "failed"
    res = _RESOLUTION.search(sentence)
    resolution = (res.group(1) or res.group(2) or res.group(3)) if res else None
    word = re.search(r"\bresolutions?\b", sentence, re.I)
    where = res.start() if res else (word.start() if word else None)
    if where is not None and (cues.cited.search(sentence, max(0, where - 40), where + 1)
                              or _CITED_BEFORE.search(sentence[max(0, where - 60):where])) \
            and not cues.outcome["vetoed"].search(sentence) and yes is None \
            and not (res and _ADOPTED_WHEN.match(sentence, res.end())):
        return None  # cited as law, unless its adoption is told: "under resolution 2118, adopted in 2013, ..."
    if res and re.match(r"\W*(?:had|has|have)?\s*(?:been|was|is|were)?\s*(?:breached|violated|ignored|flouted)",
                        sentence[res.end():]):
        resolution, res = None, None  # "declaring that resolution 2118 had been breached": cited, not this vote
    others: list[str] = []
    if res and res.group(1):
        rest = sentence[res.end():]
        while True:
            m = _MORE_NUMBERS.match(rest)
            if not m:
                break
            before = rest[:m.start(1)]
            if not (re.search(r"\b(?:in|of|since|from|on|dated)\s*$", before)  # a year, not a resolution
                    or re.search(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s*$", before)):
                others.append(m.group(1))
            rest = rest[m.end():]
    if outcome == "adopted" and not decided and not re.search(r"\b(?:resolutions?|draft|text|motion|measure|vote\w*|"
                                                              r"abstain\w*|unanimous\w*)\b", sentence, re.I):
        return None
    subject = ""
    m = _SUBJECT.search(sentence)
    if m:
        words = m.group(1).split()
        keep = words[:1]
        for w in words[1:]:  # up to a word that starts another phrase ("at", "had", a date) or a comma
            if w.lower().strip(",.;") in _SUBJECT_STOP or w[:1].isdigit():
                break
            keep.append(w.rstrip(",;."))
            if w.endswith((",", ";", ".")):
                break
        while len(keep) > 2 and keep[-1].lower() in _SUBJECT_DANGLING:  # "... for Somalia on" (Friday)
            keep.pop()
        subject = " ".join(keep).strip(" ,.") if len(keep) > 1 else ""
    vetoed_by = _vetoers(text, a, b, mentions, cues) if outcome == "vetoed" else []
    first = {"another": bool(re.search(r"\b(?:another|second|new|earlier|previous)\b|\balso\s+(?:adopted|passed|"
                                       r"approved|voted|backed|endorsed|rejected)\b|\b[Cc]ommittee\b", sentence, re.I)
                             or _MONTH_FIRST.match(sentence)),  # ("In February, Russia and China vetoed ...")
             "weak": weak, "detail": detail, "years": set(re.findall(r"\b(?:19[4-9]\d|20[0-3]\d)\b", sentence)), "body": body, "outcome": outcome, "yes": yes, "no": no_, "abstain": abstain, "vetoed_by": vetoed_by,
             "resolution": resolution, "subject": subject, "sentence_no": no}
    return [first] + [dict(first, yes=None, no=None, abstain=None, resolution=r) for r in others]


_SUBJECT_COMMON = frozenset({"The", "UN", "U.N.", "United", "Nations", "Security", "Council", "General", "Assembly",
                             "Human", "Rights", "Resolution", "A", "An", "On", "In", "Friday", "Monday", "Tuesday",
                             "Wednesday", "Thursday", "Saturday", "Sunday"})


def _other_subject(a: str, b: str) -> bool:
    """Whether two vote subjects name different things: each names someone or somewhere (a capitalised word
    beyond the UN's own names), and none of them in common ("on Syria" and "on Myanmar")."""
    names = [{re.sub(r"['\u2019]s$", "", w) for w in re.findall(r"\b[A-Z][\w.'\u2019-]*", x)} - _SUBJECT_COMMON
             for x in (a, b)]
    return bool(names[0]) and bool(names[1]) and not names[0] & names[1]


def _merge_votes(cands: list[dict]) -> list[dict]:
    """One record per vote: same body and resolution, or same body and outcome when a number is missing."""
    out: list[dict] = []
    for c in cands:
        same = None
        if c["detail"] and not c["resolution"]:
            near = [r for r in out if r["body"] == c["body"] and 0 < c["sentence_no"] - r["sentence_no"] <= 3]
            if near:  # "Bolivia voted against; Egypt abstained": of the vote just reported
                same = near[-1]
                c = dict(c, outcome=same["outcome"])
        for r in out if same is None else ():
            if r["body"] != c["body"]:
                continue
            if r["resolution"] and c["resolution"]:
                if r["resolution"] == c["resolution"]:
                    same = r
                    break
                continue
            if r["outcome"] == c["outcome"] and r["sentence_no"] != c["sentence_no"] and not c.get("another") \
                    and (not (r["resolution"] or c["resolution"]) or abs(c["sentence_no"] - r["sentence_no"]) <= 3) \
                    and not _other_subject(r["subject"], c["subject"]) \
                    and not (r["years"] and c["years"] and not r["years"] & c["years"]):
                same = r
                break
        if same is None:
            out.append(dict(c))
            continue
        same["weak"] = same["weak"] and c["weak"]
        for k in ("yes", "no", "abstain", "resolution"):
            if same[k] is None and c[k] is not None:
                same[k] = c[k]
        if not same["subject"] and c["subject"]:
            same["subject"] = c["subject"]
        same["vetoed_by"] = list(dict.fromkeys(same["vetoed_by"] + c["vetoed_by"]))
        rank = {"vetoed": 0, "failed": 1, "adopted": 2, "scheduled": 3}
        if rank[c["outcome"]] < rank[same["outcome"]]:
            same["outcome"] = c["outcome"]
    strong_bodies = {r["body"] for r in out if not r["weak"]}
    out = [r for r in out if not (r["weak"] and r["body"] in strong_bodies)]  # the draft is a vote reported
    for r in out:
        r.pop("another", None)
        r.pop("years", None)
        r.pop("weak", None)
        r.pop("detail", None)
    return out


# --------------------------------------------------------------------------- when a vote was held

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_MONTH_RE = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
             r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR_RE = r"(19[4-9]\d|20\d\d)"
# date expressions, most precise first; each names its groups
_STATED_DATES = [
    ("dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+" + _YEAR_RE + r"\b", re.I)),
    ("mdy", re.compile(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR_RE + r"\b", re.I)),
    ("my", re.compile(r"\b" + _MONTH_RE + r",?\s+(?:of\s+)?" + _YEAR_RE + r"\b", re.I)),
    ("m_last", re.compile(r"\b(?:in\s+|last\s+)?" + _MONTH_RE + r"\s+(?:of\s+)?last\s+year\b", re.I)),
    ("dm", re.compile(r"\b(?:on\s+)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"(?![\w,]*\s+\d)", re.I)),
    ("md", re.compile(r"\b(?:on\s+)" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d)", re.I)),
    ("m", re.compile(r"\b(?:in|last|early|late|mid-?|since)\s+" + _MONTH_RE + r"(?![\w,]*\s+\d)", re.I)),
    ("y", re.compile(r"\b(?:in|since|of|during)\s+(?:early\s+|late\s+|mid-?)?" + _YEAR_RE + r"\b(?!\s*(?:-|\u2013)\s*\d)", re.I)),
    ("last_year", re.compile(r"\blast\s+year\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|this\s+|next\s+|)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                           r"Sunday)\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this morning|this afternoon)\b", re.I)),
]
# a vote's verb: the date read is the one nearest to one of these
_VOTE_VERB = re.compile(r"\b(?:adopt\w*|pass(?:ed|es|ing)?|approv\w*|vot(?:e|ed|es|ing)|veto\w*|reject\w*|endors\w*|"
                        r"abstain\w*|block\w*|backed|unanimous\w*)\b", re.I)
# a date that belongs to another verb: "Lavrov said on Friday", "told reporters on Monday"
_OTHER_VERB_BEFORE = re.compile(r"\b(?:said|says|told|added|announced|stated|wrote|reported|declared|warned|"
                                r"noted|explained|commented|tweeted)\s+(?:\w+\s+){0,2}$", re.I)
_NEAR = 90  # characters between a date and the vote's verb, at most


def _month(token: str) -> int:
    return 1 + [m[:3] for m in _MONTH_NAMES].index(token[:3].lower())


def vote_date(sentence: str, published: Any = None, *, resolution: str | None = None,
              scheduled: bool = False) -> str | None:
    """When a sentence says a vote was (or will be) held, as a partial ISO date, or ``None``.

    The date is the one nearest to the vote's verb ("adopted", "passed",
    "voted", "vetoed", ...), within a clause's reach, and not one that belongs to
    a verb of saying ("..., Lavrov said on Friday"). When ``resolution`` is given
    and the sentence names it, the text after that number is read first
    ("resolutions 2118, adopted in 2013, and 2254, adopted in 2015").

    Parameters
    ----------
    sentence:
        The vote record's sentence (``quote``).
    published:
        The article's publication time: it places dates that leave something
        out ("on Friday", "in December", "last year", "yesterday"): the latest
        such date on or before it (on or after it when ``scheduled``). Without
        it those dates give ``None``.
    resolution:
        The record's resolution number or symbol, if any.
    scheduled:
        The vote is still to come (a weekday or month is then the next one).

    Returns
    -------
    str or None
        ``"YYYY-MM-DD"``, ``"YYYY-MM"`` or ``"YYYY"``: as precise as the
        sentence (with ``published``) allows.

    Example
    -------
    >>> vote_date("Resolution 242, passed on 22 November 1967, called for land for peace.")
    '1967-11-22'
    >>> vote_date("The Council adopted the text on Friday, Lavrov said on Monday.", "2017-03-25")
    '2017-03-24'
    >>> vote_date("The Assembly in December adopted a resolution.", "2017-03-27")
    '2016-12'
    """
    import datetime as dt

    import pandas as pd

    pub = None
    if published is not None and not (isinstance(published, float) and published != published):
        ts = pd.Timestamp(published)
        if not pd.isna(ts):
            pub = ts.date()
    text = sentence
    if resolution:
        at = sentence.find(str(resolution))
        if at >= 0:
            nxt = re.search(r"\b(?!19[4-9]\d\b|20\d\d\b)\d{3,4}\b", sentence[at + len(str(resolution)):])
            stop = at + len(str(resolution)) + (nxt.start() if nxt else len(sentence))
            found = vote_date(sentence[at:stop], published, scheduled=scheduled) if "," in sentence[at:stop] else None
            if found:
                return found
    verbs = [m.start() for m in _VOTE_VERB.finditer(text)]
    if not verbs:
        return None
    best: tuple[int, int, str, re.Match] | None = None  # (distance, precision rank, kind, match)
    for rank, (kind, pattern) in enumerate(_STATED_DATES):
        for m in pattern.finditer(text):
            if _OTHER_VERB_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue
            dist = min(max(m.start() - v, v - m.end(), 0) for v in verbs)
            if dist > _NEAR:
                continue
            if best is None or (dist, rank) < best[:2]:
                best = (dist, rank, kind, m)
    if best is None:
        return None
    _, _, kind, m = best
    g = m.groups()
    try:
        if kind == "dmy":
            return dt.date(int(g[2]), _month(g[1]), int(g[0])).isoformat()
        if kind == "mdy":
            return dt.date(int(g[2]), _month(g[0]), int(g[1])).isoformat()
        if kind == "my":
            return f"{int(g[1]):04d}-{_month(g[0]):02d}"
        if kind == "y":
            return g[0]
        if pub is None:
            return None
        if kind == "last_year":
            return f"{pub.year - 1:04d}"
        if kind == "m_last":
            return f"{pub.year - 1:04d}-{_month(g[0]):02d}"
        if kind in ("m", "dm", "md"):
            month = _month(g[0] if kind in ("m", "md") else g[1])
            year = pub.year
            if not scheduled and month > pub.month:
                year -= 1
            elif scheduled and month < pub.month:
                year += 1
            if kind == "m":
                return f"{year:04d}-{month:02d}"
            return dt.date(year, month, int(g[1] if kind == "md" else g[0])).isoformat()
        if kind == "weekday":
            want = _WEEKDAYS.index(g[0].lower())
            shift = (want - pub.weekday()) % 7 if scheduled else -((pub.weekday() - want) % 7)
            return (pub + dt.timedelta(days=shift)).isoformat()
        if kind == "yesterday":
            return (pub - dt.timedelta(days=1)).isoformat()
        return pub.isoformat()  # today
    except ValueError:  # "31 February": not a date
        return None


# --------------------------------------------------------------------------- one text


_LONGEST = 1000  # characters: the rules read a longer "sentence" (a text without full stops) in pieces of this size


_AUTOMATA: dict[tuple, Any] = {}  # needles -> their Aho-Corasick automaton, built on first use


def _find_all(text: str, needles: dict[str, str] | tuple[str, ...]) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every occurrence of each needle in ``text`` (overlapping ones too), by start;
    ``kind`` is the needle's value when ``needles`` is a dict. One pass of an Aho-Corasick automaton
    (pyahocorasick, as :mod:`analysis.score.match`), whatever the number of needles: a ``str.find`` per
    needle cost a third of the extraction time once the keys passed 40."""
    import ahocorasick

    items = tuple(needles.items()) if isinstance(needles, dict) else tuple((n, n) for n in needles)
    automaton = _AUTOMATA.get(items)
    if automaton is None:
        automaton = ahocorasick.Automaton()
        for needle, kind in items:
            automaton.add_word(needle, (len(needle), kind))
        automaton.make_automaton()
        _AUTOMATA[items] = automaton
    found = [(end - size + 1, end + 1, kind) for end, (size, kind) in automaton.iter(text)]
    found.sort()
    return found


def _pieces(text: str, spans: list[tuple[int, int]], only: list[int] | None = None):
    """``(sentence_no, (start, end))`` of each sentence (of those numbered ``only``, when given), a sentence
    longer than ``_LONGEST`` cut at spaces.

    The rules read a sentence once per sanction word, so a text with no full
    stop would take time quadratic in its length; real sentences are far
    shorter than ``_LONGEST`` and are read whole.
    """
    for no, (a, b) in (enumerate(spans) if only is None else ((no, spans[no]) for no in only)):
        while b - a > _LONGEST:
            cut = text.rfind(" ", a + _LONGEST // 2, a + _LONGEST)
            cut = cut if cut > a else a + _LONGEST
            yield no, (a, cut)
            a = cut
        yield no, (a, b)


def extract(text: str, spans: list[tuple[int, int]] | None = None, mentions: list[dict] | None = None, *,
            gazetteer: Any = None, cues: Cues | None = None) -> tuple[list[dict], list[dict]]:
    """Sanction records and UN vote records of one text.

    Parameters
    ----------
    text:
        The article text.
    spans:
        Sentence offsets (:func:`analysis.segment.sentence_spans`; computed when ``None``).
    mentions:
        Actor mentions (:func:`analysis.actors.find_actors`; found with ``gazetteer`` when ``None``).
    gazetteer, cues:
        The actor gazetteer and cue lexicon (packaged ones when ``None``).

    Returns
    -------
    (list of dict, list of dict)
        Sanction records (``sender``, ``target``, ``status``, ``measure``, ``cameo``,
        ``sentence_no``, ``sender_sentence_no``) and vote records (``body``, ``outcome``, ``yes``, ``no``,
        ``abstain``, ``vetoed_by``, ``resolution``, ``subject``, ``sentence_no``).
        ``sentence_no`` is the sentence with the sanction word (the evidence: ``quote``,
        ``start``, ``end`` of the tables); when the sender is named in another sentence
        ("Washington ... It imposed sanctions on ..."), ``sender_sentence_no`` is that
        sentence; it is ``None`` when the sender is ``unknown`` or is the state the whole
        article speaks for (a president's speech).

    Example
    -------
    >>> _, v = extract("Russia vetoed a UN Security Council resolution on Syria on Tuesday.")
    >>> [(r["body"], r["outcome"], r["vetoed_by"]) for r in v]
    [('security_council', 'vetoed', ['Russia'])]
    """
    cues = cues or load_cues()
    if not isinstance(text, str) or not text:
        return [], []
    low = text.lower()
    keys = _find_all(low, _KEYS)  # where the keys are, found once in the whole text
    if not keys:
        return [], []
    if spans is None:
        from .segment import sentence_spans

        spans = sentence_spans(text)
    if mentions is None:
        from .actors import find_actors

        mentions = find_actors(text, gazetteer=gazetteer)
    mentions = _ByStart(mentions)  # each sentence reads only its own mentions
    starts = [a for a, _ in spans]
    # and the UN body names: a sentence with neither is skipped, and each kind of key opens its own rules
    hints = _find_all(text, _BODY_HINTS)
    key_starts, hint_starts = [k[0] for k in keys], [h[0] for h in hints]

    def inside(found: list, found_starts: list, a: int, b: int) -> set:
        i = bisect.bisect_left(found_starts, a)
        kinds = set()
        while i < len(found) and found[i][0] < b:
            if found[i][1] <= b:
                kinds.add(found[i][2])
            i += 1
        return kinds

    sanction_cands: list[tuple[int, dict]] = []
    vote_cands: list[dict] = []
    context_body, context_no = None, -10
    weight = None
    # only the sentences that hold a key or a body name are read (the others would be skipped below)
    hot = sorted({bisect.bisect_right(starts, p) - 1 for p in itertools.chain(key_starts, hint_starts)} - {-1})
    for no, (a, b) in _pieces(text, spans, hot):
        has_hint = bool(inside(hints, hint_starts, a, b))
        kinds = inside(keys, key_starts, a, b)
        if "decided" in kinds and not has_hint:
            kinds.discard("decided")  # "created", "set up": common words, a vote only with a UN body named
        if not kinds:
            if has_hint:
                body_here = _vote_body(text[a:b], cues)
                if body_here:
                    context_body, context_no = body_here, no
            continue
        sentence = text[a:b]
        trade = "trade" in kinds and bool(cues.trade_ban.search(sentence))
        if trade or ("sanction" in kinds and cues.trigger.search(sentence)):
            if weight is None:
                weight = Counter(m["actor"] for m in mentions)
            for c in _sentence_sanctions(text, a, b, mentions, cues, weight, trade=trade):
                if c["sender_at"] is not None:  # a sender carried from before: the sentence that names it
                    c["sender_at"] = bisect.bisect_right(starts, c["sender_at"]) - 1 if c["sender_at"] >= 0 else -1
                sanction_cands.append((no, c))
        vote = None if kinds == {"trade"} else \
            _sentence_vote(text, a, b, no, context_body if no - context_no <= 3 else None, mentions, cues)
        if vote is not None:
            vote_cands.extend(vote)
            context_body, context_no = vote[0]["body"], no  # the body a vote was read in ("the UN draft": the Council)
        body_here = _vote_body(sentence, cues) if has_hint else None
        if body_here:
            context_body, context_no = body_here, no
    main_target = None
    if weight:
        usual = [x for x in cues.usual_targets if weight.get(x)]
        main_target = max(usual, key=lambda x: weight[x]) if usual else None
    return _resolve_sanctions(sanction_cands, main_target), _merge_votes(vote_cands)
