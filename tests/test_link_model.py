"""The Splink model: trained parameters are sane, duplicates in fresh synthetic data are found,
and training on synthetic data is reproducible end to end."""

from __future__ import annotations

import math

import pytest

from warcases.link.features import features_frame
from warcases.link.model import BLOCKING_RULES, level_labels, load_model, predict
from warcases.link.synthetic import synthetic_records


@pytest.fixture(scope="module")
def fresh():
    records, truth = synthetic_records(3000, seed=12345)
    frame = features_frame(records)
    return frame, truth


def _scores(model_name, frame, truth):
    model = load_model(model_name)
    pairs = predict(model, [frame], blocking=BLOCKING_RULES if model_name == "warcases" else None,
                    threshold=None, explain=False)
    said = pairs[pairs["match_probability"] >= model.yes]
    tp = sum(truth[a] == truth[b] for a, b in zip(said["unique_id_l"], said["unique_id_r"], strict=True))
    by_person: dict[int, int] = {}
    for person in truth.values():
        by_person[person] = by_person.get(person, 0) + 1
    true_pairs = sum(n * (n - 1) // 2 for n in by_person.values())
    return tp / max(len(said), 1), tp / true_pairs


def test_model_finds_duplicates_in_unseen_synthetic_records(fresh):
    frame, truth = fresh
    p, r = _scores("warcases", frame, truth)
    assert p >= 0.95 and r >= 0.75, (p, r)
    bp, br = _scores("baseline", frame, truth)
    assert r > br + 0.2  # our features find far more of the true pairs


@pytest.mark.parametrize("name", ["warcases", "baseline"])
def test_trained_parameters_are_probabilities(name):
    model = load_model(name)
    assert 0 < model.no <= model.yes < 1
    for comp in model.splink["comparisons"]:
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        for key in ("m_probability", "u_probability"):
            assert math.isclose(sum(lv[key] for lv in levels), 1.0, rel_tol=1e-6), comp["output_column_name"]
            assert all(lv[key] > 0 for lv in levels)


def test_agreement_weighs_for_and_disagreement_against():
    labels = level_labels("warcases")
    assert labels["surname"][max(labels["surname"])][1] > 5  # same key
    assert labels["surname"][0][1] < -3  # different
    assert labels["birth"][0][1] < -5  # born years apart
    given = {label: w for label, w in labels["given"].values()}
    assert given["two different known names"] < -5


def test_training_is_reproducible(tmp_path, monkeypatch):
    from warcases.link import model as model_module
    from warcases.link import train

    monkeypatch.setattr(model_module, "MODEL_DIR", tmp_path)
    model_module.load_model.cache_clear()
    try:
        args = ["--records", "2000", "--seed", "3", "--max-pairs", "2e5"]
        train.main(args)
        first = (tmp_path / "model_warcases.json").read_text()
        train.main(args)
        assert (tmp_path / "model_warcases.json").read_text() == first
    finally:
        model_module.load_model.cache_clear()
        model_module.level_labels.cache_clear()


def test_a_big_register_lowers_the_prior_and_so_a_namesakes_probability():
    from warcases.link.features import PersonRecord
    from warcases.link.model import PRIOR, prior_for

    assert prior_for(500) == PRIOR  # a store of the usual size keeps the trained prior
    assert prior_for(1_000_001) == pytest.approx(1e-6) and prior_for(1200, 100_000) == pytest.approx(1e-5)
    frame = features_frame([PersonRecord("a", "Ахметов Серик", birth_year=1987),
                            PersonRecord("b", "Akhmetov Serik", birth_year=1987)])
    model = load_model("warcases")
    small, big = (predict(model, [frame], blocking=["1=1"], threshold=None, explain=False, prior=p)
                  ["match_probability"].iloc[0] for p in (prior_for(500), prior_for(1_000_001)))
    assert model.judgement(small) == "yes" and model.judgement(big) != "yes"
