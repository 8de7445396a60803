"""The readers: TXT encodings, HTML boilerplate, PDF pages, DOCX paragraphs, Telegram exports,
and the bad files each must refuse with a reason a user can act on."""

from __future__ import annotations

import json
import random
import re
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from fixtures.make_bad import BAD_FILES, build_bad_files, docx_bytes, pdf_bytes, zip_bomb_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warcases.ingest.errors import IngestError
from warcases.ingest.readers import FORMATS, read_bytes, sniff_format
from warcases.model import ParsedDocument, Segment

FIXTURES = Path(__file__).parent / "fixtures"
TELEGRAM_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "telegram"

RU_SHORT = "Суд приговорил его к пяти годам лишения свободы."
RU_HEADER = "ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН"
RU_ADVERT = "Требуются водители. Вахта 30/30, зарплата от 250 000 руб. Звоните!"
KK_SHORT = "Сот оны бес жылға бас бостандығынан айырды."
KK_HEADER = "ҮКІМ\nҚазақстан Республикасының атынан"
VERDICT = (FIXTURES / "verdict_ru.txt").read_text(encoding="utf-8")
COURT_LINE = next(line for line in VERDICT.splitlines() if line.startswith("Специализированный"))


def one(result: ParsedDocument | list[ParsedDocument]) -> ParsedDocument:
    assert isinstance(result, ParsedDocument)
    return result


# ---------------------------------------------------------------------------- TXT

SAMPLES = {
    "ru-short": RU_SHORT,
    "ru-header": RU_HEADER,
    "ru-advert": RU_ADVERT,
    "ru-verdict": VERDICT,
}
KK_SAMPLES = {"kk-short": KK_SHORT, "kk-header": KK_HEADER}
RU_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1251", "koi8-r")
KK_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-be", "kz1048")
ENCODED = [(name, codec) for name in SAMPLES for codec in RU_CODECS] + [
    (name, codec) for name in KK_SAMPLES for codec in KK_CODECS
]


@pytest.mark.parametrize("sample,codec", ENCODED, ids=[f"{n}-{c}" for n, c in ENCODED])
def test_txt_encodings_are_told_apart_even_on_short_texts(sample: str, codec: str):
    text = {**SAMPLES, **KK_SAMPLES}[sample]
    if codec == "koi8-r":  # KOI8-R has no dashes: old texts wrote hyphens
        text = text.replace("–", "-")
    doc = one(read_bytes("a.txt", text.encode(codec)))
    assert doc.text == text
    assert doc.encoding == codec
    assert doc.format == "txt" and doc.segments == [Segment(0, None, 0)]


# A few words, often in capitals (headings, names): too few common letter pairs to tell cp1251
# from koi8-r, and koi8-r read as cp1251 swaps the case, so capitals alone cannot decide either.
SHORT_WORDS = [
    "ДЕЛО", "ФИО", "БИШКЕК", "ПРИГОВОР ИМЕНЕМ", "службу", "рублей", "УПК РК СУД", "УК РК",
    "Ерлан", "ВАГНЕР", "НАЕМНИК", "РЕШЕНИЕ", "Список", "ИТОГО:",
    "Бишкек", "Алматы, 2025", "СИЗО", "Душанбе", "Наёмник", "ОСУЖДЕН", "МЕСЯЦЕВ", "ЕРЖАН",
    "СЕРГЕЙ", "ЕЛЕНА", "ЮРИЙ", "ОЛЕГ", "ДАУРЕН",
]  # fmt: skip


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r"])
def test_txt_encoding_of_a_few_words_in_capitals_or_not(codec: str):
    wrong = []
    for words in SHORT_WORDS:
        doc = one(read_bytes("a.txt", words.encode(codec)))
        if doc.text != words:
            wrong.append((words, doc.encoding, doc.text))
    assert wrong == []


