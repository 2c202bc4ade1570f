"""Report pages for readers: executed notebooks as offline HTML, the index, navigation and alt text.

:func:`to_html` renders an executed notebook with nbconvert's ``lab`` template
without anything remote (no require.js, MathJax, Mermaid or widget scripts;
a Content-Security-Policy that allows no script and only ``data:`` images),
with code cells hidden unless asked for, the run's parameters once in a run
box at the top, a real ``<title>``, and navigation (index, previous, next).
Markdown that code prints (text from the data) is shown literally: no raw
HTML, links, images, auto-linked URLs or ``$...$`` maths.
:func:`index_page` writes the report's front page the same way.

Charts get alt text where the PNG is made: :func:`load_ipython_extension`
(``--ext=analysis.present.pages`` for the kernel, as :func:`analysis.present.report.execute`
passes it) adds the figure's titles and captions (:func:`figure_alt`) to each
PNG's display metadata, and the page writes it into the ``<img alt>``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path
from typing import Any, Sequence

__all__ = ["to_html", "index_page", "nav", "neighbours", "literal_markdown", "cell_markdown", "figure_alt",
           "notebook_title", "CSP", "load_ipython_extension"]

#: The pages' Content-Security-Policy: no script at all, images only from ``data:`` URLs, inline styles.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'none'; "
       "base-uri 'none'; form-action 'none'")

_CSS = """
nav.pages{display:flex;flex-wrap:wrap;gap:.4em 1.2em;padding:.5em 0;margin:0 0 1em;border-bottom:1px solid #ddd;
  font:14px/1.4 system-ui,sans-serif}
