"""People across sources: name lists and casualty records, name normalisation and
transliteration, probabilistic linking (Splink on DuckDB), clusters into persons, judgements.

Stages: ``lists.import_list`` → ``run.link_store`` (features → model → cluster) →
``queries`` (persons, overlap); ``judgements.judge`` lets a person decide a match.
"""

from warcases.link import schema as _schema  # noqa: F401 - registers the tables on the metadata