@pytest.mark.shared
@pytest.mark.skipif(not TELEGRAM_DATA.is_dir(), reason="../shared/data/telegram is absent")
def test_txt_encoding_of_one_to_eight_words_of_real_posts():
    """Snippets of real Telegram posts (not the demo corpus the letter pairs come from), as
    written, in capitals and capitalised: at most 1% decoded wrongly."""
    rng = random.Random(11)
    words: list[str] = []
    for path in sorted(TELEGRAM_DATA.glob("*/result.json"))[:4]:
        for message in json.loads(path.read_bytes())["messages"][:2000]:
            words += re.findall("[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?", _flat(message.get("text")))
    assert len(words) > 10_000
    wrong = total = 0
    for _ in range(1500):
        n = rng.choice([1, 1, 2, 2, 3, 5, 8])
        start = rng.randrange(len(words) - n)
        snippet = " ".join(words[start : start + n])
        snippet = rng.choice([snippet, snippet, snippet.upper(), snippet.capitalize()])
        for codec in ("cp1251", "koi8-r"):
            total += 1
            wrong += one(read_bytes("a.txt", snippet.encode(codec))).text != snippet
    assert wrong <= 0.01 * total, wrong


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Kazakh court jails man for fighting in Ukraine.", "Ok", "Суд"])
def test_txt_utf16_without_a_byte_order_mark_latin_or_cyrillic(codec: str, text: str):
    doc = one(read_bytes("a.txt", text.encode(codec)))
    assert (doc.text, doc.encoding) == (text, codec)


def test_txt_offset_map_points_into_the_source_despite_crlf_and_nul_bytes():
    raw = "ПРИГОВОР\r\nИМЕНЕМ РЕСПУБЛИКИ\r\n\r\nв\x00 отношении САПАРОВА\r\nч. 1 ст. 172"
    doc = one(read_bytes("a.txt", raw.encode("cp1251")))
    assert doc.text == "ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ\n\nв отношении САПАРОВА\nч. 1 ст. 172"
    for word in ("ИМЕНЕМ", "в", "ч. 1 ст. 172"):
        page, position = doc.locate(doc.text.index(word))
        assert page is None and raw[position:].startswith(word), word
    lf = one(read_bytes("b.txt", "ПРИГОВОР\nИМЕНЕМ".encode()))
    assert lf.segments == [Segment(0, None, 0)]  # nothing moved: one segment


def test_txt_is_cleaned_line_endings_nul_bytes_and_unicode_normal_form():
    raw = "Строка один\r\nСтрока два\rСтрока\x00 три\n" + unicodedata.normalize(
        "NFD", "Йошкар-Ола, ӘҒҚ"
    )
    doc = one(read_bytes("a.txt", raw.encode("utf-8")))
    assert doc.text == "Строка один\nСтрока два\nСтрока три\nЙошкар-Ола, ӘҒҚ"
    assert unicodedata.is_normalized("NFC", doc.text)


def test_txt_with_one_broken_byte_is_still_read_as_utf8():
    data = VERDICT[:200].encode("utf-8") + b"\xff" + VERDICT[200:].encode("utf-8")
    doc = one(read_bytes("a.txt", data))
    assert doc.encoding == "utf-8" and doc.text.count("\ufffd") == 1
    assert "САПАРОВА ЕРБОЛАТА" in doc.text


def test_txt_title_is_the_first_line():
    assert one(read_bytes("a.txt", b"\n\n  First line  \nsecond")).title == "First line"


# ---------------------------------------------------------------------------- bad files


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return build_bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", [b.name for b in BAD_FILES])
def test_bad_files_are_refused_with_a_one_line_reason(bad_files, name: str):
    path, expect = bad_files[name]
    with pytest.raises(IngestError) as caught:
        read_bytes(str(path), path.read_bytes())
    reason = str(caught.value)
    assert expect.lower() in reason.lower(), reason
    assert "\n" not in reason and len(reason) < 200


