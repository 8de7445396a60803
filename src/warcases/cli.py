"""`warcases`: one sub-command per pipeline stage."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from warcases.store.db import connect, resolve_url

app = typer.Typer(
    help="Court verdicts, news, lists and statistics about war recruitment → a traceable dataset.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Database URL or SQLite file (default: $WARCASES_DB_URL or ./warcases.db)."),
]


SKIPPED_SHOWN = 20


def print_ingest_summary(summary, out: Console = console) -> None:
    out.print(
        f"[bold]ingest:[/bold] {len(summary.new)} new, {len(summary.known)} already known, "
        f"{len(summary.failed)} failed, {len(summary.skipped)} skipped"
    )
    for name, reason in summary.failed:
        out.print(f"  [red]failed[/red] {escape(f'{name}: {reason}')}", highlight=False)
    if len(summary.skipped) <= SKIPPED_SHOWN:
        for name, reason in summary.skipped:
            out.print(f"  [dim]{escape(f'skipped {name}: {reason}')}[/dim]", highlight=False)
    else:  # a folder of other files: how many of each kind, not every name
        reasons = Counter(reason for _, reason in summary.skipped)
        for reason, n in reasons.most_common():
            out.print(f"  [dim]{escape(f'skipped {n} files: {reason}')}[/dim]", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or .zip archives.")],
    db: DbOption = None,
    max_size: Annotated[
        Optional[float], typer.Option("--max-size", help="Refuse files above this many MB (default 50).")
    ] = None,
    ocr: Annotated[
        Optional[str],
        typer.Option(
            "--ocr",
            help="OCR with tesseract: auto (pages without a text layer, images), always, never "
            "(default WARCASES_OCR, else auto).",
        ),
    ] = None,
) -> None:
    """Read documents (TXT, HTML, PDF, DOCX, Telegram JSON, scans: PNG/JPEG/TIFF) into the
    store, once per content hash."""
    from warcases.config import max_file_bytes
    from warcases.ingest.ocr import ocr_settings
    from warcases.ingest.pipeline import ingest_paths

    try:
        max_file_bytes(max_size)
        settings = ocr_settings(ocr)
    except ValueError as exc:  # WARCASES_MAX_FILE_MB is not a number, a bad --ocr value
        err.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    if max_size is not None and max_size <= 0:
        err.print("[red]--max-size must be a positive number of megabytes[/red]")
        raise typer.Exit(2)
    engine = connect(db)
    summary = ingest_paths(
        engine, paths, max_mb=max_size, progress=console.is_terminal, ocr=settings
    )
    print_ingest_summary(summary)
    if summary.failed and not summary.new and not summary.known:
        raise typer.Exit(1)


@app.command()
def extract(
    db: DbOption = None,
    only: Annotated[Optional[list[str]], typer.Option("--only", help="Run only these extractors.")] = None,
) -> None:
    """Run the extractors over every document not yet read at their current version."""
    from warcases.extract.pipeline import run_extraction

    engine = connect(db)
    summary = run_extraction(engine, only=only, progress=console.is_terminal)
    console.print(f"[bold]extract:[/bold] {summary.documents} documents, {summary.facts} facts")
    for doc_id, reason in summary.failed:
        console.print(f"  [red]failed[/red] document {doc_id}: {reason}", highlight=False)


def cases_table(engine, country=None, article=None, year=None, limit=200, title=None) -> Table:
    from warcases.store.queries import list_cases

    rows = list_cases(engine, country=country, article=article, year=year, limit=limit)
    table = Table(title=title, show_lines=False)
    for col in ("case", "country", "court", "date", "defendant", "charges", "sentence", "status"):
        table.add_column(col, overflow="fold")
    for r in rows:
        cells = (
            r["id"], r["country"] or "", r["court"] or "", r["verdict_date"] or "",
            r["name"] or "", ", ".join(r["charges"]), r["sentence"],
            "confirmed" if r["confirmed"] else "machine",
        )
        table.add_row(*(escape(str(c)) for c in cells))
    return table


@app.command("cases")
def cases_cmd(
    db: DbOption = None,
    country: Annotated[Optional[str], typer.Option(help="KZ, KG, UZ, TJ, RU …")] = None,
    article: Annotated[Optional[str], typer.Option(help="Article: 172, or KZ:172, or KZ:172:1.")] = None,
    year: Annotated[Optional[int], typer.Option(help="Verdict year.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List cases and their defendants, filtered by country, article and year."""
    engine = connect(db)
    if as_json:
        from warcases.store.queries import list_cases

        rows = list_cases(engine, country=country, article=article, year=year, limit=limit)
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    console.print(cases_table(engine, country, article, year, limit))


