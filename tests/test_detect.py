"""Language and document-kind detection, on short texts written for these tests and, when it
is present, on the demo corpus with its hand-made gold cards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from warcases.ingest import detect
from warcases.ingest.detect import KINDS, LANGUAGES, detect_kind, detect_language
from warcases.ingest.readers import read_bytes
from warcases.knowledge import load_yaml

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
SAMPLES: dict[str, list[str]] = yaml.safe_load(
    (FIXTURES / "language_samples.yaml").read_text("utf-8")
)
KIND_CASES: list[dict] = yaml.safe_load((FIXTURES / "kind_samples.yaml").read_text("utf-8"))
EXPECTED = {"uz_latn": "uz"}  # Uzbek in Latin letters is still Uzbek
# Short sentences without a single letter of their own (a Kyrgyz one with no ң ө ү) can be
# read either way; at most this share of a language's samples may be missed.
MAX_MISSES = 0.1


def results(lang: str) -> list[tuple[str, str]]:
    return [(text, detect_language(text)) for text in SAMPLES[lang]]


# ---------------------------------------------------------------------------- language


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_short_texts_in_each_language(lang: str):
    expected = EXPECTED.get(lang, lang)
    got = results(lang)
    misses = [(text, found) for text, found in got if found != expected]
    assert len(SAMPLES[lang]) >= (8 if lang == "other" else 25)
    assert len(misses) <= MAX_MISSES * len(got), misses


def test_kyrgyz_is_never_taken_for_kazakh_nor_kazakh_for_kyrgyz():
    assert [t for t, found in results("ky") if found == "kk"] == []
    assert [t for t, found in results("kk") if found == "ky"] == []


def test_tajik_is_never_taken_for_russian_nor_russian_for_tajik():
    assert [t for t, found in results("tg") if found == "ru"] == []
    assert [t for t, found in results("ru") if found == "tg"] == []


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Суд приговорил Нұрлана Жақсылықова к пяти годам лишения свободы за участие в войне.",
            "ru",
        ),
        ("в отношении ЖАҚСЫЛЫҚОВА НҰРЛАНА ӘБДІҰЛЫ, обвиняемого по ч. 1 ст. 172 УК РК", "ru"),
        ("ҮКІМ\nҚазақстан Республикасының атынан", "kk"),
        (
            "Ученые выяснили, полезно ли работать стоя https://naked-science.ru/article/medicine/x",
            "ru",
        ),
        ("Эфир выше $3500. @banksta", "ru"),
        (
            "Kazakh court jails man https://example.org/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t",
            "en",
        ),
        ("", "other"),
        ("2025 — 172 — 5 (10)", "other"),
    ],
)
def test_names_links_and_noise_do_not_decide_the_language(text: str, expected: str):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Үкім", "kk"),  # ү and і: Kazakh
        ("Қазақстан азаматы", "kk"),
        ("Соттың үкімі", "kk"),
        ("Бүгүн шаарда", "ky"),  # ү without і, and the doubled vowel Kyrgyz writes
        ("Кыргыз Республикасынын өкмөтү", "ky"),
        ("Ўзбекистон фуқароси", "uz"),  # ў: Uzbek Cyrillic
        ("Oʻzbekiston fuqarosi", "uz"),
        ("O'zbekiston Respublikasi", "uz"),
        ("Шаҳрванди Тоҷикистон", "tg"),  # ҷ and ҳ: Tajik
        ("Ӯ дар ҷанг", "tg"),
        ("Громадянин України", "uk"),  # ї
        ("П’ять років", "uk"),
        ("Five years for Wagner", "en"),
    ],
)
def test_a_few_words_are_enough_when_a_letter_of_their_own_says_so(text: str, expected: str):
    assert detect_language(text) == expected


@pytest.mark.parametrize("word", ["Приговор", "Казахстан", "Ташкент", "Вагнер", "Ирина Петрова"])
def test_one_or_two_words_without_letters_of_their_own_stay_russian(monkeypatch, word: str):
    def refuse():
        raise AssertionError("lingua asked about one or two words")

    monkeypatch.setattr(detect, "lingua_detector", refuse)
    assert detect_language(word) == "ru"


def test_only_the_first_three_thousand_characters_are_read():
    russian = ("Суд рассмотрел уголовное дело и вынес приговор. " * 80)[:3000]
    kazakh = "Сот оны бес жылға бас бостандығынан айырды. " * 300
    assert detect_language(russian + kazakh) == "ru"
    assert detect_language(kazakh[:3000] + russian * 10) == "kk"


@pytest.mark.parametrize("lang", ["kk", "ky", "tg", "uz", "uz_latn", "en"])
def test_lingua_is_not_asked_when_the_letters_settle_it(monkeypatch, lang: str):
    def refuse():
        raise AssertionError("lingua was loaded for a text the letters settle")

    monkeypatch.setattr(detect, "lingua_detector", refuse)
    expected = EXPECTED.get(lang, lang)
    settled = [t for t in SAMPLES[lang] if len(t) > 30]
    assert [detect_language(t) for t in settled].count(expected) >= len(settled) - 2
    long_russian = " ".join(SAMPLES["ru"])
    assert detect_language(long_russian) == "ru"


def test_lingua_settles_a_close_call_and_is_built_once():
    first = detect.lingua_detector()
    assert detect.lingua_detector() is first
    # No letter of its own and no common word: Russian against Ukrainian on letters alone.
    assert detect_language("Прокуратура направила справу до суду.") == "uk"


def test_detected_languages_and_kinds_are_in_the_case_card_vocabulary():
    vocabulary = load_yaml("vocabulary")
    assert set(LANGUAGES) == set(vocabulary["document.language"])
    assert set(KINDS) == set(vocabulary["document.kind"])
    found = {detect_language(t) for texts in SAMPLES.values() for t in texts}
    assert found <= set(LANGUAGES)


# ---------------------------------------------------------------------------- kind


@pytest.mark.parametrize("case", KIND_CASES, ids=[c["note"] for c in KIND_CASES])
def test_document_kinds(case: dict):
    assert detect_kind(case["text"], case["language"], case["fmt"]) == case["kind"]


def test_kind_cases_cover_every_kind():
    assert len(KIND_CASES) >= 12
    assert {c["kind"] for c in KIND_CASES} == set(KINDS)


def test_verdict_cue_in_the_operative_part_at_the_end_of_a_long_text():
    body = "Суд исследовал доказательства по делу и заслушал свидетелей обвинения. " * 200
    text = (
        "Дело № 1-77/2025\n"
        + body
        + "\nРуководствуясь статьями 393–395 УПК РК, суд\nПРИГОВОРИЛ:\nпризнать виновным."
    )
    assert detect_kind(text, "ru", "txt") == "verdict"


def test_telegram_messages_are_posts_whatever_they_say():
    posts = read_bytes("result.json", (FIXTURES / "telegram_export.json").read_bytes())
    assert {detect_kind(p.text, detect_language(p.text), p.format) for p in posts} == {"post"}


# ---------------------------------------------------------------------------- demo corpus


def _demo_documents():
    for gold in sorted(DEMO.rglob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        sources = [p for p in gold.parent.glob(stem + ".*") if not p.name.endswith(".json")]
        if sources:
            yield sources[0], json.loads(gold.read_text(encoding="utf-8")).get("document", {})


@pytest.mark.skipif(not DEMO.is_dir(), reason="data/demo is absent")
def test_demo_corpus_kinds_and_languages_match_the_gold_cards():
    checked, misses = 0, []
    for path, gold in _demo_documents():
        doc = read_bytes(path.name, path.read_bytes())
        assert not isinstance(doc, list)
        language = detect_language(doc.text)
        kind = detect_kind(doc.text, language, doc.format)
        checked += 1
        if (language, kind) != (gold.get("language", language), gold.get("kind", kind)):
            misses.append((path.name, language, kind, gold))
    assert checked >= 50
    assert len(misses) <= 0.05 * checked, misses
