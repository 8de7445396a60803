"""CLI: ``import-list``, ``link``, ``persons``, ``overlap``, ``link-eval``, ``judge``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="Database URL or SQLite file (default: $WARCASES_DB_URL or ./warcases.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _out() -> Console:
    return Console(width=160)


def _err() -> Console:
    return Console(stderr=True, width=160)


def _engine(db: str | None):
    from warcases.store.db import connect, resolve_url

    return connect(resolve_url(db))


def _parse_map(items: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items or []:
        if "=" not in item:
            raise typer.BadParameter(f"--map wants COLUMN=FIELD, got {item!r}")
        col, fld = item.rsplit("=", 1)
        mapping[col.strip()] = fld.strip()
    return mapping


def import_list_command(
    files: Annotated[list[Path], typer.Argument(help="CSV, XLSX or PDF tables (a PDF through its text layer).")],
    kind: Annotated[str, typer.Option("--kind", help="contracts (who signed) or casualties (the dead).")],
    mapping: Annotated[
        Optional[list[str]],
        typer.Option("--map", help="COLUMN=FIELD, COLUMN a header or 1-based number; repeatable. "
                     "Fields: name surname given patronymic birth_date birth_year age contract_date "
                     "death_date region place country unit source external_id military_id note ignore."),
    ] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="Citizens of: KZ, KG, UZ, TJ …")] = None,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Text encoding of a CSV (default: detect).")] = None,
    regions: Annotated[
        Optional[Path], typer.Option("--regions", help="regNames.csv mapping Russian region names (default: next to FILE).")
    ] = None,
    source_url: Annotated[Optional[str], typer.Option("--source-url", help="Where the list was published.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse a file with any warning.")] = False,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Accept a list without names (counted, not linked).")] = False,
    db: DbOption = None,
) -> None:
    """Import name lists and casualty records; one transaction per file, nothing half-imported."""
    from warcases.link.lists import ListError, import_list

    out, err = _out(), _err()
    engine = _engine(db)
    failed = 0
    for path in files:
        try:
            r = import_list(engine, path, kind, mapping=_parse_map(mapping), country=country and country.upper(),
                            encoding=encoding, regions_file=regions, source_url=source_url, strict=strict,
                            anonymous=anonymous)
        except ListError as exc:
            err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False)
            failed += 1
            continue
        if r.already_imported:
            out.print(f"{path}: already imported as list {r.source_id}; nothing to do", highlight=False, markup=False)
            continue
        cols = ", ".join(f"{c}→{f}" for c, f in r.column_map.items())
        out.print(f"{path}: list {r.source_id}, {r.n_records} records from {r.n_rows} rows"
                  f"{f', {r.duplicates} repeated rows skipped' if r.duplicates else ''} ({cols})",
                  highlight=False, markup=False)
        for w in r.warnings:
            err.print(f"[yellow]warning[/yellow] {escape(w)}", highlight=False)
    if failed:
        raise typer.Exit(1)


def link_command(
    db: DbOption = None,
    model: Annotated[str, typer.Option("--model", help="warcases (default) or baseline.")] = "warcases",
    show: Annotated[int, typer.Option("--show", help="List this many unsure matches to review.")] = 10,
) -> None:
    """Link person records across verdicts, news and lists into persons (Splink on DuckDB)."""
    from warcases.link.model import ModelError
    from warcases.link.run import link_store

    out = _out()
    try:
        s = link_store(_engine(db), model)
    except ModelError as exc:
        _err().print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    m = s.machine
    out.print(
        f"link run {s.run_id}: {s.records} records ({s.linkable} with a name), {s.pairs} pairs kept: "
        f"{m.get('yes', 0)} yes, {m.get('unsure', 0)} unsure, {m.get('no', 0)} no (machine); "
        f"{s.judged_by_people} judged by people (kept); {s.persons} persons",
        highlight=False, markup=False,
    )
    if show:
        _print_unsure(out, db, show)


def _print_unsure(out: Console, db: str | None, limit: int) -> None:
    from sqlalchemy import select

    from warcases.link.schema import match_pairs

    with _engine(db).connect() as conn:
        rows = conn.execute(
            select(match_pairs).where(match_pairs.c.machine == "unsure")
            .order_by(match_pairs.c.match_probability.desc()).limit(limit)
        ).all()
    if not rows:
        return
    table = Table(title="unsure matches: decide with `warcases judge MATCH yes|no --by NAME`")
    for col in ("match", "records", "p", "why"):
        table.add_column(col, overflow="fold")
    for r in rows:
        why = ", ".join(f"{k}: {v['level']}" for k, v in r.explanation.items() if v["level"] != "not stated")
        table.add_row(str(r.id), f"{r.record_l}\n{r.record_r}", f"{r.match_probability:.2f}", why)
    out.print(table)


def persons_command(
    name: Annotated[Optional[str], typer.Argument(help="A name in any script or spelling.")] = None,
    person: Annotated[Optional[str], typer.Option("--id", help="A person id (P…).")] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="KZ, KG, UZ, TJ …")] = None,
    linked: Annotated[bool, typer.Option("--linked", help="Only persons with more than one record.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many persons.")] = 20,
    by_region: Annotated[
        bool, typer.Option("--by-region", help="Count persons by region instead (each person once).")
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """A person with all their records (verdicts, list entries, death records) and why they were joined."""
    from warcases.link.queries import counts_by_region, find_persons

    if by_region:
        with _engine(db).connect() as conn:
            counts = counts_by_region(conn, country)
        if as_json:
            typer.echo(json.dumps(counts, ensure_ascii=False, indent=2))
            return
        table = Table(title="persons by region (each person once, however many records)")
        for col in ("region", "persons", "verdict", "on list", "died"):
            table.add_column(col, justify="left" if col == "region" else "right")
        for region, b in counts.items():
            table.add_row(region, str(b["persons"]), str(b["with_verdict"]), str(b["on_list"]), str(b["died"]))
        _out().print(table)
        return
    with _engine(db).connect() as conn:
        found = find_persons(conn, name=name, person=person, country=country, linked_only=linked, limit=limit)
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2, default=str))
        return
    out = _out()
    if not found:
        out.print("no persons match (run `warcases link` after importing)")
        return
    for p in found:
        flags = [f for f, on in (("verdict", p["has_verdict"]), ("died", p["died"]), ("CONFLICT", p["conflict"])) if on]
        out.print(f"[bold]{escape(p['name'] or '(no name)')}[/bold] {p['id']}  b. {p['birth_year'] or '?'}  "
                  f"{p['region'] or ''} {p['country'] or ''}  {' '.join(flags)}", highlight=False)
        for r in p["records"]:
            extra = r.get("court") or r.get("death_date") or r.get("contract_date") or ""
            out.print(f"    {r.get('kind', '?'):9} {escape(str(r.get('name') or ''))}  b. {r.get('birth') or '?'}  "
                      f"{r.get('region') or ''}  {escape(str(extra))}  [dim]{escape(str(r.get('source') or r['record']))}[/dim]",
                      highlight=False)
        for m in p["matches"]:
            decided = m["person"]
            who = f"{decided['judgement']} by {decided['by']}" if decided else f"machine {m['machine']}"
            why = ", ".join(f"{k}: {v['level']}" for k, v in m["why"].items() if v["level"] != "not stated")
            out.print(f"    match {m['match']}: p={m['p']:.2f} {who}  [dim]{escape(why)}[/dim]", highlight=False)


def overlap_command(
    country: Annotated[str, typer.Option("--country", help="Whose contract lists: KZ, KG, UZ, TJ.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Of the names on a country's contract lists: how many have a verdict, how many died, both."""
    from warcases.link.queries import overlap

    with _engine(db).connect() as conn:
        result = overlap(conn, country)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    out = _out()
    out.print(f"{result['country']}: {result['on_list']} persons on contract lists; {result['with_verdict']} with a "
              f"verdict, {result['died']} died, {result['both']} both"
              + (f"; {result['conflicts']} with conflicting judgements" if result["conflicts"] else ""),
              highlight=False, markup=False)
    table = Table(title="by region (each person once)")
    for col in ("region", "on list", "verdict", "died", "both"):
        table.add_column(col, justify="left" if col == "region" else "right")
    for region, b in result["by_region"].items():
        table.add_row(region, str(b["on_list"]), str(b["with_verdict"]), str(b["died"]), str(b["both"]))
    out.print(table)


