"""The HTML report and its charts: contents, links to the cases, redaction, determinism."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from fixture_db import DEFENDANT_NAMES, IIN, build_fixture_db
from typer.testing import CliRunner

from warcases.analyze.charts import chart_specs, render
from warcases.analyze.commands import register
from warcases.analyze.indicators import PUBLISHED_FILE
from warcases.analyze.officialstats import import_stats, official_cells
from warcases.analyze.report import write_report
from warcases.analyze.stats import compute_stats


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "fixture.db"
    import_stats(build_fixture_db(path), PUBLISHED_FILE)
    return path


@pytest.fixture(scope="module")
def engine(fixture_path):
    return build_fixture_db(fixture_path)


@pytest.fixture(scope="module")
def report_ru(engine, tmp_path_factory) -> Path:
    return write_report(engine, tmp_path_factory.mktemp("ru"), "ru", country="KZ")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_headline_figures_a_reporter_can_quote(report_ru):
    html = report_ru.read_text(encoding="utf-8")
    assert "Дел в базе: 5, подсудимых: 6" in html
    assert "4 из 5 дел: сокращённый порядок" in html
    assert "3 из 6 подсудимых: ЧВК «Вагнер»" in html
    assert "Обычный срок по KZ:172 (лишение свободы): 54–60 мес. (медиана 54, n = 5)" in html
    headline = html[html.index('id="headline"') : html.index('id="charts"')]
    assert "141" in headline and "709" in headline and "источники расходятся" in headline
    assert "около 200" in headline  # Kazakhstan deaths, as published


def test_every_figure_links_to_the_cases_behind_it(report_ru):
    html = report_ru.read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids, targets - ids
    wagner = html[html.index('id="fig-by_formation-wagner"') :].split("</p>", 1)[0]
    assert re.findall(r'href="#(case-[^"]+)"', wagner) == [
        "case-doc-1-case-0",
        "case-doc-3-case-0",
        "case-doc-4-case-0",
    ]


def test_method_says_what_was_counted_and_what_is_unverified(report_ru):
    html = report_ru.read_text(encoding="utf-8")
    method = html[html.index('id="method"') : html.index('id="figures"')]
    assert "Считаются все значения" in method
    assert "verdict, news" in method and "post (1)" in method
    assert "doc/6/case/0" in method  # the news report merged into verdict A
    assert "ИИН" in method  # the redaction rule is stated
    assert (
        "есть неподтверждённые машинные значения" in html
        and "все значения подтверждены человеком" in html
    )


def test_report_shows_pseudonyms_never_names_or_identifiers(report_ru):
    text = "\n".join(
        p.read_text(encoding="utf-8")
        for p in report_ru.parent.rglob("*")
        if p.suffix in (".html", ".svg")
    )
    for name in DEFENDANT_NAMES:
        assert name not in text
    assert IIN not in text
    assert "Б.А.С. [P-" in text


def test_charts_are_written_as_svg_and_png(report_ru):
    charts = report_ru.parent / "charts"
    svgs = sorted(p.stem for p in charts.glob("*.svg"))
    assert {
        "by_year",
        "by_formation",
        "sentences",
        "pathway",
        "official_kz_kz-172_registered",
    } <= set(svgs)
    assert sorted(p.stem for p in charts.glob("*.png")) == svgs
    for name in svgs:
        assert (charts / f"{name}.svg").read_text(encoding="utf-8").startswith("<svg")
        assert (charts / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    year = (charts / "by_year.svg").read_text(encoding="utf-8")
    assert "Дела по году приговора" in year and "подтверждено" in year


def test_the_same_database_gives_the_same_bytes(engine, report_ru, tmp_path):
    again = write_report(engine, tmp_path / "again", "ru", country="KZ")
    assert snapshot(again.parent) == snapshot(report_ru.parent)


def test_english_labels(engine, tmp_path):
    stats = compute_stats(engine, country="KZ")
    specs = chart_specs(stats, official_cells(engine, "KZ"), "en")
    assert specs["by_formation"]["title"] == "Defendants by formation"
    files = render(specs["pathway"], tmp_path, "pathway", png=False)
    svg = files.svg.read_text(encoding="utf-8")
    assert "went for work" in svg and files.png is None


def test_a_report_that_would_leak_is_refused_and_removed(engine, tmp_path, monkeypatch):
    from warcases.publish.redact import Redactor
    from warcases.publish.rescan import LeakError

    monkeypatch.setattr(Redactor, "name", lambda self, name, key, role="defendant", pseudonym=None: name)
    with pytest.raises(LeakError, match=r"index\.html: line \d+"):
        write_report(engine, tmp_path / "leaky", "en", country="KZ", png=False)
    assert not (tmp_path / "leaky" / "index.html").exists()


def test_cli_report(fixture_path, tmp_path):
    app = typer.Typer()
    register(app)
    res = CliRunner().invoke(
        app,
        [
            "report",
            "--out",
            str(tmp_path / "r"),
            "--lang",
            "en",
            "--db",
            str(fixture_path),
            "--country",
            "UZ",
        ],
    )
    assert res.exit_code == 0, res.output
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Cases in the database: 1; defendants: 1" in html
    assert "State Security Service of Uzbekistan" in html
    bad = CliRunner().invoke(
        app, ["report", "--out", str(tmp_path / "x"), "--lang", "de", "--db", str(fixture_path)]
    )
    assert bad.exit_code != 0


def test_report_shows_overlaps_from_linking_without_list_names(tmp_path):
    from fixture_db import LIST_NAMES, add_linked_people

    engine = build_fixture_db(tmp_path / "linked.db")
    add_linked_people(engine)
    index = write_report(engine, tmp_path / "out", "en", country="KZ", png=False)
    html = index.read_text(encoding="utf-8")
    table = html[html.index('id="table-overlaps"') :].split("</table>", 1)[0]
    assert re.search(r"in lists and convicted</td><td class=\"num\">1<", table)
    assert re.search(r"people \(after linking\)</td><td class=\"num\">8<", table)
    behind = html[html.index('id="fig-overlaps-list_and_verdict"') :].split("</p>", 1)[0]
    assert "doc/1/case/0" in behind and "doc/6/case/0" in behind
    for name in LIST_NAMES:
        assert name.casefold() not in html.casefold()


def test_charts_are_drawn_with_the_bundled_font_whatever_the_machine_has(engine, tmp_path):
    """Fonts differ between machines; the charts must not. The bundled font must be the one
    that lays out and draws every chart, and it must have a glyph for every label."""
    import json

    import vl_convert as vlc
    from fontTools.ttLib import TTFont

    from warcases.analyze.charts import FONT_DIR, FONT_FAMILY, register_fonts

    register_fonts()

    def png(font: str) -> bytes:
        spec = {
            "data": {"values": [{"a": "Қайрат Ұлы ӨҢҮ", "b": 3}]},
            "mark": "bar",
            "encoding": {
                "y": {"field": "a", "type": "nominal"},
                "x": {"field": "b", "type": "quantitative"},
            },
            "config": {"font": font},
        }
        return vlc.vegalite_to_png(json.dumps(spec))

    # with the font registered, naming it draws something other than the fallback font
    assert png(FONT_FAMILY) != png("No Such Font Anywhere")
    cmap = set(TTFont(FONT_DIR / "WarcasesSans.ttf").getBestCmap())
    bold = set(TTFont(FONT_DIR / "WarcasesSans-Bold.ttf").getBestCmap())
    stats = compute_stats(engine, country="KZ")
    for lang in ("ru", "en"):
        specs = chart_specs(stats, official_cells(engine, "KZ"), lang)
        for name, spec in specs.items():
            assert spec["config"]["font"].startswith(FONT_FAMILY + ",")
            text = json.dumps(spec, ensure_ascii=False)
            missing = {c for c in text if ord(c) >= 32 and ord(c) not in cmap | bold}
            assert not missing, (name, missing)
    labels = (Path(FONT_DIR).parent / "labels.yaml").read_text(encoding="utf-8")
    assert not {c for c in labels if ord(c) >= 32 and ord(c) not in cmap}


def test_report_bytes_do_not_depend_on_the_process(fixture_path, tmp_path):
    """Two separate processes (fresh font registration, fresh caches) write the same files."""
    import subprocess
    import sys

    code = (
        "import sys; from warcases.store.db import connect; "
        "from warcases.analyze.report import write_report; "
        "write_report(connect(sys.argv[1]), sys.argv[2], 'en', country='KZ')"
    )
    for out in ("one", "two"):
        subprocess.run(
            [sys.executable, "-c", code, str(fixture_path), str(tmp_path / out)], check=True
        )
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one == two and any(k.endswith(".png") for k in one)
