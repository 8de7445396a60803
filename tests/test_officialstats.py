"""Official statistics: the shipped file, conflicting sources side by side, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from warcases.analyze.commands import register
from warcases.analyze.indicators import PUBLISHED_FILE
from warcases.analyze.officialstats import (
    StatsInputError,
    import_notes,
    import_shipped,
    import_stats,
    official_cells,
)
from warcases.analyze.periods import PeriodError, parse_period
from warcases.analyze.schema import official_stats
from warcases.store.db import connect

COLUMNS = "jurisdiction,indicator,article,period,value,unit"
HEADER = COLUMNS + ",publisher,title,url,date_published,table,note\n"
CITE = "Example Publisher,Example title,https://example.org/a,2025-12-01"


@pytest.fixture
def store(tmp_path: Path):
    return connect(str(tmp_path / "stats.db"))


def write(tmp_path: Path, body: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def n_rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(official_stats)).scalar()


def cell(engine, jurisdiction, indicator, article, period):
    return next(
        c
        for c in official_cells(engine)
        if (c.jurisdiction, c.indicator, c.article, c.period)
        == (jurisdiction, indicator, article, period)
    )


def test_shipped_file_keeps_709_and_141_side_by_side_never_averaged(store):
    summary = import_stats(store, PUBLISHED_FILE)
    assert summary.inserted >= 20
    c = cell(store, "KZ", "registered", "KZ:172", "2025")
    assert c.conflict
    assert sorted(f["value"] for f in c.figures) == [141, 709]
    assert {f["url"] for f in c.figures} == {
        "https://en.tengrinews.kz/laws_initiatives/mp-proposes-easing-punishment-for-participants-in-foreign-271128/amp",
        "https://zona.media/article/2025/12/25/kazakhstan",
    }
    uz = [
        cell(store, "UZ", "cases", "UZ:154", str(y)).figures[0]["value"]
        for y in (2022, 2023, 2024, 2025)
    ]
    assert uz == [19, 68, 112, 139]
    deaths = cell(store, "KZ", "deaths", "", "2022-02..2025-12").figures[0]
    assert (deaths["value"], deaths["qualifier"]) == (200, "about")


def test_import_shipped_is_idempotent_and_leaves_a_report_with_official_figures(store, tmp_path):
    from warcases.analyze.report import write_report

    first = import_shipped(store)
    assert first.inserted == n_rows(store) >= 20
    notes = import_notes(store)
    again = import_shipped(store)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, first.inserted)
    assert n_rows(store) == first.inserted and import_notes(store) == notes
    html = write_report(store, tmp_path / "report", "en", png=False).read_text(encoding="utf-8")
    assert "709" in html and "141" in html and "zona.media" in html


def test_every_shipped_figure_carries_a_full_citation(store):
    import_stats(store, PUBLISHED_FILE)
    for c in official_cells(store):
        for f in c.figures:
            assert f["publisher"] and f["title"] and f["url"].startswith("http"), f
            assert f["date_published"], f


def test_reimport_changes_nothing_and_a_corrected_value_is_updated_with_a_note(store, tmp_path):
    path = write(tmp_path, f"KZ,registered,KZ:172,2024,36,cases,{CITE},,\n")
    assert import_stats(store, path).inserted == 1
    again = import_stats(store, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    path = write(tmp_path, f"KZ,registered,KZ:172,2024,37,cases,{CITE},,\n")
    fixed = import_stats(store, path)
    assert fixed.updated == 1
    assert any("from 36 to 37" in n.message for n in fixed.notes)
    assert n_rows(store) == 1


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            f"KZ,registered,KZ:172,2025,about seven hundred,cases,{CITE},,",
            "value",
            "is not a number",
        ),
        (f"KZ,registered,KZ:172,2025,,cases,{CITE},,", "value", "empty"),
        (f"KZ,registered,KZ:172,2025,70.5,cases,{CITE},,", "value", "not a number"),
        (f"KZ,registred,KZ:172,2025,709,cases,{CITE},,", "indicator", "did you mean 'registered'"),
        (f"KZ,arrests,KZ:172,2025,709,cases,{CITE},,", "indicator", "unknown indicator"),
        (f"XX,registered,,2025,709,cases,{CITE},,", "jurisdiction", "unknown jurisdiction"),
        (f"KZ,registered,UZ:154,2025,709,cases,{CITE},,", "article", "another country"),
        (f"KZ,registered,KZ:172,last year,709,cases,{CITE},,", "period", "not understood"),
        (f"KZ,registered,KZ:172,2025 (13 months),709,cases,{CITE},,", "period", "12 months"),
        (
            "KZ,registered,KZ:172,2025,709,cases,,Example title,https://example.org/a,2025-12-01,,",
            "publisher",
            "missing citation",
        ),
        ("KZ,registered,KZ:172,2025,709,cases,Pub,Title,,2025-12-01,,", "url", "missing citation"),
        (
            "KZ,registered,KZ:172,2025,709,cases,Pub,Title,www.example.org,2025-12-01,,",
            "url",
            "not a web address",
        ),
        (
            "KZ,registered,KZ:172,2025,709,cases,Pub,Title,https://e.org,yesterday,,",
            "date_published",
            "not understood",
        ),
        (f"KZ,registered,KZ:172,2025,709,dollars,{CITE},,", "unit", "unknown unit"),
    ],
)
def test_bad_cells_stop_the_import_with_file_row_and_column(store, tmp_path, row, column, words):
    good = f"KZ,registered,KZ:172,2024,36,cases,{CITE},,\n"
    path = write(tmp_path, good + row + "\n")
    with pytest.raises(StatsInputError) as exc:
        import_stats(store, path)
    message = str(exc.value)
    assert f"figures.csv:3 [{column}]" in message
    assert words in message
    assert "nothing imported" in message
    assert n_rows(store) == 0  # the good row was not half-imported either


def test_all_problems_of_a_file_are_listed_at_once(store, tmp_path):
    path = write(
        tmp_path,
        f"KZ,nonsense,KZ:172,2025,709,cases,{CITE},,\nKZ,registered,KZ:172,2025,many,cases,{CITE},,\n",
    )
    with pytest.raises(StatsInputError) as exc:
        import_stats(store, path)
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, "indicator"), (3, "value")]


def test_a_partial_year_is_kept_with_its_coverage_and_a_recorded_note(store, tmp_path):
    path = write(tmp_path, f"KZ,registered,KZ:172,2025 (11 months),650,cases,{CITE},,\n")
    import_stats(store, path)
    fig = cell(store, "KZ", "registered", "KZ:172", "2025").figures[0]
    assert (fig["period_start"], fig["period_end"]) == ("2025-01-01", "2025-11-30")
    assert "11 months" in fig["period_note"]
    notes = import_notes(store)
    assert any(n["source_row"] == 2 and "11 months" in n["message"] for n in notes)


def test_a_partial_year_and_a_full_year_of_the_same_cell_are_shown_as_a_conflict(store, tmp_path):
    path = write(
        tmp_path,
        f"KZ,registered,KZ:172,2025 (11 months),650,cases,{CITE},,\n"
        "KZ,registered,KZ:172,2025,709,cases,Other,Other title,https://example.org/b,2025-12-25,,\n",
    )
    import_stats(store, path)
    c = cell(store, "KZ", "registered", "KZ:172", "2025")
    assert c.conflict and [f["value"] for f in c.figures] == [650, 709]


def test_duplicate_rows_are_imported_once_and_noted(store, tmp_path):
    row = f"KZ,registered,KZ:172,2024,36,cases,{CITE},,\n"
    path = write(tmp_path, row + row)
    summary = import_stats(store, path)
    assert summary.inserted == 1
    assert any("row 3 repeats row 2" in n.message for n in summary.notes)
    assert any("repeats" in n["message"] for n in import_notes(store))


def test_the_same_source_giving_two_values_for_one_cell_is_an_error(store, tmp_path):
    path = write(
        tmp_path,
        f"KZ,registered,KZ:172,2024,36,cases,{CITE},,\nKZ,registered,KZ:172,2024,37,cases,{CITE},,\n",
    )
    with pytest.raises(StatsInputError, match="gives 36 in row 2 and 37 here"):
        import_stats(store, path)


@pytest.mark.parametrize(
    ("written", "value", "qualifier"),
    [
        ("не менее 93", 93, "at_least"),
        ("≥529", 529, "at_least"),
        ("около 200", 200, "about"),
        ("1 100", 1100, "exact"),
    ],
)
def test_qualified_numbers_keep_the_qualifier_and_note_how_they_were_written(
    store, tmp_path, written, value, qualifier
):
    path = write(tmp_path, f'KZ,deaths,,2025,"{written}",persons,{CITE},,\n')
    summary = import_stats(store, path)
    fig = cell(store, "KZ", "deaths", "", "2025").figures[0]
    assert (fig["value"], fig["qualifier"]) == (value, qualifier)
    assert (qualifier != "exact") == any("written" in n.message for n in summary.notes)


def test_missing_publication_date_is_a_recorded_warning_not_silence(store, tmp_path):
    path = write(tmp_path, "KZ,registered,KZ:172,2024,36,cases,Pub,Title,https://e.org/x,,,\n")
    summary = import_stats(store, path)
    assert any(n.level == "warning" and "publication date" in n.message for n in summary.notes)


def test_a_file_without_a_citation_column_is_refused(store, tmp_path):
    path = tmp_path / "nocite.csv"
    path.write_text(
        "jurisdiction,indicator,period,value\nKZ,registered,2024,36\n", encoding="utf-8"
    )
    with pytest.raises(StatsInputError, match="missing column"):
        import_stats(store, path)


def test_unknown_columns_are_reported_not_silently_dropped(store, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(
        HEADER.strip() + ",comment2\n" + f"KZ,registered,KZ:172,2024,36,cases,{CITE},,,x\n",
        encoding="utf-8",
    )
    summary = import_stats(store, path)
    assert any("comment2" in n.message for n in summary.notes)


def test_xlsx_with_russian_headers_and_numeric_cells(store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Страна",
            "Показатель",
            "Статья",
            "Период",
            "Значение",
            "Источник",
            "Заголовок",
            "Ссылка",
            "Дата публикации",
        ]
    )
    ws.append(
        [
            "Казахстан",
            "зарегистрировано",
            "172",
            2024,
            36.0,
            "Pub",
            "Title",
            "https://e.org/x",
            "01.03.2026",
        ]
    )
    path = tmp_path / "figures.xlsx"
    wb.save(path)
    import_stats(store, path)
    fig = cell(store, "KZ", "registered", "KZ:172", "2024").figures[0]
    assert (fig["value"], fig["date_published"], fig["unit"]) == (36, "2026-03-01", "cases")


@pytest.mark.parametrize(
    ("raw", "label", "start", "end"),
    [
        ("2025", "2025", "2025-01-01", "2025-12-31"),
        (2025, "2025", "2025-01-01", "2025-12-31"),
        ("2025-04", "2025-04", "2025-04-01", "2025-04-30"),
        ("2024-02", "2024-02", "2024-02-01", "2024-02-29"),
        ("2025-H1", "2025-H1", "2025-01-01", "2025-06-30"),
        ("2025-Q3", "2025-Q3", "2025-07-01", "2025-09-30"),
        ("2023..2025", "2023..2025", "2023-01-01", "2025-12-31"),
        ("2023-2025", "2023..2025", "2023-01-01", "2025-12-31"),
        ("2022-02..2025-12", "2022-02..2025-12", "2022-02-01", "2025-12-31"),
        ("2025 (11 months)", "2025", "2025-01-01", "2025-11-30"),
        ("2025 (11 мес.)", "2025", "2025-01-01", "2025-11-30"),
        ("11 месяцев 2025 года", "2025", "2025-01-01", "2025-11-30"),
    ],
)
def test_periods(raw, label, start, end):
    p = parse_period(raw)
    assert (p.label, p.start, p.end) == (label, start, end)


@pytest.mark.parametrize("raw", ["", "2025-13", "2025..2023", "весь период", "2025-02-30"])
def test_bad_periods(raw):
    with pytest.raises(PeriodError):
        parse_period(raw)


def test_cli_import_stats_reports_counts_and_fails_clearly(tmp_path):
    app = typer.Typer()
    register(app)
    db = str(tmp_path / "cli.db")
    ok = CliRunner().invoke(app, ["import-stats", str(PUBLISHED_FILE), "--db", db])
    assert ok.exit_code == 0, ok.output
    assert "kz_published.csv:" in ok.output and "new" in ok.output
    bad = write(tmp_path, f"KZ,registered,KZ:172,2025,many,cases,{CITE},,\n")
    res = CliRunner().invoke(app, ["import-stats", str(bad), "--db", db])
    assert res.exit_code == 1
    assert "figures.csv:2 [value]" in res.output
    assert CliRunner().invoke(app, ["import-stats", "--help"]).exit_code == 0
