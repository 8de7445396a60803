"""Importing name lists and casualty records: CSV/XLSX/PDF, header guessing, messy cells, bad input."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import func, select

from warcases.link.lists import ListError, guess_field, import_list
from warcases.link.schema import list_records, list_sources

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "casualties"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def rows(engine, source_id=None):
    q = select(list_records).order_by(list_records.c.row_number)
    if source_id is not None:
        q = q.where(list_records.c.source_id == source_id)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def n_sources(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(list_sources)).scalar()


@pytest.mark.parametrize(
    ("header", "field"),
    [("ФИО", "name"), ("Ф.И.О.", "name"), ("ПІБ", "name"), ("Full name", "name"), ("Фамилия", "surname"),
     ("Прізвище", "surname"), ("lastName", "surname"), ("Имя", "given"), ("firstName", "given"),
     ("Отчество", "patronymic"), ("Дата рождения", "birth_date"), ("Дата народження", "birth_date"),
     ("Date of birth", "birth_date"), ("birthYear", "birth_year"), ("Год рождения", "birth_year"),
     ("Дата подписания контракта", "contract_date"), ("Дата загибелі", "death_date"),
     ("deathConfirmedDate", "death_date"), ("Регион", "region"), ("Область", "region"),
     ("Источник", "source"), ("Links", "source"), ("Гражданство", "country"), ("Колонка 7", None)],
)
def test_headers_in_russian_ukrainian_english(header, field):
    assert guess_field(header) == field


def test_csv_with_messy_cells(engine, tmp_path):
    (tmp_path / "regNames.csv").write_text(
        "regName,regNameEng,regNameISO\nРостовская область,Rostov,ROS\n,Sevastopol,UA-43\n", encoding="utf-8")
    f = tmp_path / "list.csv"
    f.write_text(
        "№;ФИО;Дата рождения;Регион;Дата контракта;Источник\n"
        "1;ЖАКСЫЛЫКОВ Ерлан Нурланович;12.03.1985;Rostov;март 2024;https://a.example/1 https://b.example/2 (5)\n"
        "2;Ахметов Серик;1987;;н/д;\n"
        "3;Сапарбек кызы Айжан;;Sevastopol;2024-11-02;https://c.example/x, https://d.example/y\n",
        encoding="utf-8",
    )
    r = import_list(engine, f, "contracts", country="KZ")
    assert (r.n_rows, r.n_records, r.duplicates, r.warnings) == (3, 3, 0, [])
    a, b, c = rows(engine)
    assert a["name"] == "Жаксылыков Ерлан Нурланович" and a["birth_date"] == "1985-03-12"
    assert a["birth_year"] == 1985 and a["contract_date"] == "2024-03"
    assert a["region_raw"] == "Rostov" and a["region"] == "ru/ros"
    assert a["source_urls"] == ["https://a.example/1", "https://b.example/2"]
    assert a["country"] == "KZ" and a["kind"] == "contract" and a["id"] == f"list/{r.source_id}/2"
    assert b["birth_date"] is None and b["birth_year"] == 1987 and b["region"] is None
    assert b["contract_date"] is None and b["source_urls"] == []
    assert c["region"] == "ua/43" and c["contract_date"] == "2024-11-02" and len(c["source_urls"]) == 2
    assert a["raw"]["ФИО"] == "ЖАКСЫЛЫКОВ Ерлан Нурланович"


def test_ukrainian_and_english_headers(engine, tmp_path):
    uk = tmp_path / "uk.csv"
    uk.write_text("ПІБ,Дата народження,Дата загибелі\nТурсунов Шерзод,1989,12.05.2024\n", encoding="utf-8")
    en = tmp_path / "en.csv"
    en.write_text("Last name,First name,DOB,Died\nTursunov,Sherzod,05/05/1989,2024\n", encoding="utf-8")
    import_list(engine, uk, "casualties")
    import_list(engine, en, "casualties")
    a, b = rows(engine)
    assert (a["name"], a["birth_year"], a["death_date"], a["kind"]) == ("Турсунов Шерзод", 1989, "2024-05-12", "casualty")
    assert (b["name"], b["birth_date"], b["death_date"]) == ("Tursunov Sherzod", "1989-05-05", "2024")


def test_map_overrides_the_guess_by_header_or_number(engine, tmp_path):
    f = tmp_path / "odd.csv"
    f.write_text("Колонка 1,Колонка 2,Регион\nАлиев Руслан,1985,kz/almaty\n", encoding="utf-8")
    r = import_list(engine, f, "contracts", mapping={"Колонка 1": "name", "2": "birth_year", "Регион": "ignore"})
    (rec,) = rows(engine)
    assert (rec["name"], rec["birth_year"], rec["region"]) == ("Алиев Руслан", 1985, None)
    assert r.column_map == {"Колонка 1": "name", "Колонка 2": "birth_year"}
    other = tmp_path / "other.csv"
    other.write_text("Колонка 1\nАлиев Руслан\n", encoding="utf-8")
    with pytest.raises(ListError, match="no column 'Nope'"):
        import_list(engine, other, "contracts", mapping={"Nope": "name"})
    with pytest.raises(ListError, match="unknown field 'nickname'"):
        import_list(engine, other, "contracts", mapping={"1": "nickname"})


def test_xlsx_with_date_cells(engine, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Список граждан"])  # a title row above the header
    ws.append(["Фамилия", "Имя", "Отчество", "Дата рождения", "Дата контракта"])
    ws.append(["Рахимов", "Бахтиёр", "Рустамович", dt.datetime(1992, 2, 14), 2024])
    ws.append(["Юсупов", "Шохрух", None, "1997", None])
    wb.save(tmp_path / "list.xlsx")
    r = import_list(engine, tmp_path / "list.xlsx", "contracts", country="UZ")
    a, b = rows(engine)
    assert r.n_records == 2
    assert (a["name"], a["birth_date"], a["contract_date"]) == ("Рахимов Бахтиер Рустамович", "1992-02-14", "2024")
    assert (b["name"], b["birth_year"], b["patronymic"]) == ("Юсупов Шохрух", 1997, None)


def _pdf(path: Path, table: list[list[str]] | None) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if table is None:
        pdf.rect(20, 20, 100, 40, style="F")  # a "scan": marks on the page, no text
    else:
        pdf.add_font("dv", "", str(FONT))
        pdf.set_font("dv", size=10)
        for row in table:
            for width, cell in zip((10, 80, 35, 40), row, strict=True):
                pdf.cell(width, 8, cell, border=1)
            pdf.ln()
    pdf.output(str(path))


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_pdf_table_through_its_text_layer(engine, tmp_path):
    _pdf(tmp_path / "list.pdf", [
        ["№", "ФИО", "Дата рождения", "Дата контракта"],
        ["1", "Жаксылыков Ерлан Нурланович", "12.03.1985", "05.2024"],
        ["2", "Ахметов Серик", "", "12.01.2025"],
    ])
    r = import_list(engine, tmp_path / "list.pdf", "contracts", country="KZ")
    a, b = rows(engine)
    assert r.n_records == 2
    assert (a["name"], a["birth_date"], a["contract_date"]) == ("Жаксылыков Ерлан Нурланович", "1985-03-12", "2024-05")
    assert (b["name"], b["birth_date"], b["contract_date"]) == ("Ахметов Серик", None, "2025-01-12")


def test_pdf_without_text_layer_points_to_ocr(engine, tmp_path):
    _pdf(tmp_path / "scan.pdf", None)
    with pytest.raises(ListError, match="no text layer.*OCR"):
        import_list(engine, tmp_path / "scan.pdf", "contracts")
    assert n_sources(engine) == 0


def test_no_name_column_is_refused_and_nothing_imported(engine, tmp_path):
    f = tmp_path / "noname.csv"
    f.write_text("Дата рождения,Регион\n1985,kz/almaty\n1990,kz/astana\n", encoding="utf-8")
    with pytest.raises(ListError, match=r"no name column.*--map 'COLUMN=name'"):
        import_list(engine, f, "contracts")
    assert n_sources(engine) == 0 and rows(engine) == []
    r = import_list(engine, f, "casualties", anonymous=True)  # an anonymised list is accepted when said so
    assert r.n_records == 2


def test_unknown_encoding_is_refused(engine, tmp_path):
    rng = random.Random(7)
    f = tmp_path / "garbled.csv"
    f.write_bytes(b"".join(bytes(rng.randrange(128, 256) for _ in range(30)) + b",\n" for _ in range(20)))
    with pytest.raises(ListError, match="cannot tell the text encoding.*--encoding"):
        import_list(engine, f, "contracts")
    assert n_sources(engine) == 0


def test_cp1251_is_detected(engine, tmp_path):
    f = tmp_path / "win.csv"
    f.write_bytes("ФИО;Дата рождения\nЖаксылыков Ерлан;12.03.1985\nАхметов Серик;1987\n".encode("cp1251"))
    import_list(engine, f, "contracts")
    assert [r["name"] for r in rows(engine)] == ["Жаксылыков Ерлан", "Ахметов Серик"]


def test_binary_file_is_refused(engine, tmp_path):
    f = tmp_path / "data.csv"
    f.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)) * 4)
    with pytest.raises(ListError):
        import_list(engine, f, "contracts")
    assert n_sources(engine) == 0


def test_repeated_rows_are_imported_once_with_a_warning(engine, tmp_path):
    f = tmp_path / "dup.csv"
    f.write_text("ФИО,Год рождения\nАхметов Серик,1987\nАхметов Серик,1987\nАхметов Серик,1990\n", encoding="utf-8")
    r = import_list(engine, f, "contracts")
    assert (r.n_rows, r.n_records, r.duplicates) == (3, 2, 1)
    assert any("row 3: repeats row 2" in w for w in r.warnings)


def test_implausible_birth_years_are_reported_and_left_blank(engine, tmp_path):
    f = tmp_path / "years.csv"
    f.write_text("ФИО,Год рождения\nСтарый Иван,1883\nЮный Иван,2031\nНормальный Иван,1980\n", encoding="utf-8")
    r = import_list(engine, f, "contracts")
    assert [rec["birth_year"] for rec in rows(engine)] == [None, None, 1980]
    assert any("1883 is implausible" in w for w in r.warnings)
    assert any("2031 is implausible" in w for w in r.warnings)


def test_strict_refuses_a_file_with_warnings_and_imports_nothing(engine, tmp_path):
    f = tmp_path / "years.csv"
    f.write_text("ФИО,Год рождения\nСтарый Иван,1883\nНормальный Иван,1980\n", encoding="utf-8")
    with pytest.raises(ListError, match="--strict"):
        import_list(engine, f, "contracts", strict=True)
    assert n_sources(engine) == 0 and rows(engine) == []


def test_the_same_file_twice_is_imported_once(engine, tmp_path):
    f = tmp_path / "list.csv"
    f.write_text("ФИО\nАхметов Серик\n", encoding="utf-8")
    first = import_list(engine, f, "contracts")
    again = import_list(engine, f, "contracts")
    assert again.already_imported and again.source_id == first.source_id
    assert len(rows(engine)) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "empty"), ("ФИО\n", "no data rows")],
)
def test_empty_tables_are_refused(engine, tmp_path, content, message):
    f = tmp_path / "empty.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ListError, match=message):
        import_list(engine, f, "contracts")


def test_unknown_format_and_kind(engine, tmp_path):
    f = tmp_path / "list.doc"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(ListError, match="unknown table format .doc"):
        import_list(engine, f, "contracts")
    with pytest.raises(ListError, match="--kind must be one of"):
        import_list(engine, f, "soldiers")


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")
def test_real_anonymised_casualty_list(engine):
    r = import_list(engine, SHARED / "dfCasualtiesAnonymised_Dec2022.csv", "casualties")
    recs = rows(engine)
    assert r.n_records == len(recs) == 9592
    assert all(rec["name"] is None for rec in recs)  # "removed" is a blank, not a name
    with_region = [rec for rec in recs if rec["region_raw"]]
    assert sum(rec["region"] is not None for rec in with_region) == len(with_region)
    assert all(rec["region"].startswith(("ru/", "ua/")) for rec in with_region)
    assert max(len(rec["source_urls"]) for rec in recs) >= 5
    assert sum(rec["birth_year"] is None for rec in recs) > 2000  # blank birth years stay blank


def test_birth_dates_in_every_usual_shape(engine, tmp_path):
    f = tmp_path / "births.csv"
    f.write_text(
        "ФИО;Дата рождения\n"
        "Алиев Руслан;12.03.1983\n"
        "Бекова Айгуль;1983\n"
        "Ганиев Тимур;март 1983\n"
        "Дунаев Олег;12 марта 1983 г.\n"
        "Ержанов Канат;1983-03-12 00:00:00\n"
        "Жумаев Азамат;March 12, 1983\n"
        "Зиядинов Шерзод;\n",
        encoding="utf-8",
    )
    r = import_list(engine, f, "contracts")
    got = [(rec["birth_date"], rec["birth_year"]) for rec in rows(engine)]
    assert got == [("1983-03-12", 1983), (None, 1983), ("1983-03", 1983), ("1983-03-12", 1983),
                   ("1983-03-12", 1983), ("1983-03-12", 1983), (None, None)]
    assert r.warnings == []
