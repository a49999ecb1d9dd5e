"""Aarhus: public participation and compliance for Kazakhstan."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from aarhus.core.config import Settings
from aarhus.core.urls import PublicFlask

ROOT = Path(__file__).resolve().parent.parent


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application from ``settings`` (default: the environment)."""
    settings = settings or Settings.from_env()
    app = PublicFlask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    app.config.from_mapping(settings.flask_config())
    _ensure_instance_dir(settings)
    if settings.is_production:
        from aarhus.core.keys import check_production

        check_production(settings)  # no signing key or PDF certificate: refuse to start
    if settings.trusted_proxies > 0:  # the real client, not the proxy: one rate-limit bucket per citizen
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies,
                                x_host=0)
    register_extensions(app)
    from aarhus.core.web import bound_integers

    bound_integers(app)
    register_blueprints(app)
    register_hooks(app)
    register_commands(app)
    if not app.testing:
        freeze_startup_objects()
    return app


def freeze_startup_objects() -> None:
    """Move what start-up built (models, catalogue, translations, routes) out of the collector's sight.

    A full (generation 2) collection walks every tracked object; with ~180,000 of them from start-up it took
    ~130 ms and landed on some request as its p99. Frozen, they are no longer walked (they live as long as the
    process anyway). Not in tests, which build many apps in one process and would keep their garbage.
    """
    import gc

    gc.collect()
    gc.freeze()


def _ensure_instance_dir(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def register_extensions(app: Flask) -> None:
    """Bind the extensions to ``app``."""
    from aarhus.core import i18n
    from aarhus.core.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.babel_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    import_models()
    from aarhus.core import cache

    cache.init_app(app)


# Every module that defines tables, so the metadata (and the migrations) know them all.
MODEL_MODULES = ("core.cache", "core.jobs", "core.submissions", "ledger.models", "notify.models",
                 "bodies.models", "accounts.models", "legal.models", "hearings.models", "requests.models",
                 "plans.models", "search.models", "audit.models", "profiles.models", "reports.models", "jobs.models")


def import_models() -> None:
    """Import every model module once."""
    from importlib import import_module

    for name in MODEL_MODULES:
        import_module(f"aarhus.{name}")


# The packages that own URLs, each with its ``blueprint.py`` (pages as ``bp``, API as ``api_bp``).
BLUEPRINT_PACKAGES = ("notify", "accounts", "bodies", "legal", "ledger", "hearings", "requests", "plans", "search",
                      "audit", "profiles", "reports")


def register_blueprints(app: Flask) -> None:
    """Mount each domain's page and API blueprints, the site's own pages and the OpenAPI document."""
    from importlib import import_module

    from aarhus.api import openapi
    from aarhus.core import site

    app.register_blueprint(site.bp)
    for name in BLUEPRINT_PACKAGES:
        module = import_module(f"aarhus.{name}.blueprint")
        app.register_blueprint(module.bp)
        if hasattr(module, "api_bp"):
            app.register_blueprint(module.api_bp)
    app.register_blueprint(openapi.bp)
    register_public_subjects(app)


def register_public_subjects(app: Flask) -> None:
    """Tell the event log's public pages which records they may show (the log sits below the domains)."""
    from aarhus.hearings import queries as hearings
    from aarhus.ledger.views import PUBLIC_SUBJECTS
    from aarhus.requests import queries as requests

    app.extensions[PUBLIC_SUBJECTS] = {"hearing": hearings.is_public_id, "request": requests.is_public_id}
    from aarhus.core.site import HOME_CONTEXT
    from aarhus.profiles import home

    app.extensions[HOME_CONTEXT] = home.context


def register_audit_listener(app: Flask) -> None:
    """The audit re-evaluates each record an act logs, in the act's own transaction (the log sits below it)."""
    from aarhus.audit import live
    from aarhus.hearings.operations.comments import count_comments
    from aarhus.ledger import chain
    from aarhus.profiles import follows

    live.init_app(app)
    follows.init_app(app)  # followers of a hearing or request are mailed in the act's transaction
    chain.init_app(app)  # entries left for after the commit (citizens' comments) are chained as the request ends
    hooks = app.extensions.setdefault(chain.BEFORE_SEAL, [])
    if count_comments not in hooks:
        hooks.append(count_comments)


def register_hooks(app: Flask) -> None:
    """Login by default, locale cookie, template helpers, error pages."""
    from aarhus.accounts import auth
    from aarhus.core import guard, i18n, web
    from aarhus.search import index as search_index

    auth.init_app(app)
    search_index.install()
    register_audit_listener(app)
    guard.init_app(app)
    i18n.init_app(app)
    web.init_app(app)


def register_commands(app: Flask) -> None:
    """Add the ``flask --app aarhus`` commands of the contract."""
    from aarhus import cli

    cli.init_app(app)
