"""The migrated schema equals the models, on the test database in use."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from aarhus.core.extensions import db
from aarhus.search.models import engine_object
from tests.conftest import reset_schema


def test_migrations_produce_exactly_the_models(app):
    reset_schema()
    db.drop_all()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade()
    with db.engine.connect() as conn:
        # The search engine's own objects (FTS5 table, GIN indexes) are made by DDL, not by the models.
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": lambda name, *_: not
                                                         engine_object(name)})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_rule_texts_loaded_before_the_glossary_get_the_statutes_terms(app):
    """Rule versions stored with the old shipped wording are rewritten; an administrator's own text is kept."""
    from flask_migrate import downgrade
    from sqlalchemy import text

    reset_schema()
    db.drop_all()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade(revision="6d86dff3adf1")
    insert = text("INSERT INTO rule_versions (pack, code, direction, unit, length, effective_from, legal_basis_kk, "
                  "legal_basis_ru, legal_basis_en, title_kk, title_ru, title_en, trigger_kk, trigger_ru, trigger_en, "
                  "updated_at) VALUES (:pack, :code, 'forward', 'calendar', 15, '2016-01-01', '', '', '', :title_kk, "
                  ":title_ru, '', :trigger_kk, '', '', '2026-01-01 00:00:00')")
    with db.engine.begin() as conn:
        conn.execute(insert, {"pack": "kz-default", "code": "request.answer", "title_kk": "Сұратуға жауап беру мерзімі",
                              "title_ru": "Срок ответа на запрос", "trigger_kk": "сұрату тіркелген күн"})
        conn.execute(insert, {"pack": "mine", "code": "request.answer", "title_kk": "Өз атауым",
                              "title_ru": "Уведомление заявителя о продлении срока", "trigger_kk": "өз оқиғам"})
    upgrade()
    with db.engine.connect() as conn:
        # (db upgrade to the head also loads the rest of the rule pack: only these two rows are under test)
        rows = conn.execute(text("SELECT pack, title_kk, title_ru, trigger_kk FROM rule_versions "
                                 "WHERE code = 'request.answer' AND effective_from = '2016-01-01' ORDER BY pack")).all()
    assert [tuple(r) for r in rows] == [
        ("kz-default", "Сұрау салуға жауап беру мерзімі", "Срок ответа на запрос", "сұрау салу тіркелген күн"),
        ("mine", "Өз атауым", "Уведомление пользователя информации о продлении срока", "өз оқиғам")]
    db.session.remove()  # end the session's read transaction: dropping an index waits for every reader's locks
    downgrade(revision="6d86dff3adf1")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT title_kk FROM rule_versions WHERE pack = 'kz-default' AND code = "
                                 "'request.answer' AND effective_from = '2016-01-01'")).scalar() == \
            "Сұратуға жауап беру мерзімі"
    upgrade()
