"""Criminal-code article references → normalised charge codes (``KZ:172:1``, ``RU:158:2:в``).

``find_charges`` reads Russian ("ч. 1 ст. 172 УК РК", "п. «в» ч. 2 ст. 158 УК РФ", "ст.ст. 172
ч.1, 392 ч.1 УК РК"), Kazakh/Kyrgyz/Uzbek word order ("ҚК-нің 172-бабының 1-бөлігі",
"154-moddasi 1-qismi") and English ("Article 172, Part 1 of the Criminal Code of Kazakhstan").

How it works: one compiled regex finds the tokens of a reference (an article/part/point keyword
with its numbers, a suffixed number such as "172-бабы", a code name); tokens separated only by
commas, "и"/"and"/"of"/"және" form a run; a run is cut into groups at code names; each group is
parsed in either order (part → article, as in "ч. 1 ст. 172", or article → part, as in
"ст. 172 ч. 1"). The country comes from the code name after the group (or before it, in Kazakh
order), else from the article word ("бап" is Kazakh), else from the ``country`` argument; a
group whose code is another law (УПК, КоАП, Закон …) is dropped.

General-Part articles (attempt, complicity, sentencing rules: RU Art. 30, KZ Art. 24, 63 …) are
not charges: in "ст.30 ч.3, ст.158 ч.2 п.в УК РФ" only RU:158:2:в is returned, and its span
covers the whole reference. All knowledge is in ``knowledge/articles.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from warcases.knowledge import (
    PhraseMatcher,
    article_info,
    article_title,
    load_yaml,
    phrase_pattern,
)

__all__ = ["ChargeMatch", "article_info", "article_title", "find_charges", "parse_code"]


@dataclass(frozen=True)
class ChargeMatch:
    code: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Knowledge


@dataclass(frozen=True)
class _Code:
    kind: str  # "cc" (a criminal code of a known country), "generic", "other"
    country: str | None


@dataclass(frozen=True)
class _Grammar:
    token: re.Pattern[str]
    gap: re.Pattern[str]
    codes: PhraseMatcher[_Code]
    ordinals: dict[str, str]
    suffixed: PhraseMatcher[tuple[str, str | None]]
    special_from: dict[str, int | None]


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_DASH = "-‐‑‒–—"
_ART_VALUE = rf"\d+(?:\.\d+)?(?:\s?[{_DASH}]\s?\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\s?\(\d{{1,2}}\))?"
_POINT_VALUE = (
    r"\d+\)?|[«\"„“”']\s?[а-яёa-z]\s?[»\"“”']|\(?[а-яёa-z]\)|[а-яё](?![\w.])"
)
_SEP = r"(?:\s*,\s*(?:и\s+|and\s+)?|\s+(?:и|and)\s+)"
_LETTER_BEFORE = r"(?<![^\W\d_])"


def _first_letters(words: Iterable[str]) -> str:
    return "".join(sorted({c for w in words for c in (w[0].lower(), w[0].upper())}))


def _listing(value: str) -> str:
    return rf"(?:{value})(?:{_SEP}(?:{value}))*"


@cache
def _grammar() -> _Grammar:
    data = load_yaml("articles")
    table: dict[str, list[_Code]] = {}
    for country, entry in data["codes"].items():
        for name in entry["names"]:
            table.setdefault(name, []).append(_Code("cc", country))
    for name in data["generic_code_names"]:
        table.setdefault(name, []).append(_Code("generic", None))
    for name in data["other_acts"]:
        table.setdefault(name, []).append(_Code("other", None))

    words = data["reference_words"]
    ordinals = {w: str(n) for n, forms in words["ordinals"].items() for w in forms}
    ordinal_rx = phrase_pattern(ordinals)
    suffixed_table: dict[str, list[tuple[str, str | None]]] = {}
    for kind in ("part", "point"):
        for w in words["suffixed"][kind]:
            suffixed_table.setdefault(w, []).append((kind, None))
    for w, country in words["suffixed"]["article"].items():
        suffixed_table.setdefault(w, []).append(("article", country))

    part_value = rf"\d+(?:\s?[{_DASH}]\s?\d+)?(?![\d)])|(?:{ordinal_rx})(?!\w)"
    token = (
        _LETTER_BEFORE + r"(?:"
        rf"(?P<code>(?:{phrase_pattern(table)}))(?!\w)"
        rf"|(?=[0-9{_first_letters(ordinals)}])(?P<sfx>(?:\d+(?:[{_DASH}]\d+)?"
        rf"(?:\s?[{_DASH}]\s?|\)\s?)|(?:{ordinal_rx})\s+)"
        rf"(?:{phrase_pattern(suffixed_table)}))(?!\w)"
        r"|(?=[сСaA])(?P<art>(?:ст\.\s*ст\.|ст\.|ст(?=\s*\d)"
        r"|стать(?:я|и|е|ю|ей|ёй|ями|ях|ям)|статей"
        r"|arts?\.|articles?)\s*" + rf"(?P<artv>{_listing(_ART_VALUE)}))"
        r"|(?=[чЧpP])(?P<part>(?:ч\.\s*ч\.|ч\.|ч(?=\s*\d)|част(?:ь|и|ью|ей|ями|ях|ям)|parts?)\s*"
        + rf"(?P<partv>{_listing(part_value)}))"
        r"|(?=[пПsSiIcCpP])(?P<point>(?:п\.\s*п\.|пп\.|п\.|п(?=\s*\d)"
        r"|пункт(?:ы|а|у|ом|ов|ами|ах|ам)?"
        r"|sub-?paragraphs?|paragraphs?|items?|clauses?|points?)\s*"
        + rf"(?P<pointv>{_listing(_POINT_VALUE)}))"
        r")"
    )
    gap = (
        r"[\s,;]*(?:(?:и|а\s+также|также|and|of(?:\s+the)?|және|мен|бен|пен|жана|va|ва)"
        r"(?!\w)[\s,]*)?"
    )
    special = {c: e.get("special_part_from") for c, e in data["codes"].items()}
    return _Grammar(
        token=re.compile(token, re.IGNORECASE),
        gap=re.compile(gap, re.IGNORECASE),
        codes=PhraseMatcher(table),
        ordinals={k.lower(): v for k, v in ordinals.items()},
        suffixed=PhraseMatcher(suffixed_table, require_capital=False),
        special_from=special,
    )


def parse_code(code: str) -> tuple[str, str, str | None, str | None]:
    """``"KZ:172:1"`` → ``("KZ", "172", "1", None)``; raises ValueError on a malformed code."""
    parts = code.split(":")
    if len(parts) < 2 or len(parts) > 4 or not parts[0] or not parts[1]:
        raise ValueError(f"not a charge code {code!r}: expected CC:ARTICLE[:PART[:POINT]]")
    parts += [None] * (4 - len(parts))  # type: ignore[list-item]
    return parts[0].upper(), parts[1], parts[2], parts[3]


# --------------------------------------------------------------------------------------------
# Tokens: a keyword with its (normalised) values, or a code name


@dataclass(frozen=True)
class _Value:
    text: str  # normalised: "154-1", "1-1", "в"
    start: int
    end: int


@dataclass(frozen=True)
class _Ref:
    kind: str  # art, part, point
    values: tuple[_Value, ...]
    start: int
    end: int
    plural: bool  # "ст.ст.", "частями": a list is expected
    comma_before: bool
    implied: str | None = None  # the country an article word implies ("бап" → KZ)


@dataclass(frozen=True)
class _CodeTok:
    code: _Code
    start: int
    end: int


@dataclass
class _Charge:
    article: str
    part: str | None
    point: str | None
    start: int
    end: int


_VALUE_SPLIT = re.compile(_SEP, re.IGNORECASE)
_PLURAL = re.compile(
    r"^(?:ст\.\s*ст|ч\.\s*ч|п\.\s*п|пп|стать(?:ями|ях|ям)|статей|част(?:ями|ях|ям|ей)"
    r"|пункт(?:ами|ах|ам|ов|ы)|arts|articles|parts|paragraphs|items|clauses|points)",
    re.IGNORECASE,
)
_ARTICLE = re.compile(rf"(\d+(?:\.\d+)?)(?:[{_DASH}](\d+)|\((\d+)\))?")


def _article_number(raw: str) -> str | None:
    """"154¹", "154-1", "154 (1)" → "154-1"; "205.1" stays; a range "393-399" → None."""
    text = re.sub(r"\s+", "", raw)
    sup = re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+$", text)
    if sup:
        text = f"{text[:sup.start()]}-{sup.group().translate(_SUPERSCRIPTS)}"
    m = _ARTICLE.fullmatch(text)
    if m is None:
        return None
    base, suffix = m.group(1), m.group(2) or m.group(3)
    if suffix is None:
        return base
    if "." not in base and int(suffix) > int(base):
        return None
    return f"{base}-{suffix}"


def _part_value(raw: str, g: _Grammar) -> str | None:
    s = raw.strip().lower()
    if s in g.ordinals:
        return g.ordinals[s]
    s = re.sub(rf"\s+|[{_DASH}]", lambda m: "-" if m.group().strip() else "", s)
    return s if re.fullmatch(r"\d+(?:-\d+)?", s) else None


def _point_value(raw: str) -> str | None:
    return re.sub(r"[«»\"„“”'()\s]", "", raw).lower() or None


def _values(m: re.Match[str], group: str, g: _Grammar) -> tuple[_Value, ...]:
    text, base = m.group(group), m.start(group)
    pieces, pos = [], 0
    for sep in _VALUE_SPLIT.finditer(text):
        pieces.append((text[pos:sep.start()], base + pos, base + sep.start()))
        pos = sep.end()
    pieces.append((text[pos:], base + pos, base + len(text)))
    norm = {"artv": _article_number, "partv": lambda r: _part_value(r, g), "pointv": _point_value}
    out = []
    for raw, start, end in pieces:
        value = norm[group](raw) if raw.strip() else None
        if value:
            out.append(_Value(value, start, end))
    return tuple(out)


def _tokens(text: str, g: _Grammar, lo: int, hi: int) -> list[_Ref | _CodeTok]:
    toks: list[_Ref | _CodeTok] = []
    for m in g.token.finditer(text, lo, hi):
        comma = "," in text[toks[-1].end if toks else lo:m.start()]
        if (surface := m.group("code")) is not None:
            hit = g.codes.lookup(surface)
            if hit and not (hit.spelling[:1].isupper() and not surface[:1].isupper()):
                toks.append(_CodeTok(hit.values[0], m.start(), m.end()))
        elif m.group("sfx") is not None:
            toks.append(_suffixed(m, g, comma))
        else:
            kind = next(k for k in ("art", "part", "point") if m.group(k) is not None)
            values = _values(m, f"{kind}v", g)
            if values:
                plural = bool(_PLURAL.match(m.group(kind)))
                toks.append(_Ref(kind, values, m.start(), m.end(), plural, comma))
    return toks


_SFX_SPLIT = re.compile(
    rf"^(\d+(?:[{_DASH}]\d+)?|[^\W\d_]+)\s?(?:[{_DASH}]\s?|\)\s?|\s+)?(.*)$", re.DOTALL
)


def _suffixed(m: re.Match[str], g: _Grammar, comma: bool) -> _Ref:
    """"172-бабының", "1-бөлігі", "1) тармағы", "бірінші бөлігі", "154-moddasi"."""
    head = _SFX_SPLIT.match(m.group("sfx"))
    assert head is not None
    number, word = head.group(1), head.group(2)
    hit = g.suffixed.lookup(word)
    kind, implied = hit.values[0] if hit else ("article", None)
    if kind == "article":
        value = _article_number(number)
    elif kind == "part":
        value = _part_value(number, g)
    else:
        value = _point_value(number)
    start = m.start("sfx")
    values = (_Value(value, start, m.end()),) if value else ()
    return _Ref({"article": "art"}.get(kind, kind), values, start, m.end(), False, comma, implied)


# Cheap prefilter: every reference has an article number in digits. A number counts when a
# reference keyword stands just before it or a Kazakh-style suffix just after it; the token
# grammar then runs only on a window around such numbers.
_NUMBER = re.compile(r"[0-9]+")
_KEYWORD_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:ст|ч|п|пп|част\w*|стать\w*|статей|пункт\w*|art\w*|part\w*|"
    r"paragraph\w*|item\w*|clause\w*|point\w*)\.?\s?$",
    re.IGNORECASE,
)
_SUFFIX_AFTER = re.compile(rf"[0-9]*(?:[{_DASH}]\d+)?\s?(?:[{_DASH}]|\))\s?[^\W\d_]")
_MARGIN = 90


def _windows(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        if not (_KEYWORD_BEFORE.search(text, max(0, s - 16), s) or _SUFFIX_AFTER.match(text, s)):
            continue
        lo, hi = max(0, s - _MARGIN), min(len(text), e + _MARGIN)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


# --------------------------------------------------------------------------------------------
# Parsing a group: "ч. 1 ст. 172" (part → article) or "ст. 172 ч. 1" (article → part)


def _parse_group(refs: list[_Ref]) -> list[_Charge]:
    charges: list[_Charge] = []
    parts: list[_Value] = []  # pending, for a following article ("ч.ч. 1, 2 ст. 172")
    points: list[_Value] = []
    pending_start: int | None = None
    current: _Charge | None = None  # the article that trailing parts/points attach to

    for ref in refs:
        attach = current is not None and not ref.comma_before
        if ref.kind == "art":
            if parts or points:
                assert pending_start is not None
                part_texts: list[str | None] = [p.text for p in parts] or [None]
                point_texts: list[str | None] = [p.text for p in points] or [None]
                for a in ref.values:
                    for p in part_texts:
                        for pt in point_texts:
                            charges.append(_Charge(a.text, p, pt, pending_start, ref.end))
                parts, points, pending_start, current = [], [], None, None
            else:
                for i, v in enumerate(ref.values):
                    current = _Charge(v.text, None, None, ref.start if i == 0 else v.start, v.end)
                    charges.append(current)
        elif ref.kind == "part" and attach and current is not None and current.part is None:
            base = current
            for i, v in enumerate(ref.values):
                if i and v.text.isdigit() and int(v.text) > 12:
                    # "ст.ст. 172 ч.1, 392 ч.1": a number too big for a part is the next article
                    base = _Charge(v.text, None, None, v.start, v.end)
                    charges.append(base)
                elif base.part is None:
                    base.part, base.end = v.text, v.end
                else:
                    base = _Charge(base.article, v.text, None, v.start, v.end)
                    charges.append(base)
            current = base
        elif ref.kind == "point" and attach and current is not None and current.point is None:
            current.point, current.end = ref.values[0].text, ref.values[0].end
            for v in ref.values[1:]:
                charges.append(_Charge(current.article, current.part, v.text, v.start, v.end))
        else:
            pending_start = ref.start if pending_start is None else pending_start
            if ref.kind == "part":
                parts = list(ref.values)
            else:
                points = list(ref.values)
    # "Article 172, Part 1": a trailing part (or point) belongs to the last article.
    if current is not None and parts and current.part is None:
        current.part, current.end = parts[0].text, parts[-1].end
    if current is not None and points and current.point is None:
        current.point, current.end = points[0].text, points[-1].end
    return charges


def _trim_trailing(refs: list[_Ref]) -> list[_Ref]:
    """A singular keyword's extra values at the end of an un-coded run are not references:
    "ст. 172, 5 (пять) лет" is article 172 followed by a term."""
    last = refs[-1]
    if len(last.values) > 1 and not last.plural:
        first = last.values[0]
        refs = refs[:-1] + [replace(last, values=(first,), end=first.end)]
    return refs


def _is_general_part(country: str, article: str, g: _Grammar) -> bool:
    limit = g.special_from.get(country)
    m = re.match(r"\d+", article)
    return limit is not None and m is not None and int(m.group()) < limit


def _emit(refs: list[_Ref], prefix: _CodeTok | None, suffix: _CodeTok | None,
          country: str | None, g: _Grammar) -> list[ChargeMatch]:
    code = suffix or prefix
    if code is not None and code.code.kind == "other":
        return []
    if suffix is None:
        refs = _trim_trailing(refs)
    resolved = code.code.country if code is not None else None
    resolved = resolved or next((r.implied for r in refs if r.implied), None) or country
    if resolved is None:
        return []
    resolved = resolved.upper()
    charges = _parse_group(refs)
    # General-Part articles qualify the nearest charge (the next one, else the previous one).
    kept: list[_Charge] = []
    carry: int | None = None
    for c in charges:
        if _is_general_part(resolved, c.article, g):
            carry = c.start if carry is None else min(carry, c.start)
            continue
        if carry is not None:
            c.start, carry = min(c.start, carry), None
        kept.append(c)
    if not kept:
        return []
    if carry is not None:
        kept[-1].end = max(c.end for c in charges)
    if suffix is not None:
        kept[-1].end = max(kept[-1].end, suffix.end)
    elif prefix is not None:
        kept[0].start = min(kept[0].start, prefix.start)
    out = []
    for c in kept:
        code_parts = [resolved, c.article]
        if c.part:
            code_parts += [c.part] + ([c.point] if c.point else [])
        out.append(ChargeMatch(":".join(code_parts), c.start, c.end))
    return out


# --------------------------------------------------------------------------------------------
# Public


def find_charges(text: str, country: str | None = None) -> list[ChargeMatch]:
    """Every criminal-code charge referenced in ``text``, in text order.

    ``country`` (ISO alpha-2) is used for references that do not name their code ("ст. 172 ч. 1
    УК"); references to other laws (УПК, КоАП, Закон …) are never returned.
    """
    g = _grammar()
    toks: list[_Ref | _CodeTok] = []
    for lo, hi in _windows(text):
        toks.extend(_tokens(text, g, lo, hi))
    out: list[ChargeMatch] = []
    run: list[_Ref | _CodeTok] = []

    def flush(run: list[_Ref | _CodeTok]) -> None:
        refs: list[_Ref] = []
        prefix: _CodeTok | None = None
        for tok in run:
            if isinstance(tok, _CodeTok):
                if refs:
                    out.extend(_emit(refs, prefix, tok, country, g))
                    refs, prefix = [], None
                else:
                    prefix = tok
            else:
                refs.append(tok)
        if refs:
            out.extend(_emit(refs, prefix, None, country, g))

    for tok in toks:
        if run and not g.gap.fullmatch(text, run[-1].end, tok.start):
            flush(run)
            run = []
        run.append(tok)
    if run:
        flush(run)
    return out