nav.pages.bottom{border-top:1px solid #ddd;border-bottom:0;margin:2em 0 0}
nav.pages a{color:#0b5cad;text-decoration:none} nav.pages a:hover{text-decoration:underline}
.runbox{font:13px/1.5 system-ui,sans-serif;background:#f6f8fa;border:1px solid #d8dee4;border-radius:6px;
  padding:.6em 1em;margin:0 0 1.5em}
.runbox h2{font-size:13px;margin:0 0 .3em;text-transform:uppercase;letter-spacing:.04em;color:#555}
.runbox ul{list-style:none;margin:0;padding:0} .runbox li{margin:.1em 0;overflow-wrap:anywhere}
.runbox details{margin-top:.3em;color:#444}
.jp-RenderedHTMLCommon table.text-table{border-collapse:collapse;font-size:13px;margin:.5em 0 1em}
.jp-RenderedHTMLCommon table.text-table th,.jp-RenderedHTMLCommon table.text-table td{text-align:left;
  vertical-align:top;padding:.3em .6em;border-bottom:1px solid #e5e5e5}
.jp-RenderedHTMLCommon table.text-table .num{text-align:right;font-variant-numeric:tabular-nums}
"""

_PAGE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.page.csp }}">
{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}<style type="text/css">{{ resources.page.css }}</style>{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
{{ resources.page.nav_top }}
{{ resources.page.runbox }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.page.nav_bottom }}
{{ super() }}
{% endblock body_footer %}
{% block data_markdown scoped -%}
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-OutputArea-output {{ extra_class }}" data-mime-type="text/markdown">
{{ output.data['text/markdown'] | literal_markdown }}
</div>
{%- endblock data_markdown %}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ ((output | get_metadata('alt', 'image/png')) or 'Chart') | escape_html }}"
{%- set width=output | get_metadata('width', 'image/png') -%}
{%- if width is not none %} width={{ width | escape_html }}{%- endif %}
{%- set height=output | get_metadata('height', 'image/png') -%}
{%- if height is not none %} height={{ height | escape_html }}{%- endif %}>
</div>
{%- endblock data_png %}
{% block data_javascript scoped %}{% endblock data_javascript %}
"""

_REMOTE = re.compile(r"<script\b[^>]*\bsrc=[^>]*>\s*</script>|<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>", re.I)


def _markdown(*, literal: bool):
    from mistune import BlockParser, HTMLRenderer, InlineParser, Markdown
    from mistune.plugins import import_plugin

    class Text(HTMLRenderer):
        def text(self, text: str) -> str:  # character references (&lt; &amp;) are characters, as in CommonMark
            return html.escape(html.unescape(text), quote=False)

    inline, block = InlineParser(), BlockParser()
    if literal:  # text from the data: no links, images, URLs or HTML (shown as written)
        for rule in ("link", "link_close", "auto_link", "auto_email", "inline_html"):
            inline.rules.remove(rule)
        for rule in ("raw_html", "ref_link"):
            block.rules.remove(rule)
    return Markdown(renderer=Text(escape=literal) if literal else HTMLRenderer(escape=False), block=block, inline=inline,
                    plugins=[import_plugin("table"), import_plugin("strikethrough")])


def literal_markdown(text: str) -> str:
    """HTML of Markdown that code printed (it carries names and titles from the data).

    Emphasis, code, lists, tables and headings are rendered; anything else
    (HTML, links, images, bare URLs, ``$...$``) is shown as written, escaped.
    Character references (``&lt;``, as :func:`analysis.report.escape` writes) are characters.

    Example
    -------
    >>> literal_markdown("**Outlet:** <b>x</b> [a](javascript:alert(1)) http://e.com $5 and $6")
    '<p><strong>Outlet:</strong> &lt;b&gt;x&lt;/b&gt; [a](javascript:alert(1)) http://e.com $5 and $6</p>\\n'
    """
    return _markdown(literal=True)(str(text))


def cell_markdown(text: str) -> str:
    """HTML of a notebook's own Markdown cell (written by its authors): links and inline HTML kept, no maths.

    Example
    -------
    >>> cell_markdown("Costs $5 and $6, see [the guide](GUIDE.md).")
    '<p>Costs $5 and $6, see <a href="GUIDE.md">the guide</a>.</p>\\n'
    """
    return _markdown(literal=False)(str(text))


def notebook_title(nb: Any, default: str = "Notebook") -> str:
    """The text of a notebook's first Markdown heading (``default`` when it has none).

    Example
    -------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Intro\\n\\n# *One* article")])
    >>> notebook_title(nb)
    'One article'
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip() or default
    return default


def figure_alt(fig: Any) -> str:
    """Alt text for a matplotlib figure: its suptitle, axes titles and figure-level captions.

    Falls back to the axis labels, then to "Chart".

    Example
    -------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, (a, b) = plt.subplots(1, 2)
    >>> _ = fig.suptitle("Tone"); _ = a.set_title("TASS"); _ = b.set_title("BBC")
    >>> _ = fig.text(0, 0, "Note: 12 articles undated.")
    >>> figure_alt(fig)
    'Tone. TASS; BBC. Note: 12 articles undated.'
    >>> plt.close(fig)
    """
    parts = []
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text().strip():
        parts.append(sup.get_text().strip())
    titles = [t for ax in fig.axes for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t.strip()]
    if titles:
        parts.append("; ".join(dict.fromkeys(t.strip() for t in titles)))
    captions = [t.get_text().strip() for t in fig.texts if t is not sup and t.get_text().strip()]
    parts.extend(captions)
    if not parts:
        labels = [f"{ax.get_ylabel()} by {ax.get_xlabel()}".strip(" by") for ax in fig.axes]
        parts = [f"Chart: {', '.join(label for label in labels if label)}"] if any(labels) else ["Chart"]
    return ". ".join(p.rstrip(".") for p in parts) + ("." if parts[-1].endswith(".") else "")


def load_ipython_extension(ip: Any) -> None:
    """IPython extension: every matplotlib figure displayed gets ``alt`` in its PNG metadata (:func:`figure_alt`).

    Loaded in the report's kernels (``--ext=analysis.present.pages``); in JupyterLab: ``%load_ext analysis.present.pages``.
    """
    formatter = ip.display_formatter
    if getattr(formatter.format, "_adds_alt", False):
        return
    plain = formatter.format

    def format(obj, include=None, exclude=None):  # noqa: A001 - the DisplayFormatter method it wraps
        data, meta = plain(obj, include=include, exclude=exclude)
        if "image/png" in data and type(obj).__module__.startswith("matplotlib") and hasattr(obj, "axes"):
            meta = dict(meta or {})
            meta["image/png"] = dict(meta.get("image/png") or {}, alt=figure_alt(obj))
        return data, meta

    format._adds_alt = True  # type: ignore[attr-defined]
    formatter.format = format


def nav(*, prev: tuple[str, str] | None = None, next: tuple[str, str] | None = None,  # noqa: A002
        index: str | None = "index.html", where: str = "top") -> str:
    """The navigation bar: index, previous and next page, each ``(href, title)``; escaped.

    Example
    -------
    >>> nav(prev=("01.html", "One <article>"), next=None)
    '<nav class="pages top" aria-label="Report pages"><a href="index.html">Index</a> <a rel="prev" href="01.html">← Previous: One &lt;article&gt;</a></nav>'
    """
    links = [f'<a href="{html.escape(index)}">Index</a>'] if index else []
    if prev:
        links.append(f'<a rel="prev" href="{html.escape(prev[0])}">← Previous: {html.escape(prev[1])}</a>')
    if next:
        links.append(f'<a rel="next" href="{html.escape(next[0])}">Next: {html.escape(next[1])} →</a>')
    return f'<nav class="pages {where}" aria-label="Report pages">{" ".join(links)}</nav>'


def neighbours(pages: Sequence[tuple[str, str]], name: str) -> dict[str, tuple[str, str] | None]:
    """``prev`` and ``next`` of page ``name`` in ``pages`` (``(href, title)`` pairs, in reading order).

    Example
    -------
    >>> neighbours([("a.html", "A"), ("b.html", "B")], "b.html")
    {'prev': ('a.html', 'A'), 'next': None}
    """
    hrefs = [href for href, _ in pages]
    at = hrefs.index(name)
    return {"prev": pages[at - 1] if at > 0 else None, "next": pages[at + 1] if at + 1 < len(pages) else None}


def _when(stamp: Any) -> str:
    try:
        t = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    return t.astimezone(dt.timezone.utc).strftime("%d %b %Y %H:%M UTC")


def _readable(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    return str(value)


_RUN_LINE = re.compile(r"^\*\*(?P<key>[^*]+?):\*\*\s*(?P<value>.*?)\s*$")


def _take_run_info(nb: Any) -> dict[str, str]:
    """Remove the notebook's :func:`analysis.report.run_info` output, returning its lines by label."""
    for cell in nb.cells:
        for output in list(cell.get("outputs", [])):
            text = output.get("data", {}).get("text/markdown", "")
            if isinstance(text, str) and text.startswith("**Data:**"):
                cell.outputs.remove(output)
                return {m["key"]: m["value"] for m in map(_RUN_LINE.match, text.splitlines()) if m}
    return {}


def _runbox(nb: Any, defaults: dict[str, Any]) -> str:
    """The run box: what the page was run on and when, readable, the parameters once."""
    meta = nb.metadata.get("papermill", {})
    params = dict(defaults, **meta.get("parameters", {}))
    info = _take_run_info(nb)
    inline = lambda md: re.sub(r"^<p>|</p>\s*$", "", literal_markdown(md))  # noqa: E731
    items: list[tuple[str, str]] = []
    if "corpus" in params:
        items.append(("Corpus", inline(info["Data"]) if "Data" in info else
                      html.escape("the default corpus" if params["corpus"] is None else _readable(params["corpus"]))))
    if "start" in params or "end" in params:
        start, end = params.get("start"), params.get("end")
        period = ("all dates" if start is None and end is None else
                  f"from {start}" if end is None else f"until {end}" if start is None else f"{start} to {end}")
        items.append(("Period", html.escape(period)))
    if "outlets" in params:
        items.append(("Outlets", html.escape("all" if not params["outlets"] else _readable(params["outlets"]))))
    if "Articles in view" in info:
        items.append(("Articles in view", inline(info["Articles in view"])))
    others = {k: v for k, v in params.items() if k not in ("corpus", "start", "end", "outlets")}
    items.extend((k.replace("_", " ").capitalize(), html.escape(_readable(v))) for k, v in others.items())
    when = _when(meta["end_time"]) if meta.get("end_time") else (inline(info["Run"]) if "Run" in info else None)
    if when:
        items.append(("Run", html.escape(when) if meta.get("end_time") else when))
    rows = "".join(f"<li><b>{label}:</b> {value}</li>" for label, value in items)
    more = "".join(f"<li><b>{label}:</b> {inline(info[label])}</li>" for label in ("SHA-256", "Software")
                   if label in info)
    details = f"<details><summary>Data checksum and software</summary><ul>{more}</ul></details>" if more else ""
    return f'<section class="runbox" aria-label="Parameters of this run"><h2>Parameters of this run</h2>' \
           f"<ul>{rows}</ul>{details}</section>"


def _defaults(nb: Any) -> dict[str, Any]:
    """The notebook's own parameter values (its ``parameters`` cell), as Python values where literal."""
    import ast

    out: dict[str, Any] = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                return out
            for stmt in tree.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    try:
                        out[stmt.targets[0].id] = ast.literal_eval(stmt.value)
                    except ValueError:
                        out[stmt.targets[0].id] = ast.unparse(stmt.value)
    return out


def offline(page: str) -> str:
    """``page`` without any remaining script or stylesheet loaded from elsewhere (a safety net)."""
    return _REMOTE.sub("", page)


def to_html(notebook: str | Path, target: str | Path, *, title: str | None = None,
            prev: tuple[str, str] | None = None, next: tuple[str, str] | None = None,  # noqa: A002
            with_code: bool = False) -> Path:
    """Render an executed notebook to one self-contained, offline HTML page for readers.

    Parameters
    ----------
    notebook, target:
        The executed ``.ipynb`` and the ``.html`` to write (atomically).
    title:
        The page's ``<title>``; default the notebook's first heading.
    prev, next:
        ``(href, title)`` of the neighbouring pages for the navigation bar.
    with_code:
        Keep the code cells (default: outputs and Markdown only).
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    from ..io import atomic_path

    nb = nbformat.read(notebook, as_version=4)
    defaults = _defaults(nb)
    nb.metadata["title"] = title or notebook_title(nb, default=Path(notebook).stem)
    runbox = _runbox(nb, defaults)
    nb.cells = [c for c in nb.cells
                if not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]
    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"reader_page.html.j2": _PAGE})],
                            template_file="reader_page.html.j2", embed_images=True,
                            filters={"markdown2html": cell_markdown, "literal_markdown": literal_markdown})
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    page = {"csp": CSP, "css": _CSS, "runbox": runbox,
            "nav_top": nav(prev=prev, next=next), "nav_bottom": nav(prev=prev, next=next, where="bottom")}
    body, _ = exporter.from_notebook_node(nb, resources={"page": page})
    with atomic_path(target) as tmp:
        Path(tmp).write_text(offline(body), encoding="utf-8")
    return Path(target)


def chromium() -> str | None:
    """The headless browser that prints PDF pages: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    import shutil

    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def to_pdf(page: str | Path, target: str | Path, *, browser: str | None = None, timeout: float = 180) -> Path:
    """Print a rendered page to PDF with headless Chromium, offline (the page loads nothing).

    Chromium is Debian's ``chromium`` package (or ``$CHROMIUM``); without it
    this raises ``RuntimeError`` saying so. The PDF replaces ``target`` only
    once printed (atomically); a private, temporary browser profile is used.

    Example
    -------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "p.html").write_text("<!DOCTYPE html><title>T</title><p>Hello")
    >>> to_pdf(folder / "p.html", folder / "p.pdf").read_bytes()[:5]  # doctest: +SKIP
    b'%PDF-'
    """
    import subprocess
    import tempfile

    from ..io import atomic_path

    exe = browser or chromium()
    if not exe:
        raise RuntimeError("PDF pages need Chromium (Debian: apt-get install chromium; or set $CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="news-analysis-pdf-") as profile, atomic_path(target) as tmp:
        cmd = [exe, "--headless", "--disable-gpu", "--no-first-run", f"--user-data-dir={profile}",
               "--no-pdf-header-footer", f"--print-to-pdf={tmp}", Path(page).resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        if done.returncode or not Path(tmp).is_file() or Path(tmp).stat().st_size == 0:
            why = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no PDF written"]
            raise RuntimeError(f"{page}: Chromium could not print it to PDF ({why[0][:200]})")
    return Path(target)


_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News analysis report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}}
h1{{font-size:1.6em}} li{{margin:.3em 0}} .method{{font-size:.9em;color:#444}}
.info{{font-size:.85em;color:#555;border-top:1px solid #ddd;margin-top:2em;overflow-wrap:anywhere}}
{css}</style>
</head><body>
{nav}
<main>
<h1>What the coverage says</h1>
{summary}
<div class="method">{method}</div>
<h2>Pages</h2>
<ul>
{links}
</ul>
<div class="info">{info}</div>
</main>
</body></html>
"""


def index_page(pages: Sequence[tuple[str, str]], *, summary: str, method: str, info: str,
               pdfs: dict[str, str] | None = None) -> str:
    """The report's front page: ``summary``, ``method`` and ``info`` (HTML) and a link to each of ``pages``.

    ``pages`` are ``(href, title)`` pairs in reading order; the navigation's "next" is the first.
    ``pdfs`` maps a page's href to its PDF's, linked beside it.

    Example
    -------
    >>> page = index_page([("01.html", "One <b>")], summary="<p>S</p>", method="", info="",
    ...                   pdfs={"01.html": "01.pdf"})
    >>> '<a href="01.html">One &lt;b&gt;</a> (<a href="01.pdf">PDF</a>)' in page and "script-src 'none'" in page
    True
    """
    pdfs = pdfs or {}
    links = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a>'
                      + (f' (<a href="{html.escape(pdfs[href])}">PDF</a>)' if href in pdfs else "") + "</li>"
                      for href, title in pages)
    return _INDEX.format(csp=CSP, css=_CSS, nav=nav(next=pages[0] if pages else None, index=None),
                         summary=summary, method=method, links=links, info=info)
