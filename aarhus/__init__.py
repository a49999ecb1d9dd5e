"""Aarhus: public participation and compliance for Kazakhstan."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from aarhus.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application from ``settings`` (default: the environment)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    app.config.from_mapping(settings.flask_config())
    _ensure_instance_dir(settings)
    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_commands(app)
    return app


def _ensure_instance_dir(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def register_extensions(app: Flask) -> None:
    """Bind the extensions to ``app``."""
    from aarhus import i18n
    from aarhus.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from aarhus import cache, models_registry  # noqa: F401  (every model known to the metadata)

    cache.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the page and API blueprints."""
    from aarhus.accounts.views import bp as accounts
    from aarhus.api import bp as api
    from aarhus.audit.views import bp as audit
    from aarhus.bodies.views import bp as bodies
    from aarhus.hearings.views import bp as hearings
    from aarhus.legal.views import bp as legal
    from aarhus.main import bp as main
    from aarhus.notify.feeds import bp as feeds
    from aarhus.reports.views import bp as reports
    from aarhus.requests.views import bp as requests

    for blueprint in (main, accounts, bodies, legal, hearings, feeds, requests, audit, reports, api):
        app.register_blueprint(blueprint)


def register_hooks(app: Flask) -> None:
    """Login by default, locale cookie, template helpers, error pages."""
    from aarhus import guard, i18n, web

    guard.init_app(app)
    i18n.init_app(app)
    web.init_app(app)


def register_commands(app: Flask) -> None:
    """Add the ``flask --app aarhus`` commands of the contract."""
    from aarhus import cli

    cli.init_app(app)
