"""The public deadline calculator and calendar, and their administration."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from aarhus.core.cache import cached_page
from aarhus.core.extensions import db
from aarhus.core.forms import options
from aarhus.core.guard import public, roles_required
from aarhus.core.i18n_fields import pick
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.deadlines import Rule
from aarhus.deadlines.rules import RuleNotFound
from aarhus.legal import explain, operations, service
from aarhus.legal.forms import CalculatorForm, OverrideForm, RuleVersionForm
from aarhus.legal.models import CalendarOverride, RuleVersion


def rule_choices() -> list:
    """Each rule code with its title in the current language (the code is internal: a citizen reads the title)."""
    pack = service.current_pack()
    return options((code, pick(pack.latest(code).title)) for code in pack.codes)


@public
def calculator() -> tuple[str, int]:
    """Pick a procedure and a date; see the due date, its legal basis and why."""
    form = CalculatorForm(request.args)
    form.rule.choices = rule_choices()
    result, status, problem = None, 200, None
    if request.args:
        if form.validate():
            try:
                result = service.compute(form.rule.data, form.date.data)
            except (RuleNotFound, ValueError, OverflowError):  # 9999-12-31 has no day after it
                problem = _("No rule of this procedure is in force on that date, or the date is "
                            "outside the supported calendar (2000–2040).")
        if result is None:
            status = 400
    else:
        form.date.data = legal_today()
    lines = explain.explanation(result) if result else []
    return render_template("legal/calculator.html", form=form, result=result, lines=lines,
                           problem=problem), status


@public
@cached_page
def calendar(year: int | None = None) -> str:
    """A year's non-working days and transferred working days, with sources."""
    year = year or legal_today().year
    if not 2000 <= year <= 2040:
        abort(404)
    cal = service.current_calendar()
    return render_template("legal/calendar.html", year=year, days_off=cal.non_working_days(year),
                           working=cal.working_weekend_days(year))


@roles_required(Role.admin)
def overrides() -> str | Response:
    """List the decreed overrides and add one."""
    form = OverrideForm()
    if form.validate_on_submit():
        names = {"kk": form.name_kk.data, "ru": form.name_ru.data, "en": form.name_en.data or ""}
        operations.set_override(form.on.data, form.kind.data, names, form.source.data, current_user)
        db.session.commit()
        flash(_("The calendar was changed and open deadlines were recomputed."), "success")
        return redirect(url_for("legal.overrides"))
    rows = db.session.scalars(select(CalendarOverride).order_by(CalendarOverride.on.desc()))
    return render_template("legal/overrides.html", form=form, rows=list(rows))


@roles_required(Role.admin)
def delete_override(on: str) -> Response:
    """Remove one override."""
    try:
        day = date.fromisoformat(on)
    except ValueError:
        abort(404)
    if not operations.remove_override(day, current_user):
        abort(404)
    db.session.commit()
    flash(_("The override was removed and open deadlines were recomputed."), "success")
    return redirect(url_for("legal.overrides"))


@roles_required(Role.admin)
def rules() -> str:
    """Every stored rule version of every pack."""
    rows = db.session.scalars(select(RuleVersion).order_by(
        RuleVersion.pack, RuleVersion.code, RuleVersion.effective_from))
    return render_template("legal/rules.html", rows=list(rows), pack=service.pack_name())


@roles_required(Role.admin)
def edit_rule(version_id: int | None = None) -> str | Response:
    """Add a rule version, or correct one."""
    row = db.get_or_404(RuleVersion, version_id) if version_id else None
    form = RuleVersionForm(obj=row)
    if form.validate_on_submit():
        rule = rule_from_form(form)
        if rule is not None:
            operations.save_rule_version(row.pack if row else service.pack_name(), rule,
                                         current_user, version_id)
            db.session.commit()
            flash(_("The rule version was saved and open deadlines were recomputed."), "success")
            return redirect(url_for("legal.rules"))
    return render_template("legal/rule_form.html", form=form, row=row)


def rule_from_form(form: RuleVersionForm) -> Rule | None:
    """Build a Rule from the form, attaching an error to the form if it is invalid."""
    three = ("kk", "ru", "en")
    try:
        return Rule(code=form.code.data.strip(), direction=form.direction.data, unit=form.unit.data,
                    length=form.length.data, effective_from=form.effective_from.data,
                    effective_to=form.effective_to.data,
                    legal_basis={lang: getattr(form, f"legal_basis_{lang}").data for lang in three},
                    title={lang: getattr(form, f"title_{lang}").data or "" for lang in three})
    except ValueError as error:
        form.code.errors = [*form.code.errors, str(error)]
        return None