def test_a_zip_bomb_is_refused_without_being_inflated():
    bomb = zip_bomb_docx(250)
    tracemalloc.start()
    try:
        with pytest.raises(IngestError, match="zip bomb"):
            read_bytes("bomb.docx", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the archive is ~0.5 MB; inflated it would be 250 MB


# ---------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def court_page() -> tuple[str, ParsedDocument]:
    data = (FIXTURES / "verdict_page.html").read_bytes()
    return data.decode("utf-8"), one(read_bytes("page.html", data))


def test_html_keeps_the_verdict_and_drops_the_page_around_it(court_page):
    _, doc = court_page
    for kept in (
        "ПРИГОВОР",
        "ИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН",
        "ТУЛЕГЕНОВА АСКАРА БОЛАТОВИЧА",
        "обвиняемого по ч. 1 ст. 172 УК РК.",
    ):
        assert kept in doc.text
    for dropped in (
        "cookie",
        "Главная",
        "Популярное",
        "Все права защищены",
        "decoy",
        "СКРИПТ",
        "color: red",
        "Поделиться",
        "Комментарий читателя",
        "Опубликовано",
    ):
        assert dropped not in doc.text
    assert doc.title == "Приговор по делу № 1510-25-00-1/77 | Банк судебных актов"
    assert doc.metadata["url"] == "https://court.example/acts/1510-25-00-1-77"


def test_html_blocks_become_lines_table_cells_tabs_and_br_line_breaks(court_page):
    _, doc = court_page
    lines = doc.text.split("\n")
    assert "ч. 1 ст. 172 УК РК\t5 лет" in lines
    assert "Адрес суда:" in lines and "г. Шымкент, ул. Примерная, 1" in lines
    assert "3 апреля 2025 года г. Шымкент" in lines  # &nbsp; and runs of spaces collapse


def test_html_segments_point_at_each_block_in_the_decoded_page(court_page):
    source, doc = court_page
    assert [s.page for s in doc.segments] == list(range(1, len(doc.segments) + 1))
    assert doc.segments[0].text_start == 0
    for seg in doc.segments:
        first_word = doc.text[seg.text_start :].split(maxsplit=1)[0]
        assert source[seg.source_start :].startswith(first_word), first_word


@pytest.mark.parametrize(
    "codec,meta",
    [("cp1251", "windows-1251"), ("cp1251", "utf-8"), ("koi8-r", None), ("utf-8", None)],
    ids=["declared", "wrongly-declared", "undeclared-koi8", "undeclared-utf8"],
)
def test_html_charset_from_meta_or_from_the_text_detector(codec: str, meta: str | None):
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    page = f"<html><head>{head}<title>Новости</title></head><body><p>{RU_SHORT}</p></body></html>"
    doc = one(read_bytes("page.htm", page.encode(codec)))
    assert doc.text == RU_SHORT and doc.encoding == codec


def test_html_without_landmarks_takes_the_block_with_most_running_text():
    links = "".join(
        f'<li><a href="/{i}">Раздел сайта номер {i}, очень длинное название</a></li>'
        for i in range(50)
    )
    paragraphs = "".join(f"<p>{RU_SHORT} Абзац {i}.</p>" for i in range(5))
    page = (
        f"<html><body><div><ul>{links}</ul></div><div><div class='x'><p>Реклама: купите слона</p></div>"
        f"<div>{paragraphs}</div></div><div><p>Короткая подпись.</p></div></body></html>"
    )
    doc = one(read_bytes("page.html", page.encode()))
    assert doc.text.split("\n") == [f"{RU_SHORT} Абзац {i}." for i in range(5)]


def test_html_page_of_ten_megabytes_of_navigation_around_a_short_verdict():
    plain_menu = "".join(f'<li><a href="/s/{i}">Раздел номер {i}</a></li>' for i in range(110_000))
    named_menu = "".join(
        f'<li class="menu-item"><span>Пункт меню {i}</span></li>' for i in range(60_000)
    )
    page = (
        "<html><head><title>Суд</title></head><body>"
        f"<div><ul>{plain_menu}</ul></div><div class='main-menu'><ul>{named_menu}</ul></div>"
        f"<div><p>ПРИГОВОР</p><p>ИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН</p><p>{COURT_LINE}</p></div>"
        "</body></html>"
    )
    data = page.encode("utf-8")
    assert len(data) > 10 * 1024 * 1024
    doc = one(read_bytes("huge.html", data))
    assert doc.text.startswith("ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН\nСпециализированный")
    assert "Раздел номер" not in doc.text and "Пункт меню" not in doc.text
    assert page[doc.segments[2].source_start :].startswith("Специализированный")


def test_html_with_a_thousand_unclosed_font_tags_is_still_read():
    page = "<html><body>" + "<font size=2>" * 1000 + f"<p>ПРИГОВОР</p><p>{RU_SHORT}</p>"
    assert one(read_bytes("old.html", page.encode("cp1251"))).text == f"ПРИГОВОР\n{RU_SHORT}"


# ---------------------------------------------------------------------------- PDF


def test_pdf_pages_become_segments_with_page_numbers():
    pages = [RU_HEADER + "\n" + RU_SHORT, "Страница вторая.\n" + KK_SHORT, "Судья Г.К. Оспанова"]
    doc = one(read_bytes("v.pdf", pdf_bytes(pages, title="Приговор Сапарова")))
    assert doc.format == "pdf" and doc.title == "Приговор Сапарова"
    assert [s.page for s in doc.segments] == [1, 2, 3]
    assert doc.metadata == {"pages": 3}
    for page_no, marker in ((1, "ИМЕНЕМ РЕСПУБЛИКИ"), (2, "бостандығынан"), (3, "Оспанова")):
        offset = doc.text.index(marker)
        page, within = doc.locate(offset)
        assert page == page_no and within >= 0
    assert "\r" not in doc.text and KK_SHORT in doc.text.replace("\n", " ")


def test_pdf_with_only_an_owner_password_is_read():
    doc = one(read_bytes("v.pdf", pdf_bytes([RU_SHORT], owner_password="owner")))
    assert RU_SHORT in doc.text.replace("\n", " ")


def test_pdf_named_txt_is_still_read_as_pdf():
    assert one(read_bytes("v.txt", pdf_bytes([RU_SHORT]))).format == "pdf"


# ---------------------------------------------------------------------------- DOCX


def test_docx_paragraphs_and_table_cells_in_order_with_paragraph_numbers():
    data = docx_bytes(
        ["ПРИГОВОР", "", RU_SHORT], table=[["Статья", "Срок"], ["ч. 1 ст. 172", "5 лет"]]
    )
    doc = one(read_bytes("v.docx", data))
    assert doc.text.split("\n") == [
        "ПРИГОВОР",
        "",
        RU_SHORT,
        "Статья\tСрок",
        "ч. 1 ст. 172\t5 лет",
        "Конец документа.",
    ]
    assert doc.locate(doc.text.index(RU_SHORT))[0] == 3
    assert doc.locate(doc.text.index("5 лет"))[0] == 7  # paragraphs 4-7 are the four cells
    assert doc.locate(doc.text.index("Конец"))[0] == 8
    assert doc.metadata == {"paragraphs": 8, "tables": 1}


def test_docx_made_from_a_text_gives_the_same_text_back():
    lines = VERDICT.rstrip("\n").split("\n")
    assert one(read_bytes("v.docx", docx_bytes(lines))).text == "\n".join(lines)


# ---------------------------------------------------------------------------- Telegram


def test_telegram_export_gives_one_document_per_message_with_text():
    docs = read_bytes("result.json", (FIXTURES / "telegram_export.json").read_bytes())
    assert isinstance(docs, list)
    assert [d.metadata["message_id"] for d in docs] == [101, 103, 106]  # no service, photo, blank
    ad, terms, forwarded = docs
    assert ad.format == "telegram" and ad.metadata["channel"] == "Вахта Север (вымышленный канал)"
    assert ad.metadata["url"] == "https://t.me/c/1234567890/101"
    assert ad.metadata["date"] == "2025-03-01T10:15:00"
    assert terms.text == (
        "Условия:\nпроезд и питание за счет компании, анкета здесь.\n"
        "Подробнее: https://example.org/vahta"
    )
    assert terms.metadata["links"] == ["https://example.org/anketa", "https://example.org/vahta"]
    assert forwarded.text == "Набор продолжается.\nЗвоните: +7 700 000 00 00"
    assert forwarded.metadata["forwarded_from"] == "Другой вымышленный канал"


def test_telegram_whole_account_export_reads_every_chat():
    chat = json.loads((FIXTURES / "telegram_export.json").read_text(encoding="utf-8"))
    other = {
        "name": "Второй канал",
        "type": "private_channel",
        "id": 42,
        "messages": [{"id": 1, "type": "message", "date": "2025-01-01T00:00:00", "text": "Привет"}],
    }
    export = {"about": "...", "chats": {"about": "...", "list": [chat, other]}}
    docs = read_bytes("result.json", json.dumps(export, ensure_ascii=False).encode())
    assert [(d.metadata["channel_id"], d.metadata["message_id"]) for d in docs] == [
        (1234567890, 101),
        (1234567890, 103),
        (1234567890, 106),
        (42, 1),
    ]


@pytest.mark.shared
@pytest.mark.skipif(not TELEGRAM_DATA.is_dir(), reason="../shared/data/telegram is absent")
def test_real_telegram_exports_every_message_with_text_becomes_a_post():
    total = 0
    for path in sorted(TELEGRAM_DATA.glob("*/result.json")):
        data = path.read_bytes()
        export = json.loads(data)
        docs = read_bytes(str(path), data)
        expected = [
            m["id"]
            for m in export["messages"]
            if m.get("type") == "message" and _flat(m.get("text")).strip()
        ]
        assert [d.metadata["message_id"] for d in docs] == expected, path
        assert all(d.text.strip() and d.metadata["channel"] == export["name"] for d in docs)
        assert all(d.metadata["url"].startswith("https://t.me/c/") for d in docs)
        total += len(docs)
    assert total > 10_000


def _flat(text: object) -> str:
    if isinstance(text, str):
        return text
    return "".join(p if isinstance(p, str) else p.get("text", "") for p in text or [])


# ---------------------------------------------------------------------------- dispatch


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("a.txt", b"%PDF-1.7\n...", "pdf"),
        ("a.bin", docx_bytes(["x"]), "docx"),
        ("a.txt", b"\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>", "html"),
        ("page", b"<html><head><title>x</title></head></html>", "html"),
        (
            "export.txt",
            b'{\n "name": "c",\n "type": "public_channel",\n "messages": []}',
            "telegram",
        ),
        ("a.json", b'{"document": {}}', "telegram"),  # by extension: the reader then refuses it
        ("notes.md", b"# notes", None),
        ("a.HTM", b"plain words", "html"),
        ("a.docx", b"PK\x03\x04 not really", "docx"),
    ],
)
def test_sniff_format_trusts_content_first_then_the_extension(
    name: str, data: bytes, expected: str | None
):
    assert sniff_format(name, data) == expected


