"""Holes an adversarial tester found in the hearing life cycle, each reproduced through the API or the pages.

The officer of Karaganda region's akimat acts on 23 November 2026 (``conftest``); the common hearing is published
for 14 December.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from aarhus.bodies.models import BodyKind
from aarhus.bodies.operations import akimat_of, create_body, region_by_code
from aarhus.core.errors import OperationError
from aarhus.core.extensions import db
from aarhus.core.roles import Role
from aarhus.hearings import operations as ops
from aarhus.hearings.models import Channel, HearingState
from aarhus.hearings.operations import expertise
from tests.conftest import PASSWORD, csrf_from, login, make_user
from tests.hearings.factories import agree, draft, published
from tests.hearings.test_hearings_web import NOTICE, bearer


def _refused(act, *args, **kwargs) -> OperationError:
    with pytest.raises(OperationError) as refused:
        act(*args, **kwargs)
    db.session.rollback()
    return refused.value


def _manage_form(client, hearing_id: int, **fields) -> dict:
    return {**fields, "csrf_token": csrf_from(client.get(f"/manage/hearings/{hearing_id}").get_data(as_text=True))}


# --- 1. a draft cancelled before publication ------------------------------------------------------------------------

def test_a_draft_cancelled_before_publication_stays_private(client, officer):
    initiator = make_user(Role.initiator, email="firm@secret.kz")
    auth = bearer(initiator)
    created = client.post("/api/v1/hearings", headers=auth, json={
        "region": "KZ-35", "form": "open_meeting", "title": {"kk": "Құпия жоба", "ru": "Секретный проект"}})
    hearing_id = created.json["id"]
    assert client.post(f"/api/v1/hearings/{hearing_id}/cancel", headers=auth, json={"reason": "x"}).status_code == 200
    assert client.get(f"/hearings/{hearing_id}").status_code == 404
    assert client.get(f"/api/v1/hearings/{hearing_id}").status_code == 404
    assert client.get("/api/v1/hearings?status=cancelled").json["total"] == 0
    assert "Құпия жоба" not in client.get("/hearings.atom?region=KZ-35").get_data(as_text=True)
    assert "Құпия жоба" not in client.get("/hearings.ics?region=KZ-35").get_data(as_text=True)
    body = client.get(f"/bodies/{akimat_of('KZ-35').id}")
    assert body.status_code == 200 and "Құпия жоба" not in body.get_data(as_text=True)


def test_a_hearing_cancelled_after_publication_stays_public(client, hearing, officer):
    ops.cancel_hearing(hearing, "Жоба қайтарылды", officer)
    db.session.commit()
    assert client.get(f"/api/v1/hearings/{hearing.id}").json["status"] == "cancelled"
    assert client.get(f"/bodies/{akimat_of('KZ-35').id}").status_code == 200


# --- 5. only the region's akimat runs its hearings ------------------------------------------------------------------

def test_an_officer_of_another_body_in_the_region_cannot_act_as_its_akimat(client, officer):
    hearing = draft(officer, start=date(2026, 12, 28))
    db.session.commit()
    other = create_body(BodyKind.other, {"kk": "Орман шаруашылығы", "ru": "Лесное хозяйство", "en": "Forestry"},
                        region=region_by_code("KZ-35"))
    from aarhus.accounts import operations as accounts

    outsider = accounts.create_user("forest@karaganda.kz", PASSWORD, Role.akimat_officer, body=other)
    db.session.commit()
    auth = bearer(outsider)
    agreed = client.post(f"/api/v1/hearings/{hearing.id}/agreement", headers=auth, json={
        "place": {"kk": "Зал А", "ru": "Зал А"}, "invitees": "x", "information_methods": "y"})
    assert agreed.status_code == 403
    agree(hearing, officer)
    db.session.commit()
    assert client.post(f"/api/v1/hearings/{hearing.id}/publish", headers=auth).status_code == 403
    assert not ops.can_edit(outsider, hearing) and not ops.is_region_officer(outsider, hearing)


