#!/usr/bin/env python3
"""Check the gold files of a corpus folder (default: data/demo) against CASE_FORMAT.md.

For every ``<stem>.gold.json``: the JSON parses; a document with the same stem sits next to
it; every key of the format is present (``null``/``[]`` where the document says nothing);
every value is in the controlled vocabulary; charges look like ``CC:ARTICLE[:PART[:POINT]]``;
dates are ISO; a Kazakh ИИН in a TXT/HTML document fits the birth year; ``age`` agrees with ``birth_year`` and the verdict date; sentence fields are
coherent (a ``conditional`` sentence is suspended, others are not). Prints a summary of the
corpus by kind, language, country and format. Exit status 1 if any problem was found.

Usage: ``python scripts/check_gold.py [DIR]``
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

VOCAB = {
    "kind": {"verdict", "news", "post", "list", "stats", "other"},
    "language": {"ru", "kk", "ky", "uz", "tg", "uk", "en", "other"},
    "procedure": {"general", "shortened", "plea_agreement", "conciliation", "in_absentia"},
    "outcome": {"convicted", "acquitted", "terminated_death", "terminated_other",
                "compulsory_treatment", "returned_to_prosecutor"},
    "sentence.type": {"imprisonment", "restricted_freedom", "conditional", "fine",
                      "compulsory_treatment", "community_work", "none"},
    "sentence.institution": {"minimum", "medium", "maximum", "extraordinary",
                             "settlement", "general", "strict", "special"},
    "additional_penalties": {"confiscation", "citizenship_deprivation", "fine", "travel_ban", "expulsion"},
    "formations": {"wagner", "mod", "redut", "storm_z", "storm_v", "akhmat", "bars", "africa_corps",
                   "convoy", "lpr_dpr", "rosgvardia", "other"},
    "recruitment": {"online_ad", "recruiter", "enlistment_office", "work_trip", "migration_detention",
                    "criminal_detention", "prison", "coercion", "from_home"},
    "motives": {"money", "citizenship", "ideology", "documents", "experience", "debt", "coercion"},
    "return": {"surrendered", "detained_on_return", "detained_at_border", "deported", "extradited",
               "not_returned"},
}
REGIONS = set("""
kz/abai kz/akmola kz/aktobe kz/almaty-region kz/atyrau kz/east-kazakhstan kz/jetisu kz/karaganda
kz/kostanay kz/kyzylorda kz/mangystau kz/north-kazakhstan kz/pavlodar kz/turkestan kz/ulytau
kz/west-kazakhstan kz/zhambyl kz/astana kz/almaty kz/shymkent
kg/batken kg/chuy kg/issyk-kul kg/jalal-abad kg/naryn kg/osh-region kg/talas kg/bishkek kg/osh
uz/andijan uz/bukhara uz/fergana uz/jizzakh uz/kashkadarya uz/khorezm uz/namangan uz/navoi
uz/samarkand uz/surkhandarya uz/syrdarya uz/tashkent-region uz/karakalpakstan uz/tashkent
tj/sughd tj/khatlon tj/gbao tj/rrp tj/dushanbe
""".split())
CASE_KEYS = ("court", "court_region", "verdict_date", "case_number", "procedure", "outcome")
DEF_KEYS = ("name", "birth_year", "age", "region", "citizenship", "charges", "sentence",
            "additional_penalties", "formations", "recruitment", "motives", "wounded", "deserted",
            "russian_citizenship", "return")
LIST_KEYS = ("citizenship", "charges", "additional_penalties", "formations", "recruitment", "motives")
SENTENCE_KEYS = ("type", "months", "institution", "suspended", "probation_months")
CHARGE = re.compile(r"^[A-Z]{2}:\d+(?:-\d+)?(?::\d+(?:-\d+)?(?::[0-9а-яa-z]+)?)?$")
ISO2 = re.compile(r"^[A-Z]{2}$")
GOLD = ".gold.json"
IIN = re.compile(rb"(?<![0-9])([0-9]{12})(?![0-9])")


def check_iin(doc_path: Path, gold: dict, bad) -> None:
    """Kazakh ИИН/ЖСН (12 digits, YYMMDD first) must fit the defendants' birth years."""
    if doc_path.suffix not in (".txt", ".html"):
        return
    iins = IIN.findall(doc_path.read_bytes())
    years = sorted({d["birth_year"] % 100 for d in gold.get("defendants") or [] if d.get("birth_year")})
    if iins and years and sorted({int(i[:2]) for i in iins}) != years:
        bad(f"ИИН {[i.decode() for i in iins]} do not fit birth years {years}")