def test_every_supported_extension_has_a_reader():
    assert set(FORMATS.values()) == {"txt", "html", "pdf", "docx", "telegram", "image"}


PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<html><body>",
    b'{"messages": [',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["a.txt", "a.html", "a.pdf", "a.docx", "result.json", "a.bin", "noext"]),
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=2048),
)
def test_any_bytes_give_documents_or_an_ingest_error(name: str, prefix: bytes, body: bytes):
    try:
        result = read_bytes(name, prefix + body)
    except IngestError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    docs = result if isinstance(result, list) else [result]
    assert all(
        isinstance(d, ParsedDocument) and "\x00" not in d.text and "\r" not in d.text for d in docs
    )


@pytest.fixture(scope="module")
def valid_files() -> dict[str, bytes]:
    return {
        "v.pdf": pdf_bytes([RU_HEADER, KK_SHORT]),
        "v.docx": docx_bytes(["ПРИГОВОР", RU_SHORT], table=[["a", "b"]]),
        "v.html": (FIXTURES / "verdict_page.html").read_bytes(),
        "result.json": (FIXTURES / "telegram_export.json").read_bytes(),
        "v.txt": VERDICT.encode("cp1251"),
    }


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(["v.pdf", "v.docx", "v.html", "result.json", "v.txt"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(
        st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(0, 255)), max_size=8
    ),
)
def test_damaged_real_files_give_documents_or_an_ingest_error(valid_files, name, cut, flips):
    data = bytearray(valid_files[name])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    damaged = bytes(data[: max(1, int(len(data) * cut))])
    try:
        result = read_bytes(name, damaged)
    except IngestError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    docs = result if isinstance(result, list) else [result]
    assert all(isinstance(d, ParsedDocument) for d in docs)
