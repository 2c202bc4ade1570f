"""analysis.analyze and its companion tables: exact TextBlob parity, purity, themes, actors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob

import analysis
from analysis import actor_sentiment, analyze, analyze_all, evidence, sentences
from analysis.score.analyze import NEUTRAL_BAND

TEXTS = {
    "negation": "The talks were not good. Officials said the outcome was not bad either.",
    "intensifiers": "It was a very very good deal. Ministers were extremely happy!",
    "empty": "",
    "spaces": "   \n  ",
    "french": "Le gouvernement a annoncé de nouvelles sanctions contre la Russie.",
    "long": " ".join(["The pipeline deal was a great success for both sides."] * 2000),
    "emoticon": "Great news :) but the sad truth :( remains.",
    "mixed": "Moscow rejected the EU sanctions. Oil prices rose. The Security Council voted 13-0 to adopt the resolution.",
}


def frame(**kwargs) -> pd.DataFrame:
    texts = kwargs.get("texts", list(TEXTS.values()))
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts},
                        index=pd.Index([10 + 3 * i for i in range(len(texts))], name="row"))


@pytest.mark.parametrize("name", list(TEXTS))
def test_polarity_and_subjectivity_equal_textblob(name):
    out = analyze(pd.DataFrame({"text": [TEXTS[name]]}))
    expected = TextBlob(TEXTS[name]).sentiment
    assert abs(out["polarity"].iloc[0] - expected.polarity) <= 1e-9
    assert abs(out["subjectivity"].iloc[0] - expected.subjectivity) <= 1e-9


def test_pure_keeps_index_and_columns():
    df = frame()
    before = df.copy()
    out = analyze(df)
    pd.testing.assert_frame_equal(df, before)
    assert out.index.equals(df.index)
    assert list(out.columns[:2]) == ["article_id", "text"]
    assert (out["text"] == df["text"]).all()  # scored as given, not cleaned
    for theme in ("sanctions", "energy", "un_voting"):
        assert out[f"{theme}_hits"].dtype == "int64" and out[theme].dtype == bool
        assert (out[theme] == (out[f"{theme}_hits"] > 0)).all()
    mixed = out.iloc[list(TEXTS).index("mixed")]
    assert mixed[["sanctions", "energy", "un_voting"]].tolist() == [True, True, True]
    assert mixed["actors"] == ["Russia", "European Union", "United Nations"]
    assert mixed["n_sentences"] == 3
    empty = out.iloc[list(TEXTS).index("empty")]
    assert (empty["n_sentences"], empty["polarity"], empty["actors"]) == (0, 0.0, [])


def test_missing_text_column_is_named():
    with pytest.raises(KeyError, match="body"):
        analyze(pd.DataFrame({"text": ["x"]}), col="body")
    with pytest.raises(KeyError, match="text"):
        sentences(pd.DataFrame({"title": ["x"]}))


def test_any_frame_with_text_and_missing_values():
    out = analyze(pd.DataFrame({"text": ["Oil output fell.", None, np.nan]}))
    assert out["n_sentences"].tolist() == [1, 0, 0]
    assert out["energy"].tolist() == [True, False, False]


def test_workers_give_identical_results():
    texts = [TEXTS["mixed"], TEXTS["negation"], TEXTS["intensifiers"]] * 60
    df = frame(texts=texts)
    one = analyze(df, n_jobs=1)
    two = analyze(df, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(sentences(df, n_jobs=1), sentences(df, n_jobs=-1))


def test_vader_per_sentence_and_disagreement():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = ["What a wonderful, happy day. Everyone loved it.",
             "Prices are not terrible at all, nothing is wrong."]
    out = analyze(pd.DataFrame({"text": texts}), vader=True)
    sia = SentimentIntensityAnalyzer()
    expected = np.mean([sia.polarity_scores(s)["compound"] for s in analysis.segment.split(texts[0])])
    assert out["vader"].iloc[0] == pytest.approx(expected, abs=1e-12)
    band = NEUTRAL_BAND
    for pol, vad, dis in out[["polarity", "vader", "sentiment_disagree"]].itertuples(index=False):
        assert dis == ((pol > band and vad < -band) or (pol < -band and vad > band))
    assert "vader" not in analyze(pd.DataFrame({"text": texts})).columns


def test_user_theme_added_and_packaged_overridden():
    mine = {"themes": {"football": {"strong": ["goal{,s}", "penalty kick"]},
                       "energy": {"strong": ["windmill{,s}"]}}}
    out = analyze(pd.DataFrame({"text": ["Two goals near the windmills; oil prices fell."]}), themes=mine)
    assert out[["football_hits", "energy_hits"]].iloc[0].tolist() == [1, 1]  # oil prices no longer energy
    assert {"sanctions", "un_voting", "football", "energy"} <= set(out.columns)


def test_sentences_table():
    df = frame(texts=[TEXTS["mixed"], TEXTS["negation"]])
    sent = sentences(df)
    assert list(sent.columns) == ["article_id", "sentence_no", "start", "end", "sentence", "polarity",
                                  "subjectivity", "tone", "actors", "themes"]
    texts = dict(zip(df["article_id"], df["text"]))
    for row in sent.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.sentence
        tb = TextBlob(row.sentence).sentiment
        assert abs(row.polarity - tb.polarity) <= 1e-9 and abs(row.subjectivity - tb.subjectivity) <= 1e-9
    first = sent[sent.article_id == "a0"]
    assert first["themes"].tolist() == [["sanctions"], ["energy"], ["un_voting"]]
    assert first["actors"].tolist() == [["Russia", "European Union"], [], ["United Nations"]]
    assert sent.groupby("article_id").size().tolist() == analyze(df)["n_sentences"].tolist()


def test_sentences_uses_index_without_id_column():
    sent = sentences(pd.DataFrame({"text": ["One. Two."]}, index=["x"]))
    assert sent["article_id"].tolist() == ["x", "x"]


def test_evidence_points_into_text():
    df = frame(texts=[TEXTS["mixed"]])
    ev = evidence(df)
    text = df["text"].iloc[0]
    assert set(ev["theme"]) == {"sanctions", "energy", "un_voting"}
    sent = sentences(df)
    for row in ev.itertuples():
        s = sent[sent.sentence_no == row.sentence_no].iloc[0]
        assert s.start <= row.start < row.end <= s.end
        assert text[row.start:row.end] in row.snippet
    counts = ev.groupby("theme").size()
    scored = analyze(df).iloc[0]
    for theme, n in counts.items():
        assert scored[f"{theme}_hits"] == n


def test_actor_sentiment_is_mean_of_mentioning_sentences():
    text = ("China praised the excellent agreement. Russia and China called the plan terrible. "
            "Officials in Beijing were happy.")
    df = pd.DataFrame({"article_id": ["z"], "text": [text]})
    table = actor_sentiment(df).set_index("actor")
    sent = sentences(df)
    for actor in ("China", "Russia"):
        mask = sent["actors"].map(lambda a: actor in a)
        assert table.loc[actor, "n_sentences"] == mask.sum()
        assert table.loc[actor, "polarity"] == pytest.approx(sent.loc[mask, "polarity"].mean())
    assert table.loc["China", "n_sentences"] == 3  # Beijing counts for China


_ACTOR_TONE_CASES = {
    "one article": ["China praised the excellent agreement. Russia and China called the plan terrible. "
                    "Officials in Beijing were happy."],
    "repeated in one sentence": ["China, China and Beijing lost a terrible war. Japan was delighted. China smiled."],
    "gaps and empties": ["", "Nothing to see here. The weather was awful.",
                         "Moscow wept. The Kremlin was furious about the awful deal. Russia later rejoiced.",
                         "   ", "Japan and China signed a wonderful pact. Tokyo was pleased."],
    "one actor over articles": ["Russia won.", "Russia lost badly.", "The UN met. Russia was angry."],
}


@pytest.mark.parametrize("texts", list(_ACTOR_TONE_CASES.values()), ids=list(_ACTOR_TONE_CASES))
def test_actor_tone_is_mean_tone_of_the_distinct_sentences_naming_the_actor(texts):
    df = frame(texts=texts)
    table = actor_sentiment(df)
    assert table["tone"].dtype == "float64"
    # independently: each sentence once per actor it names, from the sentences table
    sent = sentences(df).explode("actors").dropna(subset=["actors"])
    sent = sent.drop_duplicates(["article_id", "sentence_no", "actors"])
    expected = sent.groupby(["article_id", "actors"])["tone"].agg(["mean", "size"])
    got = table.set_index(["article_id", "actor"])
    assert sorted(got.index) == sorted(expected.index)
    expected = expected.loc[got.index]
    assert got["n_sentences"].tolist() == expected["size"].tolist()
    np.testing.assert_allclose(got["tone"].to_numpy(), expected["mean"].to_numpy(), rtol=0, atol=1e-12)
    assert got["tone"].between(-1, 1).all()


def test_actor_table_without_actors_has_a_float_tone_column():
    table = actor_sentiment(frame(texts=["Nothing here.", ""]))
    assert table.empty and table["tone"].dtype == "float64"


@pytest.mark.slow
def test_default_corpus_parity_and_sanity(corpus):
    out = analyze(corpus, progress=False)
    tb = corpus["text"].map(lambda t: TextBlob(t).sentiment)
    assert np.abs(out["polarity"].to_numpy() - np.array([s[0] for s in tb])).max() <= 1e-9
    assert np.abs(out["subjectivity"].to_numpy() - np.array([s[1] for s in tb])).max() <= 1e-9
    share = out[["sanctions", "energy", "un_voting"]].mean()
    # "about" a theme, not any mention (salience rule): rarer than the articles that mention it
    mentions = (out[["sanctions_hits", "energy_hits", "un_voting_hits"]] > 0).mean().to_numpy()
    assert (share.to_numpy() < mentions).all()
    assert 0.005 < share["sanctions"] < 0.10 and 0.02 < share["energy"] < 0.15 and 0.001 < share["un_voting"] < 0.05
    sample = corpus.sample(150, random_state=1)
    sent = sentences(sample, progress=False)
    expected = sent["sentence"].map(lambda s: TextBlob(s).sentiment)
    assert np.abs(sent["polarity"].to_numpy() - np.array([s[0] for s in expected])).max() <= 1e-9


def test_analyze_all_equals_the_four_functions():
    df = frame(texts=[TEXTS["mixed"], TEXTS["negation"], ""])
    t = analyze_all(df, vader=True)
    pd.testing.assert_frame_equal(t.articles, analyze(df, vader=True))
    pd.testing.assert_frame_equal(t.sentences, sentences(df, vader=True))
    pd.testing.assert_frame_equal(t.evidence, evidence(df))
    pd.testing.assert_frame_equal(t.actor_sentiment, actor_sentiment(df))


# --------------------------------------------------------------------------- text columns of every dtype

_MIXED = ["Moscow rejected the EU sanctions.", None, "Zürich café: Кремль и 北京 🙂.", "",
          "Moscow rejected the EU sanctions.", "Oil prices rose.", None, "Oil prices rose."]


def _text_series(dtype: str) -> pd.Series:
    import pyarrow as pa

    if dtype == "object":  # missing as None and NaN, and a non-string value
        return pd.Series(_MIXED[:6] + [float("nan"), 1234], dtype=object)
    if dtype.startswith("arrow-"):
        return pd.Series(_MIXED, dtype=pd.ArrowDtype(getattr(pa, dtype[6:])()))
    return pd.Series(_MIXED, dtype=dtype)


_DTYPES = ["object", "str", "string", "string[python]", "string[pyarrow]", "arrow-string", "arrow-large_string"]


@pytest.mark.parametrize("dtype", _DTYPES)
@pytest.mark.parametrize("shape", ["whole", "sliced", "concat"])
def test_text_keys_and_picks_match_the_python_strings(dtype, shape):
    from analysis.score.analyze import _text_list, _texts
    from analysis.scale.cache import text_key

    values = _text_series(dtype)
    if shape == "sliced":  # a row slice: Arrow data with an offset
        values = values.iloc[2:7]
    elif shape == "concat":  # Arrow data in several chunks
        values = pd.concat([values.iloc[5:], values.iloc[:0], values.iloc[1:4], values], ignore_index=True)
    texts = _texts(pd.DataFrame({"text": values}), "text")
    assert (texts._arrow is not None) == (dtype not in ("object", "string[python]"))  # hashed in place
    strings = _text_list(values)
    assert [k.tobytes() for k in texts.keys()] == [text_key(t) for t in strings]
    positions = np.array([len(strings) - 1, 0, 1, 1, len(strings) // 2, 3])
    assert texts.pick(positions) == [strings[i] for i in positions]
    assert list(texts) == strings and len(texts) == len(strings) and texts[1] == strings[1]


@pytest.mark.parametrize("dtype", _DTYPES)
def test_cached_runs_equal_uncached_for_every_text_dtype(tmp_path, dtype):
    df = pd.DataFrame({"article_id": [f"a{i}" for i in range(8)], "text": _text_series(dtype)},
                      index=pd.Index(range(100, 108), name="row"))
    plain = analyze_all(df)
    for _ in range(2):  # cold, then warm
        cached = analyze_all(df, cache=tmp_path)
        for a, b in zip(plain, cached):
            pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(analyze(df, cache=tmp_path), plain.articles)


def test_distinct_keys_are_exact_when_first_bytes_collide():
    from analysis.score.analyze import _distinct_keys

    raw = [(5).to_bytes(8, "little") + bytes([t]) * 24 for t in (1, 2, 1, 3, 2)] + [bytes(32)]
    keys = np.frombuffer(b"".join(raw), dtype=np.uint8).reshape(-1, 32)
    inverse, firsts, words = _distinct_keys(keys)
    assert inverse.tolist() == [0, 1, 0, 2, 1, 3]
    assert firsts.tolist() == [0, 1, 3, 5]
    assert [w.tobytes() for w in words] == [raw[i] for i in (0, 1, 3, 5)]
    inverse, firsts, _ = _distinct_keys(np.frombuffer(b"".join(raw[::2]), dtype=np.uint8).reshape(-1, 32))
    assert inverse.tolist() == [0, 0, 1] and firsts.tolist() == [0, 2]


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collector_state_is_restored(enabled, monkeypatch):
    # Scoring pauses the cyclic collector; afterwards it is as it was, also when scoring fails.
    import gc
    import importlib

    module = importlib.import_module("analysis.score.analyze")  # the module (analysis.analyze is the function)

    df = pd.DataFrame({"text": ["Oil prices rose. Moscow was not pleased.", "A calm day."]})
    (gc.enable if enabled else gc.disable)()
    try:
        analysis.analyze(df, progress=False)
        assert gc.isenabled() is enabled
        monkeypatch.setattr(module, "score_text", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            analysis.analyze(df, progress=False)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


# --------------------------------------------------------------------------- worker processes (audit #15)

_PARENT = """
import sys
import pandas as pd
import analysis
sentence = "Moscow said the new sanctions would hurt European farmers and oil prices climbed. "
texts = [f"Report {i}. " + sentence * 40 for i in range(20000)]
analysis.analyze(pd.DataFrame({"text": texts}), n_jobs=2, cache=False)
"""


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``, from /proc."""
    from pathlib import Path

    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = tmp_path / "parent.py"
    script.write_text(_PARENT)
    env = dict(os.environ, PYTHONPATH=str(Path(analysis.__file__).parents[1]))
    parent = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.2)
            workers = _children(parent.pid)
        assert len(workers) >= 2, "the run did not start its two workers"
        time.sleep(1.0)  # the workers are scoring
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [p for p in workers if _alive(p)]
        assert not left, f"workers {left} still running 5 s after their main process was killed"
    finally:
        if parent.poll() is None:
            parent.kill()
        for p in workers:  # only the pids this test saw started by its own child
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass


