"""CLI: `warcases export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from warcases.store.db import connect


def export_command(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="csv (a folder of files), xlsx, json or sqlite (Datasette-ready)."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Where to write: a folder for csv, a file otherwise.")
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Database URL or SQLite file (default: $WARCASES_DB_URL or ./warcases.db)."
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="Apply the redaction policy and re-scan the output for leaks."
        ),
    ] = False,
    policy: Annotated[
        Path | None,
        typer.Option("--policy", help="A redaction policy YAML file (default: the bundled one)."),
    ] = None,
    pseudonyms: Annotated[
        Path | None,
        typer.Option(
            "--pseudonyms",
            help="A private JSON file of who carries which pseudonym: read first if it exists "
            "(a database rebuilt from the same files keeps its pseudonyms), written after. "
            "Never publish it.",
        ),
    ] = None,
) -> None:
    """Export cases, defendants, charges, sentences, persons, statements, official statistics."""
    from warcases.publish.export import FORMATS, export
    from warcases.publish.pseudonym_file import PseudonymFileError
    from warcases.publish.redact import PolicyError, load_policy
    from warcases.publish.rescan import LeakError

    err = Console(stderr=True, width=160)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    try:
        chosen = load_policy(policy) if (public or policy) else None
    except PolicyError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    engine = connect(db)
    try:
        result = export(engine, fmt, out, public=public, policy=chosen, pseudonyms=pseudonyms)
    except LeakError as exc:
        err.print(f"[red]export failed: {escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(1) from exc
    except PseudonymFileError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    counts = ", ".join(f"{name} {n}" for name, n in result.rows.items())
    edition = "public (redacted, re-scanned: no leak found)" if public else "internal (full names)"
    typer.echo(f"{fmt} export, {edition}: {counts}")
    for p in result.paths:
        typer.echo(f"  {p}")
    if result.imported is not None:
        typer.echo(f"pseudonyms read from {pseudonyms}: {result.imported.added} added")
        if result.imported.kept:
            typer.echo(
                f"  {result.imported.kept} record(s) already had another pseudonym in the "
                "database; the database's were kept, the file's recorded as aliases"
            )
    if result.mapping_rows is not None:
        typer.echo(f"pseudonyms written to {pseudonyms} ({result.mapping_rows}; keep it private)")
    if fmt == "sqlite":
        meta = next((p for p in result.paths if p.name.endswith(".metadata.json")), None)
        if meta is not None:
            typer.echo(f"open it with: datasette {out} -m {meta}")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
