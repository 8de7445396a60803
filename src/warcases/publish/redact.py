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

from warcases.link.translit import SCHEMES, name_key, transliterate
from warcases.publish.pseudonyms import PseudonymScheme, assign, display, initials
from warcases.store.schema import defendants, statements

POLICY_FILE = Path(__file__).with_name("redaction.yaml")
ACTIONS = ("pseudonymise", "initials", "drop", "keep")
COLUMN_ACTIONS = ("keep", "drop", "year_only", "name", "text")
# A word, with the apostrophes of Uzbek Latin inside it ("G'ulomov", "O'tkir").
_WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ`‘’][^\W\d_]+)*")
_KEY_VOWELS = "aeiou"


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
    endings: frozenset[str]  # case endings, as match keys (see ``key``)
    scheme: PseudonymScheme
    particles: frozenset[str] = frozenset()  # "ұлы", "уулу", "o'g'li" …, as match keys
    role_words: frozenset[str] = frozenset()  # "судья", "прокурора" …, folded
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
        endings=_endings(data.get("name_endings"), path),
        particles=frozenset(key(str(p)) for p in (data.get("name_particles") or [])),
        role_words=frozenset(fold(str(w)) for w in (data.get("kept_role_words") or [])),
        scheme=PseudonymScheme(
            str(ps.get("prefix", "P-")), int(ps.get("length", 6)), str(ps.get("salt", ""))
        ),
        source=str(path),
    )


def _endings(spec: Any, path: Path) -> frozenset[str]:
    """Case endings by language (or one plain list), turned into match keys."""
    if spec is None:
        spec = []
    groups = spec.values() if isinstance(spec, dict) else [spec]
    out = {""}
    for group in groups:
        if not isinstance(group, list):
            raise PolicyError(f"{path}: name_endings: expected lists of endings, got {group!r}")
        out.update(key(str(e)) for e in group if e is not None)
    return frozenset(out)


@dataclass(frozen=True)
class Person:
    """A named person the data holds, with their person key, role and (once the store has
    given them one) their pseudonym; without one it is made from the key."""

    name: str
    key: str
    role: str
    pseudonym: str | None = None


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def key(word: str) -> str:
    """The match key of a word, the same for every spelling of a name: Cyrillic (Russian,
    Kazakh, Kyrgyz, Uzbek letters) and Latin transliterations alike, so "Қайратұлы",
    "Кайратулы", "Qairatuly" and "Kairatuly" are one key."""
    return name_key(word)


def name_tokens(name: str) -> list[str]:
    """Folded words of a name, initials left out."""
    return [fold(w) for w in _WORD.findall(name) if len(w) > 1]


def stem(k: str) -> str:
    """A key without one final vowel ("nevoi" → "nevo", "gulnara" → "gulnar")."""
    return k[:-1] if len(k) > 3 and k[-1] in _KEY_VOWELS else k


def _fleeting(k: str) -> str:
    """A key without the vowel Russian drops in declension: "pavel" → "pavl" (Павла)."""
    if len(k) >= 5 and k[-2] in "eo" and k[-1] not in _KEY_VOWELS and k[-3] not in _KEY_VOWELS:
        return k[:-2] + k[-1]
    return k


# Letters of Kazakh, Kyrgyz, Uzbek and Tajik Cyrillic that Russian spelling replaces, so an
# initial "К." may stand for "Қайратұлы" (never "Е." for "Эдуардович": they are other letters).
_INITIAL_FOLD = str.maketrans("қғңөұүһіўҳёӣҷәҚҒҢӨҰҮҺІЎҲЁӢҶӘ", "кгноуухиухеийаКГНОУУХИУХЕИЙА")


def _initial_forms(letter: str) -> frozenset[str]:
    low = letter.casefold()
    return frozenset({low, low.translate(_INITIAL_FOLD)})


def _first_letters(word: str) -> frozenset[str]:
    """What an initial of this name part may be written as: "Ж", "Z" or "J" for Жумабеков."""
    firsts = set(_initial_forms(word[0]))
    for scheme in SCHEMES:
        latin = transliterate(word, scheme)
        if latin:
            firsts.add(latin[0].casefold())
    return frozenset(f for f in firsts if f)


class NameIndex:
    """Which name part of which person a word of running text may be a form of.

    A word matches a part when its key equals the part's key or the part's key without a final
    vowel, once a case ending (Russian, Kazakh, Kyrgyz, Uzbek or English, from the policy) is
    taken off: "Бекболатова", "Оспановтың", "Қайратұлына", "Rahimovga", "Ospanov's".
    """

    def __init__(self, names: list[str], endings: frozenset[str], particles: frozenset[str]):
        self.names = names
        self.particles = particles
        self.endings = endings | {""}
        self.max_ending = max(len(e) for e in self.endings)
        self.parts: list[list[str]] = []
        self.firsts: list[list[frozenset[str]]] = []
        self._index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._cache: dict[str, list[tuple[int, int]]] = {}
        self._by_person: dict[str, dict[int, tuple[int, ...]]] = {}
        for pi, name in enumerate(names):
            parts, firsts = [], []
            for word in _WORD.findall(name):
                k = key(word)
                if len(word) < 2 or len(k) < 2 or k in particles:
                    continue
                parts.append(k)
                firsts.append(_first_letters(word))
            self.parts.append(parts)
            self.firsts.append(firsts)
            for part_i, part in enumerate(parts):
                for form in sorted({part, stem(part), _fleeting(part)}):
                    self._index[form].append((pi, part_i))

    def __bool__(self) -> bool:
        return bool(self._index)

    def candidates(self, word: str) -> list[tuple[int, int]]:
        """(person, part) pairs a word may be a form of."""
        k = key(word)
        hit = self._cache.get(k)
        if hit is not None:
            return hit
        found: dict[tuple[int, int], None] = {}
        for cut in range(min(self.max_ending, len(k) - 3) + 1):
            if k[len(k) - cut :] in self.endings:
                found.update(dict.fromkeys(self._index.get(k[: len(k) - cut], ())))
        hit = self._cache[k] = list(found)
        return hit

    def by_person(self, word: str) -> dict[int, tuple[int, ...]]:
        """The candidates of a word grouped by person: person → the parts it may be."""
        k = key(word)
        hit = self._by_person.get(k)
        if hit is None:
            grouped: dict[int, list[int]] = {}
            for pi, part in self.candidates(word):
                grouped.setdefault(pi, []).append(part)
            hit = self._by_person[k] = {pi: tuple(parts) for pi, parts in grouped.items()}
        return hit

    def is_particle(self, word: str) -> bool:
        return key(word) in self.particles

    def initial_part(self, pi: int, used: set[int], letter: str) -> int | None:
        """The name part an initial stands for: the next part not yet seen, in the order the
        name is stored (given name, then patronymic), or None when the letter is another."""
        k = next((k for k in range(len(self.parts[pi])) if k not in used), None)
        if k is None or not (_initial_forms(letter) & self.firsts[pi][k]):
            return None
        return k


def known_people(conn: Connection, policy: Policy) -> list[Person]:
    """Everyone named in the data: defendants, people named by statements, list records."""
    given = assign(conn, policy.scheme)
    keys = given.keys
    people: dict[tuple[str, str], Person] = {}
    named = select(defendants.c.id, defendants.c.name).where(defendants.c.name.is_not(None))
    for rid, name in conn.execute(named):
        key = keys.get(rid, rid)
        people[(name, key)] = Person(name, key, "defendant", given.names.get(key))
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
            people.setdefault(
                (row.value, key), Person(row.value, key, "defendant", given.names.get(key))
            )
    from warcases.publish.people import list_people

    for person in list_people(conn, given):
        people.setdefault((person.name, person.key), person)
    return sorted(people.values(), key=lambda p: (p.key, p.name))


@dataclass
class Redactor:
    """Applies a policy to names and free text. Build one per export with :meth:`for_store`."""

    policy: Policy
    people: list[Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        hidden = [p for p in self.people if self.policy.action(p.role) != "keep"]
        self._people = hidden
        self._names_index = NameIndex(
            [p.name for p in hidden], self.policy.endings, self.policy.particles
        )
        self._parts = self._names_index.parts
        self._texts: dict[str, str] = {}
        self._pseudonyms = {p.key: p.pseudonym for p in self.people if p.pseudonym}

    @classmethod
    def for_store(cls, conn: Connection, policy: Policy | None = None) -> Redactor:
        policy = policy or load_policy()
        return cls(policy, known_people(conn, policy))

    # -- names --------------------------------------------------------------------------------

    def name(
        self, name: str | None, key: str, role: str = "defendant", pseudonym: str | None = None
    ) -> str | None:
        if name is None:
            return None
        action = self.policy.action(role)
        if action == "keep":
            return name
        if action == "initials":
            return initials(name)
        if action == "drop":
            return self.policy.dropped
        return display(name, key, self.policy.scheme, pseudonym or self._pseudonyms.get(key))

    def pseudonym(self, key: str) -> str:
        """The person's stored pseudonym, or one made from the key for someone without."""
        return self._pseudonyms.get(key) or self.policy.scheme(key)

    # -- free text ----------------------------------------------------------------------------

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        done = self._texts.get(value)
        if done is not None:
            return done  # the same quote stands behind many statements
        out = value
        for ident in self.policy.identifiers:
            out = ident.pattern.sub(ident.replacement, out)
        out = self._texts[value] = self._names(out)
        return out

    def _extend(
        self,
        text: str,
        words: list[tuple[int, int, str]],
        cands: list[dict[int, tuple[int, ...]]],
        i: int,
        pi: int,
    ) -> tuple[int, set[int], int]:
        """How far the name of person ``pi`` runs from word ``i``: (end, parts used, full words)."""
        j, used, full = i, set(), 0
        index = self._names_index
        while j < len(words):
            if j > i and not _adjacent(text, words[j - 1], words[j]):
                break
            hits = [part for part in cands[j].get(pi, ()) if part not in used]
            if hits:
                used.add(hits[0])
                full += 1
            elif (
                _is_initial(text, words[j])
                and (k := index.initial_part(pi, used, words[j][2])) is not None
            ):
                used.add(k)
            elif j > i and full and index.is_particle(words[j][2]):
                pass  # "Ботир ўғли", "Қайрат ұлы": part of the patronymic
            else:
                break
            j += 1
        return j, used, full

    def _names(self, text: str) -> str:
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        if not words or not self._names_index:
            return text
        index = self._names_index
        cands = [index.by_person(w) if len(w) > 2 else {} for _, _, w in words]
        replacements: list[tuple[int, int, str]] = []
        i = done = 0  # done: words before this index are already replaced
        while i < len(words):
            best: tuple[int, int, int, int] | None = None  # (words covered, person, end, start)
            for pi in sorted(cands[i]):
                j, used, full = self._extend(text, words, cands, i, pi)
                surname = any(0 in cands[k].get(pi, ()) for k in range(i, j))
                if not (full >= 2 or (surname and full >= 1)):
                    continue
                # a surname alone followed or preceded by other initials, or followed by another
                # given name, is a namesake; two words of one person's name are never left
                start = self._initials_before(text, words, i, pi, used, done)
                if full < 2 and (
                    start is None
                    or self._other_person_follows(text, words, j, pi, used)
                    or self._official_before(text, words, start, done)
                ):
                    continue
                start = i if start is None else start
                if best is None or j - start > best[0]:
                    best = (j - start, pi, j, start)
            if best is None:
                i += 1
                continue
            _, pi, j, start = best
            end = words[j - 1][1]
            if _is_initial(text, words[j - 1]):
                end += 1
            person = self._people[pi]
            replacements.append(
                (words[start][0], end, self.name(person.name, person.key, person.role) or "")
            )
            i = done = j
        for s, e, repl in reversed(replacements):
            text = text[:s] + repl + text[e:]
        return text

    def _initials_before(
        self,
        text: str,
        words: list[tuple[int, int, str]],
        i: int,
        pi: int,
        used: set[int],
        done: int,
    ) -> int | None:
        """Where the name starting at word ``i`` really starts, taking in initials written
        before it ("А.С. Бекболатов"): ``i`` when there are none, None when they are someone
        else's ("Д.Б. Оспанов" is not Оспанов Бекзат Қайратұлы)."""
        start = i
        while (
            start > done
            and _is_initial(text, words[start - 1])
            and _adjacent(text, words[start - 1], words[start])
        ):
            start -= 1
        seen = set(used)
        for k in range(start, i):
            part = self._names_index.initial_part(pi, seen, words[k][2])
            if part is None:
                return None
            seen.add(part)
        return start

    def _official_before(
        self, text: str, words: list[tuple[int, int, str]], start: int, done: int
    ) -> bool:
        """A surname (with initials) right after "судья", "прокурора", "секретаре" … is the
        official's, even when a protected person has the same surname and initials."""
        if start <= done or not self.policy.role_words:
            return False
        prev = words[start - 1]
        gap = text[prev[1] : words[start][0]]
        return (
            len(gap) <= 4
            and gap.strip(" \t\u00a0–—-:") == ""
            and (fold(prev[2]) in self.policy.role_words)
        )

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


def _adjacent(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    gap = text[a[1] : b[0]]
    return len(gap) <= 3 and all(c in " .\u00a0\t" for c in gap)


def _is_initial(text: str, word: tuple[int, int, str]) -> bool:
    return len(word[2]) == 1 and word[2].isupper() and word[1] < len(text) and text[word[1]] == "."


__all__ = [
    "NameIndex",
    "Person",
    "Policy",
    "PolicyError",
    "Redactor",
    "key",
    "known_people",
    "load_policy",
]
