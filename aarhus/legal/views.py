"""The public deadline calculator and calendar, and their administration."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from aarhus.core import confirm
from aarhus.core.cache import cached_page
from aarhus.core.dates import official_date
from aarhus.core.extensions import db
from aarhus.core.forms import options
from aarhus.core.guard import public, roles_required
from aarhus.core.i18n_fields import pick
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.deadlines import Rule, RulePack
from aarhus.deadlines.rules import RuleNotFound
from aarhus.legal import explain, operations, service
from aarhus.legal.forms import CalculatorForm, OverrideForm, RuleVersionForm
from aarhus.legal.models import CalendarOverride, RuleVersion


def rule_choices() -> list:
    """Each rule code with its title in the current language (the code is internal: a citizen reads the title)."""
    pack = service.current_pack()
    return options((code, title_of(pack, code)) for code in pack.codes)


def title_of(pack: RulePack, code: str) -> str:
    """The title of the latest version of ``code`` that has one (versions saved before titles were required may
    have none)."""
    versions = sorted((r for r in pack.rules if r.code == code), key=lambda r: r.effective_from, reverse=True)
    return next((pick(r.title) for r in versions if pick(r.title)), code)


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
def delete_override(on: str) -> str | Response:
    """Remove one override, after a confirmation page: every open deadline is recomputed."""
    try:
        day = date.fromisoformat(on)
    except ValueError:
        abort(404)
    row = db.session.scalars(select(CalendarOverride).where(CalendarOverride.on == day)).first() or abort(404)
    back = url_for("legal.overrides")
    if not confirm.confirmed():
        return confirm.confirmation(
            _("Remove the calendar override"),
            [(_("Date"), official_date(row.on, style="full")),
             (_("Kind"), _("Day off") if row.kind == "day_off" else _("Working day")),
             (_("Name"), pick({"kk": row.name_kk, "ru": row.name_ru, "en": row.name_en})), (_("Source"), row.source)],
            [], back, button=_("Remove the override"),
            note=_("The day becomes as the public holidays of the law make it, and every open deadline is "
                   "recomputed at once. The removal is written to the public log."))
    operations.remove_override(day, current_user)
    db.session.commit()
    flash(_("The override was removed and open deadlines were recomputed."), "success")
    return redirect(back)


@roles_required(Role.admin)
def rules() -> str:
    """Every stored rule version of every pack."""
    rows = db.session.scalars(select(RuleVersion).order_by(
        RuleVersion.pack, RuleVersion.code, RuleVersion.effective_from))
    return render_template("legal/rules.html", rows=list(rows), pack=service.pack_name())


@roles_required(Role.admin)
def edit_rule(version_id: int | None = None) -> str | Response:
    """Add a rule version (ending the open-ended one the day before it), or correct one."""
    row = db.get_or_404(RuleVersion, version_id) if version_id else None
    form = RuleVersionForm(obj=row)
    if form.validate_on_submit():
        rule = rule_from_form(form)
        if rule is not None:
            try:
                saved = operations.save_rule_version(row.pack if row else service.pack_name(), rule,
                                                     current_user, version_id)
            except operations.RuleOverlap as overlap:
                db.session.rollback()
                form.effective_from.errors = [*form.effective_from.errors, overlap_message(overlap.other)]
            else:
                db.session.commit()
                flash(saved_message(saved), "success")
                return redirect(url_for("legal.rules"))
    return render_template("legal/rule_form.html", form=form, row=row)


def overlap_message(other: RuleVersion) -> str:
    """Why a version was refused: the version already in force on some of its days."""
    return _("This version overlaps the version in force %(period)s. Choose another start date, or first end "
             "that version on the day before this one starts.", period=period_of(other))


def period_of(version: RuleVersion) -> str:
    """When a version is in force, as a sentence says it."""
    if version.effective_to is None:
        # Translators: in Kazakh %(start)s is in the ablative (…қаңтардан).
        return _("from %(start)s, with no end date", start=official_date(version.effective_from, case="ablative"))
    # Translators: in Kazakh %(start)s is in the ablative (…қаңтардан) and %(end)s in the dative (…желтоқсанға).
    return _("from %(start)s to %(end)s", start=official_date(version.effective_from, case="ablative"),
             end=official_date(version.effective_to, case="dative"))


def saved_message(saved: RuleVersion) -> str:
    """What the save did, naming the previous version's new last day when the new version ended it."""
    previous = operations.version_ending_before(saved)
    if previous is None:
        return _("The rule version was saved and open deadlines were recomputed.")
    # Translators: in Kazakh %(date)s is in the dative (…желтоқсанға), before "дейін".
    return _("The rule version was saved; the previous version is in force until %(date)s inclusive. Open "
             "deadlines were recomputed.", date=official_date(previous.effective_to, case="dative"))


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
