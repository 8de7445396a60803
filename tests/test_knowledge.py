"""The knowledge loaders, the phrase syntax, and the integrity of articles.yaml / regions.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warcases.knowledge import PhraseMatcher, fold, load_csv, load_yaml, phrase_pattern

SHARED = Path(__file__).resolve().parents[2] / "shared"
URL = re.compile(r"^https?://\S+$")


# ---------------------------------------------------------------------------------------------
# Loader


def test_load_yaml_reads_package_data_and_caches_it() -> None:
    first = load_yaml("articles")
    assert "KZ" in first["codes"]
    assert load_yaml("articles") is first


def test_load_yaml_reads_files_in_subfolders() -> None:
    from importlib import resources

    folder = resources.files("warcases.knowledge")
    nested = [
        f"{d.name}/{f.name[:-5]}"
        for d in folder.iterdir() if d.is_dir()
        for f in d.iterdir() if f.name.endswith(".yaml")
    ]
    if not nested:
        pytest.skip("no knowledge sub-folder with YAML files yet")
    assert load_yaml(nested[0]) is not None


def test_missing_file_names_the_file_and_what_exists() -> None:
    with pytest.raises(FileNotFoundError) as err:
        load_yaml("no_such_table")
    message = str(err.value)
    assert "no_such_table.yaml" in message and "regions.yaml" in message


def test_missing_csv_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no_such_table.csv"):
        load_csv("no_such_table")


# ---------------------------------------------------------------------------------------------
# Phrase syntax

MATCHER_CASES = [
    # (spellings, text, expected surfaces)
    (["Карагандинск* област*"], "жители Карагандинской области и", ["Карагандинской области"]),
    (["Карагандинск* област*"], "КАРАГАНДИНСКАЯ ОБЛАСТЬ", ["КАРАГАНДИНСКАЯ ОБЛАСТЬ"]),
    (["Карагандинск* област*"], "Карагандинской\nобласти", ["Карагандинской\nобласти"]),
    (["Алматы*", "Алматы облыс*"], "Алматы облысының соты", ["Алматы облысының"]),
    (["Алматы*", "Алматы облыс*"], "Алматыда тұрады", ["Алматыда"]),
    (["Ош"], "ошибка Ош ош", ["Ош"]),
    (["г. Караганды"], "г.Караганды и г. Караганды", ["г.Караганды", "г. Караганды"]),
    (["Нур-Султан*"], "Нур - Султана, Нур–Султан", ["Нур - Султана", "Нур–Султан"]),
    (["Семёновка"], "Семеновка", ["Семеновка"]),
    (["Farg'ona*"], "Fargʻona viloyati", ["Fargʻona"]),
    (["ҚК-*", "ҚК"], "ҚК-нің 172-бабы", ["ҚК-нің"]),
    (["Тараз"], "Таразский", []),
]


@pytest.mark.parametrize(("spellings", "text", "expected"), MATCHER_CASES)
def test_phrase_matcher(spellings: list[str], text: str, expected: list[str]) -> None:
    matcher = PhraseMatcher({s: [s] for s in spellings})
    assert [h.surface for h in matcher.finditer(text)] == expected


def test_anchored_matcher_finds_the_same_as_a_full_scan() -> None:
    table = {"Карагандинск* област*": ["a"], "г. Ош": ["b"],
             "район* республиканского подчинения": ["c"]}
    text = "В г. Ош и Карагандинской области, а также в районах республиканского подчинения."
    plain = [(h.start, h.end) for h in PhraseMatcher(table).finditer(text)]
    anchored = [(h.start, h.end) for h in PhraseMatcher(table, anchored=True).finditer(text)]
    assert plain == anchored and len(plain) == 3


def test_lookup_identifies_the_spelling_and_merges_values() -> None:
    matcher = PhraseMatcher({"Семей": ["x"], "семей": ["y"], "Семипалатинск*": ["z"]})
    hit = matcher.lookup("Семипалатинска")
    assert hit is not None and hit.values == ("z",)
    both = matcher.lookup("Семей")
    assert both is not None and set(both.values) == {"x", "y"}
    assert matcher.lookup("Москва") is None


def test_empty_table_is_an_error() -> None:
    with pytest.raises(ValueError):
        PhraseMatcher({})
    with pytest.raises(ValueError):
        phrase_pattern([])


@pytest.mark.parametrize(
    ("raw", "key"),
    [("  Ёлка  ", "елка"), ("Нур - Султан", "нур-султан"), ("г.Караганды", "г. караганды"),
     ("Fargʻona", "farg'ona"), ("A\n B", "a b")],
)
def test_fold(raw: str, key: str) -> None:
    assert fold(raw) == key


# ---------------------------------------------------------------------------------------------
# regions.yaml


def _case_format_region_ids() -> list[str]:
    return list(load_yaml("vocabulary")["region"])


def test_every_region_id_of_the_vocabulary_is_in_regions_yaml() -> None:
    assert list(load_yaml("regions")["regions"]) == _case_format_region_ids()


@pytest.mark.skipif(not (SHARED / "CASE_FORMAT.md").exists(), reason="shared CASE_FORMAT.md absent")
def test_every_region_id_of_case_format_md_is_in_regions_yaml() -> None:
    text = (SHARED / "CASE_FORMAT.md").read_text(encoding="utf-8")
    section = text.split("## Regions (ids)", 1)[1].split("##", 1)[0]
    ids = set(re.findall(r"\b(?:kz|kg|uz|tj)/[a-z-]+", section))
    assert len(ids) == 48
    assert ids == set(load_yaml("regions")["regions"])


def _groups() -> list[tuple[str, dict]]:
    data = load_yaml("regions")
    groups = [(rid, entry) for rid, entry in data["regions"].items()]
    for key in ("places", "court_only"):
        groups += [(entry["region"], entry) for entry in data.get(key, [])]
    return groups


def test_every_region_and_place_group_has_a_source() -> None:
    for region, entry in _groups():
        assert URL.match(str(entry.get("source", ""))), f"{region}: no source URL"


def test_dated_groups_name_a_date_and_a_known_former_region() -> None:
    ids = set(load_yaml("regions")["regions"])
    dated = [(r, e) for r, e in _groups() if "since" in e or "before" in e]
    assert len(dated) >= 4  # the three 2022 regions and Shymkent
    for region, entry in dated:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry["since"])), region
        assert entry["before"] in ids and entry["before"] != region


def test_no_two_regions_claim_the_same_spelling_unless_dated() -> None:
    claims: dict[str, set[tuple[str, bool]]] = {}
    for region, entry in _groups():
        for name in entry["names"]:
            claims.setdefault(fold(name), set()).add((region, "since" in entry))
    for spelling, owners in claims.items():
        regions = {r for r, _ in owners}
        if len(regions) > 1:
            assert all(is_dated for _, is_dated in owners), f"{spelling!r} claimed by {regions}"


def test_every_spelling_resolves_to_its_own_region() -> None:
    """No other (longer or earlier) spelling steals one: the trie's longest-match is right."""
    from warcases.extract.places import region_of

    for region, entry in _groups():
        for name in entry["names"]:
            surface = name.replace("*", "")
            assert region_of(surface) == region, f"{name!r} should be {region}"


