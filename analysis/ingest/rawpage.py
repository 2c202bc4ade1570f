"""Parse raw news article pages that were scraped and saved as plain text.

A scraped page is more than the article: it carries a timestamp line, the
headline, photo captions with their credits, a closing credits line
("Writing by ...; Editing by ...") and page furniture such as share counters,
menus, layout/breakpoint names and cookie notices.  :func:`parse_page` splits
such a page into its parts and returns the article body on its own.

The parser is rule based and deterministic: structural cues (short lines
without terminal punctuation in runs, bullets, lowercase-hyphenated tokens)
plus a few data-only tables of known phrases, agencies and time zones.

Example
-------
>>> from analysis.ingest.rawpage import parse_page
>>> page = (
...     "June 2, 2021 / 9:05 AM / 2 years ago\\n\\n"
...     "Harbour talks resume in Port Vella\\n\\n"
...     "PORT VELLA (Reuters) - Negotiators met again on Wednesday.\\n\\n"
...     "Writing by Ana Ruiz; Editing by Tom Ode\\n\\n0 : 0\\n"
... )
>>> d = parse_page(page)
>>> d["title"], d["dateline"], d["agency"], d["text"]
('Harbour talks resume in Port Vella', 'PORT VELLA', 'Reuters', 'Negotiators met again on Wednesday.')
>>> str(d["published"]), d["authors"], d["editors"], d["furniture"]
('2021-06-02 09:05:00+00:00', ['Ana Ruiz'], ['Tom Ode'], 1)
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pandas as pd

__all__ = ["parse_page"]

# ---------------------------------------------------------------------------
# Data-only tables
# ---------------------------------------------------------------------------

#: Whole lines (lowercased, bullets stripped) that are page furniture.
_FURNITURE_EXACT = frozenset(
    w.strip()
    for w in """
    share|tweet|share this|share this article|share this story|share on facebook
    |share on twitter|share via email|email|e-mail|print|comment|comments
    |skip to main content|skip to content|skip to navigation|jump to content
    |sign in|sign up|sign out|log in|login|log out|register|subscribe
    |subscribe now|advertisement|advertising|ad|sponsored|sponsored content
    |read more|read next|continue reading|related coverage|related content
    |related stories|related articles|related news|more from reuters
    |see more|show more|load more|more|menu|search|close|back to top|top
    |top stories|trending|trending stories|most popular|most read|follow us
    |newsletter|newsletters|facebook|twitter|linkedin|whatsapp|reddit
    |pinterest|copy link|link copied|next article|previous article
    |full coverage|play video|watch video|watch live|listen|reuters tv
    |pictures|apps|feedback|terms of use|terms of service|privacy policy
    |privacy|cookie policy|cookies|accessibility|contact us|about us|careers
    |all rights reserved|editor's picks|editors' picks|discover thomson reuters
    |our standards: the thomson reuters trust principles.
    |the thomson reuters trust principles|opens new tab|view comments
    |leave a comment|add a comment|click to expand|image|video|photo|audio
    """.replace("\n", "").split("|")
)

#: Line prefixes (lowercased) that mark boilerplate.
_FURNITURE_PREFIXES = (
    "all quotes delayed a minimum of",
    "quotes delayed at least",
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "©",
    "(c) copyright",
    "click here to",
    "follow us on",
    "follow reuters",
    "our standards:",
    "market data provided by",
    "fundamental company data provided by",
    "mutual fund data provided by",
    "your browser does not support",
    "please enable javascript",
    "javascript is disabled",
    "story continues below",
    "download the app",
    "sign up for our",
    "subscribe to our",
    "get the latest news",
    "this article was produced by",
)

#: News agencies / outlets, keyed by a lowercased spelling.
_AGENCIES = {
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "bloomberg": "Bloomberg",
    "upi": "UPI",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "itar-tass": "TASS",
    "interfax": "Interfax",
    "ria novosti": "RIA Novosti",
    "ria": "RIA",
    "sputnik": "Sputnik",
    "cnn": "CNN",
    "bbc": "BBC",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "pti": "PTI",
    "ians": "IANS",
    "anadolu": "Anadolu",
    "cp": "CP",
    "the canadian press": "CP",
    "pa": "PA",
    "aap": "AAP",
}

#: Outlet web domains (registrable part) -> source name.
_DOMAINS = {
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "ap.org": "AP",
    "afp.com": "AFP",
    "bloomberg.com": "Bloomberg",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "cnn.com": "CNN",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "theguardian.com": "The Guardian",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "aljazeera.com": "Al Jazeera",
    "foxnews.com": "Fox News",
    "npr.org": "NPR",
    "politico.com": "Politico",
    "tass.com": "TASS",
    "xinhuanet.com": "Xinhua",
    "rt.com": "RT",
}

#: Time-zone abbreviations with a fixed UTC offset, in minutes.
_TZ_FIXED = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60,
    "CET": 60, "CEST": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
    "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480,
    "HST": -600, "JST": 540, "KST": 540, "HKT": 480, "SGT": 480,
    "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
}
#: Generic US zones whose offset depends on daylight saving (standard offset).
_TZ_US = {"ET": -300, "CT": -360, "MT": -420, "PT": -480}

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

#: Credit roles -> which list the names go to ("" = neither).
_ROLES = {
    "reporting": "authors", "additional reporting": "authors",
    "writing": "authors", "written": "authors", "compiled": "authors",
    "compiling": "authors", "research": "authors", "text": "authors",
    "editing": "editors", "edited": "editors",
    "graphics": "", "graphic": "", "produced": "", "production": "",
}

_NAME_PARTICLES = frozenset(
    "de da das do dos du del della der den di la le van von ter bin ibn al el y e".split()
)
_BYLINE_ROLE_WORDS = (
    "staff", "writer", "writers", "correspondent", "correspondents", "reporter",
    "reporters", "editor", "contributor", "bureau", "desk", "newsroom",
)

# ---------------------------------------------------------------------------
# Regular expressions (compiled at import: cheap, no I/O)
# ---------------------------------------------------------------------------

_BULLETS = "•·▪●◦‣∙*>–—-"
_CSS_TOKEN = re.compile(r"(?=[a-z0-9_-]*[a-z])[a-z0-9]+(?:[-_][a-z0-9]+)+")
_CSS_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
_COUNTER = re.compile(r"\d{1,7}(?:\s+:\s*|\s*:\s+)\d{1,7}")
_COUNT_WORDS = re.compile(
    r"[\d.,]+[km]?\s+(?:comments?|shares?|replies|reactions|views|likes|retweets)"
)
_COPYRIGHT = re.compile(r"copyright\s+(?:©|\(c\)|\d{4})")
_COOKIE = re.compile(
    r"cookie.{0,200}?(?:accept|consent|privacy|polic|terms|settings|prefer|"
    r"continu|agree|personali[sz]|browsing|experience)|"
    r"(?:we use|this (?:site|website) uses|our site uses).{0,40}?cookie",
    re.S,
)
_URL_LINE = re.compile(
    r"(?:(?:source|url|link|original(?:\s+url)?|canonical|permalink)\s*:\s*)?"
    r"<?(https?://[^\s<>]+?)>?",
    re.I,
)
#: non-ASCII white space that str.split() splits on and str.splitlines() does not
#: (one ``in`` test each is several times faster than a regex character class)
_ODD_SPACES = ("\u00a0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000")
_HAS_ALNUM = re.compile(r"[^\W_]").search
_HAS_DIGIT = re.compile(r"\d").search
_SENT_END = frozenset('.!?:;"”’)]')
_TERMINAL = frozenset('.!?:;,"\'”’)]')

# dates and times --------------------------------------------------------------
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_ISO = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)"
    r"(?:[T ](?P<H>\d\d):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,]\d{1,9})?)?"
    r"\s?(?P<tz>Z|[+-]\d\d:?\d\d)?)?(?![\d])",
    re.I,
)
_DATE_MDY = re.compile(
    r"\b" + _MON + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I
)
_DATE_DMY = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I
)
_DATE_NUM = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d\d)(?![\d/])")
_TIME = re.compile(
    r"(?<![\d:.])(?P<H>\d{1,2})(?:[:.](?P<M>\d\d)(?::(?P<S>\d\d))?)?"
    r"\s?(?P<ap>[ap]\.?m\b\.?)?(?![\d:])",
    re.I,
)
_TZ = re.compile(
    r"(?<![\w+-])(?:(?P<abbr>[A-Z]{1,5})(?:\s?(?P<off>[+-]\d{1,2}(?::?\d\d)?))?|(?P<num>[+-]\d\d:?\d\d))(?!\w)"
)
_RELATIVE = re.compile(
    r"\b(?:an?|one|\d+)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago\b"
    r"|\bjust now\b|\byesterday\b|\btoday\b",
    re.I,
)
_TS_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|first|modified|created|edited|on|at|"
    r"date|time|as\s+of|\d+\s*min(?:ute)?s?\s+read|mon(?:day)?|tue(?:s|sday)?|"
    r"wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?",
    re.I,
)
_TS_PUNCT = re.compile(r"[\s/|·•,:.\-–—()\[\]]+")
_TS_WORDS = frozenset((
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|"
    "september|oct|october|nov|november|dec|december|mon|monday|tue|tues|tuesday|wed|"
    "wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday|published|updated|"
    "posted|last|first|modified|created|edited|on|at|date|time|as|of|min|mins|minute|minutes|"
    "read|ago|an|one|sec|secs|second|seconds|hour|hours|hr|hrs|day|days|week|weeks|month|"
    "months|year|years|just|now|yesterday|today|am|pm|st|nd|rd|th"
).split("|"))
#: words allowed on a timestamp line besides these: zone-like runs of 2-5 capitals
_ALPHA_WORD = re.compile(r"[A-Za-z]{2,}").finditer
_PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|first published)\b", re.I)
_UPDATED_LABEL = re.compile(r"\b(?:updated|modified)\b", re.I)

# credits, bylines, captions, datelines ------------------------------------------
_ROLE_RE = re.compile(
    r"\b(?P<role>additional\s+reporting|reporting|writing|written|compiled|compiling|"
    r"research|text|editing|edited|graphics?|produced|production)\s+by\b",
    re.I,
)
_CREDITS_LINE = re.compile(
    r"\(?\s*(?:additional\s+)?(?:reporting|writing|written|editing|edited|compiled|"
    r"compiling|research|graphics?|produced)\s+by\s",
    re.I,
)
#: matched at the last "(" of a paragraph (the credits hold no parentheses)
_TRAILING_CREDITS = re.compile(
    r"\(\s*((?:additional\s+)?(?:reporting|writing|editing|compiled|compiling)"
    r"\s+by\s[^()]{1,600})\)\s*$",
    re.I,
)
_CONTRIBUTED = re.compile(
    r"(?:the\s+)?(?:(?P<org>associated press|ap|afp|reuters|bloomberg)\s+)?"
    r"(?:staff\s+)?(?:(?:writers?|reporters?|correspondents?|journalists?)\s+)?"
    r"(?P<names>[A-Z].{0,200}?)\s+contributed(?:\s+(?:to\s+)?(?:this|the)\s+"
    r"(?:report|story|article))?(?:\s+from\s+[^.]{1,60})?\.?",
    re.I,
)
_BYLINE = re.compile(r"(?:By|BY|by)\s+(?P<names>\S.{0,160})")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*")
_LOCATION_TAIL = re.compile(r"\s+(?:in|at|from)\s+.*$", re.S)

_NAMEISH = r"[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*){0,3}"
_END = r"\s*[)\]]?\s*\.?\s*$"
#: (literal that must occur in the line tail, pattern), tried in order, first
#: match wins; the credit is group "c".
_STRONG_CREDITS = [
    ("REUTERS", re.compile(
        r"(?<![\w/])(?P<c>REUTERS\s?/\s?[A-Z][^/()\n]{0,60}?(?:\s?/\s?[A-Z][^/()\n]{0,40}?){0,2})"
        + _END
    )),
    ("Photo", re.compile(
        r"(?<![\w/])(?P<c>(?:AP|AFP|EPA|UPI|Reuters|Xinhua|Getty)\s+Photos?\s?/\s?[^()\n]{1,80}?)"
        + _END
    )),
    ("PHOTO", re.compile(r"(?<![\w/])(?P<c>AFP\s+PHOTO(?:\s?/\s?[^()\n]{1,60}?)?)" + _END)),
    ("Photograph", re.compile(r"(?<![\w/])(?P<c>Photograph:\s?[^()\n]{1,80}?)" + _END)),
    ("/", re.compile(
        r"(?<![\w/])(?P<c>(?:EPA(?:-EFE)?|Sputnik|KCNA|Anadolu|Pool|SPUTNIK|POOL)\s?/\s?"
        r"[A-Z][^/()\n]{0,60}?(?:\s?/\s?[A-Z][^/()\n]{0,40}?){0,2})" + _END
    )),
    ("/", re.compile(
        r"(?<![\w/])(?P<c>" + _NAMEISH + r"\s?/\s?(?:Getty\s+Images|AFP|AP|EPA(?:-EFE)?|"
        r"Reuters|Bloomberg|Sputnik|Pool|Shutterstock)(?:\s+via\s+[A-Z][\w ]{0,30}?)?)" + _END
    )),
    ("Getty", re.compile(r"(?<![\w/])(?P<c>via\s+Getty\s+Images)" + _END)),
]
_WEAK_CREDITS = [
    re.compile(
        r"(?:^|(?<=[.(\[|:;–—-])\s?|(?<=[.(\[|:;–—-]\s\s))"
        r"(?P<c>Getty\s+Images(?:\s+for\s+[^()\n]{1,40}?)?|"
        r"(?:Photo|Picture|Image|Credit|Photo\s+credit)s?:\s?[^()\n]{1,80}?|"
        r"Photo\s+by\s+[^()\n]{1,80}?|Shutterstock)\s*[)\]]?\s*\.?\s*$"
    ),
]

_CREDIT_LABEL = re.compile(
    r"^(?:(?:Photo(?:graph)?|Picture|Image|Photo\s+credit|Credit)s?\s?:|Photo\s+by)\s*", re.I
)
_DATELINE_AG = re.compile(
    r"(?P<pre>[^()\n]{0,80}?)\s*\((?P<ag>[A-Za-z][A-Za-z.&' \-]{0,40})\)\s*(?P<dash>--?|[–—:])?\s*"
)
_DATELINE_DASH = re.compile(r"(?P<pre>[^\W\d_][^()\n–—]{1,60}?)\s+(?:[–—]|--?)\s+(?=\S)")
_DATE_PART = re.compile(r"^" + _MON + r"\s+\d{1,2}$", re.I)

# line kinds
_BLANK, _FURN, _URL, _STAMP, _CREDITS, _BYLINE_K, _CAPTION, _CONTENT = range(8)

# ---------------------------------------------------------------------------
# Line classifiers
# ---------------------------------------------------------------------------


def _is_furniture_line(s: str) -> bool:
    """Return True when one (whitespace-normalised) line is page furniture."""
    n = len(s)
    if n > 600 or not s:
        return not s
    bulleted = s[0] in _BULLETS
    core = s.lstrip(_BULLETS).strip() if bulleted else s
    if not core or not _HAS_ALNUM(core):
        return True  # separators such as "* * *", "•", "---"
    if n > 90:  # long lines: only boilerplate sentences qualify
        head = core[:40].lower()
        if head.startswith(_FURNITURE_PREFIXES):
            return True
        if head.startswith("copyright") and _COPYRIGHT.match(head):
            return True
        return "ookie" in core and _COOKIE.search(core.lower()) is not None
    low = core.lower()
    if low in _FURNITURE_EXACT or low.startswith(_FURNITURE_PREFIXES):
        return True
    if ("-" in core or "_" in core) and _CSS_TOKEN.fullmatch(core):
        return True
    if bulleted and _CSS_WORD.fullmatch(core):
        return True
    if low[0].isdigit() and (_COUNTER.fullmatch(low) or _COUNT_WORDS.fullmatch(low)):
        return True
    if low.startswith("copyright") and _COPYRIGHT.match(low):
        return True
    return "cookie" in low and _COOKIE.search(low) is not None


def _nav_like(s: str) -> bool:
    """Short menu-ish line: <= 4 words, <= 32 chars, no terminal punctuation."""
    if len(s) > 34:
        return False
    core = s.lstrip(_BULLETS).strip()
    if not core or core[-1] in _TERMINAL or core.count(" ") > 3:
        return False
    return any(c.isalpha() for c in core)


def _headline_like(s: str) -> bool:
    return len(s) <= 250 and not s.endswith(".") and s.count(" ") < 35


def _us_dst(local: datetime) -> bool:
    """US daylight saving time in effect at a local (standard-clock) time."""
    y = local.year

    def nth_sunday(month: int, n: int) -> datetime:
        d = datetime(y, month, 1)
        d += timedelta(days=(6 - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)

    def last_sunday(month: int) -> datetime:
        d = datetime(y, month + 1, 1) - timedelta(days=1)
        return d - timedelta(days=(d.weekday() + 1) % 7)

    if y >= 2007:
        start, end = nth_sunday(3, 2), nth_sunday(11, 1)
    else:
        start, end = nth_sunday(4, 1), last_sunday(10)
    return start + timedelta(hours=2) <= local < end + timedelta(hours=2)


def _offset_minutes(abbr: str | None, off: str | None, local: datetime) -> int | None:
    """UTC offset in minutes for a zone abbreviation and/or numeric offset."""
    total = 0
    if abbr:
        if abbr in _TZ_FIXED:
            total = _TZ_FIXED[abbr]
        elif abbr in _TZ_US:
            total = _TZ_US[abbr] + (60 if _us_dst(local) else 0)
        else:
            return None
    if off:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        if len(digits) <= 2:
            h, m = int(digits), 0
        else:
            h, m = int(digits[:-2]), int(digits[-2:])
        if h > 14 or m > 59:
            return None
        total += sign * (h * 60 + m)
    return total


def _parse_stamp(s: str):
    """Classify a short line as a timestamp line.

    Returns ``None`` when the line is not a timestamp line, else a tuple
    ``(timestamp_or_None, label)`` where label is 2 for "published"-labelled
    lines, 0 for "updated"-labelled ones and 1 otherwise.
    """
    if len(s) > 160:
        return None
    for w in _ALPHA_WORD(s):  # usually stops at the first word of a sentence
        w = w.group()
        if w.lower() not in _TS_WORDS and not (w.isupper() and len(w) <= 5):
            return None  # a word that has no business on a timestamp line
    low = s.lower()
    rel = None
    if "ago" in low or "now" in low or "day" in low:
        rel = _RELATIVE.search(s)
    if rel is None and not _HAS_DIGIT(s):
        return None
    work = _RELATIVE.sub(" ", s) if rel else s
    y = mo = d = None
    hh = mi = ss = 0
    have_time = False
    tz_abbr = tz_off = None
    tz_given = False
    m = _DATE_ISO.search(work)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if m["H"]:
            hh, mi, ss = int(m["H"]), int(m["M"]), int(m["S"] or 0)
            have_time = True
        if m["tz"]:
            tz_off = "+0000" if m["tz"].upper() == "Z" else m["tz"]
            tz_given = True
    else:
        for rx in (_DATE_MDY, _DATE_DMY):
            m = rx.search(work)
            if m:
                y, mo, d = int(m["y"]), _MONTHS[m["mon"][:3].lower()], int(m["d"])
                break
        else:
            m = _DATE_NUM.search(work)
            if m:
                a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
                # "/" dates are read US month-first, "." dates day-first,
                # unless that is impossible
                dmy = "." in m.group() if a <= 12 and b <= 12 else a > 12
                mo, d = (b, a) if dmy else (a, b)
    if m:
        work = work[: m.start()] + " " + work[m.end():]
    if not have_time:
        t = None
        for t in _TIME.finditer(work):
            if t["M"] is not None or t["ap"]:
                break
        else:
            t = None
        if t is not None:
            hh, mi, ss = int(t["H"]), int(t["M"] or 0), int(t["S"] or 0)
            if t["ap"]:
                if not 1 <= hh <= 12:
                    return None
                pm = t["ap"][0] in "pP"
                hh = (hh % 12) + (12 if pm else 0)
            have_time = True
            work = work[: t.start()] + " " + work[t.end():]
    if not tz_given:
        z = None
        for z in _TZ.finditer(work):
            if z["num"] or (z["abbr"] in _TZ_FIXED or z["abbr"] in _TZ_US):
                break
        else:
            z = None
        if z is not None:
            tz_abbr = z["abbr"]
            tz_off = z["off"] or z["num"]
            tz_given = True
            work = work[: z.start()] + " " + work[z.end():]
    if y is None and not have_time and rel is None:
        return None
    residual = _TS_PUNCT.sub(" ", _TS_FILLER.sub(" ", work)).split()
    unknown_zone = (
        len(residual) == 1 and residual[0].isalpha() and residual[0].isupper()
        and 2 <= len(residual[0]) <= 5 and (y is not None or have_time)
    )
    if residual and not unknown_zone:
        return None  # something else is on the line: not clearly a timestamp
    label = 2 if _PUBLISHED_LABEL.search(s) else (0 if _UPDATED_LABEL.search(s) else 1)
    if y is None or unknown_zone:
        return (None, label)
    try:
        local = datetime(y, mo, d, hh, mi, ss)
    except ValueError:
        return (None, label)
    minutes = _offset_minutes(tz_abbr, tz_off, local) if tz_given else 0
    if minutes is None:
        return (None, label)
    utc = local - timedelta(minutes=minutes)
    return (pd.Timestamp(utc, tz="UTC"), label)


def _clean_name(piece: str) -> str:
    return piece.strip(" .,;:()[]\"'“”‘’-–—")


def _valid_name(name: str, *, min_words: int = 1) -> bool:
    if not name or len(name) > 60 or _HAS_DIGIT(name):
        return False
    words = name.split()
    if not min_words <= len(words) <= 6 or not name[0].isupper():
        return False
    for w in words:
        if not (w[0].isupper() or w.lower() in _NAME_PARTICLES or w[0] in "'’"):
            return False
    return True


def _split_names(chunk: str) -> list[str]:
    """Split "A, B and C in CITY" into names, dropping locations."""
    names: list[str] = []
    prev_had_loc = False
    for raw in _NAME_SPLIT.split(chunk):
        piece = _clean_name(raw)
        if not piece or piece.lower().startswith(("in ", "at ", "from ")):
            prev_had_loc = True
            continue
        stripped = _LOCATION_TAIL.sub("", piece)
        had_loc = stripped != piece
        piece = _clean_name(stripped)
        if " " not in piece and (prev_had_loc or piece.isupper()):
            prev_had_loc = prev_had_loc or had_loc
            continue  # a trailing location ("... in Moscow and Washington")
        prev_had_loc = had_loc
        if _valid_name(piece):
            names.append(piece)
    return names


def _parse_credits(s: str, authors: list[str], editors: list[str]) -> bool:
    """Parse a "Writing by X; Editing by Y" string into the lists."""
    found = False
    matches = list(_ROLE_RE.finditer(s))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(s)
        role = " ".join(m["role"].lower().split())
        target = _ROLES.get(role, "")
        names = _split_names(s[m.end(): end])
        found = True
        if target == "authors":
            authors.extend(names)
        elif target == "editors":
            editors.extend(names)
    return found


def _parse_contributed(s: str, authors: list[str]) -> bool:
    if len(s) > 260 or "contributed" not in s:
        return False
    m = _CONTRIBUTED.fullmatch(s)
    if not m:
        return False
    names = _split_names(m["names"])
    if not names:
        return False
    authors.extend(names)
    return True


def _parse_byline(s: str):
    """Return (names, org) for a byline line, or None."""
    if len(s) > 170 or not s[:2].lower() == "by":
        return None
    m = _BYLINE.fullmatch(s)
    if not m or m["names"][-1] in ".!?:;":
        return None
    names: list[str] = []
    org = None
    for raw in _NAME_SPLIT.split(m["names"]):
        piece = _clean_name(raw)
        if not piece:
            continue
        low = piece.lower()
        if low in _AGENCIES:
            org = org or _AGENCIES[low]
            continue
        words = low.split()
        if words[-1] in _BYLINE_ROLE_WORDS:
            head = " ".join(words[:-1])
            for k in range(len(words) - 1, 0, -1):
                head = " ".join(words[:k])
                if head in _AGENCIES:
                    org = org or _AGENCIES[head]
                    break
            continue
        if not _valid_name(piece, min_words=2):
            return None
        names.append(piece)
    if not names and org is None:
        return None
    return names, org


def _find_credit(s: str):
    """Return (caption, credit) when the line ends with a photo credit."""
    if len(s) > 1500:
        return None
    tail = s[-160:]
    if not (
        "/" in tail or "Getty" in tail or "Photo" in tail or "PHOTO" in tail
        or "Credit" in tail or "Image" in tail or "Picture" in tail or "Shutterstock" in tail
    ):
        return None
    best = None
    for key, rx in _STRONG_CREDITS:
        if key in tail and (m := rx.search(tail)) is not None:
            best = m
            break
    if best is None:
        for rx in _WEAK_CREDITS:
            m = rx.search(tail)
            if m:
                best = m
                break
    if best is None:
        return None
    credit = _CREDIT_LABEL.sub("", best["c"].strip()).strip("().[] ")
    credit = credit.rstrip(".").strip()
    if not credit:
        return None
    return s, credit


def _norm_agency(ag: str) -> str | None:
    key = " ".join(ag.lower().split())
    if key in _AGENCIES:
        return _AGENCIES[key]
    return None


def _dateline_place(pre: str) -> str | None:
    """Validate the text before the agency/dash; return the dateline or None."""
    parts = [p.strip() for p in pre.split(",")]
    place = parts[0]
    if not place or not any(c.isalpha() for c in place) or place != place.upper():
        return None
    if len(place) > 50:
        return None
    kept = [place]
    for p in parts[1:]:
        if not p or _DATE_PART.match(p):
            continue
        if not p[0].isupper() or p.count(" ") > 2 or any(c.isdigit() for c in p):
            return None
        kept.append(p)
    return ", ".join(kept)


def _match_dateline(s: str):
    """Return (dateline, agency, rest) if the paragraph opens with a dateline."""
    if len(s) < 12:
        return None
    if "(" in s[:130]:
        m = _DATELINE_AG.match(s)
        if m:
            pre = m["pre"].strip()
            ag_raw = " ".join(m["ag"].split())
            agency = _norm_agency(ag_raw)
            if agency is None and m["dash"] and ag_raw.count(" ") < 4 and all(
                w[0].isupper() for w in ag_raw.split()
            ):
                agency = ag_raw
            rest = s[m.end():]
            ok_rest = not rest or not rest[0].islower()
            if agency and (m["dash"] or agency in _AGENCIES.values()) and ok_rest:
                if not pre:
                    return None, agency, rest
                place = _dateline_place(pre)
                if place:
                    return place, agency, rest
    if len(s) >= 60:
        m = _DATELINE_DASH.match(s)
        if m:
            place = _dateline_place(m["pre"].strip())
            if place and sum(c.isalpha() for c in place) >= 3:
                rest = s[m.end():]
                if rest[:1].isupper() or rest[:1] in "\"“'‘":
                    return place, None, rest
    return None


def _domain_source(url: str | None) -> str | None:
    if not url:
        return None
    m = re.match(r"https?://([^/\s:?#]+)", url, re.I)
    if not m:
        return None
    host = m[1].lower()
    for dom, name in _DOMAINS.items():
        if host == dom or host.endswith("." + dom):
            return name
    return None


def _dedupe(seq: list[str]) -> list[str]:
    return list(dict.fromkeys(seq))


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def parse_page(text: str, *, origin: str | None = None) -> dict:
    """Split a raw scraped news page (plain text) into its parts.

    Parameters
    ----------
    text : str
        The page as saved by a scraper: timestamp, headline, captions, body,
        credits and page furniture, in any order the site printed them.
        CRLF/CR line endings and a leading BOM are accepted.
    origin : str, optional
        Where the page came from (URL or file path).  Used only as a fallback:
        an ``http(s)://`` origin fills ``url`` when the page has no URL line,
        and a known outlet domain fills ``source`` when no agency is found.

    Returns
    -------
    dict
        ``title`` (str | None), ``published`` (tz-aware UTC
        :class:`pandas.Timestamp` | None, from an absolute date line only),
        ``dateline`` (str | None, e.g. ``"MOSCOW"``), ``agency`` (str | None),
        ``authors`` and ``editors`` (list[str]), ``captions`` and
        ``photo_credits`` (list[str], one credit per credited caption),
        ``text`` (article body, paragraphs joined by ``"\\n\\n"``),
        ``source`` (str | None), ``url`` (str | None) and ``furniture``
        (int, number of lines dropped as page furniture).

    Notes
    -----
    Relative ages ("3 years ago") never produce a timestamp.  A date/time
    without a zone is taken as UTC only when its line holds nothing but the
    timestamp (plus words such as "Published"/"Updated").  Unknown zone
    abbreviations give ``published=None``.  Numeric dates with slashes are
    read month-first (``03/04/2015`` is 4 March), with dots day-first
    (``03.04.2015`` is 3 April), unless that is impossible.

    The body starts at the dateline paragraph when there is one; other lines
    between the headline and it (standfirsts) are left out of ``text``.  A
    dateline keeps its region (``"KIEV, Ukraine"``) but drops a date
    (``"MOSCOW, March 19"`` gives ``"MOSCOW"``).  Lines after the closing
    credits ("Writing by ...", "(Reporting by ...)", "... contributed to
    this report.") are counted as furniture.

    Example
    -------
    >>> d = parse_page("By Jane Doe\\nPORTO NOVO, Testland (AP) — Ships waited.\\nShare")
    >>> d["authors"], d["dateline"], d["agency"], d["text"], d["furniture"]
    (['Jane Doe'], 'PORTO NOVO, Testland', 'AP', 'Ships waited.', 1)
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_page expects str, got {type(text).__name__}")
    # BOMs go, any line ending splits, runs of whitespace become one space
    text = text.replace("\ufeff", "")
    if "\t" in text or "\x1f" in text or (not text.isascii() and any(c in text for c in _ODD_SPACES)):
        lines = [" ".join(raw.split()) for raw in text.splitlines()]
    else:  # only plain spaces inside lines: most lines need no work
        lines = [" ".join(raw.split()) if "  " in raw or raw[:1] == " " or raw[-1:] == " " else raw
                 for raw in text.splitlines()]
    n = len(lines)
    kind = [_CONTENT] * n
    authors: list[str] = []
    editors: list[str] = []
    captions: list[str] = []
    credits: list[str] = []
    stamps: list[tuple] = []
    url = None
    org_hint = None
    credit_lines: list[int] = []

    # 1. classify every line on its own; 2. runs of >= 3 menu-like lines
    #    (blank lines do not break a run) become furniture ------------------
    run: list[int] = []
    run_nav = 0
    for i, s in enumerate(lines):
        if not s:
            kind[i] = _BLANK
            continue
        k = _CONTENT
        if _is_furniture_line(s):
            k = _FURN
        elif "http" in s[:40] and len(s) <= 2100 and (m := _URL_LINE.fullmatch(s)):
            k = _URL
            url = url or m[1]
        elif len(s) > 160:  # fast path: long lines are body, captions or credits
            if (_CREDITS_LINE.match(s) and _parse_credits(s, authors, editors)) or (
                _parse_contributed(s, authors)
            ):
                k = _CREDITS
                credit_lines.append(i)
            elif (cap := _find_credit(s)) is not None:
                k = _CAPTION
                captions.append(cap[0])
                credits.append(cap[1])
        elif (st := _parse_stamp(s)) is not None:
            k = _STAMP
            if st[0] is not None:
                stamps.append((st[1], i, st[0]))
        elif (_CREDITS_LINE.match(s) and _parse_credits(s, authors, editors)) or (
            _parse_contributed(s, authors)
        ):
            k = _CREDITS
            credit_lines.append(i)
        elif len(s) <= 30 and (org := _AGENCIES.get(s.lower().strip(" .,-–—|"))):
            k = _BYLINE_K  # a bare agency line under the byline
            org_hint = org_hint or org
        elif (by := _parse_byline(s)) is not None:
            k = _BYLINE_K
            authors.extend(by[0])
            org_hint = org_hint or by[1]
        elif (cap := _find_credit(s)) is not None:
            k = _CAPTION
            captions.append(cap[0])
            credits.append(cap[1])
        kind[i] = k
        if k == _FURN or (k == _CONTENT and len(s) <= 34 and _nav_like(s)):
            run.append(i)
            run_nav += k == _CONTENT
        elif run:
            if run_nav and len(run) >= 3:
                for j in run:
                    kind[j] = _FURN
            run, run_nav = [], 0
    if run_nav and len(run) >= 3:
        for j in run:
            kind[j] = _FURN
    furniture = kind.count(_FURN)

    # 3. title, dateline and body start -----------------------------------------
    cands = [i for i, k in enumerate(kind) if k == _CONTENT]
    title = dateline = agency = None
    body_idx: list[int] = []
    first_rest = None
    dl_pos = None
    for p, i in enumerate(cands[:10]):
        hit = _match_dateline(lines[i])
        if hit is not None:
            dl_pos = p
            dateline, agency, first_rest = hit
            break
        if len(lines[i]) > 300:
            break
    if dl_pos is not None:
        pre = cands[:dl_pos]
        if pre:
            pick = next((i for i in pre if not _nav_like(lines[i]) and len(lines[i]) <= 300), None)
            if pick is None:
                pick = pre[-1]
            title = lines[pick]
            furniture += sum(1 for i in pre if i != pick and _nav_like(lines[i]))
        body_idx = cands[dl_pos:]
    elif cands:
        p = 0
        while p < len(cands) and p < 5 and _nav_like(lines[cands[p]]):
            p += 1
        if p < len(cands) and p > 0 and _headline_like(lines[cands[p]]) and len(cands) > p + 1:
            furniture += p
            title = lines[cands[p]]
            body_idx = cands[p + 1:]
        elif _headline_like(lines[cands[0]]) and len(cands) > 1:
            title = lines[cands[0]]
            body_idx = cands[1:]
        else:
            body_idx = cands

    # 4. body paragraphs ----------------------------------------------------------
    body_start = body_idx[0] if body_idx else n
    stop_after = next((c for c in credit_lines if c > body_start), None)
    paras: list[str] = []
    changed: set[int] = set()  # paragraphs that differ from one input line
    prev_i = -2
    ended = False
    for i in body_idx:
        if ended or (stop_after is not None and i > stop_after):
            furniture += 1  # trailing boilerplate after the closing credits
            continue
        s = lines[i]
        if i == body_start and first_rest is not None:
            s = first_rest.strip()
            if not s:
                prev_i = i
                continue
            changed.add(len(paras))
        if s.endswith(")"):
            open_at = s.rfind("(")
            m = _TRAILING_CREDITS.match(s, open_at) if open_at >= 0 else None
            if m and _parse_credits(m[1], authors, editors):
                s = s[:open_at].rstrip()
                ended = True
                if not s:
                    continue
                changed.add(len(paras))
        if (
            paras
            and i == prev_i + 1
            and (
                (s[0].islower() and paras[-1][-1] not in ".!?")
                or (paras[-1][-1] not in _SENT_END and len(lines[prev_i]) >= 40)
            )
        ):  # a hard-wrapped line continues the paragraph
            paras[-1] = paras[-1] + " " + s
            changed.add(len(paras) - 1)
        else:
            paras.append(s)
        prev_i = i
    kept = []
    for k, p_ in enumerate(paras):
        if k in changed and _is_furniture_line(p_):
            furniture += 1
        else:
            kept.append(p_)

    # 5. metadata ---------------------------------------------------------------
    published = None
    if stamps:
        stamps.sort(key=lambda t: (-t[0], t[1]))
        published = stamps[0][2]
    if url is None and origin and re.match(r"https?://\S+$", origin.strip(), re.I):
        url = origin.strip()
    source = agency or org_hint or _domain_source(url) or _domain_source(origin)

    return {
        "title": title,
        "published": published,
        "dateline": dateline,
        "agency": agency,
        "authors": _dedupe(authors),
        "editors": _dedupe(editors),
        "captions": captions,
        "photo_credits": credits,
        "text": "\n\n".join(kept),
        "source": source,
        "url": url,
        "furniture": furniture,
    }