# --------------------------------------------------------------------------- snippets (readers issue)

_LONG = ("Speaking after a meeting in the capital on Tuesday afternoon, officials said that Donald Trump had shown "
         "no sign of lifting the sanctions on Moscow soon, whatever the allies in Europe and the markets in Asia "
         "had hoped for during the long and difficult weeks of negotiations over the winter months.")


@pytest.mark.parametrize("text", [
    _LONG,  # the hit in the middle of a long sentence
    "Sanctions " + _LONG,  # at its start
    _LONG[:-1] + " and the oil price.",  # at its end
    "Short one. The EU extended sanctions on Moscow.",  # a sentence short enough to show whole
])
def test_snippets_cut_at_word_boundaries_with_an_ellipsis(text):
    ev = evidence(pd.DataFrame({"text": [text]}))
    assert len(ev)
    for r in ev.itertuples():
        sent = next(s for s in sentences(pd.DataFrame({"text": [text]})).itertuples() if s.sentence_no == r.sentence_no)
        whole = " ".join(sent.sentence.split())
        core = r.snippet.removeprefix("… ").removesuffix(" …")
        at = whole.find(core)
        assert at >= 0, (r.snippet, whole)
        assert at == 0 or whole[at - 1] == " ", f"starts mid-word: {r.snippet!r}"
        end = at + len(core)
        assert end == len(whole) or whole[end] == " ", f"ends mid-word: {r.snippet!r}"
        assert r.snippet.startswith("… ") == (at > 0)
        assert r.snippet.endswith(" …") == (end < len(whole))
        assert text[r.start:r.end] in core
        assert len(core) <= 200
