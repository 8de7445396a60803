"""`warcases link` does not depend on the order things were ingested in.

Record ids come from database row numbers (``doc/12/case/0/defendant/1``, ``list/3/7``), so the
same files ingested in another order give other ids, Splink puts other records on the left of
a pair, and anything that reads the ids (tie-breaks, "the first record", the left side only)
would change who is the same person. Two stores are built here from the same fictional files in
opposite orders and compared through content keys (a document's sha256 + card + defendant, a
list file's sha256 + row), which do not depend on the order: the same persons, the same
probability for every pair, the same person rows and ids. Everyone named here is fictional.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from sqlalchemy import select

from warcases.link.cluster import clusters
from warcases.link.evaluate import read_pairs, score_pairs
from warcases.link.model import explain, load_model
from warcases.link.run import load_records, score
from warcases.link.schema import match_pairs, person_records, persons
from warcases.link.synthetic import synthetic_records

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
PAIRS = ROOT / "data" / "pairs" / "name_pairs.csv"

# news reports and the verdicts they report (n11/e06/v07: one woman in three sources, one pair unsure)
DEMO_FILES = [
    "news/n01_ru_kz_karaganda_wagner.txt",
    "verdicts/v01_kz172_karaganda_wagner.txt",
    "news/n10_ru_kz_ekibastuz_two_orchestra.txt",
    "verdicts/v05_kz172_pavlodar_two_wagner.txt",
    "news/e01_en_kz_almaty_plea.txt",
    "verdicts/v04_kz172_almaty_mod_plea.html",
    "news/n11_ru_kz_kostanay_medic_conditional.txt",
    "news/e06_en_kz_kostanay_nurse_suspended.txt",
    "verdicts/v07_kz172_kostanay_female_medic_cp1251.txt",
]

# Two lists naming the same fictional man with equally long spellings, another birth-date form
# and another region: which spelling, date and region his person shows must not depend on
# which list came first. A third list is in Latin letters, as a foreign project writes.
LIST_A = """№;ФИО;Дата рождения;Область;Дата контракта
1;Сапаров Ерлан Маратович;12.05.1988;Карагандинская;март 2024
2;Zhaksylykov Yerlan Serikovich;03.11.1990;Карагандинская;2024
3;Тулегенов Нурбол Асканович;1979;Актюбинская;2024
"""
LIST_B = """№;ФИО;Дата рождения;Область;Дата контракта
1;Сапаров Эрлан Маратович;12.05.1988;Павлодарская;2024
2;САРСЕНБАЕВ ЕРБОЛАТ НУРЛАНОВИЧ;1992;;2024
3;Тулегенов Нурбол Асканович;1980;Актюбинская;2024
"""
LIST_C = """Full name,Date of birth,Citizenship
Saparov Erlan Maratovich,1988,Kazakhstan
Nurlanova Gulnar Serikovna,14.04.1991,Kazakhstan
"""


def _build(tmp: Path, name: str, files: list[Path], lists: list[tuple[Path, str]]):
    from warcases.extract.pipeline import run_extraction
    from warcases.ingest.pipeline import ingest_paths
    from warcases.link.lists import import_list
    from warcases.link.run import link_store
    from warcases.store.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp / name}.db")
    migrate(engine)
    for f in files:  # one file per call: document ids follow this order
        ingest_paths(engine, [f])
    run_extraction(engine)
    for path, kind in lists:
        import_list(engine, path, kind, country="KZ" if path.name != "c.csv" else None)
    link_store(engine)
    return engine


def _snapshot(engine) -> dict:
    """The link results with every record id replaced by its content key."""
    from warcases.publish.pseudonyms import _records

    with engine.connect() as conn:
        key = {rid: k for rid, (k, _) in _records(conn, {"list_records"}).items()}
        members: dict[str, set[str]] = {}
        for r in conn.execute(select(person_records)):
            members.setdefault(r.person_id, set()).add(key[r.record_id])
        rows = {}
        for r in conn.execute(select(persons)):
            row = dict(r._mapping)
            row.pop("updated_at")
            rows[frozenset(members[row["id"]])] = row
        pairs = {
            frozenset((key[r.record_l], key[r.record_r])): (
                round(r.match_probability, 9), r.machine, r.explanation
            )
            for r in conn.execute(select(match_pairs))
        }
        n_records = len(load_records(conn))
    return {"partition": set(rows), "persons": rows, "pairs": pairs, "n_records": n_records,
            "ids": {k: rid for rid, k in key.items()}}


@pytest.fixture(scope="module")
def two_orders(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("order")
    lists = []
    for fname, text, kind in (("a.csv", LIST_A, "contracts"), ("b.csv", LIST_B, "contracts"),
                              ("c.csv", LIST_C, "casualties")):
        (tmp / fname).write_text(text, encoding="utf-8")
        lists.append((tmp / fname, kind))
    files = sorted(DEMO / f for f in DEMO_FILES)
    first = _build(tmp, "sorted", files, lists)
    second = _build(tmp, "reversed", files[::-1], lists[::-1])
    try:
        yield _snapshot(first), _snapshot(second)
    finally:
        first.dispose()
        second.dispose()


def test_the_orders_really_give_other_record_ids(two_orders):
    a, b = two_orders
    assert a["n_records"] == b["n_records"]
    assert a["ids"].keys() == b["ids"].keys()
    moved = [k for k in a["ids"] if a["ids"][k] != b["ids"][k]]
    assert len(moved) >= 0.75 * len(a["ids"])  # all but the middle file's records have other ids


def test_same_persons_in_either_order(two_orders):
    a, b = two_orders
    assert a["partition"] == b["partition"]
    linked = [g for g in a["partition"] if len(g) > 1]
    assert len(linked) >= 6  # news↔verdict, list↔verdict and list↔list persons


def test_same_probability_judgement_and_explanation_per_pair(two_orders):
    a, b = two_orders
    assert a["pairs"].keys() == b["pairs"].keys()
    for pair, scored in a["pairs"].items():
        assert b["pairs"][pair] == scored, pair
    assert {"yes", "unsure"} <= {machine for _, machine, _ in a["pairs"].values()}


def test_same_person_rows_and_ids_in_either_order(two_orders):
    a, b = two_orders
    for members, row in a["persons"].items():
        assert b["persons"][members] == row, members
    saparov = [row for row in a["persons"].values() if row["name_key"] and "saparov" in row["name_key"]]
    assert len(saparov) == 1 and saparov[0]["n_records"] == 3  # both contract lists and the casualty list
    # ties between equally telling records are broken by the values, the same in every order
    assert (saparov[0]["name"], saparov[0]["region"], saparov[0]["birth_date"]) == (
        "Сапаров Ерлан Маратович", "kz/karaganda", "1988-05-12"
    )
    tulegenov = [row for row in a["persons"].values() if row["name"] == "Тулегенов Нурбол Асканович"]
    assert [(row["n_records"], row["birth_year"]) for row in tulegenov] == [(2, 1979)]


# ------------------------------------------------------------------ scoring alone, no store


def _flip(p):
    return dataclasses.replace(
        p, name_a=p.name_b, name_b=p.name_a, birth_a=p.birth_b, birth_b=p.birth_a,
        region_a=p.region_b, region_b=p.region_a,
    )


@pytest.mark.parametrize("model_name", ["warcases", "baseline"])
def test_pair_score_is_symmetric_on_the_pairs_table(model_name):
    """score(a, b) == score(b, a): the left record of a pair is whichever id sorts first."""
    pairs = read_pairs(PAIRS)
    sample = random.Random(4).sample(pairs, 200)
    model = load_model(model_name)
    ab = score_pairs(sample, model)
    ba = score_pairs([_flip(p) for p in sample], model)
    assert len(ab) == len(ba) == 200
    for i, p in enumerate(sample):
        assert ab.loc[i, "match_probability"] == pytest.approx(ba.loc[i, "match_probability"], abs=1e-12), p
        assert ab.loc[i, "judgement"] == ba.loc[i, "judgement"], p
        assert ab.loc[i, "explanation"] == ba.loc[i, "explanation"], p
    assert (ab["judgement"] == "yes").any() and (ab["judgement"] == "no").any()


def test_scores_and_clusters_do_not_depend_on_record_ids():
    """The same records under ids that sort the other way round: same pairs, same persons."""
    records, _ = synthetic_records(800, seed=11)
    model = load_model("warcases")

    def run(ids: list[str]):
        back = dict(zip(ids, (r.id for r in records), strict=True))
        scored = score([dataclasses.replace(r, id=i) for r, i in zip(records, ids, strict=True)])
        pairs = {}
        for row in scored.to_dict("records"):
            why = explain("warcases", row)
            pairs[frozenset((back[row["unique_id_l"]], back[row["unique_id_r"]]))] = (
                round(row["match_probability"], 12), model.judgement(row["match_probability"], why)
            )
        edges = [tuple(k) for k, (_, said) in pairs.items() if said == "yes"]
        return pairs, {frozenset(m) for m in clusters([r.id for r in records], edges).values()}

    n = len(records)
    up, up_persons = run([f"doc/{i}/case/0/defendant/0" for i in range(n)])
    down, down_persons = run([f"doc/{n - i}/case/0/defendant/0" for i in range(n)])
    assert up == down
    assert up_persons == down_persons
    assert sum(1 for g in up_persons if len(g) > 1) > 50