def link_eval_command(
    pairs: Annotated[Path, typer.Argument(help="CSV: name_a,name_b,birth_a,birth_b,region_a,region_b,same")],
    as_json: JsonOption = False,
    baseline: Annotated[bool, typer.Option("--baseline", help="Also score Splink's stock name comparison.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every pair the linker got wrong.")] = False,
    db: DbOption = None,
) -> None:
    """Precision, recall and F1 of the linker's decisions on labelled name pairs (reads no store)."""
    from warcases.link.evaluate import PairsError, evaluate

    try:
        ours = evaluate(pairs, "warcases")
        base = evaluate(pairs, "baseline") if baseline else None
    except PairsError as exc:
        _err().print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        data = ours.as_json()
        if base is not None:
            data["baseline"] = base.as_json()
        typer.echo(json.dumps(data))
    else:
        out = _out()
        table = Table(title=f"link-eval {pairs.name}: {ours.n} pairs")
        for col in ("model", "P", "R", "F1", "tp", "fp", "fn", "unsure"):
            table.add_column(col, justify="right" if col != "model" else "left")
        for res in (ours, base):
            if res is not None:
                table.add_row(res.model, f"{res.p:.3f}", f"{res.r:.3f}", f"{res.f1:.3f}", str(res.tp),
                              str(res.fp), str(res.fn), str(res.unsure))
        out.print(table)
    if errors:
        for e in ours.errors:
            _err().print(json.dumps(e, ensure_ascii=False), highlight=False, markup=False)


def judge_command(
    match: Annotated[str, typer.Argument(help="Match number (shown by `link` and `persons`) or RECORD_A=RECORD_B.")],
    decision: Annotated[str, typer.Argument(help="yes, no or unsure.")],
    by: Annotated[str, typer.Option("--by", help="Your name, kept with the judgement.")],
    note: Annotated[Optional[str], typer.Option("--note", help="Why.")] = None,
    db: DbOption = None,
) -> None:
    """Say whether two records are the same person; never overwritten by `warcases link`."""
    from warcases.link.judgements import JudgementError, judge
    from warcases.link.run import rebuild_persons

    with _engine(db).begin() as conn:
        try:
            j = judge(conn, match, decision.lower(), by, note)
        except JudgementError as exc:
            _err().print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(1) from exc
        n = rebuild_persons(conn)
    _out().print(f"{j.record_l} = {j.record_r}: {j.judgement} by {j.author}; {n} persons",
                 highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add the linking commands to the ``warcases`` app."""
    app.command("import-list")(import_list_command)
    app.command("link")(link_command)
    app.command("persons")(persons_command)
    app.command("overlap")(overlap_command)
    app.command("link-eval")(link_eval_command)
    app.command("judge")(judge_command)


__all__ = ["register"]
