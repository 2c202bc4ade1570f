"""Time the per-article stages of ``analyze`` on the default corpus, one by one.

Usage::

    .venv/bin/python benchmarks/bench_components.py [--share] [--cpu] [--repeat 1]

Runs the stages in the order ``score_text`` does (sentence splitting, theme
hits, actor hits; sentiment is left out) article by article, with a plain
timer around each call, in this fresh process. The first round includes the
one-off costs (loading the lexicon and gazetteer, building the automata, regex
compilation); later rounds (``--repeat``) show the warm figures. ``--share``
joins the theme and actor matchers (:func:`analysis.match.share`), so both
stages take their hits from one automaton pass, and numbers the actor
mentions by sentence (``spans=``), as ``analyze`` should. Targets:
splitting <= 0.45 s and themes + actors <= 0.45 s on the corpus, cold. On a
busy machine ``--cpu`` (the thread's CPU time) is steadier than wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def run_once(texts: list[str], *, shared: bool = False, cpu: bool = False) -> dict[str, float]:
    from analysis import actors, match, segment, themes

    clock = time.thread_time if cpu else time.perf_counter
    t = {"sentence_spans": 0.0, "themes.find_hits": 0.0, "actors.find_actors": 0.0}
    t0 = clock()
    lex = themes.load_lexicon(None)
    gaz = actors.load_gazetteer(None)
    if shared:
        match.share(lex.matcher, gaz.matcher)
    t["load lexicon + gazetteer"] = clock() - t0
    for text in texts:
        t0 = clock()
        spans = segment.sentence_spans(text)
        t1 = clock()
        if spans:
            themes.find_hits(text, spans, lexicon=lex)
        t2 = clock()
        if shared:
            actors.find_actors(text, gazetteer=gaz, spans=spans)
        else:
            actors.find_actors(text, gazetteer=gaz)
        t3 = clock()
        t["sentence_spans"] += t1 - t0
        t["themes.find_hits"] += t2 - t1
        t["actors.find_actors"] += t3 - t2
    t["themes + actors"] = t["themes.find_hits"] + t["actors.find_actors"]
    return t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="rounds (the first is cold)")
    ap.add_argument("--share", action="store_true",
                    help="one automaton pass for themes and actors (analysis.match.share)")
    ap.add_argument("--cpu", action="store_true", help="CPU time of this thread instead of wall time (busy machines)")
    args = ap.parse_args(argv)
    from analysis.ingest.datasets import news_articles

    texts = ["" if not isinstance(x, str) else x for x in news_articles()["text"].tolist()]
    rounds = [run_once(texts, shared=args.share, cpu=args.cpu) for _ in range(max(1, args.repeat))]
    names = list(rounds[0])
    print(f"{len(texts):,} articles, {'CPU' if args.cpu else 'wall'} time")
    print(f"{'stage':<26}" + "".join(f"{'cold' if i == 0 else f'warm {i}':>10}" for i in range(len(rounds))))
    for name in names:
        print(f"{name:<26}" + "".join(f"{r[name]:>9.3f}s" for r in rounds))


if __name__ == "__main__":
    main()
