"""The redaction policy (``publish/redaction.yaml``) and the redactor that applies it.

By role: defendants and people in lists or casualty records are shown by initials and a stable
pseudonym; judges', prosecutors' and officials' names are kept. In every text field ИИН,
passport and phone numbers and street addresses are removed, and the names of people who must
not be shown are replaced, including declined forms ("Бекболатова Армана").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, select

from warcases.publish.pseudonyms import PseudonymScheme, display, initials, person_keys
from warcases.store.schema import defendants, statements

POLICY_FILE = Path(__file__).with_name("redaction.yaml")
ACTIONS = ("pseudonymise", "initials", "drop", "keep")
COLUMN_ACTIONS = ("keep", "drop", "year_only", "name", "text")
_WORD = re.compile(r"[^\W\d_]+")
_STRIP = "аяоеиыуюйьэё"


class PolicyError(ValueError):
    """The policy file is not usable."""


@dataclass(frozen=True)
class Identifier:
    name: str
    pattern: re.Pattern[str]
    replacement: str


@dataclass(frozen=True)
class Policy:
    roles: dict[str, str]
    default_action: str
    dropped: str
    properties: dict[str, str]  # statement property -> role
    columns: dict[str, str]  # "table.column" -> action
    identifiers: tuple[Identifier, ...]
    endings: frozenset[str]
    scheme: PseudonymScheme
    source: str = "redaction.yaml"

    def action(self, role: str | None) -> str:
        return self.roles.get(role or "", self.default_action)

    def column(self, table: str, column: str, default: str = "text") -> str:
        return self.columns.get(f"{table}.{column}", default)


def load_policy(path: Path | None = None) -> Policy:
    path = Path(path) if path else POLICY_FILE
    try:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError(f"{path}: cannot read the redaction policy: {exc}") from exc
    roles = {str(k): str(v) for k, v in (data.get("roles") or {}).items()}
    default = str(data.get("default_role_action", "pseudonymise"))
    for role, action in [*roles.items(), ("default_role_action", default)]:
        if action not in ACTIONS:
            raise PolicyError(
                f"{path}: role {role!r}: action {action!r} is not one of {', '.join(ACTIONS)}"
            )
    columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
    for col, action in columns.items():
        if action not in COLUMN_ACTIONS:
            raise PolicyError(
                f"{path}: column {col!r}: action {action!r} is not one of "
                f"{', '.join(COLUMN_ACTIONS)}"
            )
    identifiers = []
    for name, spec in (data.get("identifiers") or {}).items():
        try:
            identifiers.append(
                Identifier(
                    name, re.compile(spec["pattern"]), str(spec.get("replacement", "[удалено]"))
                )
            )
        except (KeyError, TypeError, re.error) as exc:
            raise PolicyError(f"{path}: identifier {name!r}: {exc}") from exc
    ps = data.get("pseudonym") or {}
    return Policy(
        roles=roles,
        default_action=default,
        dropped=str(data.get("dropped", "[имя удалено]")),
        properties={str(k): str(v) for k, v in (data.get("properties") or {}).items()},
        columns=columns,
        identifiers=tuple(identifiers),
        endings=frozenset(str(e) for e in (data.get("name_endings") or [""])) | {""},
        scheme=PseudonymScheme(
            str(ps.get("prefix", "P-")), int(ps.get("length", 6)), str(ps.get("salt", ""))
        ),
        source=str(path),
    )


@dataclass(frozen=True)
class Person:
    """A named person the data holds, with the key their pseudonym comes from and their role."""

    name: str
    key: str
    role: str


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def name_tokens(name: str) -> list[str]:
    """Folded words of a name, initials left out."""
    return [fold(w) for w in _WORD.findall(name) if len(w) > 1]


def stem(token: str) -> str:
    """A folded name part without one final vowel, й or ь ("невои" → "нево")."""
    return token[:-1] if len(token) > 3 and token[-1] in _STRIP else token


def known_people(conn: Connection, policy: Policy) -> list[Person]:
    """Everyone named in the data: defendants, people named by statements, list records."""
    keys = person_keys(conn)
    people: dict[tuple[str, str], Person] = {}
    named = select(defendants.c.id, defendants.c.name).where(defendants.c.name.is_not(None))
    for rid, name in conn.execute(named):
        people[(name, keys.get(rid, rid))] = Person(name, keys.get(rid, rid), "defendant")
    name_props = [p for p in policy.properties if p != "name"]
    if name_props:
        q = select(statements.c.subject, statements.c.property, statements.c.value).where(
            statements.c.property.in_(name_props), statements.c.status != "rejected"
        )
        for stmt in conn.execute(q):
            if isinstance(stmt.value, str) and stmt.value.strip():
                role = policy.properties[stmt.property]
                people[(stmt.value, f"{stmt.subject}/{stmt.property}")] = Person(
                    stmt.value, f"{stmt.subject}/{stmt.property}", role
                )
    # Names given to "name" statements that the card did not keep (e.g. a rejected variant).
    names = select(statements.c.subject, statements.c.value).where(statements.c.property == "name")
    for row in conn.execute(names):
        if isinstance(row.value, str) and row.value.strip() and "/defendant/" in row.subject:
            key = keys.get(row.subject, row.subject)
            people.setdefault((row.value, key), Person(row.value, key, "defendant"))
    from warcases.publish.people import list_people

    for person in list_people(conn):
        people.setdefault((person.name, person.key), person)
    return sorted(people.values(), key=lambda p: (p.key, p.name))


@dataclass
class Redactor:
    """Applies a policy to names and free text. Build one per export with :meth:`for_store`."""

    policy: Policy
    people: list[Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index: dict[str, list[tuple[int, int]]] = defaultdict(list)  # stem -> (person, part)
        self._parts: list[list[str]] = []
        for pi, person in enumerate(self.people):
            parts = name_tokens(person.name)
            self._parts.append(parts)
            if self.policy.action(person.role) == "keep":
                continue
            for part_i, part in enumerate(parts):
                for key in {part, stem(part)}:
                    self._index[key].append((pi, part_i))

    @classmethod
    def for_store(cls, conn: Connection, policy: Policy | None = None) -> Redactor:
        policy = policy or load_policy()
        return cls(policy, known_people(conn, policy))

    # -- names --------------------------------------------------------------------------------

    def name(self, name: str | None, key: str, role: str = "defendant") -> str | None:
        if name is None:
            return None
        action = self.policy.action(role)
        if action == "keep":
            return name
        if action == "initials":
            return initials(name)
        if action == "drop":
            return self.policy.dropped
        return display(name, key, self.policy.scheme)

    def pseudonym(self, key: str) -> str:
        return self.policy.scheme(key)

    # -- free text ----------------------------------------------------------------------------

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        out = value
        for ident in self.policy.identifiers:
            out = ident.pattern.sub(ident.replacement, out)
        return self._names(out)

    def _candidates(self, token: str) -> list[tuple[int, int]]:
        """(person, part) pairs a word may be a form of: the part, or its stem plus an ending."""
        t = fold(token)
        found: list[tuple[int, int]] = []
        for cut in range(4):
            if len(t) - cut < 3:
                break
            if t[len(t) - cut :] not in self.policy.endings:
                continue
            for hit in self._index.get(t[: len(t) - cut], ()):
                if hit not in found:
                    found.append(hit)
        return found

    def _extend(
        self,
        text: str,
        words: list[tuple[int, int, str]],
        cands: list[list[tuple[int, int]]],
        i: int,
        pi: int,
    ) -> tuple[int, set[int], int]:
        """How far the name of person ``pi`` runs from word ``i``: (end, parts used, full words)."""
        j, used, full = i, set(), 0
        parts = self._parts[pi]
        while j < len(words):
            if j > i and not _adjacent(text, words[j - 1], words[j]):
                break
            hits = [part for p, part in cands[j] if p == pi and part not in used]
            if hits:
                used.add(hits[0])
                full += 1
            elif (
                _is_initial(text, words[j])
                and (k := _initial_part(parts, used, words[j][2])) is not None
            ):
                used.add(k)
            else:
                break
            j += 1
        return j, used, full

    def _names(self, text: str) -> str:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        if not words or not self._index:
            return text
        cands = [self._candidates(w) if len(w) > 2 else [] for _, _, w in words]
        replacements: list[tuple[int, int, str]] = []
        i = 0
        while i < len(words):
            best: tuple[int, int, int] | None = None  # (words covered, person, end)
            for pi in sorted({p for p, _ in cands[i]}):
                j, used, full = self._extend(text, words, cands, i, pi)
                surname = any((pi, 0) in cands[k] for k in range(i, j))
                if not (full >= 2 or (surname and full >= 1)):
                    continue
                if self._other_person_follows(text, words, j, pi, used):
                    continue
                if best is None or j - i > best[0]:
                    best = (j - i, pi, j)
            if best is None:
                i += 1
                continue
            _, pi, j = best
            start = i
            while (
                start > 0
                and _is_initial(text, words[start - 1])
                and _adjacent(text, words[start - 1], words[start])
            ):
                start -= 1  # initials written before the surname: "А.С. Бекболатов"
            end = words[j - 1][1]
            if _is_initial(text, words[j - 1]):
                end += 1
            person = self.people[pi]
            replacements.append(
                (words[start][0], end, self.name(person.name, person.key, person.role) or "")
            )
            i = j
        for s, e, repl in reversed(replacements):
            text = text[:s] + repl + text[e:]
        return text

    def _other_person_follows(
        self, text: str, words: list[tuple[int, int, str]], j: int, pi: int, used: set[int]
    ) -> bool:
        """A surname followed by someone else's initials or given name is a namesake: leave it."""
        if j >= len(words) or len(used) >= len(self._parts[pi]):
            return False
        gap = text[words[j - 1][1] : words[j][0]]
        nxt = words[j]
        if _is_initial(text, nxt) and _adjacent(text, words[j - 1], nxt):
            return True
        return gap.strip() == "" and len(gap) <= 2 and nxt[2][:1].isupper()


def _initial_part(parts: list[str], used: set[int], letter: str) -> int | None:
    low = fold(letter)
    return next((k for k, part in enumerate(parts) if k not in used and part.startswith(low)), None)


def _adjacent(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    gap = text[a[1] : b[0]]
    return len(gap) <= 3 and all(c in " .\u00a0\t" for c in gap)


def _is_initial(text: str, word: tuple[int, int, str]) -> bool:
    return len(word[2]) == 1 and word[2].isupper() and word[1] < len(text) and text[word[1]] == "."


__all__ = ["Person", "Policy", "PolicyError", "Redactor", "known_people", "load_policy"]
