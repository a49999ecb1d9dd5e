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
