"""What language a document is in and what kind of document it is.

Language: letter and word evidence from ``knowledge/languages.yaml`` (a small naive-Bayes model
over the letters that set Kazakh, Kyrgyz, Tajik, Uzbek and Ukrainian apart from Russian, plus
common words); lingua (ru/kk/uk/en only) is asked only when that evidence leaves Russian,
Kazakh and Ukrainian too close to call. Kind: cue phrases and line structure from
``knowledge/kinds.yaml``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from warcases.knowledge import load_yaml

LANGUAGES = ("ru", "kk", "ky", "uz", "tg", "uk", "en", "other")
KINDS = ("verdict", "news", "post", "list", "stats", "other")
LINGUA_LANGUAGES = ("ru", "kk", "uk")

_LETTER = re.compile(r"[^\W\d_]+")
_CYRILLIC_RUN = re.compile("[\u0400-\u04ff]+")
_CELL_SPLIT = re.compile(r"\t|;|\||\s{2,}")
_LATIN_RUN = re.compile("[A-Za-z\u00c0-\u024f]+")
# A Cyrillic word, with the apostrophe Ukrainian writes inside words (п'ять).
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+(?:['’ʼ][\u0400-\u04ff]+)*")
_APOSTROPHE = re.compile("['’ʼ]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def language_evidence() -> dict[str, Any]:
    """``knowledge/languages.yaml`` (parsed once, by the knowledge loader)."""
    return load_yaml("languages")


def kind_evidence() -> dict[str, Any]:
    """``knowledge/kinds.yaml`` (parsed once, by the knowledge loader)."""
    return load_yaml("kinds")


def _words(spec: dict[str, Any], where: str) -> list[str]:
    words = spec.get("words", [])
    odd = [w for w in words if not isinstance(w, str)]
    if odd:  # YAML reads a bare on/off/yes/no as a boolean
        raise ValueError(f"languages.yaml: {where} words must be strings; quote {odd!r}")
    return [w.lower() for w in words]


# ---------------------------------------------------------------------------- language


@cache
def _noise() -> re.Pattern[str]:
    return re.compile(language_evidence()["strip"])


@dataclass(frozen=True)
class _CyrillicModel:
    languages: tuple[str, ...]
    symbols: tuple[str, ...]
    log_p: dict[str, dict[str, float]]  # language -> symbol -> log probability ("" = any other)
    pairs: tuple[str, ...]
    pair_rates: dict[str, dict[str, float]]  # language -> pair -> expected share of letters
    words: dict[str, frozenset[str]]
    suffixes: dict[str, tuple[str, ...]]
    capitalised_weight: float
    word_bonus: float
    suffix_bonus: float
    lingua_margin: float
    lingua_min_words: int
    prior: dict[str, float]


@dataclass(frozen=True)
class _LatinModel:
    words: dict[str, frozenset[str]]
    suffixes: dict[str, tuple[str, ...]]
    apostrophes: re.Pattern[str]
    marker_bonus: float
    word_bonus: float
    suffix_bonus: float
    foreign: frozenset[str]
    foreign_percent: float


@cache
def _cyrillic_model() -> _CyrillicModel:
    cfg = language_evidence()["cyrillic"]
    langs: dict[str, dict[str, Any]] = cfg["languages"]
    symbols = tuple(sorted({s for spec in langs.values() for s in spec["letters"]}))
    absent = float(cfg["absent_per_1000"]) / 1000
    log_p: dict[str, dict[str, float]] = {}
    for lang, spec in langs.items():
        probs = {s: float(spec["letters"].get(s, 0)) / 1000 or absent for s in symbols}
        other = 1.0 - sum(probs.values())
        if other <= 0:
            raise ValueError(f"languages.yaml: letter frequencies of {lang} add up to over 1000")
        log_p[lang] = {s: math.log(p) for s, p in probs.items()} | {"": math.log(other)}
    pairs = tuple(sorted({p for spec in langs.values() for p in spec.get("pairs", {})}))
    pair_absent = float(cfg["pair_absent_per_1000"]) / 1000
    return _CyrillicModel(
        languages=tuple(langs),
        symbols=symbols,
        log_p=log_p,
        pairs=pairs,
        pair_rates={
            lang: {p: float(spec.get("pairs", {}).get(p, 0)) / 1000 or pair_absent for p in pairs}
            for lang, spec in langs.items()
        },
        words={lang: frozenset(_words(spec, lang)) for lang, spec in langs.items()},
        suffixes={
            lang: tuple(_words({"words": spec.get("suffixes", [])}, lang))
            for lang, spec in langs.items()
        },
        capitalised_weight=float(cfg["capitalised_weight"]),
        word_bonus=float(cfg["word_bonus"]),
        suffix_bonus=float(cfg["suffix_bonus"]),
        lingua_margin=float(cfg["lingua_margin"]),
        lingua_min_words=int(cfg["lingua_min_words"]),
        prior={lang: float(cfg.get("prior", {}).get(lang, 0)) for lang in langs},
    )


@cache
def _latin_model() -> _LatinModel:
    cfg = language_evidence()["latin"]
    apostrophes = re.compile(f"([oOgG])[{re.escape(cfg['apostrophes'])}]")
    return _LatinModel(
        words={
            lang: frozenset(apostrophes.sub(r"\1ʻ", w) for w in _words(spec, lang))
            for lang, spec in cfg["languages"].items()
        },
        suffixes={
            lang: tuple(str(x).lower() for x in spec.get("suffixes", []))
            for lang, spec in cfg["languages"].items()
        },
        apostrophes=apostrophes,
        marker_bonus=float(cfg["marker_bonus"]),
        word_bonus=float(cfg["word_bonus"]),
        suffix_bonus=float(cfg["suffix_bonus"]),
        foreign=frozenset(cfg["foreign_letters"]),
        foreign_percent=float(cfg["foreign_percent"]),
    )


def detect_language(text: str) -> str:
    """One of ru, kk, ky, uz, tg, uk, en, other, from the first ~3,000 characters."""
    sample = _noise().sub(" ", text[: int(language_evidence()["sample_chars"])])
    letters = sum(map(len, _LETTER.findall(sample)))
    if letters < 2:
        return "other"
    cyrillic = sum(map(len, _CYRILLIC_RUN.findall(sample)))
    latin = sum(map(len, _LATIN_RUN.findall(sample)))
    if cyrillic + latin < letters / 2:
        return "other"  # Arabic, Chinese, Georgian ... script
    if cyrillic >= latin:
        return _cyrillic_language(sample)
    return _latin_language(sample)


def cyrillic_scores(sample: str) -> dict[str, float]:
    """Log-likelihood of each Cyrillic language for ``sample``: its letters (multinomial), its
    doubled vowels (Poisson), common words and word endings."""
    model = _cyrillic_model()
    lower_words: list[str] = []
    capital_words: list[str] = []
    for token in _CYRILLIC_WORD.findall(_APOSTROPHE.sub("'", sample)):
        (lower_words if token.islower() else capital_words).append(token.lower())
    low, cap = " ".join(lower_words), " ".join(capital_words)
    weight = model.capitalised_weight
    counts = {s: low.count(s) + weight * cap.count(s) for s in model.symbols}
    total = len(low) - low.count(" ") + weight * (len(cap) - cap.count(" "))
    other = max(0.0, total - sum(counts.values()))
    pairs = {p: low.count(p) + weight * cap.count(p) for p in model.pairs}
    zero = (0.0,) * len(model.languages)
    lower_bonus = [sum(col) for col in zip(zero, *map(_token_bonus, lower_words))]
    capital_bonus = [sum(col) for col in zip(zero, *map(_token_bonus, capital_words))]
    bonus = [a + weight * b for a, b in zip(lower_bonus, capital_bonus)]
    scores: dict[str, float] = {}
    for i, lang in enumerate(model.languages):
        log_p = model.log_p[lang]
        score = model.prior[lang] + other * log_p[""] + bonus[i]
        score += sum(c * log_p[s] for s, c in counts.items() if c)
        for pair, seen in pairs.items():
            rate = model.pair_rates[lang][pair]
            score += seen * math.log(rate) - rate * total
        scores[lang] = score
    return scores


@lru_cache(maxsize=65_536)
def _token_bonus(token: str) -> tuple[float, ...]:
    """What one word adds to each Cyrillic language: a common word, or a word ending."""
    model = _cyrillic_model()
    out = []
    for lang in model.languages:
        if token in model.words[lang]:
            out.append(model.word_bonus)
        elif len(token) >= 4 and model.suffixes[lang] and token.endswith(model.suffixes[lang]):
            out.append(model.suffix_bonus)
        else:
            out.append(0.0)
    return tuple(out)


def _cyrillic_language(sample: str) -> str:
    scores = cyrillic_scores(sample)
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    best, second = ranked[0], ranked[1]
    model = _cyrillic_model()
    close = scores[best] - scores[second] < model.lingua_margin
    if (
        close
        and best in LINGUA_LANGUAGES
        and second in LINGUA_LANGUAGES
        and len(_CYRILLIC_WORD.findall(sample)) >= model.lingua_min_words
    ):
        guess = _ask_lingua(sample)
        if guess in (best, second):
            return guess
    return best


def _latin_language(sample: str) -> str:
    model = _latin_model()
    normalised = model.apostrophes.sub(r"\1ʻ", sample).lower()
    tokens = re.findall(r"[^\W\d_]+", normalised)
    latin_letters = len(_LATIN.findall(normalised))
    foreign = sum(1 for ch in normalised if ch in model.foreign)
    if foreign * 100 > model.foreign_percent * max(1, latin_letters):
        return "other"
    markers = normalised.count("oʻ") + normalised.count("gʻ")
    scores: dict[str, float] = {}
    for lang, words in model.words.items():
        suffixes = model.suffixes.get(lang, ())
        scores[lang] = sum(
            model.word_bonus
            if t in words
            else model.suffix_bonus
            if len(t) >= 4 and t.endswith(suffixes)
            else 0.0
            for t in tokens
        )
    scores["uz"] = scores.get("uz", 0.0) + model.marker_bonus * markers
    best = max(sorted(scores), key=scores.__getitem__)
    if scores[best] <= 0:
        return "other"
    if scores.get("en", 0.0) == scores[best]:
        return "en"
    return best


_LINGUA: Any = None


def lingua_detector() -> Any:
    """The lingua detector for ru/kk/uk/en, built on first use and kept for the process."""
    global _LINGUA
    if _LINGUA is None:
        from lingua import Language, LanguageDetectorBuilder

        _LINGUA = (
            LanguageDetectorBuilder.from_languages(
                Language.RUSSIAN, Language.KAZAKH, Language.UKRAINIAN, Language.ENGLISH
            )
            .with_low_accuracy_mode()
            .build()
        )
    return _LINGUA


def _ask_lingua(sample: str) -> str | None:
    found = lingua_detector().detect_language_of(sample)
    if found is None:
        return None
    return {"RUSSIAN": "ru", "KAZAKH": "kk", "UKRAINIAN": "uk", "ENGLISH": "en"}.get(found.name)


# ---------------------------------------------------------------------------- kind


@dataclass(frozen=True)
class _Cue:
    weight: float
    pattern: re.Pattern[str]
    lower: bool  # written "(?i)...": matched against the lower-cased text, which is faster


@cache
def _cues() -> dict[str, dict[str, tuple[_Cue, ...]]]:
    out: dict[str, dict[str, tuple[_Cue, ...]]] = {}
    for kind, by_language in kind_evidence()["cues"].items():
        out[kind] = {}
        for lang, cues in by_language.items():
            out[kind][lang] = tuple(_compile_cue(kind, lang, cue) for cue in cues)
    return out


def _compile_cue(kind: str, lang: str, cue: dict[str, Any]) -> _Cue:
    source = str(cue["re"])
    lower = source.startswith("(?i)")
    if lower:
        source = source[4:]
        # Upper-case letters outside escapes (\S, \W ...) could never match lower-cased text.
        if any(ch.isupper() for ch in re.sub(r"\\.", "", source)):
            raise ValueError(
                f"kinds.yaml: {kind}/{lang} cue {cue['re']!r}: write (?i) cues in lower case"
            )
    try:
        return _Cue(float(cue["w"]), re.compile(source, re.MULTILINE), lower)
    except re.error as exc:
        raise ValueError(f"kinds.yaml: bad {kind}/{lang} cue {cue['re']!r}: {exc}") from exc


def cue_scores(text: str, language: str) -> dict[str, float]:
    """Sum of the weights of the cues of each kind found in the head and tail of ``text``."""
    cfg = kind_evidence()
    head, tail = int(cfg["head_chars"]), int(cfg["tail_chars"])
    window = text if len(text) <= head + tail else text[:head] + "\n" + text[-tail:]
    lowered = window.lower()
    scores: dict[str, float] = {}
    for kind, by_language in _cues().items():
        if language in LANGUAGES and language != "other":
            langs = {"any", "ru", language}
        else:
            langs = set(by_language)
        scores[kind] = sum(
            cue.weight
            for lang in langs
            for cue in by_language.get(lang, ())
            if cue.pattern.search(lowered if cue.lower else window)
        )
    return scores


@cache
def _structure() -> dict[str, Any]:
    cfg = kind_evidence()["structure"]
    return {
        **cfg,
        "name": re.compile(cfg["name"]),
        "row_marker": re.compile(cfg["row_marker"]),
        "year_or_date": re.compile(cfg["year_or_date"]),
        "number": re.compile(cfg["number"]),
    }


def table_kind(text: str) -> str | None:
    """ "list" when most lines are rows about people, "stats" when most are rows of figures."""
    cfg = _structure()
    lines = [ln for ln in text.split("\n", cfg["max_lines"])[: cfg["max_lines"]] if ln.strip()]
    if len(lines) < cfg["min_rows"]:
        return None
    need_people, need_figures = cfg["list_share"] * len(lines), cfg["stats_share"] * len(lines)
    people = figures = 0
    for seen, line in enumerate(lines):
        left = len(lines) - seen
        if people + left < need_people and figures + left < need_figures:
            return None  # prose: the rest cannot make it a table
        if len(line) > cfg["max_line_chars"]:
            continue
        cells = [c for c in _CELL_SPLIT.split(line.strip()) if c.strip()]
        numeric = sum(1 for c in cells if cfg["number"].match(c.strip()))
        if numeric >= 2 and numeric * 2 >= len(cells):
            figures += 1
        elif cfg["name"].search(line) and (
            cfg["row_marker"].search(line) or cfg["year_or_date"].search(line)
        ):
            people += 1
    if people >= cfg["min_rows"] and people >= need_people:
        return "list"
    if figures >= cfg["min_rows"] - 1 and figures >= need_figures:
        return "stats"
    return None


def detect_kind(text: str, language: str, fmt: str) -> str:
    """One of verdict, news, post, list, stats, other.

    In this order: a Telegram message is a post; a text whose lines are mostly rows about
    people is a list, mostly rows of figures stats; then the cue scores decide - a verdict
    needs a strong cue (its header, "ИМЕНЕМ РЕСПУБЛИКИ", "ҮКІМ") and to outscore news; news
    a dateline or two reporting cues; a post (a recruitment ad) two ad cues in a short text;
    a short text with one reporting cue is news, a text with a weaker court cue a verdict."""
    if fmt == "telegram":
        return "post"
    table = table_kind(text)
    if table is not None:
        return table
    cfg = kind_evidence()
    need = cfg["thresholds"]
    scores = cue_scores(text, language)
    verdict, news, post = (
        scores.get("verdict", 0.0),
        scores.get("news", 0.0),
        scores.get("post", 0.0),
    )
    short_news = len(text) <= int(cfg["news_max_chars"])
    short_post = len(text) <= int(cfg["post_max_chars"])
    if verdict >= need["verdict"] and verdict >= news:
        return "verdict"
    if news >= need["news"] and news >= post:
        return "news"
    if post >= need["post"] and short_post:
        return "post"
    if news >= 1 and short_news:
        return "news"
    if verdict >= 2:
        return "verdict"
    return "other"
