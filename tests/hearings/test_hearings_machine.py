"""Random sequences of every act, by every kind of actor, over random dates: no state the law forbids is reached.

A hypothesis state machine drives one hearing (and, beside it, one information request) at a time. Before each
act it asks the life-cycle table what is allowed; after it, it checks that the act succeeded exactly when the
table allowed it, that each act that succeeded is in the log exactly once, and the invariants of the law.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from aarhus.bodies.operations import akimat_of
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.core.time import legal_today
from aarhus.hearings import operations as ops
from aarhus.hearings import rules as hearing_rules
from aarhus.hearings.models import Channel
from aarhus.hearings.permissions import (
    allowed_actions,
    comment_refusal,
    is_public,
    is_signed,
    refusals,
    stage_of,
)
from aarhus.ledger.models import LogEntry
from aarhus.legal import service
from aarhus.requests import operations as request_ops
from aarhus.requests.permissions import allowed_actions as request_actions
from tests.conftest import make_user
from tests.hearings.factories import agree, draft, officer_of, secretary_of, signers

START = date(2026, 11, 23)
ACTORS = ("officer", "secretary", "initiator", "stranger", "citizen", "compliance", "admin", "public")
# Mostly the officer who runs the hearing, so that random runs reach the protocol; everyone else too.
ACTOR = st.sampled_from(("officer", "officer", "officer", *ACTORS))
# The log entry each act writes (and the public's written comment writes the same kind as the officer's oral one).
LOGGED = {"agree": "hearing.agreed", "postpone": "hearing.postponed", "cancel": "hearing.cancelled", "publish": "hearing.published",
          "comment": "hearing.comment_received", "oral_comment": "hearing.comment_received",
          "set_position": "hearing.position", "draft_protocol": "hearing.protocol_drafted",
          "sign_protocol": "hearing.protocol_signed", "publish_protocol": "hearing.protocol_published",
          "add_media_notice": "hearing.media_notice", "connection_complaint": "hearing.comment_received",
          "edit": "hearing.edited"}


# Refusals of an allowed act for what it carries, not for who or when: the notice's content gate (rules.md §3),
# the protocol's positions, the signer's identity, a bad value.
CONTENT_REFUSALS = ("invalid", "positions_missing", "not_the_signer", "forbidden", "missing_fields", "not_agreed",
                    "survey_too_short", "notice_too_late", "agreement_changed")


SUCCEEDED: dict[str, int] = {}  # how often each act went through: the run must reach every stage
REFUSED: dict[str, set[str]] = {}  # and the codes each was refused with: what to look at when it did not


class People:
    """The accounts every example shares (made once per test)."""

    def __init__(self) -> None:
        self.officer = officer_of("KZ-35")
        self.secretary = secretary_of("KZ-35")
        self.initiator = make_user(Role.initiator, email="firm@kazmys.kz")
        self.stranger = officer_of("KZ-75", email="officer@almaty.kz")
        self.citizen = make_user(Role.citizen, email="citizen@example.kz")
        self.compliance = make_user(Role.compliance_officer, email="audit@ecogeo.kz")
        self.admin = make_user(Role.admin, email="admin@ecogeo.kz")
        self.holder_officer = make_user(Role.akimat_officer, email="holder@akimat.kz", region="KZ-35")


class Lifecycle(RuleBasedStateMachine):
    """One hearing from its draft, and one request from its registration, through random acts."""

    people: People
    clock = None

    @initialize(days_ahead=st.integers(min_value=22, max_value=40),
                stage=st.sampled_from(["draft", "agreed", "published", "published", "published"]))
    def start(self, days_ahead: int, stage: str) -> None:
        self.today = START
        self.clock.set(self.today)
        self.hearing = draft(self.people.officer, start=START + timedelta(days=days_ahead),
                             video_url="https://meet.example.kz/h")  # a hybrid meeting: links can fail
        if stage != "draft":
            agree(self.hearing, self.people.officer)
        if stage == "published":  # most runs start published, so that they reach the protocol
            ops.publish_hearing(self.hearing, self.people.officer)
        self.request, _ = request_ops.register_request(akimat_of("KZ-35"), {
            "requester_name": "Дана", "contact_email": "dana@example.kz", "language": "ru", "subject": "Выбросы",
            "text": "Прошу данные.", "categories": ["environment_state"]})
        db.session.commit()
        self.ever_public = False
        self.published_protocol_at = None

    # --- helpers ------------------------------------------------------------------------

    def _actor(self, name: str):
        return None if name == "public" else getattr(self.people, name)

    def _try(self, act: str, actor_name: str, call) -> bool:
        """Do ``call``; it must succeed exactly when the table allows ``act`` now, and log once if it does."""
        allowed = act in allowed_actions(self.hearing, self._actor(actor_name), legal_today())
        before = self._log_count(LOGGED.get(act))
        try:
            call()
        except OperationError as error:
            db.session.rollback()
            REFUSED.setdefault(act, set()).add(error.code)
            assert not allowed or error.code in CONTENT_REFUSALS, (act, actor_name, error.code, error.details)
            return False
        db.session.commit()
        SUCCEEDED[act] = SUCCEEDED.get(act, 0) + 1
        assert allowed, (act, actor_name, "succeeded though the table forbade it")
        if act in LOGGED:
            assert self._log_count(LOGGED[act]) == before + 1, act
        return True

    def _log_count(self, kind: str | None) -> int:
        if kind is None:
            return 0
        return db.session.scalar(select(func.count(LogEntry.id)).where(
            LogEntry.kind == kind, LogEntry.subject_type == "hearing", LogEntry.subject_id == str(self.hearing.id)))

    # --- the acts -----------------------------------------------------------------------

    @rule(days=st.integers(min_value=1, max_value=5))
    def time_passes(self, days: int) -> None:
        self.today += timedelta(days=days)
        self.clock.set(self.today)

    @precondition(lambda self: self.hearing.notice_published_at is not None)
    @rule(after=st.integers(min_value=0, max_value=3))
    def the_hearing_day_comes(self, after: int) -> None:
        if self.hearing.end_on and self.hearing.end_on + timedelta(days=after) > self.today:
            self.today = self.hearing.end_on + timedelta(days=after)
            self.clock.set(self.today)

    @rule(actor=ACTOR)
    def agree(self, actor: str) -> None:
        values = {"place_kk": "Зал", "place_ru": "Зал", "invitees": "Тұрғындар", "information_methods": "Газет"}
        self._try("agree", actor, lambda: ops.record_agreement(self.hearing, values, self._actor(actor)))

    @rule(actor=ACTOR)
    def publish(self, actor: str) -> None:
        self._try("publish", actor, lambda: ops.publish_hearing(self.hearing, self._actor(actor)))

    # Mostly lawful new dates; some too soon or long past, which must be refused (else the hearing is stuck).
    @rule(actor=ACTOR, days=st.one_of(st.integers(min_value=21, max_value=60), st.integers(min_value=-400,
                                                                                          max_value=20)))
    def postpone(self, actor: str, days: int) -> None:
        new_date = {"hearing_date": self.today + timedelta(days=days)}
        if self._try("postpone", actor, lambda: ops.postpone_hearing(self.hearing, new_date, "Көшірілді",
                                                                     self._actor(actor))):
            # The new notice must be lawful counted from its re-publication, which is today at the earliest.
            assert self.hearing.start_on >= hearing_rules.earliest_hearing_date(
                self.today, service.current_pack(), service.current_calendar()), new_date

    @rule(actor=ACTOR)
    def cancel(self, actor: str) -> None:
        self._try("cancel", actor, lambda: ops.cancel_hearing(self.hearing, "Болмайды", self._actor(actor)))

    @rule(actor=ACTOR, back=st.integers(min_value=0, max_value=3))
    def media_notice(self, actor: str, back: int) -> None:
        self._try("add_media_notice", actor, lambda: ops.add_media_notice(
            self.hearing, "Орталық Қазақстан", max(self.today - timedelta(days=back), START), "ru",
            self._actor(actor)))

    @rule()
    def public_comment(self) -> None:
        self._try("comment", "public", lambda: ops.submit_comment(
            self.hearing, author_name="Айгүл", contact="aigul@example.kz", text="Су көзі", show_name=True))

    @rule(actor=ACTOR)
    def oral_comment(self, actor: str) -> None:
        if self._try("oral_comment", actor, lambda: ops.submit_comment(
                self.hearing, author_name="Болат", contact="+7 701", text="Ауызша", show_name=True,
                channel=Channel.oral, entered_by=self._actor(actor))):
            assert self.today >= self.hearing.start_on, "an oral comment before the meeting"

    @rule()
    def connection_complaint(self) -> None:
        if self._try("connection_complaint", "public", lambda: ops.submit_comment(
                self.hearing, author_name="Сәуле", contact="saule@mail.kz", text="Байланыс үзілді", show_name=False,
                connection_complaint=True)):
            assert self.today >= self.hearing.start_on, "a connection complaint before the meeting"

    @rule(actor=ACTOR, change=st.sampled_from([{"place_kk": "Басқа зал"}, {"hearing_time": time(23, 30)},
                                               {"hearing_date": START + timedelta(days=45)},
                                               {"title_ru": "Новое название"}]))
    def edit(self, actor: str, change: dict) -> None:
        self._try("edit", actor, lambda: ops.update_hearing(self.hearing, change, self._actor(actor)))

    @rule(actor=ACTOR, stance=st.sampled_from(["accepted", "partly", "rejected"]))
    def position(self, actor: str, stance: str) -> None:
        waiting = [c for c in ops.comments_of(self.hearing) if c.position is None] or ops.comments_of(self.hearing)[:1]
        for comment in waiting:  # the initiator answers every comment still waiting
            self._try("set_position", actor, lambda c=comment: ops.set_position(c, stance, "Себебі",
                                                                                self._actor(actor)))

    @rule(actor=ACTOR)
    def draft_protocol(self, actor: str) -> None:
        values = {"attendees": 12, **signers(self.people.officer, self.people.secretary)}
        self._try("draft_protocol", actor, lambda: ops.draft_protocol(self.hearing, values, self._actor(actor)))

    @rule(actor=ACTOR, role=st.sampled_from(["chair", "secretary"]))
    def sign(self, actor: str, role: str) -> None:
        self._try("sign_protocol", actor, lambda: ops.sign_protocol(self.hearing, role, self._actor(actor)))

    @rule(actor=ACTOR)
    def publish_protocol(self, actor: str) -> None:
        self._try("publish_protocol", actor, lambda: ops.publish_protocol(self.hearing, self._actor(actor)))

    @precondition(lambda self: self.hearing.notice_published_at is not None)
    @rule()
    def the_protocol_goes_through(self) -> None:
        """The lawful path after the hearing, act by act (each still judged by ``_try``), among the random ones."""
        self.public_comment()  # while comments are open: a protocol with a comment to answer
        self.the_hearing_day_comes(1)
        for comment in [c for c in ops.comments_of(self.hearing) if c.position is None]:
            self._try("set_position", "officer", lambda c=comment: ops.set_position(c, "accepted", "Ескерілді",
                                                                                    self.people.officer))
        self.draft_protocol("officer")
        self.sign("officer", "chair")
        self.sign("secretary", "secretary")
        self.publish_protocol("officer")

    @rule(act=st.sampled_from(["answer", "refuse", "extend", "redirect", "complain"]), holder=st.booleans())
    def request_act(self, act: str, holder: bool) -> None:
        actor = self.people.holder_officer if holder else self.people.stranger
        requester = act == "complain"
        allowed = act in request_actions(self.request, None if requester else actor, legal_today(),
                                         requester=requester)
        calls = {"answer": lambda: request_ops.answer_request(self.request, text="Данные", language="ru",
                                                              actor=actor),
                 "refuse": lambda: request_ops.refuse_request(self.request, "no_substance", "Нет сути", actor),
                 "extend": lambda: request_ops.extend_request(self.request, "Несколько обладателей", actor,
                                                              decided_by="Руководитель"),
                 "redirect": lambda: request_ops.redirect_request(self.request, akimat_of("KZ-75"), "Не у нас",
                                                                  actor),
                 "complain": lambda: request_ops.file_complaint(self.request, "Нарушен срок")}
        try:
            calls[act]()
        except OperationError:
            db.session.rollback()
            assert not allowed, act
            return
        db.session.commit()
        assert allowed, (act, "succeeded though the table forbade it")

    # --- what must always hold ----------------------------------------------------------

    @invariant()
    def the_lean_comment_check_agrees_with_the_table(self) -> None:
        """A citizen's comment asks ``comment_refusal`` (two small queries) what ``refusals`` says of "comment"."""
        if not hasattr(self, "hearing"):
            return
        refused, _row = comment_refusal(self.hearing.id, legal_today())
        db.session.rollback()  # the row lock it took
        expected = refusals(self.hearing, None, legal_today()).get("comment") if is_public(self.hearing) \
            else "not_found"
        assert refused == expected, (refused, expected)

    @invariant()
    def nothing_public_disappears(self) -> None:
        if not hasattr(self, "hearing"):
            return
        public = is_public(self.hearing)
        assert public or not self.ever_public, "a public hearing disappeared"
        self.ever_public = self.ever_public or public

    @invariant()
    def a_hearing_not_held_can_still_be_called_off(self) -> None:
        """Until a published hearing's day has passed, its officer can call it off: no act leaves it stuck."""
        if not hasattr(self, "hearing") or stage_of(self.hearing) not in ("draft", "agreed", "published"):
            return
        if self.hearing.state.value != "published" or self.hearing.end_on >= legal_today():
            assert "cancel" in allowed_actions(self.hearing, self.people.officer, legal_today())

    @invariant()
    def the_published_notice_says_what_the_akimat_agreed(self) -> None:
        """Rules p.8–9: the place and hour a published notice announces are the ones the akimat agreed."""
        if not hasattr(self, "hearing") or self.hearing.state.value != "published":
            return
        agreement = self.hearing.agreement
        assert (self.hearing.place_kk, self.hearing.place_ru) == (agreement.place_kk, agreement.place_ru)
        assert self.hearing.hearing_time == agreement.hearing_time

    @invariant()
    def a_hearing_never_published_is_never_public(self) -> None:
        """A draft or agreed hearing called off before its notice is withdrawn, not announced."""
        if not hasattr(self, "hearing"):
            return
        assert not is_public(self.hearing) or self.hearing.first_published_at is not None, self.hearing.state

    @invariant()
    def a_published_protocol_is_final_and_complete(self) -> None:
        if not hasattr(self, "hearing") or self.hearing.protocol_published_at is None:
            return
        self.published_protocol_at = self.published_protocol_at or self.hearing.protocol_published_at
        assert self.hearing.protocol_published_at == self.published_protocol_at
        assert self.hearing.state.value == "published" and is_signed(self.hearing)
        snapshot = self.hearing.protocol.snapshot["comments"]
        assert len(snapshot) == len(ops.comments_of(self.hearing)), "a comment is missing from the protocol"
        assert all(c["stance"] for c in snapshot), "a comment in the protocol has no position"
        protocol = self.hearing.protocol
        assert protocol.chair_signed_by_id != protocol.secretary_signed_by_id

    @invariant()
    def deadlines_agree_with_the_engine(self) -> None:
        if not hasattr(self, "hearing") or self.hearing.notice_published_at is None:
            return
        pack, calendar = service.current_pack(), service.current_calendar()
        assert self.hearing.protocol_due_on == hearing_rules.protocol_due_on(self.hearing.end_on, pack, calendar)
        assert self.hearing.comments_close_on == hearing_rules.comments_close_on(
            self.hearing.form.value, self.hearing.start_on, self.hearing.end_on, pack, calendar)

    @invariant()
    def a_request_is_decided_once(self) -> None:
        if not hasattr(self, "request"):
            return
        kinds = [e.kind for e in db.session.scalars(select(LogEntry).where(
            LogEntry.subject_type == "request", LogEntry.subject_id == str(self.request.id)))]
        assert sum(k in ("request.answered", "request.refused", "request.redirected") for k in kinds) <= 1
        assert kinds.count("request.extended") <= 1


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_no_sequence_of_acts_reaches_a_state_the_law_forbids(app, clock):
    Lifecycle.people, Lifecycle.clock = People(), clock
    SUCCEEDED.clear()
    REFUSED.clear()
    run_state_machine_as_test(Lifecycle, settings=settings(
        max_examples=40, stateful_step_count=50, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))
    # The random runs must have gone the whole way, else they proved little.
    reached = set(SUCCEEDED)
    assert {"comment", "set_position", "sign_protocol", "publish_protocol", "cancel"} <= reached, repr((SUCCEEDED, REFUSED))
