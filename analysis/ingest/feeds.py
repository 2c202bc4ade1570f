"""RSS and Atom feeds as articles: one per item, read with ``feedparser``.

:func:`analysis.load` reads a feed when a file's content starts like one
(``<rss``, ``<rdf:RDF``, or ``<feed`` of the Atom namespace) or is named
``.rss``/``.atom``. Each item becomes one record: ``title``, ``url`` (its link),
``published``, ``authors``, ``source`` (the feed's title, else its host) and
``text`` (the item's content, else its summary, HTML stripped). An item with a
summary only is noted as such (column ``note``); when the page it links to is
among the inputs of the same :func:`~analysis.load` call (same URL, e.g. an HTML
page saved next to the feed), the item takes that page's extracted text
instead, and the page itself is then dropped as a duplicate of the item.

Nothing is fetched: links are only compared, never followed.

Example
-------
>>> from analysis.ingest.load import _Batch
>>> batch = _Batch()
>>> read_feed(b'<rss version="2.0"><channel><title>Harbour News</title><item><title>Ferries run</title>'
...           b'<link>https://example.org/a</link><description>&lt;p&gt;Ferries ran &lt;b&gt;again&lt;/b&gt;.'
...           b'&lt;/p&gt;</description></item></channel></rss>', "feed.rss", batch)
>>> r = batch.records[0]
>>> r["title"], r["url"], r["source"], r["text"], r["note"], batch.seen
('Ferries run', 'https://example.org/a', 'Harbour News', 'Ferries ran again.', 'feed item has a summary only', 1)
"""

from __future__ import annotations

import calendar
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["read_feed", "looks_like_feed", "use_linked_pages"]

#: The root element of a feed, after an XML declaration, comments and processing instructions.
_ROOT = re.compile(r"(?:<\?xml[^>]*>|<!--.*?-->|<\?[^>]*>|<!doctype[^>]*>|\s)*<(rss|rdf:rdf|feed)\b([^>]*)",
                   re.S | re.I)
_SUMMARY_ONLY = "feed item has a summary only"
_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
           "tr", "section", "article", "figure", "figcaption", "header", "footer")


def looks_like_feed(head: str) -> bool:
    """Whether text starts like an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom 1.0 feed.

    >>> looks_like_feed('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">')
    True
    >>> looks_like_feed("<html><body>About <rss> feeds</body></html>")
    False
    """
    m = _ROOT.match(head[:4096])
    if not m:
        return False
    return m.group(1).lower() != "feed" or "2005/atom" in m.group(2).lower()


def read_feed(data: bytes, origin: str, batch: Any) -> None:
    """Read the items of a feed into a loader batch (``origin#item-N``; ``batch.seen`` counts them).

    Raises the loader's ``_Reject`` when the file holds no item (with what feedparser found wrong).
    """
    import importlib

    import feedparser

    _loader = importlib.import_module(".load", __package__)  # the module (``analysis.load`` is the function)

    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        raise _loader._Reject(f"malformed feed ({' '.join(str(problem).split())[:160]})" if problem
                              else "feed has no items")
    if len(entries) > _loader.MAX_TABLE_ROWS:
        raise _loader._Reject(_loader._too_many_rows())
    feed = parsed.get("feed") or {}
    feed_source = _one_line(feed.get("title")) or _host(feed.get("link"))
    for i, entry in enumerate(entries, start=1):
        batch.seen += 1
        batch.records.append(_item(entry, feed_source, f"{origin}#item-{i}"))


def _item(entry: Any, feed_source: str | None, origin: str) -> dict:
    content = [c.get("value") or "" for c in entry.get("content") or []]
    body = "\n\n".join(t for t in (_html_text(c) for c in content) if t)
    record = {
        "title": _one_line(entry.get("title")),
        "text": body or _html_text(entry.get("summary") or ""),
        "published": _published(entry),
        "url": entry.get("link"),
        "source": feed_source or _host(entry.get("link")),
        "authors": _authors(entry),
        "origin": origin,
    }
    if not body:
        record["note"] = _SUMMARY_ONLY
    return record


def _published(entry: Any) -> Any:
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            import pandas as pd

            return pd.Timestamp(calendar.timegm(parsed), unit="s", tz="UTC")
        if entry.get(key):
            return entry.get(key)
    return None


def _authors(entry: Any) -> list[str]:
    names = [_one_line(a.get("name")) for a in entry.get("authors") or [] if isinstance(a, dict)]
    names = [n for n in names if n]
    if not names and entry.get("author"):
        names = [_one_line(entry.get("author"))]
    return [n for n in names if n]


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(_html_text(value).split()) or None if "<" in value else " ".join(value.split()) or None


def _host(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return (host[4:] if host and host.startswith("www.") else host) or None


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element (scripts and styles dropped).

    >>> _html_text("<p>One <b>bold</b> line.</p><p>Two<br>lines.</p><script>x()</script>")
    'One bold line.\\n\\nTwo\\n\\nlines.'
    """
    if "<" not in fragment and "&" not in fragment:
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", fragment) if p.strip())
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return " ".join(fragment.split())
    for el in list(root.iter("script", "style", "noscript", "iframe", "object", "embed", "template")):
        el.drop_tree()
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        el.text = "\n" + (el.text or "")
    text = root.text_content()
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n") if p.strip())


def _url_key(url: Any) -> str | None:
    """A URL made comparable: no scheme, ``www.``, fragment or trailing slash; host lowercased."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


_TAKEN = ("text", "n_words", "article_id", "_exact", "_minhash", "n_repaired", "n_unrepairable")


def use_linked_pages(records: list[dict]) -> None:
    """Give each summary-only feed item the text of the page it links to, when that page is among
    ``records`` (prepared loader records; changed in place). The item takes the page's place in
    the order, so the page, now a duplicate of it, is the one dropped."""
    wanted = {}
    for i, rec in enumerate(records):
        if rec.get("note") == _SUMMARY_ONLY and "#item-" in str(rec.get("origin")):
            key = _url_key(rec.get("url"))
            if key:
                wanted.setdefault(key, i)
    if not wanted:
        return
    for j, page in enumerate(records):
        key = _url_key(page.get("url"))
        i = wanted.get(key) if key else None
        if i is None or page.get("note") == _SUMMARY_ONLY or "_exact" not in page:
            continue
        item = records[i]
        for k in _TAKEN:
            if k in page:
                item[k] = page[k]
        item["note"] = f"text from the linked page {page['origin']} (the feed item has a summary only)"
        if j < i:
            records[i], records[j] = records[j], records[i]
        del wanted[key]
