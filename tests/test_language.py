"""analysis.language: detection on hand-written news sentences, English-only selection and its accounting."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.language import (MIN_CHARS, PREFIX_CHARS, add_language, detect, keep_languages, language_name,
                               left_out_note)

SENTENCES = Path(__file__).parent / "data" / "language_sentences.csv"


def _sentences() -> dict[str, list[str]]:
    by_language: dict[str, list[str]] = {}
    with SENTENCES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_language.setdefault(row["language"], []).append(row["text"])
    return by_language


BY_LANGUAGE = _sentences()

EN = "The council approved the new budget after a long debate on Monday evening."
DE = "Der Stadtrat hat den neuen Haushalt nach einer langen Debatte am Montag beschlossen."
FR = "Le conseil municipal a adopté lundi soir le nouveau budget après un long débat."


def test_the_sentence_file_has_20_sentences_in_each_of_10_languages():
    assert sorted(BY_LANGUAGE) == ["de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru", "sv"]
    assert all(len(s) == 20 for s in BY_LANGUAGE.values())


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_news_sentences_are_detected_and_never_as_another_language(language):
    found = detect(BY_LANGUAGE[language])
    assert [f for f in found if f is not None and f != language] == []
    assert found.count(language) >= 18  # CLD2 may decline (None) a short sentence it is unsure of


@pytest.mark.parametrize("language", sorted(BY_LANGUAGE))
def test_an_article_length_text_is_detected(language):
    assert detect([" ".join(BY_LANGUAGE[language])]) == [language]


@pytest.mark.parametrize("language, text", [
    ("tr", "Belediye meclisi salı günü yeni konut planını yaz tatilinden sonraya ertelemeye karar verdi."),
    ("cs", "Městská rada v úterý rozhodla odložit nový plán výstavby bytů až na dobu po letních prázdninách."),
    ("el", "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη να αναβάλει το νέο σχέδιο στέγασης μέχρι μετά το καλοκαίρι."),
    ("ar", "قرر مجلس المدينة يوم الثلاثاء تأجيل خطة الإسكان الجديدة إلى ما بعد العطلة الصيفية."),
    ("uk", "Міська рада у вівторок вирішила відкласти новий житловий план до завершення літніх канікул."),
    ("ja", "市議会は火曜日、新しい住宅計画を夏休みの後まで延期することを決め、政府に詳しい予算の説明を求めた。"),
    # CLD2 says "iw" and "zh-Hant": the column says he and zh
    ("he", "מועצת העיר החליטה ביום שלישי לדחות את תוכנית הדיור החדשה עד אחרי חופשת הקיץ."),
    ("zh", "市議會週二決定將新的住房計劃推遲到暑假之後再討論，並要求政府提交更詳細的預算報告。"),
])
def test_other_scripts_and_iso_codes(language, text):
    assert detect([text]) == [language]


@pytest.mark.parametrize("text", ["", "   \n\n ", "Hi", "March 20", "Scott Pruitt", "-1", None, pd.NA, 42.0])
def test_too_short_or_not_text_is_none(text):
    assert detect([text]) == [None]


def test_min_chars_counts_non_blank_characters():
    text = "Die Regierung tritt zurück"  # 23 non-blank characters
    assert detect([text], min_chars=24) == [None]
    assert detect([text], min_chars=23) == ["de"]
    assert detect([text + " " * 50]) == [None]  # blanks do not count towards MIN_CHARS


def test_unsure_is_none():
    assert detect(["xqzt vbnm plok wert zuio asdf ghjk yxcv bnmq wert zuio plok"]) == [None]


def test_only_the_prefix_is_read():
    text = DE + " " + " ".join([EN] * 30)
    assert detect([text], prefix=len(DE)) == ["de"]
    english = " ".join([EN] * 30)
    assert len(english) > PREFIX_CHARS  # the German starts after the default prefix
    assert detect([english + " " + " ".join([DE] * 30)]) == ["en"]


@pytest.mark.parametrize("odd", ["\x00", "\x85", "\x7f", "\ud800", "\ufffe", "\U0010ffff", "\ufdd0"])
def test_code_points_cld2_refuses_do_not_fail(odd):
    assert detect([EN.replace(" new ", f" new{odd} ")]) == ["en"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), max_size=5))
def test_any_text_gives_a_code_or_none(texts):
    found = detect(texts, min_chars=1)
    assert len(found) == len(texts)
    assert all(f is None or (isinstance(f, str) and f) for f in found)


def _articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["e1", "d1", "e2", "f1", "s1", "u1"],
        "text": [EN, DE, EN.replace("Monday", "Friday"), FR, "Short piece.",
                 "xqzt vbnm plok wert zuio asdf ghjk yxcv bnmq wert zuio plok"],
    }, index=[10, 11, 12, 13, 14, 15]).astype({"article_id": "string", "text": "string"})


def test_add_language_adds_a_string_column_keeps_index_and_leaves_input_alone():
    articles = _articles()
    before = articles.copy()
    out = add_language(articles)
    pd.testing.assert_frame_equal(articles, before)
    assert "language" not in articles.columns
    assert list(out.index) == [10, 11, 12, 13, 14, 15]
    assert str(out["language"].dtype) == "string"
    assert out["language"].tolist() == ["en", "de", "en", "fr", pd.NA, pd.NA]
    pd.testing.assert_frame_equal(out.drop(columns="language"), articles)


def test_add_language_reads_the_named_column():
    df = pd.DataFrame({"body": [DE]})
    assert add_language(df, col="body")["language"].tolist() == ["de"]


@pytest.mark.parametrize("call, missing", [
    (lambda df: add_language(df), "text"),
    (lambda df: add_language(df.rename(columns={"text": "body"}), col="content"), "content"),
    (lambda df: keep_languages(df), "text"),
    (lambda df: keep_languages(df.assign(text="x").drop(columns="article_id")), "article_id"),
])
def test_missing_columns_are_named(call, missing):
    df = pd.DataFrame({"article_id": ["a"], "body": [EN]})
    with pytest.raises(KeyError, match=missing):
        call(df)


def test_keep_languages_accounts_for_every_article():
    articles = _articles()
    before = articles.copy()
    kept, left_out = keep_languages(articles)
    pd.testing.assert_frame_equal(articles, before)
    assert list(kept.index) == [10, 12]
    assert kept["language"].tolist() == ["en", "en"]
    assert list(left_out.columns) == ["article_id", "language", "reason"]
    assert left_out["article_id"].tolist() == ["d1", "f1", "s1", "u1"]
    assert list(left_out.index) == [11, 13, 14, 15]
    assert left_out["reason"].tolist() == ["language de", "language fr", "language unknown: text too short",
                                           "language unknown: detector unsure"]
    assert sorted([*kept.index, *left_out.index]) == list(articles.index)
    assert left_out_note(left_out) == "4 articles left out: 1 French, 1 German, 2 unknown"


def test_keep_languages_keeps_several_languages_and_takes_a_single_code():
    kept, left_out = keep_languages(_articles(), ("en", "de"))
    assert kept["article_id"].tolist() == ["e1", "d1", "e2"]
    assert len(kept) + len(left_out) == 6
    assert keep_languages(_articles(), "fr")[0]["article_id"].tolist() == ["f1"]


def test_keep_languages_uses_an_existing_language_column():
    articles = _articles().assign(language=pd.Series(["en", "en", "fr", "en", pd.NA, "en"],
                                                     index=range(10, 16), dtype="string"))
    kept, left_out = keep_languages(articles)
    assert kept["article_id"].tolist() == ["e1", "d1", "f1", "u1"]
    assert left_out["reason"].tolist() == ["language fr", "language unknown: text too short"]


def test_keep_languages_on_nothing():
    kept, left_out = keep_languages(_articles().iloc[:0])
    assert len(kept) == 0 and len(left_out) == 0
    assert left_out_note(left_out) == "no articles left out"


@pytest.mark.parametrize("languages, note", [
    (["de"], "1 article left out: 1 German"),
    (["de", "fr", "de", None, "de", "fr", "de", "de", "de", "de", "de", "de"],
     "12 articles left out: 9 German, 2 French, 1 unknown"),
    ([None, None], "2 articles left out: 2 unknown"),
    (["he", "zh", "qq"], "3 articles left out: 1 Chinese, 1 Hebrew, 1 qq"),
])
def test_left_out_note(languages, note):
    assert left_out_note(pd.DataFrame({"language": pd.Series(languages, dtype="string")})) == note


@pytest.mark.parametrize("code, name", [("en", "English"), ("de", "German"), ("he", "Hebrew"),
                                        ("jv", "Javanese"), (None, "unknown"), (pd.NA, "unknown")])
def test_language_name(code, name):
    assert language_name(code) == name


@pytest.mark.corpus
def test_default_corpus_is_english(corpus):
    found = detect(corpus["text"].tolist())
    assert set(found) <= {"en", None}
    assert found.count("en") / len(found) > 0.995
    unknown = [t for t, f in zip(corpus["text"].tolist(), found) if f is None]
    assert all(len(t.strip()) < MIN_CHARS for t in unknown)  # fragments such as "March 20"


def test_benchmark_scores_and_candidates(benchmark_module):
    bench = benchmark_module("bench_language")
    assert bench.scores(["en", None, "de", "fr"], ["en", "fr", "fr", "fr"]) == "2/1/1"
    found = bench.candidates()
    assert all(callable(run) or run.startswith("unavailable") for run in found.values())
    cld2 = next(run for name, run in found.items() if name.startswith("cld2"))
    assert cld2([DE, EN, "Hi"]) == ["de", "en", None]  # no length threshold: CLD2 itself is unsure of "Hi"
    truth, texts = bench.sentences()
    assert len(truth) == len(texts) == 200


def test_keep_unknown_keeps_articles_of_unknown_language():
    kept, left_out = keep_languages(_articles(), keep_unknown=True)
    assert kept["article_id"].tolist() == ["e1", "e2", "s1", "u1"]
    assert left_out["reason"].tolist() == ["language de", "language fr"]
    assert left_out_note(left_out) == "2 articles left out: 1 French, 1 German"


def test_keep_languages_with_a_repeated_index_label():
    articles = _articles().set_axis([1, 1, 2, 2, 3, 3])
    kept, left_out = keep_languages(articles)
    assert kept["article_id"].tolist() == ["e1", "e2"]
    assert left_out["reason"].tolist() == ["language de", "language fr", "language unknown: text too short",
                                           "language unknown: detector unsure"]
    assert list(left_out.index) == [1, 2, 3, 3]


def test_keep_languages_without_text_says_unknown():
    articles = _articles().assign(language=pd.Series(["en", "de", None, None, "en", "en"],
                                                     index=range(10, 16), dtype="string")).drop(columns="text")
    kept, left_out = keep_languages(articles)
    assert left_out["reason"].tolist() == ["language de", "language unknown", "language unknown"]


@pytest.mark.parametrize("n_jobs", [2, -1, None])
def test_worker_processes_detect_the_same(monkeypatch, n_jobs):
    import importlib

    language = importlib.import_module("analysis.ingest.language")
    texts = [s for lang in BY_LANGUAGE for s in BY_LANGUAGE[lang][:3]] + ["short", None, "  ", "x" * 50]
    one = detect(texts)
    monkeypatch.setattr(language, "PARALLEL_FROM", 4)
    assert detect(texts, n_jobs=n_jobs) == one
    df = pd.DataFrame({"text": texts}, index=range(10, 10 + len(texts)))
    pd.testing.assert_frame_equal(add_language(df, n_jobs=n_jobs), add_language(df))


def test_languages_known_for_earlier_texts_are_kept_where_the_start_is_the_same():
    """The loader detects the language before the furniture goes, then again only where the start of
    a text changed: a known code is kept exactly where the first ``prefix`` characters are the same."""
    from analysis.ingest.language import _with_language

    german = BY_LANGUAGE["de"][0]
    english = BY_LANGUAGE["en"][0]
    earlier = [english, english + " Share this.", "Ad. " + german, german, None, english, "short"]
    now = [english, english, german, "Teilen: " + german, german, None, "short"]
    same_start = [True, True, False, False, False, False, True]
    known = ["xx" if same else "yy" for same in same_start]  # codes no detector gives: kept or redone
    df = pd.DataFrame({"text": now}, index=range(3, 10))
    assert len(english) > 60
    options = dict(prefix=60, min_chars=20)
    got = _with_language(df, now, known=(earlier, known), **options)["language"].tolist()
    fresh = detect(now, **options)
    assert got == [code if same else f if f else pd.NA for code, same, f in zip(known, same_start, fresh)]
    assert fresh[2:5] == ["de", "de", "de"]
    assert _with_language(df, now, **options)["language"].tolist() == [c if c else pd.NA for c in fresh]
