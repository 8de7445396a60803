"""CLI: `warcases import-stats`, `warcases stats`, `warcases report`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from warcases.analyze.output import figure_json, print_stats, stats_csv
from warcases.store.db import connect

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL or SQLite file (default: $WARCASES_DB_URL or ./warcases.db)."
    ),
]
CountryOption = Annotated[
    str | None, typer.Option("--country", help="Only this country: KZ, KG, UZ, TJ …")
]
ConfirmedOption = Annotated[
    bool,
    typer.Option(
        "--confirmed-only",
        help="Count human-confirmed values only (default: all, with the split shown).",
    ),
]
KindsOption = Annotated[
    str, typer.Option("--kinds", help="Document kinds whose cards count as cases, comma-separated.")
]


def _console() -> Console:
    return Console(width=160)


def import_stats_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV or XLSX statistics files (one figure per row, with its citation)."
        ),
    ],
    db: DbOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only check the files; store nothing.")
    ] = False,
) -> None:
    """Import official statistics: each figure with its citation; conflicts kept side by side."""
    from warcases.analyze.officialstats import StatsInputError, import_stats, parse_file

    out, err = _console(), Console(stderr=True, width=160)
    engine = None if check else connect(db)
    failed = False
    for path in files:
        if not path.is_file():
            err.print(f"[red]{escape(str(path))}: no such file[/red]", highlight=False)
            failed = True
            continue
        try:
            if check:
                parsed = parse_file(path)
                out.print(
                    f"{path.name}: {len(parsed.rows)} figures OK", highlight=False, markup=False
                )
                notes = parsed.notes
            else:
                assert engine is not None
                summary = import_stats(engine, path)
                out.print(
                    f"{path.name}: {summary.inserted} new, {summary.updated} updated, "
                    f"{summary.unchanged} unchanged",
                    highlight=False,
                    markup=False,
                )
                notes = summary.notes
        except StatsInputError as exc:
            err.print(f"[red]{escape(path.name)}: {escape(str(exc))}[/red]", highlight=False)
            failed = True
            continue
        for note in notes:
            where = f"{path.name}:{note.row}" if note.row is not None else path.name
            out.print(f"  {note.level}: {where}: {note.message}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)


def stats_command(
    db: DbOption = None,
    country: CountryOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    confirmed_only: ConfirmedOption = False,
    kinds: KindsOption = "verdict,news",
    cases: Annotated[
        str | None,
        typer.Option(
            "--cases",
            help="List the case ids behind one figure, e.g. by_formation=wagner, "
            "sentences=KZ:172/imprisonment, pathway=wounded.",
        ),
    ] = None,
) -> None:
    """Cases by year, article, region, formation, procedure, outcome; sentences; the pathway."""
    from warcases.analyze.officialstats import official_cells
    from warcases.analyze.stats import compute_stats

    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter(f"--format must be table, csv or json, not {fmt!r}")
    engine = connect(db)
    stats = compute_stats(
        engine, country=country, basis="confirmed" if confirmed_only else "all", kinds=_kinds(kinds)
    )
    if cases is not None:
        try:
            ids = stats.case_ids(cases)
        except KeyError as exc:
            Console(stderr=True).print(f"[red]{escape(exc.args[0])}[/red]", highlight=False)
            raise typer.Exit(2) from exc
        typer.echo("\n".join(ids))
        return
    cells = official_cells(engine, country)
    if fmt == "json":
        data = stats.as_json()
        data["official"] = [
            {
                "jurisdiction": c.jurisdiction,
                "indicator": c.indicator,
                "article": c.article,
                "period": c.period,
                "conflict": c.conflict,
                "figures": [figure_json(f) for f in c.figures],
            }
            for c in cells
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        typer.echo(stats_csv(stats, cells), nl=False)
    else:
        print_stats(stats, cells, _console())


def report_command(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write index.html and charts/ into.")
    ],
    db: DbOption = None,
    lang: Annotated[str, typer.Option("--lang", help="ru or en.")] = "ru",
    country: CountryOption = None,
    confirmed_only: ConfirmedOption = False,
) -> None:
    """Write the static HTML report: headlines, tables, charts, method, cases behind figures."""
    from warcases.analyze.report import write_report
    from warcases.publish.rescan import LeakError

    if lang not in ("ru", "en"):
        raise typer.BadParameter(f"--lang must be ru or en, not {lang!r}")
    engine = connect(db)
    try:
        index = write_report(
            engine, out, lang, country=country, basis="confirmed" if confirmed_only else "all"
        )
    except LeakError as exc:
        Console(stderr=True, width=160).print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(1) from exc
    typer.echo(f"report: {index.resolve()}")


def register(app: typer.Typer) -> None:
    app.command("import-stats")(import_stats_command)
    app.command("stats")(stats_command)
    app.command("report")(report_command)


def _kinds(raw: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in raw.split(",") if k.strip())
