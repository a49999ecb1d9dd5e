"""Demo findings as cases: one in every state, each reached through the real acts so that its log has the steps."""

from __future__ import annotations

from sqlalchemy import select

from aarhus.accounts.operations import find_user
from aarhus.audit import cases
from aarhus.audit.models import Finding
from aarhus.core.extensions import db
from aarhus.hearings.models import Hearing
from aarhus.ledger import chain as ledger
from aarhus.requests.models import InfoRequest

COMPLIANCE = "compliance@demo.kz"

# (rule, subject kind, the subject's title, the body's officer, the acts in order). A finding left with no act stays
# open; "reopen" after "answer" sends it back to the body with a new clock (its state is "sent" again).
SCENARIOS = [
    ("IR-02", "request", "Результаты мониторинга воды реки Весновка", "officer.almaty@demo.kz", ()),
    ("IR-02", "request", "Качество воды в Самаркандском водохранилище", "officer.karaganda@demo.kz", ("send",)),
    ("HP-02", "hearing", "Теміртау қаласында қатты тұрмыстық қалдықтар полигоны", "officer.karaganda@demo.kz",
     ("send", "answer")),
    ("IR-01", "request", "Теміртаудағы полигонның санитариялық-қорғау аймағы", "officer.karaganda@demo.kz",
     ("send", "answer", "close")),
    ("IR-01", "request", "Ботаника бағындағы ағаштарды кесу жоспары", "officer.almaty@demo.kz",
     ("send", "answer", "reopen")),
]

# What the people write at each act (demo text, in the language of the subject).
NOTES = {
    "send": "Прошу представить объяснение и принятые меры.",
    "close": "Объяснение и меры приняты: срок ответа нарушен однократно, ответственный сотрудник назначен.",
    "reopen": "Ответ не указывает, какие меры приняты, чтобы ответы не запаздывали впредь. Дополните его.",
}
ANSWERS = {
    "HP-02": ("Хаттама хатшының ауысуына байланысты кешіктірілді.",
              "Хаттама жарияланды; хатшының орынбасары тағайындалды."),
    "IR-01": ("Ответ задержан из-за согласования с подведомственной организацией.",
              "Ответ направлен; сотрудникам разъяснены сроки статьи 11 Закона."),
}


def _subject_id(kind: str, title: str) -> int | None:
    if kind == "hearing":
        return db.session.scalar(select(Hearing.id).where(Hearing.title_kk == title))
    return db.session.scalar(select(InfoRequest.id).where(InfoRequest.subject == title))


def load() -> list[str]:
    """Act on the demo's findings once (a finding with a log already is left alone); returns the lines to print."""
    compliance, made = find_user(COMPLIANCE), []
    for rule, kind, title, officer_email, acts in SCENARIOS:
        subject_id = _subject_id(kind, title)
        finding = db.session.scalar(select(Finding).where(Finding.rule_id == rule, Finding.subject_type == kind,
                                                          Finding.subject_id == subject_id))
        if finding is None:
            raise LookupError(f"the demo audit found no {rule} about {kind} «{title}»")
        if not acts or ledger.entries_for("finding", finding.id):
            continue
        officer = find_user(officer_email)
        for act in acts:
            if act == "send":
                cases.send_finding(finding, NOTES["send"], compliance)
            elif act == "answer":
                explanation, action = ANSWERS[rule]
                cases.answer_finding(finding, explanation=explanation, corrective_action=action, file=None,
                                     actor=officer)
            elif act == "close":
                cases.close_finding(finding, NOTES["close"], compliance)
            else:
                cases.reopen_finding(finding, NOTES["reopen"], compliance)
        made.append(f"- {rule} {kind} {subject_id}: {' → '.join(('open',) + acts)} ({finding.case_state})")
    db.session.commit()
    return ["Demo finding cases:", *made] if made else []
