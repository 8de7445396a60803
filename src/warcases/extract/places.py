"""Place names → region ids of CASE_FORMAT.md (``kz/karaganda``, ``kg/bishkek`` …).

All spellings live in ``knowledge/regions.yaml``; they are compiled once, at first use, into one
regular expression shaped like a trie (see ``warcases.knowledge.PhraseMatcher``). Spellings that
changed region on a known date (Семей: East Kazakhstan → Abai on 8 Jun 2022) resolve by the
``on_date`` given (ISO; ``None`` = today's map).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from warcases.knowledge import PhraseHit, PhraseMatcher, load_yaml

__all__ = [
    "PlaceMatch",
    "country_of_region",
    "court_region",
    "find_regions",
    "region_ids",
    "region_of",
]


@dataclass(frozen=True)
class PlaceMatch:
    region: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Group:
    region: str | None  # None: a spelling to recognise and drop (ignore list)
    # "region" (the region itself or a city of republican significance), "place", "court",
    # "ignore"
    level: str
    since: str | None = None
    before: str | None = None

    def resolve(self, on_date: str | None) -> str | None:
        if self.since and self.before and on_date and _iso(on_date) < self.since:
            return self.before
        return self.region


_LEVEL_RANK = {"region": 0, "court": 1, "place": 2}
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _iso(value: object) -> str:
    text = str(value).strip()[:10]
    if not _ISO.fullmatch(text):
        raise ValueError(f"on_date must be an ISO date (YYYY[-MM[-DD]]), got {value!r}")
    return text


@cache
def region_ids() -> tuple[str, ...]:
    """Every region id, in the order of regions.yaml (the order of CASE_FORMAT.md)."""
    return tuple(load_yaml("regions")["regions"])


@cache
def _matcher() -> PhraseMatcher[_Group]:
    data = load_yaml("regions")
    ids = set(data["regions"])
    table: dict[str, list[_Group]] = {}

    def add(names: list[str], group: _Group) -> None:
        if group.region is not None and group.region not in ids:
            raise ValueError(f"regions.yaml: unknown region id {group.region!r}")
        if group.before is not None and group.before not in ids:
            raise ValueError(f"regions.yaml: unknown region id {group.before!r} in 'before'")
        for name in names:
            table.setdefault(name, []).append(group)

    def dated(entry: dict) -> tuple[str | None, str | None]:
        since = entry.get("since")
        return (_iso(since) if since else None), entry.get("before")

    for rid, entry in data["regions"].items():
        add(entry["names"], _Group(rid, "region", *dated(entry)))
    for entry in data["places"]:
        add(entry["names"], _Group(entry["region"], "place", *dated(entry)))
    for entry in data.get("court_only", []):
        add(entry["names"], _Group(entry["region"], "court", *dated(entry)))
    add(data.get("ignore", []), _Group(None, "ignore"))
    return PhraseMatcher(table, anchored=True)


@cache
def _street_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(w) for w in sorted(load_yaml("regions").get("street_words", []),
                                                   key=len, reverse=True))
    before = re.compile(rf"(?<![^\W\d_])(?:{words})\s*$", re.IGNORECASE)
    after = re.compile(rf"\s*(?:{words})(?![^\W\d_])", re.IGNORECASE)
    return before, after


def _hits(text: str) -> list[PhraseHit[_Group]]:
    """Matches, without those that name a street ("ул. Ташкентская", "Ферганский проезд")."""
    before, after = _street_words()
    return [
        h for h in _matcher().finditer(text)
        if not before.search(text, max(0, h.start - 16), h.start) and not after.match(text, h.end)
    ]


def find_regions(text: str, on_date: str | None = None) -> list[PlaceMatch]:
    """Every place name in ``text`` that identifies a region, in text order."""
    out = []
    for hit in _hits(text):
        group = hit.values[0]
        if group.level in ("ignore", "court"):
            continue
        region = group.resolve(on_date)
        if region is not None:
            out.append(PlaceMatch(region, hit.start, hit.end, hit.surface))
    return out


def region_of(name: str, on_date: str | None = None) -> str | None:
    """The region of one place name ("Семей", "г. Караганды", "Almaty Region"), else None."""
    if not name or not name.strip():
        return None
    hit = _matcher().lookup(name)
    if hit is not None:
        group = hit.values[0]
        return None if group.level == "ignore" else group.resolve(on_date)
    found = find_regions(name, on_date)
    if not found:
        return None
    regions = {m.region for m in found}
    if len(regions) == 1:
        return found[0].region
    best = _best([h for h in _hits(name) if h.values[0].level not in ("ignore", "court")])
    return best.values[0].resolve(on_date) if best else None


def _best(hits: list[PhraseHit[_Group]]) -> PhraseHit[_Group] | None:
    """The region-level name wins over a town; among region-level names the last one (courts
    name themselves from the narrowest unit to the widest); among towns the first."""
    if not hits:
        return None
    top = min(_LEVEL_RANK[h.values[0].level] for h in hits)
    ranked = [h for h in hits if _LEVEL_RANK[h.values[0].level] == top]
    return ranked[-1] if top == 0 else ranked[0]


def court_region(court_name: str, on_date: str | None = None) -> str | None:
    """The region where a court sits, from its name.

    "Специализированный межрайонный суд по уголовным делам Карагандинской области" →
    kz/karaganda; "Есильский районный суд города Астаны" → kz/astana; "Сатпаевский городской
    суд" → kz/ulytau (kz/karaganda with an ``on_date`` before 2022-06-08).
    """
    hits = [h for h in _hits(court_name) if h.values[0].level != "ignore"]
    best = _best(hits)
    return best.values[0].resolve(on_date) if best else None


def country_of_region(region_id: str) -> str:
    """``"kz/abai"`` → ``"KZ"``; raises ValueError for an id not in CASE_FORMAT.md."""
    if region_id not in region_ids():
        raise ValueError(
            f"unknown region id {region_id!r}: expected one of CASE_FORMAT.md (e.g. kz/abai)"
        )
    return region_id.split("/", 1)[0].upper()
