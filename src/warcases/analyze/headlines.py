"""The report's headline sentences and its table of published figures, in ru or en: what a
reporter can quote, each with the anchor of the cases or sources behind it."""

from __future__ import annotations

import re
from typing import Any

from warcases.analyze.indicators import load_catalog
from warcases.analyze.labels import Labels
from warcases.analyze.officialstats import Cell
from warcases.analyze.stats import Stats


def anchor(*parts: Any) -> str:
    return "-".join(re.sub(r"[^0-9A-Za-z_]+", "-", str(p)).strip("-") or "none" for p in parts)


def fmt_months(v: float) -> str:
    return f"{v:g}"


def headlines(stats: Stats, cells: list[Cell], labels: Labels) -> list[dict[str, Any]]:
    """Sentences a reporter can quote, each with links to the cases or sources behind it."""
    behind = labels.ui("cases_behind")
    lines: list[dict[str, Any]] = [
        {
            "text": labels.ui("headline_cases", n=stats.n_cases, d=stats.n_defendants),
            "links": [(behind, "cases")],
        }
    ]
    for name in ("by_procedure", "by_formation", "by_recruitment", "by_motive"):
        b = stats.breakdowns[name]
        stated = b.stated()
        if not stated:
            continue
        what = labels.ui("cases_word" if b.spec.level == "cases" else "defendants_word")
        shown = stated[:3] if b.spec.multi else stated[:1]
        text = "; ".join(
            labels.ui(
                "headline_share",
                k=r.n,
                n=b.total,
                what=what,
                value=labels.value(b.spec.vocabulary, r.value),
            )
            for r in shown
        )
        lines.append(
            {
                "text": text,
                "links": [
                    (labels.value(b.spec.vocabulary, r.value), anchor("fig", name, r.value))
                    for r in shown
                ],
            }
        )
    sentences = sorted((s for s in stats.sentences if s.article), key=lambda s: (-s.n, s.key))
    if sentences:
        s = sentences[0]
        lines.append(
            {
                "text": labels.ui(
                    "headline_sentence_same" if s.q1 == s.q3 else "headline_sentence",
                    article=s.article,
                    type=labels.value("sentence_type", s.sentence_type),
                    q1=fmt_months(s.q1),
                    q3=fmt_months(s.q3),
                    median=fmt_months(s.median),
                    n=s.n,
                ),
                "links": [(behind, anchor("fig", "sentences", s.key))],
            }
        )
    catalog = load_catalog()
    latest_deaths: dict[str, Cell] = {}
    for c in cells:
        if c.indicator == "deaths":
            prev = latest_deaths.get(c.jurisdiction)
            if prev is None or c.figures[0]["period_end"] > prev.figures[0]["period_end"]:
                latest_deaths[c.jurisdiction] = c
    picked = [c for c in cells if c.conflict] + [latest_deaths[j] for j in sorted(latest_deaths)]
    for c in picked:
        figures = " / ".join(f"{figure_text(f, labels)} ({f['publisher']})" for f in c.figures)
        what = (
            catalog.indicators[c.indicator].label(labels.lang)
            if c.indicator in catalog.indicators
            else c.indicator
        )
        text = labels.ui(
            "headline_official",
            jur=catalog.jurisdiction_label(c.jurisdiction, labels.lang),
            article=", ".join(x for x in (c.article, what) if x),
            period=c.period,
            figures=figures,
        )
        if c.conflict:
            text += " — " + labels.ui("sources_disagree")
        lines.append(
            {
                "text": text,
                "links": [
                    (
                        labels.ui("source"),
                        anchor("official", c.jurisdiction, c.indicator, c.article, c.period),
                    )
                ],
            }
        )
    return lines


def figure_text(f: dict[str, Any], labels: Labels) -> str:
    q = f.get("qualifier") or "exact"
    prefix = "" if q == "exact" else labels.ui(f"qualifier_{q}") + " "
    return f"{prefix}{f['value']}"


def official_rows(cells: list[Cell], labels: Labels) -> list[dict[str, Any]]:
    catalog = load_catalog()
    out = []
    for c in cells:
        ind = catalog.indicators.get(c.indicator)
        out.append(
            {
                "anchor": anchor("official", c.jurisdiction, c.indicator, c.article, c.period),
                "jurisdiction": catalog.jurisdiction_label(c.jurisdiction, labels.lang),
                "indicator": ind.label(labels.lang) if ind else c.indicator,
                "article": c.article,
                "period": c.period,
                "conflict": c.conflict,
                "figures": [{**f, "text": figure_text(f, labels)} for f in c.figures],
            }
        )
    return out
