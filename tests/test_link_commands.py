"""The six linking commands, driven through Typer's CliRunner on a mini app built with ``register``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from warcases.link.commands import register

PAIRS = Path(__file__).resolve().parents[1] / "data" / "pairs" / "name_pairs.csv"
COMMANDS = ("import-list", "link", "persons", "overlap", "link-eval", "judge")


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """mini warcases"""

    return app


@pytest.fixture
def run(app):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_db(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--db" in result.output


def test_import_link_persons_overlap_judge(run, tmp_path):
    db = str(tmp_path / "w.db")
    contracts = tmp_path / "kz.csv"
    contracts.write_text(
        "ФИО,Дата рождения,Регион\nЖаксылыков Ерлан Нурланович,12.03.1985,kz/karaganda\n"
        "Ахметов Серик,1883,kz/akmola\nАхметов Серик,1883,kz/akmola\n", encoding="utf-8")
    dead = tmp_path / "dead.csv"
    dead.write_text("Full name,Year of birth,Date of death\nZhaksylykov Yerlan,1985,2024-11-02\n", encoding="utf-8")

    r = run("import-list", str(contracts), "--kind", "contracts", "--country", "KZ", "--db", db)
    assert r.exit_code == 0, r.output
    assert "2 records from 3 rows, 1 repeated rows skipped" in r.output
    assert "1883 is implausible" in r.output
    assert "already imported" in run("import-list", str(contracts), "--kind", "contracts", "--db", db).output
    assert run("import-list", str(dead), "--kind", "casualties", "--country", "KZ", "--db", db).exit_code == 0

    r = run("link", "--db", db)
    assert r.exit_code == 0 and "1 yes" in r.output and "2 persons" in r.output, r.output

    r = run("persons", "Жаксылыков", "--json", "--db", db)
    (person,) = json.loads(r.output)
    assert person["n_records"] == 2 and person["died"]
    (match,) = person["matches"]
    assert match["machine"] == "yes" and match["why"]["surname"]["level"] == "same key"
    assert "Zhaksylykov" in run("persons", "--db", db).output

    r = run("overlap", "--country", "KZ", "--json", "--db", db)
    assert json.loads(r.output)["died"] == 1

    r = run("judge", str(match["match"]), "no", "--by", "Aigerim", "--db", db)
    assert r.exit_code == 0 and "no by Aigerim; 3 persons" in r.output
    run("link", "--db", db)
    assert json.loads(run("overlap", "--country", "KZ", "--json", "--db", db).output)["died"] == 0
    split = json.loads(run("persons", "Жаксылыков", "--json", "--db", db).output)
    assert len(split) == 2 and all(p["n_records"] == 1 for p in split)
    assert split[0]["matches"][0]["person"]["by"] == "Aigerim"


def test_import_errors_exit_non_zero(run, tmp_path):
    f = tmp_path / "noname.csv"
    f.write_text("Дата рождения\n1985\n", encoding="utf-8")
    r = run("import-list", str(f), "--kind", "contracts", "--db", str(tmp_path / "w.db"))
    assert r.exit_code == 1 and "no name column" in r.output
    r = run("import-list", str(f), "--kind", "contracts", "--map", "nonsense", "--db", str(tmp_path / "w.db"))
    assert r.exit_code != 0


def test_judge_refuses_unknown_match(run, tmp_path):
    r = run("judge", "42", "yes", "--by", "Aigerim", "--db", str(tmp_path / "w.db"))
    assert r.exit_code == 1 and "no match number 42" in r.output


def test_link_eval_json(run):
    r = run("link-eval", str(PAIRS), "--json", "--baseline")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert set(data) == {"p", "r", "f1", "n", "baseline"} and data["f1"] >= 0.97
    assert "F1" in run("link-eval", str(PAIRS)).output
