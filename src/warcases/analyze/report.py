"""The static HTML report: headline figures, tables, charts, official statistics side by side,
the method, and for every figure a link to the cases behind it.

Deterministic: the same database gives the same bytes (no clock, everything sorted, charts
rendered from sorted data). Names are redacted by the publishing policy and the written files
are re-scanned for leaks before the report counts as done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import Engine, func, select

from warcases.analyze.charts import chart_specs, render
from warcases.analyze.dataset import Basis
from warcases.analyze.headlines import anchor, headlines, official_rows
from warcases.analyze.labels import Labels
from warcases.analyze.officialstats import import_notes, official_cells
from warcases.analyze.stats import Stats, compute_stats
from warcases.store.schema import documents

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class FigureRow:
    label: str
    n: int
    share: str
    confirmed: int
    machine: int
    case_ids: tuple[str, ...]
    anchor: str


def _share(k: int, n: int) -> str:
    return f"{100 * k / n:.0f}%" if n else ""


def _tables(stats: Stats, labels: Labels) -> list[dict[str, Any]]:
    out = []
    for name, b in stats.breakdowns.items():
        rows = []
        for r in b.rows:
            if b.spec.vocabulary in ("year", "article") and r.value is not None:
                label = str(r.value)
            else:
                label = labels.value(b.spec.vocabulary, r.value)
            rows.append(
                FigureRow(
                    label,
                    r.n,
                    _share(r.n, b.total),
                    r.confirmed,
                    r.machine,
                    r.case_ids,
                    anchor("fig", name, r.value),
                )
            )
        out.append(
            {
                "name": name,
                "title": labels.table(name),
                "unit": b.spec.level,
                "total": b.total,
                "rows": rows,
            }
        )
    return out


def sentence_text(values: dict[str, Any], labels: Labels) -> str:
    """'лишение свободы, 4 г. 6 мес., medium' in the report's language."""
    kind = values.get("sentence_type")
    if not kind:
        return ""
    parts = [labels.value("sentence_type", kind)]
    months = values.get("sentence_months")
    if months is not None:
        y, m = divmod(int(months), 12)
        term = [f"{y} {labels.ui('y')}" if y else "", f"{m} {labels.ui('m')}" if m else ""]
        parts.append(" ".join(t for t in term if t) or f"0 {labels.ui('m')}")
    if values.get("sentence_institution"):
        parts.append(labels.value("sentence_institution", values["sentence_institution"]))
    if values.get("sentence_suspended") and kind != "conditional":
        parts.append(labels.ui("suspended"))
    return ", ".join(parts)


def _case_rows(
    stats: Stats, redactor: Any, given: Any, labels: Labels
) -> list[dict[str, Any]]:
    rows = []
    for c in stats.dataset.cases:
        defs = []
        for d in c.defendants:
            defs.append(
                {
                    "name": redactor.name(
                        d.get("name"), given.keys.get(d.id, d.id), "defendant", given.pseudonym(d.id)
                    )
                    if d.get("name")
                    else "",
                    "charges": ", ".join(d.get("charges") or []),
                    "sentence": sentence_text(d.values, labels),
                }
            )
        rows.append(
            {
                "id": c.id,
                "anchor": anchor("case", c.id),
                "country": c.get("country") or "",
                "court": redactor.text(c.get("court") or ""),
                "date": c.get("verdict_date") or "",
                "case_number": c.get("case_number") or "",
                "defendants": defs,
                "confirmed": c.all_confirmed,
                "source_url": c.source_url or "",
                "source_title": redactor.text(c.source_title or ""),
                "merged": stats.dataset.merged.get(c.id, []),
            }
        )
    return rows


