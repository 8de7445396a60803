"""The sentence `warcases show` prints beside a value: whole sentences, not cut at abbreviations."""

from warcases.store.queries import sentence_around

HEADER = "ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН\n\n27 января 2026 года   г. Кокшетау\n\n"
BODY = (
    "Суд установил следующее. ИБРАГИМОВА ТИМУРА МАРАТОВИЧА, 30.01.1990 года рождения, "
    "уроженца г. Щучинск, признать виновным в совершении преступления, предусмотренного "
    "ч. 1 ст. 172 УК РК. Приговор может быть обжалован."
)


def span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def test_abbreviations_and_dates_do_not_cut_the_sentence():
    text = HEADER + BODY
    got = sentence_around(text, *span(text, "ч. 1 ст. 172 УК РК"))
    assert got.startswith("ИБРАГИМОВА ТИМУРА МАРАТОВИЧА, 30.01.1990 года рождения")
    assert got.endswith("ч. 1 ст. 172 УК РК.")
    assert "Суд установил" not in got and "обжалован" not in got


def test_a_blank_line_ends_the_sentence():
    text = HEADER + BODY
    got = sentence_around(text, *span(text, "27 января 2026 года"))
    assert got == "27 января 2026 года г. Кокшетау"


def test_long_sentences_are_trimmed_at_word_boundaries():
    text = "Начало " + "слово " * 200 + "ЦЕЛЬ " + "слово " * 200 + "конец."
    got = sentence_around(text, *span(text, "ЦЕЛЬ"), width=60)
    assert got.startswith("…слово") and got.endswith("слово…")
    assert "ЦЕЛЬ" in got and len(got) < 150


def test_no_span_gives_nothing():
    assert sentence_around("Текст.", None, None) == ""
