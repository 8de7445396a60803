"""The leak scan run after every public export and report: look for each full name and
identifier stored in the database in everything that was written, and fail with the place.

Names are those of people whose role the policy does not ``keep`` (defendants, people in
lists and casualty records …): two neighbouring words that are two parts of one such name,
one of them the surname, in any order, in any case form the policy's endings describe and in
any spelling (Cyrillic of the four languages or Latin transliteration: the words are compared
on their match keys), are a leak. Identifiers are what the policy's patterns (ИИН, passport and
phone numbers, street addresses) find in the stored documents, matched on their letters and
digits only, so "+7 701 234 56 78" and "87012345678"-style respacing are both caught.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from warcases.publish.redact import NameIndex, Person, Policy, fold, known_people, load_policy
from warcases.store.schema import documents

TEXT_SUFFIXES = (".html", ".htm", ".svg", ".txt", ".md", ".js", ".css")
MIN_IDENTIFIER = 6
_WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ`‘’][^\W\d_]+)*")


@dataclass(frozen=True)
class Leak:
    place: str
    kind: str  # "name" or the identifier kind (iin, passport, phone, address …)
    found: str

    def __str__(self) -> str:
        return f"{self.place}: {self.kind} {self.found!r}"


class LeakError(RuntimeError):
    """Something that must not be published was found in the output."""

    def __init__(self, leaks: list[Leak]):
        self.leaks = leaks
        shown = "\n".join(f"  {leak}" for leak in leaks[:20])
        more = f"\n  … and {len(leaks) - 20} more" if len(leaks) > 20 else ""
        super().__init__(
            f"public output leaks {len(leaks)} protected value(s); "
            f"nothing should be published:\n{shown}{more}"
        )


@dataclass
class Terms:
    """What must not appear: protected full names and identifier keys.

    ``endings`` and ``particles`` come from the policy (its bundled default when not given).
    """

    names: list[str] = field(default_factory=list)
    # normalised key -> (kind, as written)
    identifiers: dict[str, tuple[str, str]] = field(default_factory=dict)
    endings: frozenset[str] | None = None
    particles: frozenset[str] | None = None
    _compiled: dict[str, re.Pattern[str]] | None = field(default=None, repr=False, compare=False)
    _index: NameIndex | None = field(default=None, repr=False, compare=False)
    _seen: set[str] = field(default_factory=set, repr=False, compare=False)

    def add_name(self, name: str) -> None:
        if name in self._seen:
            return
        if len([w for w in _WORD.findall(name) if len(w) > 1]) < 2:
            return  # a single word or initials only identifies no one on its own
        self.names.append(name)
        self._seen.add(name)
        self._index = None

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            if self.endings is None or self.particles is None:
                default = load_policy()
                self.endings = default.endings if self.endings is None else self.endings
                self.particles = default.particles if self.particles is None else self.particles
            self._index = NameIndex(self.names, self.endings, self.particles)
        return self._index

    def add_identifier(self, kind: str, written: str) -> None:
        key = identifier_key(kind, written)
        if len(key) >= MIN_IDENTIFIER and sum(c.isdigit() for c in key) >= 3:
            self.identifiers.setdefault(key, (kind, written))
            self._compiled = None

    def patterns(self) -> dict[str, re.Pattern[str]]:
        """One alternation per way of normalising text (addresses keep letters), longest first."""
        if self._compiled is None:
            groups: dict[str, list[str]] = {}
            for key, (kind, _) in self.identifiers.items():
                group = "address" if kind.startswith("address") else "other"
                groups.setdefault(group, []).append(key)
            self._compiled = {
                g: re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))
                for g, keys in sorted(groups.items())
            }
        return self._compiled


def identifier_key(kind: str, text: str) -> str:
    """Letters and digits only; a phone number by its last nine digits (country codes vary)."""
    folded = fold(text)
    if kind.startswith("address"):
        return re.sub(r"[^\w]|_", "", folded)
    if kind.startswith("phone"):
        return re.sub(r"\D", "", folded)[-9:]
    return re.sub(r"[^0-9a-z]", "", folded)


def sensitive_terms(conn: Connection, policy: Policy, people: list[Person] | None = None) -> Terms:
    """Every protected full name and identifier the database holds."""
    terms = Terms(endings=policy.endings, particles=policy.particles)
    for person in people if people is not None else known_people(conn, policy):
        if policy.action(person.role) != "keep":
            terms.add_name(person.name)
    for (text,) in conn.execute(select(documents.c.text).order_by(documents.c.id)):
        add_identifiers(terms, policy, text or "")
    from warcases.publish.people import list_texts

    for text in list_texts(conn):
        add_identifiers(terms, policy, text)
    return terms


def add_identifiers(terms: Terms, policy: Policy, text: str) -> None:
    for ident in policy.identifiers:
        for m in ident.pattern.finditer(text):
            terms.add_identifier(ident.name, m.group(0))


def scan_text(text: str, terms: Terms) -> list[tuple[str, str]]:
    """(kind, what) for every protected value in one piece of text."""
    if not text:
        return []
    hits: list[tuple[str, str]] = []
    if terms.names:
        index = terms.index
        # particles ("уулу", "ўғли") sit inside names: "Жумабек уулу Талант" is two neighbours
        words = [w for w in _WORD.findall(text) if len(w) > 1 and not index.is_particle(w)]
        cands = [index.by_person(w) if len(w) > 2 else {} for w in words]
        for i in range(len(words) - 1):
            here, there = cands[i], cands[i + 1]
            if not here or not there:
                continue
            for pi in sorted(here.keys() & there.keys()):
                if any(a != b and 0 in (a, b) for a in here[pi] for b in there[pi]):
                    hit = ("name", index.names[pi])
                    if hit not in hits:
                        hits.append(hit)
                    break  # namesakes in the data: one name per place is enough to say where
    if terms.identifiers and any(c.isdigit() for c in text):
        for group, pattern in terms.patterns().items():
            for m in pattern.finditer(identifier_key(group, text)):
                hit = terms.identifiers[m.group(0)]
                if hit not in hits:
                    hits.append(hit)
    return hits


# --- walking what was written ----------------------------------------------------------------


def _units(path: Path, root: Path) -> Iterator[tuple[str, str]]:
    """(place, text) for every text unit of a written file."""
    rel = str(path.relative_to(root)) if path != root and root in path.parents else path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            names = next(reader, [])
            yield f"{rel}: header", " | ".join(names)
            for n, row in enumerate(reader, start=2):
                for col, cell in zip(names, row, strict=False):
                    yield f"{rel}: line {n}, column {col}", cell
    elif suffix == ".json":
        for where, text in _json_units(json.loads(path.read_text(encoding="utf-8")), ""):
            yield f"{rel}: {where or '/'}", text
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            for ws in wb.worksheets:
                header: list[Any] = []
                for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
                    if r == 1:
                        header = list(row)
                    for c, cell in enumerate(row):
                        if isinstance(cell, str):
                            col = str(header[c]) if c < len(header) else str(c + 1)
                            yield f"{rel}: sheet {ws.title}, row {r}, column {col}", cell
        finally:
            wb.close()
    elif suffix in (".sqlite", ".db", ".sqlite3"):
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
                )
            ]
            for table in tables:
                cur = con.execute(f'SELECT rowid, * FROM "{table}"')
                cols = [d[0] for d in cur.description][1:]
                for row in cur:
                    for col, cell in zip(cols, row[1:], strict=True):
                        if isinstance(cell, str):
                            yield f"{rel}: table {table}, rowid {row[0]}, column {col}", cell
        finally:
            con.close()
    elif suffix in TEXT_SUFFIXES:
        for n, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
        ):
            yield f"{rel}: line {n}", line


def _json_units(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{where} (key)", str(k)
            yield from _json_units(v, f"{where}/{k}" if where else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _json_units(v, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value


def scan_path(path: Path, terms: Terms) -> list[Leak]:
    """Leaks in a file or, recursively, a folder of written output."""
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    root = path if path.is_dir() else path.parent
    leaks: list[Leak] = []
    for f in files:
        for place, text in _units(f, root):
            for kind, found in scan_text(text, terms):
                leaks.append(Leak(place, kind, found))
    return leaks


def check_output(paths: list[Path], terms: Terms) -> None:
    """Raise :class:`LeakError` naming every place a protected value was found."""
    leaks = [leak for p in paths for leak in scan_path(p, terms)]
    if leaks:
        raise LeakError(leaks)