def _figure_lists(
    tables: list[dict[str, Any]], stats: Stats, labels: Labels
) -> list[dict[str, Any]]:
    lists = []
    for t in tables:
        for r in t["rows"]:
            lists.append(
                {"anchor": r.anchor, "title": f"{t['title']}: {r.label}", "case_ids": r.case_ids}
            )
    for s in stats.sentences:
        article = s.article or labels.ui("not_stated")
        kind = labels.value("sentence_type", s.sentence_type)
        title = f"{labels.table('sentences')}: {article} · {kind}"
        lists.append(
            {"anchor": anchor("fig", "sentences", s.key), "title": title, "case_ids": s.case_ids}
        )
    for name, fig in ((stats.overlaps or {}).get("figures") or {}).items():
        lists.append(
            {
                "anchor": anchor("fig", "overlaps", name),
                "title": f"{labels.ui('overlaps')}: {labels.ui('overlap_' + name)}",
                "case_ids": tuple(fig["case_ids"]),
            }
        )
    for p in stats.pathway:
        lists.append(
            {
                "anchor": anchor("fig", "pathway", p.id),
                "title": f"{labels.table('pathway')}: {p.label(labels.lang)}",
                "case_ids": p.case_ids,
            }
        )
        lists.append(
            {
                "anchor": anchor("fig", "funnel", p.id),
                "title": f"{labels.ui('funnel')}: {p.label(labels.lang)}",
                "case_ids": p.funnel_case_ids,
            }
        )
    return lists


def write_report(
    engine: Engine,
    out_dir: Path,
    lang: str = "ru",
    *,
    country: str | None = None,
    basis: Basis = "all",
    png: bool = True,
) -> Path:
    """Write ``index.html`` and ``charts/*.svg|png`` to ``out_dir``; returns the index path.

    Raises :class:`warcases.publish.rescan.LeakError` if a protected name or identifier is
    found in what was written (the files are then removed).
    """
    from warcases.publish.redact import Redactor, known_people, load_policy
    from warcases.publish.rescan import check_output, sensitive_terms

    labels = Labels(lang)
    out_dir = Path(out_dir)
    charts_dir = out_dir / "charts"
    stats = compute_stats(engine, country=country, basis=basis)
    cells = official_cells(engine, country)
    from warcases.publish.pseudonyms import sync_pseudonyms

    policy = load_policy()
    given = sync_pseudonyms(engine, policy.scheme)  # the same pseudonyms as every export
    with engine.connect() as conn:
        people = known_people(conn, policy)
        terms = sensitive_terms(conn, policy, people)
        kinds: dict[str, int] = dict(
            conn.execute(
                select(documents.c.kind, func.count())
                .group_by(documents.c.kind)
                .order_by(documents.c.kind)
            ).all()
        )
    redactor = Redactor(policy, people)

    if charts_dir.is_dir():
        for old in sorted(charts_dir.glob("*.svg")) + sorted(charts_dir.glob("*.png")):
            old.unlink()
    charts = []
    for name, spec in chart_specs(stats, cells, lang).items():
        files = render(spec, charts_dir, name, png=png)
        charts.append(
            {
                "name": name,
                "svg": f"charts/{files.svg.name}",
                "png": f"charts/{files.png.name}" if files.png else None,
                "title": _title(spec),
            }
        )

    tables = _tables(stats, labels)
    context = {
        "lang": lang,
        "L": labels,
        "stats": stats,
        "country": stats.dataset.country,
        "basis_note": labels.ui("basis_all" if basis == "all" else "basis_confirmed"),
        "headlines": headlines(stats, cells, labels),
        "tables": tables,
        "charts": charts,
        "sentences": [
            {
                **s.as_json(),
                "anchor": anchor("fig", "sentences", s.key),
                "type_label": labels.value("sentence_type", s.sentence_type),
            }
            for s in stats.sentences
        ],
        "pathway": [
            {
                **p.as_json(),
                "label": p.label(lang),
                "anchor": anchor("fig", "pathway", p.id),
                "funnel_anchor": anchor("fig", "funnel", p.id),
            }
            for p in stats.pathway
        ],
        "official": official_rows(cells, labels),
        "notes": import_notes(engine),
        "cases": _case_rows(stats, redactor, given, labels),
        "figure_lists": _figure_lists(tables, stats, labels),
        "case_anchor": lambda cid: anchor("case", cid),
        "document_kinds": kinds,
        "overlaps": stats.overlaps,
        "redaction_note": labels.ui("redaction"),
        "policy_source": Path(policy.source).name,
    }
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    html = env.get_template("report.html.j2").render(**context)
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    written = [index, *[out_dir / str(c["svg"]) for c in charts]]
    try:
        check_output(written, terms)
    except Exception:
        for p in written + [out_dir / str(c["png"]) for c in charts if c["png"]]:
            p.unlink(missing_ok=True)
        raise
    return index


def _title(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)
