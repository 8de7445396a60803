"""Figures on the fixture database, whose right answers are known by construction."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from fixture_db import EXPECTED, build_fixture_db
from typer.testing import CliRunner

from warcases.analyze.commands import register
from warcases.analyze.stats import compute_stats, quartiles


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fixture") / "fixture.db"
    build_fixture_db(path)
    return path


@pytest.fixture(scope="module")
def engine(fixture_path):
    return build_fixture_db(fixture_path)


@pytest.fixture(scope="module")
def kz(engine):
    return compute_stats(engine, country="KZ")


def counts(stats, table: str, field: str = "n") -> dict[str, int]:
    return {
        str(r.value): getattr(r, field) for r in stats.breakdowns[table].rows if r.value is not None
    }


def test_totals_count_each_case_once_and_leave_out_posts(engine, kz):
    everything = compute_stats(engine)
    assert (everything.n_cases, everything.n_defendants) == (
        EXPECTED["all_cases"],
        EXPECTED["all_defendants"],
    )
    assert (kz.n_cases, kz.n_defendants) == (EXPECTED["kz_cases"], EXPECTED["kz_defendants"])
    # news F repeats verdict A's case number: merged into A, not counted twice
    assert kz.dataset.merged == {"doc/1/case/0": ["doc/6/case/0"]}
    assert kz.dataset.excluded_kinds == {"post": 1}
    assert counts(everything, "by_country") == EXPECTED["all_by_country"]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("by_year", EXPECTED["kz_by_year"]),
        ("by_procedure", EXPECTED["kz_by_procedure"]),
        ("by_formation", EXPECTED["kz_by_formation"]),
        ("by_article", EXPECTED["kz_by_article"]),
        ("by_court_region", {"kz/akmola": 2, "kz/almaty": 1, "kz/karaganda": 1, "kz/shymkent": 1}),
        ("by_home_region", {"kz/akmola": 2, "kz/shymkent": 2, "kz/almaty": 1, "kz/karaganda": 1}),
        ("by_outcome", {"convicted": 5}),
        ("by_recruitment", {"work_trip": 3, "online_ad": 1, "prison": 1, "recruiter": 1}),
        ("by_motive", {"money": 5, "citizenship": 1}),
        ("by_sentence_type", {"imprisonment": 5, "conditional": 1}),
        ("by_return", {"detained_on_return": 2, "detained_at_border": 1, "surrendered": 1}),
    ],
)
def test_breakdowns(kz, table, expected):
    assert counts(kz, table) == expected


def test_not_stated_values_are_counted_not_dropped(kz):
    motive = kz.breakdowns["by_motive"]
    assert motive.row(None).n == 1  # Омаров: no motive stated
    assert (
        sum(r.n for r in kz.breakdowns["by_return"].rows) == kz.breakdowns["by_return"].total == 6
    )


def test_machine_values_are_counted_apart_from_confirmed_ones(engine, kz):
    assert counts(kz, "by_formation", "confirmed") == EXPECTED["kz_by_formation_confirmed"]
    wagner = kz.breakdowns["by_formation"].row("wagner")
    assert (wagner.confirmed, wagner.machine) == (1, 2)
    confirmed_only = compute_stats(engine, country="KZ", basis="confirmed")
    assert confirmed_only.basis == "confirmed"
    assert counts(confirmed_only, "by_formation") == {"wagner": 1, "mod": 1}
    assert counts(confirmed_only, "by_year") == {"2023": 1}
    assert confirmed_only.as_json()["basis_note"].startswith("human-confirmed values only")
    assert kz.as_json()["totals"]["cases_confirmed"] == 1


def test_every_figure_lists_the_cases_behind_it(kz):
    assert kz.case_ids("by_formation=wagner") == ["doc/1/case/0", "doc/3/case/0", "doc/4/case/0"]
    assert kz.case_ids("by_year=2025") == ["doc/3/case/0", "doc/4/case/0", "doc/5/case/0"]
    assert kz.case_ids("by_motive=none") == ["doc/4/case/0"]
    assert kz.case_ids("sentences=KZ:172/imprisonment") == [
        "doc/1/case/0",
        "doc/2/case/0",
        "doc/3/case/0",
        "doc/4/case/0",
    ]
    assert kz.case_ids("funnel=deserted") == ["doc/1/case/0", "doc/5/case/0"]
    for row in kz.breakdowns["by_procedure"].rows:
        assert row.n_cases == len(row.case_ids) == row.n
    with pytest.raises(KeyError, match="unknown figure"):
        kz.case_ids("by_colour=red")


def test_sentence_distribution_per_article(kz):
    s = next(s for s in kz.sentences if (s.article, s.sentence_type) == ("KZ:172", "imprisonment"))
    want = EXPECTED["kz_sentence_172_imprisonment"]
    assert (s.n, s.median, s.q1, s.q3, s.min, s.max) == (
        want["n"],
        want["median"],
        want["q1"],
        want["q3"],
        want["min"],
        want["max"],
    )
    assert s.confirmed == 1
    suspended = next(s for s in kz.sentences if s.sentence_type == "conditional")
    assert (suspended.article, suspended.n, suspended.median) == ("KZ:172", 1, 24.0)


@pytest.mark.parametrize(
    ("values", "q"),
    [
        ([60], (60, 60, 60)),
        ([48, 60], (51, 54, 57)),
        ([48, 54, 54, 60, 80], (54, 54, 60)),
        ([1, 2, 3, 4], (1.75, 2.5, 3.25)),
    ],
)
def test_quartiles(values, q):
    assert quartiles(values) == q


def test_pathway_counts_and_funnel(kz):
    got = {p.id: (p.yes, p.no, p.unknown, p.funnel) for p in kz.pathway}
    assert got == EXPECTED["kz_pathway"]
    assert [p.id for p in kz.pathway] == [
        "work_trip",
        "contract",
        "wounded",
        "deserted",
        "returned",
        "detained",
    ]


def test_no_overlaps_without_linking(kz):
    assert kz.overlaps is None


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_stats_json_says_its_basis_and_carries_case_ids(fixture_path):
    res = CliRunner().invoke(
        _app(), ["stats", "--db", str(fixture_path), "--country", "KZ", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["basis"] == "all"
    rows = {r["value"]: r for r in data["tables"]["by_procedure"]["rows"]}
    assert rows["shortened"]["n"] == 4 and rows["shortened"]["confirmed"] == 1
    assert rows["shortened"]["case_ids"] == [
        "doc/1/case/0",
        "doc/2/case/0",
        "doc/4/case/0",
        "doc/5/case/0",
    ]


def test_cli_stats_csv_and_table(fixture_path):
    res = CliRunner().invoke(
        _app(),
        [
            "stats",
            "--db",
            str(fixture_path),
            "--country",
            "KZ",
            "--format",
            "csv",
            "--confirmed-only",
        ],
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    year = {r["value"]: r for r in rows if r["table"] == "by_year"}
    assert set(year) == {"2023", ""} and year["2023"]["basis"] == "confirmed"
    table = CliRunner().invoke(_app(), ["stats", "--db", str(fixture_path), "--country", "KZ"])
    assert table.exit_code == 0
    assert (
        "basis: all" in table.output
        and "by_formation" in table.output
        and "pathway" in table.output
    )


def test_cli_lists_the_cases_behind_a_figure(fixture_path):
    res = CliRunner().invoke(
        _app(),
        ["stats", "--db", str(fixture_path), "--country", "KZ", "--cases", "by_formation=storm_z"],
    )
    assert res.exit_code == 0
    assert res.output.split() == ["doc/4/case/0"]
    bad = CliRunner().invoke(
        _app(), ["stats", "--db", str(fixture_path), "--cases", "by_formation=navy"]
    )
    assert bad.exit_code == 2


@pytest.mark.postgres
def test_same_figures_and_exports_on_postgresql(pg_url, tmp_path):
    from sqlalchemy import create_engine, text

    from warcases.analyze.indicators import PUBLISHED_FILE
    from warcases.analyze.officialstats import import_stats, official_cells
    from warcases.publish.export import export

    admin = create_engine(pg_url.replace("/warcases?", "/postgres?"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS warcases_publish"))
        conn.execute(text("CREATE DATABASE warcases_publish"))
    admin.dispose()
    engine = build_fixture_db(pg_url.replace("/warcases?", "/warcases_publish?"))
    kz = compute_stats(engine, country="KZ")
    assert counts(kz, "by_formation") == EXPECTED["kz_by_formation"]
    assert counts(kz, "by_formation", "confirmed") == EXPECTED["kz_by_formation_confirmed"]
    assert {p.id: (p.yes, p.no, p.unknown, p.funnel) for p in kz.pathway} == EXPECTED["kz_pathway"]
    import_stats(engine, PUBLISHED_FILE)
    conflict = [c for c in official_cells(engine, "KZ") if c.conflict]
    assert [(c.article, c.period) for c in conflict] == [("KZ:172", "2025")]
    result = export(engine, "sqlite", tmp_path / "pg.sqlite", public=True)
    assert result.rows["defendants"] == 10


@pytest.fixture(scope="module")
def linked_engine(tmp_path_factory):
    from fixture_db import add_linked_people

    engine = build_fixture_db(tmp_path_factory.mktemp("linked") / "linked.db")
    add_linked_people(engine)
    return engine


def test_overlaps_count_each_linked_person_once(linked_engine):
    from fixture_db import EXPECTED_OVERLAPS_KZ

    stats = compute_stats(linked_engine, country="KZ")
    figures = stats.overlaps["figures"]
    assert {name: fig["n"] for name, fig in figures.items()} == EXPECTED_OVERLAPS_KZ
    # the man in the contract list was convicted (verdict A) and reported in the news (F)
    assert stats.case_ids("overlaps=list_and_verdict") == ["doc/1/case/0", "doc/6/case/0"]
    assert stats.overlaps["by_region"]["kz/pavlodar"] == 1  # list entry + death record: one person
    everyone = compute_stats(linked_engine)
    assert everyone.overlaps["figures"]["with_verdict"]["n"] == 8  # + the UZ and KG defendants
    assert everyone.overlaps["figures"]["persons"]["n"] == 10
