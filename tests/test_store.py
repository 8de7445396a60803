"""The store: migrations, statements, human review precedence, case views, full-text search."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from warcases.model import Fact
from warcases.store import repo
from warcases.store.cards import build_cards, rebuild_views
from warcases.store.db import make_engine, migrate
from warcases.store.schema import defendants, metadata, statement_history


def add_doc(conn, text="Суд приговорил Ёлкина Ивана к 5 годам лишения свободы.", sha="a"):
    return repo.insert_document(
        conn,
        {"sha256": sha * 64, "kind": "verdict", "language": "ru", "format": "txt",
         "size_bytes": len(text.encode()), "text": text, "title": "t"},
    )


FACTS = [
    Fact("country", "KZ", 0, 3),
    Fact("court", "Суд", 0, 3),
    Fact("name", "Ёлкин Иван", 15, 27, defendant=0),
    Fact("charges", "KZ:172:1", 0, 3, defendant=0),
    Fact("charges", "KZ:392:1", 0, 3, defendant=0),
    Fact("sentence.type", "imprisonment", 30, 53, defendant=0),
    Fact("sentence.months", 60, 30, 37, defendant=0),
]


def test_migrations_create_every_table_of_the_schema(engine):
    names = set(inspect(engine).get_table_names())
    core = {"documents", "statements", "statement_history", "extraction_runs", "cases", "defendants"}
    assert core <= names
    for table in core:
        cols = {c["name"] for c in inspect(engine).get_columns(table)}
        assert cols == set(metadata.tables[table].columns.keys()), table


def test_migrate_twice_is_harmless(sqlite_url):
    eng = make_engine(sqlite_url)
    migrate(eng)
    migrate(eng)
    assert "documents" in inspect(eng).get_table_names()


def test_card_assembles_statements_in_gold_shape(engine):
    with engine.begin() as conn:
        doc = add_doc(conn)
        repo.replace_machine_facts(conn, doc, "verdict", "1", FACTS)
        rebuild_views(conn, doc)
        (card,) = build_cards(conn, doc)
    assert card["document"]["country"] == "KZ"
    d = card["defendants"][0]
    assert d["name"] == "Ёлкин Иван"
    assert d["charges"] == ["KZ:172:1", "KZ:392:1"]
    assert d["sentence"]["months"] == 60 and d["sentence"]["institution"] is None
    assert d["formations"] == [] and d["wounded"] is None


def test_human_review_survives_a_rerun_of_the_extractor(engine):
    with engine.begin() as conn:
        doc = add_doc(conn)
        repo.replace_machine_facts(conn, doc, "verdict", "1", FACTS)
        months = next(s for s in repo.document_statements(conn, doc) if s["property"] == "sentence.months")
        repo.review_statement(conn, months["id"], author="Aigerim", status="corrected", value=54)
        rebuild_views(conn, doc)
    with engine.begin() as conn:  # the extractor runs again, at a new version
        repo.replace_machine_facts(conn, doc, "verdict", "2", FACTS)
        rebuild_views(conn, doc)
        (card,) = build_cards(conn, doc)
        history = conn.execute(select(statement_history)).all()
        row = conn.execute(select(defendants)).one()
    assert card["defendants"][0]["sentence"]["months"] == 54
    assert row.sentence_months == 54
    assert history[0].changed_by == "Aigerim" and history[0].old_value == 60


def test_rejected_statement_drops_out_of_the_card(engine):
    with engine.begin() as conn:
        doc = add_doc(conn)
        repo.replace_machine_facts(conn, doc, "verdict", "1", FACTS)
        extra = next(s for s in repo.document_statements(conn, doc) if s["value"] == "KZ:392:1")
        repo.review_statement(conn, extra["id"], author="Dana", status="rejected")
        (card,) = build_cards(conn, doc)
    assert card["defendants"][0]["charges"] == ["KZ:172:1"]


def test_a_rejected_value_stays_rejected_when_the_extractor_finds_it_again(engine):
    with engine.begin() as conn:
        doc = add_doc(conn)
        repo.replace_machine_facts(conn, doc, "verdict", "1", FACTS)
        wrong = next(s for s in repo.document_statements(conn, doc) if s["value"] == "KZ:392:1")
        repo.review_statement(conn, wrong["id"], author="Dana", status="rejected")
        court = next(s for s in repo.document_statements(conn, doc) if s["property"] == "court")
        repo.review_statement(conn, court["id"], author="Dana", status="rejected")
    rerun = [*FACTS, Fact("court", "Другой суд", 0, 3)]
    with engine.begin() as conn:  # a new extractor version finds the same wrong values again
        repo.replace_machine_facts(conn, doc, "verdict", "2", rerun)
        rebuild_views(conn, doc)
        (card,) = build_cards(conn, doc)
        row = conn.execute(select(defendants)).one()
    assert card["defendants"][0]["charges"] == ["KZ:172:1"] and row.charges == ["KZ:172:1"]
    assert card["case"]["court"] == "Другой суд"  # a new value is a new claim: it shows


def test_rerun_replaces_machine_statements_instead_of_piling_them_up(engine):
    with engine.begin() as conn:
        doc = add_doc(conn)
        for _ in range(3):
            repo.replace_machine_facts(conn, doc, "verdict", "1", FACTS)
        assert len(repo.document_statements(conn, doc)) == len(FACTS)
        assert repo.pending_documents(conn, "verdict", "1") == []
        assert repo.pending_documents(conn, "verdict", "2") == [doc]


SEARCHES = ["ёлкина", "ЕЛКИНА", "Елкина", "елк*", "лишения свободы", "ЁЛКИНА ивана"]


@pytest.mark.parametrize("query", SEARCHES)
def test_full_text_search_folds_cyrillic_case_and_yo(engine, query):
    with engine.begin() as conn:
        add_doc(conn)
        add_doc(conn, "Новость о погоде в Астане.", sha="b")
        hits = repo.search_documents(conn, query)
    assert [h["id"] for h in hits] == [1]


INFLECTED = [("бахтиер", "Бахтиёра"), ("Москва", "Москве"), ("вагнер", "Вагнера"),
             ("Ахметов", "Ахметову")]


@pytest.mark.parametrize(("query", "form"), INFLECTED)
def test_russian_words_find_their_inflected_forms_unless_exact(engine, query, form):
    with engine.begin() as conn:
        add_doc(conn, f"Суд установил, что {form} видели в мае.", sha="x")
        add_doc(conn, "Новость о погоде в Астане.", sha="y")
        assert [h["id"] for h in repo.search_documents(conn, query)] == [1]
        assert repo.search_documents(conn, query, exact=True) == []
        assert [h["id"] for h in repo.search_documents(conn, form.lower(), exact=True)] == [1]


def test_search_survives_fts_syntax_in_user_input(engine):
    with engine.begin() as conn:
        add_doc(conn)
        assert repo.search_documents(conn, 'NEAR( "unbalanced OR *') == []


def test_duplicate_content_hash_is_refused_by_the_database(engine):
    from sqlalchemy.exc import IntegrityError

    with engine.begin() as conn:
        add_doc(conn)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        add_doc(conn)
    with engine.connect() as conn:
        assert repo.count_documents(conn) == 1


@pytest.mark.postgres
def test_same_schema_and_cards_on_postgresql(pg_url):
    from warcases.store.db import open_store

    eng = open_store(pg_url)
    with eng.begin() as conn:
        doc = add_doc(conn)
        repo.replace_machine_facts(conn, doc, "verdict", "1", FACTS)
        rebuild_views(conn, doc)
        (card,) = build_cards(conn, doc)
        other = add_doc(conn, "Новость о погоде в Астане.", sha="b")
        hits = {q: [h["id"] for h in repo.search_documents(conn, q)] for q in SEARCHES}
        broken = repo.search_documents(conn, 'NEAR( "unbalanced OR *')
        astana = repo.search_documents(conn, "АСТАНЕ")
        inflected = repo.search_documents(conn, "Астана")
        exact = repo.search_documents(conn, "Астана", exact=True)
    assert card["defendants"][0]["charges"] == ["KZ:172:1", "KZ:392:1"]
    assert hits == {q: [doc] for q in SEARCHES}
    assert broken == [] and [h["id"] for h in astana] == [other]
    assert [h["id"] for h in inflected] == [other] and exact == []