@app.command()
def show(
    case_id: Annotated[str, typer.Argument(help="A case id (doc/3/case/0) or a document id (3).")],
    db: DbOption = None,
) -> None:
    """A case card, each value with the sentence it came from and whether a person confirmed it."""
    from warcases.store.queries import case_evidence

    engine = connect(db)
    try:
        doc, cards = case_evidence(engine, case_id)
    except KeyError as exc:
        err.print(f"[red]{exc.args[0]}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"[bold]{escape(str(doc['source_path']))}[/bold]  ({doc['kind']}, {doc['language']})")
    if not cards:
        console.print("no case card: the extractors found no case in this document")
    for card in cards:
        console.print(f"\n[bold underline]{card['id']}[/bold underline]")
        for line in card["lines"]:
            if line["status"] in ("confirmed", "corrected"):
                mark = f"[green]✔ {line['status']} by {escape(str(line['author']))}[/green]"
            elif line["status"] == "rejected":
                mark = f"[red]✘ rejected by {escape(str(line['author']))}[/red]"
            else:
                mark = f"[yellow]machine {line['confidence']:.2f}[/yellow]"
            value = escape(str(line["value"]))
            console.print(f"  [bold]{line['field']}[/bold] = {value}  {mark}  #{line['statement_id']}", highlight=False)
            if line["sentence"]:
                where = f"  [{line['where']}]" if line.get("where") else ""
                console.print(f"      [dim]{escape('«' + line['sentence'] + '»' + where)}[/dim]", highlight=False)


@app.command()
def review(
    statement_id: Annotated[int, typer.Argument(help="Statement number (shown by `warcases show`).")],
    by: Annotated[str, typer.Option("--by", help="Your name, kept in the history.")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The value is right.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The value is wrong; drop it.")] = False,
    correct: Annotated[Optional[str], typer.Option("--correct", help="Replace the value (JSON or text).")] = None,
    note: Annotated[Optional[str], typer.Option(help="Why.")] = None,
    db: DbOption = None,
) -> None:
    """Confirm, correct or reject one extracted value. A person's decision is never overwritten."""
    from sqlalchemy import select

    from warcases.store import repo
    from warcases.store.cards import rebuild_views
    from warcases.store.schema import statements

    chosen = [name for name, on in (("confirm", confirm), ("reject", reject), ("correct", correct is not None)) if on]
    if len(chosen) != 1:
        err.print("choose exactly one of --confirm, --reject, --correct VALUE")
        raise typer.Exit(2)
    status = {"confirm": "confirmed", "reject": "rejected", "correct": "corrected"}[chosen[0]]
    value = None
    if correct is not None:
        try:
            value = json.loads(correct)
        except json.JSONDecodeError:
            value = correct
    engine = connect(db)
    with engine.begin() as conn:
        try:
            repo.review_statement(conn, statement_id, author=by, status=status, value=value, note=note)
        except KeyError as exc:
            err.print(f"[red]{exc.args[0]}[/red]")
            raise typer.Exit(1) from exc
        doc_id = conn.execute(
            select(statements.c.document_id).where(statements.c.id == statement_id)
        ).scalar()
        rebuild_views(conn, doc_id)
    console.print(f"statement {statement_id}: {status} by {by}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (any case, ё = е, inflected forms; word* for prefixes).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many documents.")] = 20,
    exact: Annotated[bool, typer.Option("--exact", help="Whole words only; no inflected forms.")] = False,
) -> None:
    """Full-text search over every document's text; Russian words also find their inflected forms."""
    from warcases.store.repo import search_documents

    engine = connect(db)
    with engine.connect() as conn:
        hits = search_documents(conn, query, limit, exact)
    if not hits:
        console.print("no documents match")
        return
    for h in hits:
        console.print(f"[bold]{h['id']}[/bold] {escape(str(h['source_path']))} ({h['kind']}, {h['language']})", highlight=False)
        console.print(f"    {escape(' '.join((h['snippet'] or '').split()))}", highlight=False)


def print_eval(report_json: dict, out: Console = console) -> None:
    table = Table(title="evaluation against gold")
    for col in ("field", "P", "R", "F1", "support"):
        table.add_column(col, justify="right" if col != "field" else "left")
    for name, s in report_json["fields"].items():
        table.add_row(name, f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f1']:.3f}", str(s["support"]))
    m = report_json["micro"]
    table.add_row("[bold]micro[/bold]", f"{m['p']:.3f}", f"{m['r']:.3f}", f"[bold]{m['f1']:.3f}[/bold]", "")
    out.print(table)


@app.command("eval")
def eval_cmd(
    folder: Annotated[Path, typer.Argument(help="A gold folder (CASE_FORMAT.md layout).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    cards: Annotated[Optional[Path], typer.Option("--cards", help="Write the system's cards here.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List every disagreement.")] = False,
) -> None:
    """Ingest and extract a gold folder into a temporary database and score it per field."""
    from warcases.evaluate.run import GoldError, evaluate_dir

    try:
        result = evaluate_dir(folder, cards_out=cards)
    except GoldError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    data = result.report.as_json()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_eval(data)
        for name, reason in result.failed:
            err.print(f"[red]failed[/red] {name}: {reason}", highlight=False)
        for name in result.missing_documents:
            err.print(f"[yellow]no document for[/yellow] {name}", highlight=False)
    for problem in result.invalid:
        err.print(f"[red]outside the vocabulary[/red] {problem}", highlight=False)
    if errors:
        for e in result.report.errors:
            err.print(json.dumps(e, ensure_ascii=False), highlight=False)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Where to build the demo database.")] = Path("demo.db"),
    corpus: Annotated[Optional[Path], typer.Option(help="Demo corpus folder (default: data/demo).")] = None,
    report_dir: Annotated[Path, typer.Option("--report", help="Where to write the HTML report.")] = Path("demo-report"),
) -> None:
    """Ingest the demo corpus into demo.db, extract, score it against its gold, show the cases."""
    from warcases.demo import run_demo

    run_demo(db, corpus, report_dir, console)


def _register_stage_commands() -> None:
    from warcases.analyze.commands import register as register_analyze
    from warcases.link.commands import register as register_link
    from warcases.publish.commands import register as register_publish

    for register in (register_link, register_analyze, register_publish):
        register(app)


_register_stage_commands()

if __name__ == "__main__":  # pragma: no cover
    app()

__all__ = ["app", "resolve_url"]
