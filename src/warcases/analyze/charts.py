"""Charts, declared once as Vega-Lite (through Altair) and rendered to SVG and PNG without a
browser (vl-convert). The same specs serve the report and the web app (``chart_specs``).

Bars that count cases or defendants are split into human-confirmed and machine-extracted
parts, so a chart never hides how much of it is unverified.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt

from warcases.analyze.labels import Labels
from warcases.analyze.officialstats import Cell
from warcases.analyze.stats import Breakdown, Stats

WIDTH = 420
# Chart text is laid out and drawn with a font shipped in the package (``analyze/fonts``: DejaVu
# Sans cut to Latin and Cyrillic, renamed so no installed font can stand in for it), so the
# same data gives the same SVG and PNG bytes on every machine. The other names are only for
# viewers of the SVG files, which draw text with their own fonts.
FONT_DIR = Path(__file__).with_name("fonts")
FONT_FAMILY = "Warcases Sans"
FONT = f"{FONT_FAMILY}, DejaVu Sans, Liberation Sans, Arial, sans-serif"
_fonts_registered = False
STATUS_COLOURS = ("#1f5f8b", "#9cc3e0")  # confirmed, machine
BREAKDOWN_CHARTS = (
    "by_year",
    "by_formation",
    "by_procedure",
    "by_recruitment",
    "by_motive",
    "by_home_region",
)


@dataclass(frozen=True)
class ChartFiles:
    name: str
    svg: Path
    png: Path | None


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT).configure_view(stroke=None).configure_axis(labelLimit=260)


def breakdown_chart(b: Breakdown, labels: Labels) -> alt.Chart:
    """Horizontal bars (vertical for years), confirmed and machine-extracted stacked."""
    status_c, status_m = labels.ui("confirmed"), labels.ui("machine")
    rows: list[dict[str, Any]] = []
    order = []
    for r in b.rows:
        name = (
            str(r.value)
            if b.spec.vocabulary in ("year", "article") and r.value is not None
            else labels.value(b.spec.vocabulary, r.value)
        )
        order.append(name)
        rows.append({"label": name, "status": status_c, "n": r.confirmed, "rank": 0})
        rows.append({"label": name, "status": status_m, "n": r.machine, "rank": 1})
    count_title = labels.ui("unit_cases" if b.spec.level == "cases" else "unit_defendants")
    colour = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(domain=[status_c, status_m], range=list(STATUS_COLOURS)),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=rows), title=labels.table(b.name))
    if b.spec.order == "value":
        return (
            base.mark_bar()
            .encode(
                x=alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("sum(n):Q", title=count_title, axis=alt.Axis(tickMinStep=1, format="d")),
                color=colour,
                order=alt.Order("rank:Q"),
            )
            .properties(width=WIDTH, height=220)
        )
    return (
        base.mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None),
            x=alt.X("sum(n):Q", title=count_title, axis=alt.Axis(tickMinStep=1, format="d")),
            color=colour,
            order=alt.Order("rank:Q"),
        )
        .properties(width=WIDTH, height=max(60, 22 * len(order)))
    )


def sentence_chart(stats: Stats, labels: Labels) -> alt.TopLevelMixin | None:
    """Per article and sentence type: range (line), quartiles (box) and median (tick), months."""
    rows = [
        {
            "label": f"{s.article or labels.ui('not_stated')} · "
            f"{labels.value('sentence_type', s.sentence_type)} (n={s.n})",
            "min": s.min,
            "max": s.max,
            "q1": s.q1,
            "q3": s.q3,
            "median": s.median,
        }
        for s in stats.sentences
    ]
    if not rows:
        return None
    order = [str(r["label"]) for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("label:N", sort=order, title=None))
    months = labels.ui("months")
    rule = base.mark_rule(color="#555").encode(x=alt.X("min:Q", title=months), x2="max:Q")
    box = base.mark_bar(size=14, color=STATUS_COLOURS[1]).encode(x="q1:Q", x2="q3:Q")
    tick = base.mark_tick(color=STATUS_COLOURS[0], thickness=3, size=18).encode(x="median:Q")
    return alt.layer(rule, box, tick, title=labels.table("sentences")).properties(
        width=WIDTH, height=max(60, 30 * len(rows))
    )


def pathway_chart(stats: Stats, labels: Labels) -> alt.Chart | None:
    if not stats.pathway or not stats.n_defendants:
        return None
    yes_title, funnel_title = labels.ui("yes"), labels.ui("funnel")
    rows = []
    order = []
    for p in stats.pathway:
        name = p.label(labels.lang)
        order.append(name)
        rows.append({"step": name, "kind": yes_title, "n": p.yes})
        rows.append({"step": name, "kind": funnel_title, "n": p.funnel})
    return (
        alt.Chart(alt.Data(values=rows), title=labels.table("pathway"))
        .mark_bar()
        .encode(
            y=alt.Y("step:N", sort=order, title=None),
            x=alt.X(
                "n:Q", title=labels.ui("unit_defendants"), axis=alt.Axis(tickMinStep=1, format="d")
            ),
            yOffset=alt.YOffset("kind:N", sort=[yes_title, funnel_title]),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=[yes_title, funnel_title],
                scale=alt.Scale(range=list(STATUS_COLOURS)),
                legend=alt.Legend(orient="bottom", labelLimit=400),
            ),
        )
        .properties(width=WIDTH, height=max(80, 34 * len(order)))
    )


def official_chart(
    cells: list[Cell], labels: Labels, jurisdiction: str, article: str, indicator: str
) -> alt.Chart | None:
    """Yearly figures for one jurisdiction/article/indicator, one bar per source, side by side."""
    rows = []
    for c in cells:
        if (c.jurisdiction, c.article, c.indicator) != (jurisdiction, article, indicator) or len(
            c.period
        ) != 4:
            continue
        for f in c.figures:
            rows.append({"period": c.period, "source": f["publisher"], "value": f["value"]})
    if not rows:
        return None
    from warcases.analyze.indicators import load_catalog

    catalog = load_catalog()
    known = catalog.indicators.get(indicator)
    what = known.label(labels.lang) if known else indicator
    title = [
        f"{catalog.jurisdiction_label(jurisdiction, labels.lang)}, {article}: {what}",
        labels.ui("figures"),
    ]
    return (
        alt.Chart(alt.Data(values=rows), title=title)
        .mark_bar()
        .encode(
            x=alt.X("period:N", title=labels.ui("period"), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("source:N"),
            y=alt.Y("value:Q", title=labels.ui("count"), axis=alt.Axis(format="d")),
            color=alt.Color(
                "source:N",
                title=labels.ui("source"),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=400),
            ),
        )
        .properties(width=WIDTH, height=220)
    )


def chart_specs(stats: Stats, cells: list[Cell], lang: str = "ru") -> dict[str, dict[str, Any]]:
    """Every chart as a Vega-Lite dict, by name, in a stable order."""
    labels = Labels(lang)
    charts: dict[str, Any] = {}
    for name in BREAKDOWN_CHARTS:
        b = stats.breakdowns.get(name)
        if b is not None and b.stated():
            charts[name] = breakdown_chart(b, labels)
    for name, chart in (
        ("sentences", sentence_chart(stats, labels)),
        ("pathway", pathway_chart(stats, labels)),
    ):
        if chart is not None:
            charts[name] = chart
    seen = sorted(
        {
            (c.jurisdiction, c.article, c.indicator)
            for c in cells
            if c.article and len(c.period) == 4
        }
    )
    for jur, art, ind in seen:
        chart = official_chart(cells, labels, jur, art, ind)
        if chart is not None:
            charts[f"official_{jur}_{art}_{ind}".replace(":", "-").lower()] = chart
    return {name: _config(chart).to_dict() for name, chart in charts.items()}


def register_fonts() -> None:
    """Make the bundled chart font known to vl-convert (once per process)."""
    global _fonts_registered
    if _fonts_registered:
        return
    import vl_convert as vlc

    if not (FONT_DIR / "WarcasesSans.ttf").is_file():
        raise FileNotFoundError(
            f"{FONT_DIR}: the chart font WarcasesSans.ttf is missing; reinstall warcases"
        )
    vlc.register_font_directory(str(FONT_DIR))
    _fonts_registered = True


def render(spec: dict[str, Any], out_dir: Path, name: str, png: bool = True) -> ChartFiles:
    """Write ``name.svg`` (and ``name.png``) for a Vega-Lite spec; no browser needed."""
    import vl_convert as vlc

    register_fonts()

    out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True)
    svg_path = out_dir / f"{name}.svg"
    svg_path.write_text(vlc.vegalite_to_svg(text), encoding="utf-8")
    png_path = None
    if png:
        png_path = out_dir / f"{name}.png"
        png_path.write_bytes(vlc.vegalite_to_png(text, scale=2))
    return ChartFiles(name, svg_path, png_path)
