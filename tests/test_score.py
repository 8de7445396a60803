"""Gold scoring semantics of CASE_FORMAT.md, case by case."""

from __future__ import annotations

from warcases.evaluate.score import Report, compare, norm_text, pair_defendants, score_document


def test_absent_gold_key_is_not_scored_but_null_punishes_a_value():
    r = Report()
    score_document(r, "x", {"case": {"court": None}}, {"case": {"court": "Суд", "outcome": "convicted"}})
    assert r.fields["court"].fp == 1
    assert r.fields["outcome"].fp == 0 and r.fields["outcome"].fn == 0


def test_list_fields_count_element_by_element():
    t = compare("charges", ["KZ:172:1", "KZ:392:1"], ["KZ:172:1", "KZ:170:2"])
    assert (t.tp, t.fp, t.fn) == (1, 1, 1)


def test_text_compares_without_case_quotes_yo_or_extra_spaces():
    assert norm_text(" «Суд»  Алёшино ") == norm_text('суд алешино')


def test_sentence_null_means_every_sentence_field_is_null():
    r = Report()
    gold = {"defendants": [{"name": "Ким Олег", "sentence": None}]}
    system = {"defendants": [{"name": "Ким Олег", "sentence": {"type": "imprisonment", "months": 60}}]}
    score_document(r, "x", gold, system)
    assert r.fields["sentence.type"].fp == 1 and r.fields["sentence.months"].fp == 1


def test_charges_are_scored_in_full_and_at_article_level():
    r = Report()
    score_document(r, "x", {"defendants": [{"name": "А.Б.", "charges": ["KZ:172:1"]}]},
                   {"defendants": [{"name": "А.Б.", "charges": ["KZ:172:2"]}]})
    assert r.fields["charges"].tp == 0 and r.fields["charges.article"].tp == 1


def test_defendants_pair_by_name_then_order_and_missing_ones_count_as_misses():
    gold = [{"name": "Сериков Арман"}, {"name": "Ким Олег"}]
    system = [{"name": "КИМ ОЛЕГ"}]
    pairs, lone_gold, lone_system = pair_defendants(gold, system)
    assert pairs == [(1, 0)] and lone_gold == [0] and lone_system == []
    r = Report()
    score_document(r, "x", {"defendants": [{"name": "Сериков Арман", "birth_year": 1990}]}, {"defendants": []})
    assert r.fields["name"].fn == 1 and r.fields["birth_year"].fn == 1


def test_unimplemented_field_scores_as_missing_not_absent():
    r = Report()
    score_document(r, "x", {"defendants": [{"name": "Ким Олег", "formations": ["wagner"]}]},
                   {"defendants": [{"name": "Ким Олег"}]})
    s = r.as_json()["fields"]["formations"]
    assert s["r"] == 0.0 and s["support"] == 1


def test_json_shape():
    data = Report().as_json()
    assert set(data) == {"fields", "micro"}
    assert set(data["micro"]) == {"p", "r", "f1"}
    assert {"p", "r", "f1", "support"} == set(data["fields"]["charges"])