# ---------------------------------------------------------------------------------------------
# articles.yaml

BRIEF_ARTICLES = {
    "KZ": ["170", "171", "172", "255", "256", "257", "188", "190", "296", "392", "394"],
    "KG": ["256", "378", "416"],
    "UZ": ["154", "154-1", "169"],
    "TJ": ["401", "401-1"],
    "RU": ["30", "158", "159", "161", "162", "228", "275", "208", "359"],
}


@pytest.mark.parametrize(("country", "articles"), sorted(BRIEF_ARTICLES.items()))
def test_articles_are_listed(country: str, articles: list[str]) -> None:
    listed = load_yaml("articles")["articles"][country]
    assert set(articles) <= set(listed)


def test_article_entries_are_complete() -> None:
    for country, table in load_yaml("articles")["articles"].items():
        for number, entry in table.items():
            where = f"{country}:{number}"
            assert re.fullmatch(r"\d+(?:\.\d+)?(?:-\d+)?", number), where
            assert entry["title_ru"], where
            assert isinstance(entry["war_related"], bool), where
            assert "source" in entry, f"{where}: say source: null when DOMAIN.md gives none"
            if entry["war_related"]:
                assert URL.match(str(entry["source"])), f"{where}: war-related without a source"
            for part, detail in (entry.get("parts") or {}).items():
                assert re.fullmatch(r"\d+(?:-\d+)?", str(part)), where
                assert URL.match(str(detail.get("source", ""))), f"{where} part {part}: no source"


def test_codes_name_their_country() -> None:
    codes = load_yaml("articles")["codes"]
    assert set(codes) == {"KZ", "KG", "UZ", "TJ", "RU"}
    for country, entry in codes.items():
        assert URL.match(entry["source"]) and entry["names"], country
    brief_names = {"УК РК": "KZ", "ҚК": "KZ", "Қылмыстық кодекс*": "KZ", "УК КР": "KG",
                   "УК РУз": "UZ", "Jinoyat kodeks*": "UZ", "УК РТ": "TJ", "УК РФ": "RU",
                   "Criminal Code of Kazakhstan": "KZ"}
    for name, country in brief_names.items():
        assert name in codes[country]["names"], name


def test_ordinals_cover_russian_and_kazakh_parts() -> None:
    ordinals = load_yaml("articles")["reference_words"]["ordinals"]
    assert {"первой", "бірінші"} <= set(ordinals[1])
    assert {"второй", "екінші"} <= set(ordinals[2])
    assert "третьей" in ordinals[3]


def test_punishment_types_are_card_vocabulary() -> None:
    vocab = load_yaml("vocabulary")
    assert set(load_yaml("articles")["punishments"]) <= set(vocab["sentence.type"])
    levels = set(load_yaml("articles")["institutions"]["cues"])
    assert levels == set(vocab["sentence.institution"])


def _sources(node: object, key: str = "") -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _sources(v, str(k))]
    if isinstance(node, list):
        return [s for v in node for s in _sources(v, key)]
    if key == "source" and isinstance(node, str) and node.startswith("http"):
        return [node]
    return []


@pytest.mark.skipif(not (SHARED / "DOMAIN.md").exists(), reason="shared DOMAIN.md absent")
@pytest.mark.parametrize("table", ["articles", "regions"])
def test_sources_are_the_urls_domain_md_gives(table: str) -> None:
    domain = (SHARED / "DOMAIN.md").read_text(encoding="utf-8")
    data = load_yaml(table)
    urls = _sources(data) + [u for u in (data.get("sources") or {}).values()]
    assert urls
    missing = sorted({u for u in urls if u not in domain})
    assert not missing, f"not in DOMAIN.md: {missing}"


def test_article_titles_come_from_the_knowledge() -> None:
    from warcases.knowledge import article_info, article_title

    assert article_title("KZ:172:1") == "Участие в иностранных вооруженных конфликтах"
    assert article_title("kz:392", "kk").startswith("Қазақстан Республикасының")
    assert article_title("TJ:999") is None
    with pytest.raises(ValueError, match="CC:ARTICLE"):
        article_info("KZ")
