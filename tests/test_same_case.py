"""A verdict and a news report about it are one case in the figures once `warcases link` has
put their defendants into the same person; a different hearing of the same man stays apart."""

from __future__ import annotations

from warcases.analyze.stats import compute_stats
from warcases.extract.pipeline import run_extraction
from warcases.ingest.pipeline import ingest_paths
from warcases.link.run import link_store

VERDICT = """ПРИГОВОР
ИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН

4 февраля 2026 года                                                  г. Актобе

Специализированный межрайонный суд по уголовным делам Актюбинской области в составе
председательствующего судьи Сапаровой Г.К., при секретаре Лукиной А.А., с участием прокурора
Ержанова Б.Т., рассмотрев в открытом судебном заседании в порядке сокращённого производства
уголовное дело № 1511-26-00-1/12 в отношении

ТЕСТОВА ЕРЛАНА МАРАТОВИЧА, 12.03.1991 года рождения, уроженца г. Актобе, гражданина
Республики Казахстан, проживающего: Актюбинская область, г. Актобе,

обвиняемого в совершении уголовного правонарушения, предусмотренного ч. 1 ст. 172 УК РК,

УСТАНОВИЛ:
Тестов Е.М. в мае 2024 года выехал в Российскую Федерацию, где заключил контракт с
Министерством обороны Российской Федерации и принимал участие в вооружённом конфликте на
территории Украины.

ПРИГОВОРИЛ:
Тестова Ерлана Маратовича признать виновным в совершении уголовного правонарушения,
предусмотренного ч. 1 ст. 172 УК РК, и назначить ему наказание в виде лишения свободы сроком на
5 (пять) лет с отбыванием в учреждении уголовно-исполнительной системы средней безопасности.
"""

NEWS = """Жителя Актобе осудили за участие в войне

Актобе, 5 февраля 2026. Специализированный межрайонный суд по уголовным делам Актюбинской
области 4 февраля 2026 года приговорил 34-летнего Ерлана Тестова к пяти годам лишения свободы по
части 1 статьи 172 УК РК. По данным суда, он воевал на стороне России по контракту с
Минобороны РФ.
"""

APPEAL = NEWS.replace("4 февраля 2026 года", "20 апреля 2026 года").replace(
    "5 февраля 2026", "21 апреля 2026"
).replace("приговорил", "повторно приговорил")


def build(engine, tmp_path, files):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    ingest_paths(engine, [folder])
    run_extraction(engine)


def test_news_about_a_verdict_is_not_counted_twice_after_linking(engine, tmp_path):
    build(engine, tmp_path, {"a_verdict.txt": VERDICT, "b_news.txt": NEWS})
    before = compute_stats(engine)
    assert before.n_cases == 2  # nothing says yet that they are the same man
    link_store(engine)
    after = compute_stats(engine)
    assert after.n_cases == 1 and after.n_defendants == 1
    ((kept, merged),) = after.dataset.merged.items()
    assert kept == "doc/1/case/0" and merged == ["doc/2/case/0"]  # the verdict represents it


def test_another_hearing_of_the_same_man_stays_a_case_of_its_own(engine, tmp_path):
    build(engine, tmp_path, {"a_verdict.txt": VERDICT, "b_news.txt": NEWS, "c_later.txt": APPEAL})
    link_store(engine)
    stats = compute_stats(engine)
    assert stats.n_cases == 2
    assert stats.dataset.merged == {"doc/1/case/0": ["doc/2/case/0"]}