def check_file(path: Path, root: Path, problems: list[str]) -> dict | None:
    where = str(path.relative_to(root))

    def bad(msg: str) -> None:
        problems.append(f"{where}: {msg}")

    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        bad(f"cannot read: {exc}")
        return None
    stem = path.name[: -len(GOLD)]
    docs = [p for p in path.parent.iterdir()
            if p.is_file() and p.stem == stem and not p.name.endswith((GOLD, ".card.json"))]
    if len(docs) != 1:
        bad(f"expected exactly one document with stem {stem!r}, found {len(docs)}")
    elif isinstance(gold, dict):
        check_iin(docs[0], gold, bad)
    if set(gold) != {"document", "case", "defendants"}:
        bad(f"top-level keys {sorted(gold)}")
        return gold
    doc = gold["document"]
    if set(doc) != {"kind", "language", "country"}:
        bad(f"document keys {sorted(doc)}")
    if doc.get("kind") not in VOCAB["kind"]:
        bad(f"document.kind {doc.get('kind')!r}")
    if doc.get("language") not in VOCAB["language"]:
        bad(f"document.language {doc.get('language')!r}")
    if not (doc.get("country") is None or ISO2.match(str(doc.get("country")))):
        bad(f"document.country {doc.get('country')!r}")

    case = gold["case"]
    if tuple(case) != CASE_KEYS:
        bad(f"case keys {list(case)}")
    if case.get("court_region") is not None and case["court_region"] not in REGIONS:
        bad(f"case.court_region {case['court_region']!r}")
    for key in ("procedure", "outcome"):
        if case.get(key) is not None and case[key] not in VOCAB[key]:
            bad(f"case.{key} {case[key]!r}")
    verdict_date = None
    if case.get("verdict_date") is not None:
        try:
            verdict_date = dt.date.fromisoformat(case["verdict_date"])
        except ValueError:
            bad(f"case.verdict_date {case['verdict_date']!r} is not ISO")

    defendants = gold["defendants"]
    if not isinstance(defendants, list):
        bad("defendants is not a list")
        return gold
    for i, d in enumerate(defendants):
        w = f"defendant {i} ({d.get('name')})"
        if tuple(d) != DEF_KEYS:
            bad(f"{w}: keys {list(d)}")
        for key in LIST_KEYS:
            if not isinstance(d.get(key), list):
                bad(f"{w}: {key} must be a list")
        for key in ("additional_penalties", "formations", "recruitment", "motives"):
            for v in d.get(key) or []:
                if v not in VOCAB[key]:
                    bad(f"{w}: {key} {v!r}")
            if len(set(d.get(key) or [])) != len(d.get(key) or []):
                bad(f"{w}: duplicate values in {key}")
        for v in d.get("citizenship") or []:
            if not ISO2.match(str(v)):
                bad(f"{w}: citizenship {v!r}")
        for v in d.get("charges") or []:
            if not CHARGE.match(str(v)):
                bad(f"{w}: charge {v!r}")
        if d.get("region") is not None and d["region"] not in REGIONS:
            bad(f"{w}: region {d['region']!r}")
        if d.get("return") is not None and d["return"] not in VOCAB["return"]:
            bad(f"{w}: return {d['return']!r}")
        for key in ("wounded", "deserted", "russian_citizenship"):
            if d.get(key) not in (True, False, None):
                bad(f"{w}: {key} must be true/false/null")
        if d.get("russian_citizenship") is True and "RU" not in (d.get("citizenship") or []) \
                and doc.get("kind") == "verdict":
            problems.append(f"{where}: note: {w}: russian_citizenship true but RU not in citizenship")
        by, age = d.get("birth_year"), d.get("age")
        if by is not None and age is not None and verdict_date is not None:
            if verdict_date.year - by - age not in (0, 1):
                bad(f"{w}: age {age} does not fit birth year {by} at {verdict_date}")
        s = d.get("sentence")
        if s is not None:
            if tuple(s) != SENTENCE_KEYS:
                bad(f"{w}: sentence keys {list(s)}")
            if s.get("type") not in VOCAB["sentence.type"]:
                bad(f"{w}: sentence.type {s.get('type')!r}")
            if s.get("institution") is not None and s["institution"] not in VOCAB["sentence.institution"]:
                bad(f"{w}: sentence.institution {s['institution']!r}")
            if s.get("months") is not None and (not isinstance(s["months"], int) or s["months"] <= 0):
                bad(f"{w}: sentence.months {s['months']!r}")
            if (s.get("type") == "conditional") != bool(s.get("suspended")):
                bad(f"{w}: conditional sentence and suspended disagree")
            if s.get("probation_months") is not None and s.get("type") != "conditional":
                bad(f"{w}: probation_months on a {s.get('type')} sentence")
    return gold


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data" / "demo"
    problems: list[str] = []
    stats: dict[str, Counter] = {k: Counter() for k in ("kind", "language", "country", "format", "folder")}
    n_def = 0
    for path in sorted(root.rglob(f"*{GOLD}")):
        gold = check_file(path, root, problems)
        if not gold or "document" not in gold:
            continue
        doc = gold["document"]
        stats["kind"][doc.get("kind")] += 1
        stats["language"][doc.get("language")] += 1
        stats["country"][doc.get("country")] += 1
        stats["folder"][path.parent.name] += 1
        stem = path.name[: -len(GOLD)]
        fmt = [p.suffix.lstrip(".") for p in path.parent.iterdir() if p.stem == stem and p != path]
        stats["format"][fmt[0] if fmt else "missing"] += 1
        n_def += len(gold.get("defendants") or [])
    orphans = [p for p in root.rglob("*") if p.is_file() and not p.name.endswith(GOLD)
               and p.name != "README.md" and not (p.parent / f"{p.stem}{GOLD}").exists()]
    for p in orphans:
        problems.append(f"{p.relative_to(root)}: document without a gold file")
    total = sum(stats["kind"].values())
    print(f"{total} gold files, {n_def} defendants")
    for key, counter in stats.items():
        print(f"  {key:9s} " + ", ".join(f"{k}={v}" for k, v in sorted(counter.items(), key=lambda kv: -kv[1])))
    errors = [p for p in problems if ": note: " not in p]
    for p in problems:
        print(("NOTE  " if ": note: " in p else "ERROR ") + p)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
