"""`warcases stats` output: rich tables for people, one long CSV table for tools."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

SHOWN_IDS = 6


def figure_json(f: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "value",
        "qualifier",
        "unit",
        "period_start",
        "period_end",
        "period_note",
        "publisher",
        "title",
        "url",
        "date_published",
        "source_table",
        "note",
    )
    return {k: f[k] for k in keys}


def _ids(ids: tuple[str, ...] | list[str]) -> str:
    shown = " ".join(ids[:SHOWN_IDS])
    return shown + (f" … (+{len(ids) - SHOWN_IDS})" if len(ids) > SHOWN_IDS else "")


def print_stats(stats: Any, cells: list[Any], out: Console) -> None:
    from warcases.analyze.stats import BASIS_NOTES

    ds = stats.dataset
    out.print(f"[bold]basis:[/bold] {ds.basis} — {BASIS_NOTES[ds.basis]}", highlight=False)
    out.print(
        f"[bold]counted:[/bold] {stats.n_cases} cases, {stats.n_defendants} defendants"
        f" (document kinds: {', '.join(ds.kinds)}; country: {ds.country or 'all'})",
        highlight=False,
    )
    if ds.merged:
        out.print(
            f"  the same case in several documents (case number or linked defendant), counted once: "
            f"{len(ds.merged)} case(s)",
            highlight=False,
        )
    if ds.excluded_kinds:
        out.print(
            "  not counted: " + ", ".join(f"{n} {k} card(s)" for k, n in ds.excluded_kinds.items()),
            highlight=False,
        )
    out.print(
        "  list the cases behind a figure with --cases NAME=VALUE (e.g. by_year=2025)",
        highlight=False,
    )
    for name, b in stats.breakdowns.items():
        t = Table(title=f"{name} ({b.spec.level}, total {b.total})", title_justify="left")
        for col, just in (
            ("value", "left"),
            ("n", "right"),
            ("share", "right"),
            ("confirmed", "right"),
            ("machine", "right"),
            ("cases", "right"),
            ("case ids", "left"),
        ):
            t.add_column(col, justify="right" if just == "right" else "left", overflow="fold")
        for r in b.rows:
            t.add_row(
                "(not stated)" if r.value is None else str(r.value),
                str(r.n),
                f"{100 * r.n / b.total:.0f}%" if b.total else "",
                str(r.confirmed),
                str(r.machine),
                str(r.n_cases),
                _ids(r.case_ids),
            )
        out.print(t)
    t = Table(title="sentences (months)", title_justify="left")
    for col in ("article", "type", "n", "median", "q1–q3", "min–max", "confirmed", "case ids"):
        t.add_column(col, overflow="fold")
    for s in stats.sentences:
        t.add_row(
            s.article or "(not stated)",
            s.sentence_type or "(not stated)",
            str(s.n),
            f"{s.median:g}",
            f"{s.q1:g}–{s.q3:g}",
            f"{s.min}–{s.max}",
            str(s.confirmed),
            _ids(s.case_ids),
        )
    out.print(t)
    t = Table(title="pathway (defendants)", title_justify="left")
    for col in ("step", "yes", "no", "unknown", "confirmed", "funnel", "case ids"):
        t.add_column(col, overflow="fold")
    for p in stats.pathway:
        t.add_row(
            p.id,
            str(p.yes),
            str(p.no),
            str(p.unknown),
            str(p.confirmed),
            str(p.funnel),
            _ids(p.case_ids),
        )
    out.print(t)
    if stats.overlaps:
        t = Table(title="overlaps (linked persons, each counted once)", title_justify="left")
        for col in ("figure", "persons", "cases", "case ids"):
            t.add_column(col, overflow="fold")
        for name, fig in stats.overlaps["figures"].items():
            t.add_row(name, str(fig["n"]), str(len(fig["case_ids"])), _ids(fig["case_ids"]))
        out.print(t)
        t = Table(title="persons by region (each counted once)", title_justify="left")
        t.add_column("region")
        t.add_column("persons", justify="right")
        for region, n in stats.overlaps["by_region"].items():
            t.add_row(region, str(n))
        out.print(t)
    if cells:
        t = Table(
            title="official statistics (sources side by side, never averaged)", title_justify="left"
        )
        for col in ("jurisdiction", "indicator", "article", "period", "figures by source"):
            t.add_column(col, overflow="fold")
        for c in cells:
            figs = "\n".join(
                f"{'' if f['qualifier'] == 'exact' else f['qualifier'] + ' '}{f['value']}"
                f" — {f['publisher']}, {f['date_published'] or 's.d.'}"
                f"{' (' + f['period_note'] + ')' if f['period_note'] else ''} {f['url']}"
                for f in c.figures
            )
            t.add_row(
                c.jurisdiction,
                c.indicator,
                c.article,
                c.period,
                ("[bold]SOURCES DISAGREE[/bold]\n" if c.conflict else "") + escape(figs),
            )
        out.print(t)


def stats_csv(stats: Any, cells: list[Any]) -> str:
    """One long table: a row per figure, with the basis and the case ids behind it."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "basis",
            "table",
            "unit",
            "value",
            "n",
            "confirmed",
            "machine",
            "n_cases",
            "median",
            "q1",
            "q3",
            "min",
            "max",
            "case_ids",
            "qualifier",
            "source",
            "url",
        ]
    )
    basis = stats.basis
    for name, b in stats.breakdowns.items():
        for r in b.rows:
            w.writerow(
                [
                    basis,
                    name,
                    b.spec.level,
                    "" if r.value is None else r.value,
                    r.n,
                    r.confirmed,
                    r.machine,
                    r.n_cases,
                    "",
                    "",
                    "",
                    "",
                    "",
                    " ".join(r.case_ids),
                ]
            )
    for s in stats.sentences:
        w.writerow(
            [
                basis,
                "sentences",
                "defendants",
                s.key,
                s.n,
                s.confirmed,
                s.n - s.confirmed,
                len(s.case_ids),
                s.median,
                s.q1,
                s.q3,
                s.min,
                s.max,
                " ".join(s.case_ids),
            ]
        )
    for p in stats.pathway:
        w.writerow(
            [
                basis,
                "pathway",
                "defendants",
                p.id,
                p.yes,
                p.confirmed,
                p.yes - p.confirmed,
                len(p.case_ids),
                "",
                "",
                "",
                "",
                "",
                " ".join(p.case_ids),
            ]
        )
        w.writerow(
            [
                basis,
                "funnel",
                "defendants",
                p.id,
                p.funnel,
                "",
                "",
                len(p.funnel_case_ids),
                "",
                "",
                "",
                "",
                "",
                " ".join(p.funnel_case_ids),
            ]
        )
    for name, fig in ((stats.overlaps or {}).get("figures") or {}).items():
        row = [basis, "overlaps", "persons", name, fig["n"], "", "", len(fig["case_ids"])]
        w.writerow(row + ["", "", "", "", "", " ".join(fig["case_ids"]), "", "", ""])
    for c in cells:
        for f in c.figures:
            w.writerow(
                [
                    "published",
                    "official",
                    f["unit"],
                    f"{c.jurisdiction}|{c.indicator}|{c.article}|{c.period}",
                    f["value"],
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    f["qualifier"],
                    f["publisher"],
                    f["url"],
                ]
            )
    return buf.getvalue()
