"""Signed heads anchor the log outside its database: every way of rewriting it is caught by ``verify --against``.

Each attack is done the way someone with write access to the database would: with triggers dropped where they
stand in the way, and with hashes recomputed so that the chain alone still looks intact.
"""

import base64
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError

from aarhus.core.extensions import db
from aarhus.hearings import operations as hearings
from aarhus.jobs import scheduler
from aarhus.ledger import anchor
from aarhus.ledger import chain as ledger
from aarhus.ledger.models import GENESIS, ChainHead, LogEntry
from tests.audit.test_audit_ledger import drop_guards
from tests.hearings.factories import officer_of, published


def sign_head(runner) -> int:
    result = runner.invoke(args=["ledger", "sign-head"])
    assert result.exit_code == 0, result.output
    return int(result.output.split("sequence ")[1].split(",")[0])


def save_heads(runner, tmp_path) -> str:
    out = tmp_path / "heads.json"
    result = runner.invoke(args=["ledger", "heads", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return str(out)


def verify_against(runner, path):
    db.session.remove()
    return runner.invoke(args=["ledger", "verify", "--against", path])


def comment(hearing, i):
    hearings.submit_comment(hearing, author_name=f"Азамат {i}", contact="a@a.kz", text=f"Ескерту {i}", show_name=True)
    db.session.commit()


@pytest.fixture
def signed(app, clock, runner, tmp_path):
    """Two signed heads with entries between and after them, saved to a file as anyone could."""
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    first = sign_head(runner)
    for i in range(3):
        comment(hearing, i)
    second = sign_head(runner)
    for i in range(3, 5):
        comment(hearing, i)  # an unsigned tail, as between two nights
    return save_heads(runner, tmp_path), first, second


def rows():
    return list(db.session.scalars(select(LogEntry).order_by(LogEntry.id)))


def recomputed(entries, changed_id):
    """The log with one entry's payload changed and every hash from there recomputed: a consistent forgery."""
    prev, forged = GENESIS, []
    for e in entries:
        payload = {**e.payload, "forged": True} if e.id == changed_id else e.payload
        digest = ledger.entry_hash(prev, e.at, e.kind, e.subject_type, e.subject_id, e.actor_id, payload)
        forged.append({"id": e.id, "at": e.at, "kind": e.kind, "subject_type": e.subject_type,
                       "subject_id": e.subject_id, "actor_id": e.actor_id, "payload": payload,
                       "prev_hash": prev, "hash": digest})
        prev = digest
    return forged


def delete_all():
    drop_guards()
    db.session.execute(text("DELETE FROM log_entries"))


def test_an_untouched_log_reaches_every_signed_head(signed, runner):
    path, first, second = signed
    result = verify_against(runner, path)
    assert result.exit_code == 0, result.output
    assert "reaches all 2 signed heads" in result.output and f"the last at sequence {second}" in result.output
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0  # the plain check works as before


@pytest.mark.parametrize("how", ["insert or replace", "delete and insert"])
def test_a_recomputed_chain_fails_at_the_first_signed_head_after_the_change(signed, runner, how):
    path, first, second = signed
    if how == "insert or replace":
        if db.engine.dialect.name != "sqlite":
            pytest.skip("INSERT OR REPLACE is SQLite's")
        forged = recomputed(rows(), changed_id=2)  # REPLACE deletes without firing the delete trigger
        db.session.execute(insert(LogEntry).prefix_with("OR REPLACE"), forged)
    else:
        forged = recomputed(rows(), changed_id=first + 1)
        delete_all()
        db.session.execute(insert(LogEntry), forged)
    db.session.commit()
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0  # the chain alone cannot tell
    result = verify_against(runner, path)
    bad = first if how == "insert or replace" else second
    assert result.exit_code == 1 and f"BAD at sequence {bad}: the entry's hash is not the signed head's" in result.output


def test_deleting_the_tail_fails_at_the_first_signed_head_gone(signed, runner):
    path, first, second = signed
    total = db.session.scalar(select(func.count(LogEntry.id)))
    drop_guards()
    last_n = total - second + 1
    db.session.execute(text("DELETE FROM log_entries WHERE id > :keep"), {"keep": total - last_n})
    db.session.commit()
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0
    result = verify_against(runner, path)
    assert result.exit_code == 1 and f"BAD at sequence {second}: the log ends before this signed head" in result.output


def test_postgresql_refuses_truncate_of_the_log(signed):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("TRUNCATE log_entries"))
    db.session.rollback()
    assert db.session.scalar(select(func.count(LogEntry.id))) > 0


def test_a_truncated_log_with_a_new_forged_chain_fails_at_the_first_signed_head(signed, runner):
    path, first, second = signed
    forged = recomputed(rows()[:first], changed_id=1)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP TRIGGER log_entries_no_truncate ON log_entries"))
        db.session.execute(text("TRUNCATE log_entries"))
    else:
        delete_all()  # SQLite's truncate: a DELETE without WHERE
    db.session.execute(insert(LogEntry), forged)
    db.session.commit()
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0
    result = verify_against(runner, path)
    assert result.exit_code == 1 and f"BAD at sequence {first}: the entry's hash is not the signed head's" in result.output


def test_restoring_an_older_backup_fails_at_the_first_head_signed_after_it(app, clock, runner, tmp_path):
    clock.set("2026-11-23")
    hearing = published(officer_of("KZ-35"))
    first = sign_head(runner)
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    comment(hearing, 1)
    second = sign_head(runner)
    path = save_heads(runner, tmp_path)
    result = runner.invoke(args=["restore", "--yes", str(archive)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0  # the old log is intact in itself
    assert db.session.get(ChainHead, second) is None  # and its own copy of the heads is rolled back too
    result = verify_against(runner, path)
    assert result.exit_code == 1 and f"BAD at sequence {second}: the log ends before this signed head" in result.output
    comment(db.session.merge(hearing), 2)  # the rolled-back site carries on: the sequence number is reused
    result = verify_against(runner, path)
    assert result.exit_code == 1 and f"BAD at sequence {second}: the entry's hash is not the signed head's" in result.output
    assert first < second


def test_an_altered_copy_of_the_heads_is_refused(signed, runner, tmp_path):
    path, first, second = signed
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    document["heads"][1]["entries"] += 1  # what a forger of the copy would need to match a shorter log
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(document), encoding="utf-8")
    result = verify_against(runner, str(altered))
    assert result.exit_code == 1 and f"BAD at sequence {second}: the saved head's signature does not verify" in result.output
    nonsense = tmp_path / "nonsense.json"
    nonsense.write_text('{"heads": [{"sequence": 1}]}', encoding="utf-8")
    result = verify_against(runner, str(nonsense))
    assert result.exit_code == 1 and "not a file of signed heads" in result.output


def test_sign_head_is_idempotent_until_the_next_entry(signed, runner):
    path, first, second = signed
    last = sign_head(runner)
    assert last > second and sign_head(runner) == last
    assert db.session.scalar(select(func.count(ChainHead.entry_id))) == 3


def test_the_nightly_job_signs_yesterdays_head(app, clock):
    clock.set("2026-11-23")
    published(officer_of("KZ-35"))
    scheduler.nightly(clock.set("2026-11-24T01:30:00+05:00"))
    head = db.session.scalars(select(ChainHead)).one()
    assert head.day == date(2026, 11, 23) and head.entry_id == ledger.head().id
    assert anchor.signature_problem(anchor.head_record(head), anchor.public_key()) is None


def test_the_published_heads_check_with_the_published_key_alone(signed, client, runner):
    path, first, second = signed
    served = client.get("/ledger/heads.json")
    assert served.status_code == 200 and served.mimetype == "application/json"
    document = served.json
    assert document == json.loads(Path(path).read_text(encoding="utf-8"))
    key = client.get("/ledger/key")
    assert key.mimetype == "text/plain" and key.get_data(as_text=True) == document["public_key"]
    public = load_pem_public_key(key.data)
    for head in document["heads"]:  # as an outsider would, from the documented message format
        body = json.dumps({k: head[k] for k in ("sequence", "entries", "hash", "signed_at")},
                          sort_keys=True, separators=(",", ":"))
        public.verify(base64.b64decode(head["signature"]), f"aarhus-kz ledger head v1\n{body}".encode())
    assert [h["sequence"] for h in document["heads"]] == [first, second]


def test_the_heads_page_and_feed_are_public_and_in_every_language(signed, client):
    path, first, second = signed
    record = anchor.head_record(db.session.get(ChainHead, second))
    for lang, title in (("kk", "Журналдың қол қойылған бастары"), ("ru", "Подписанные вершины журнала"),
                        ("en", "Signed heads of the log")):
        page = client.get("/ledger/heads", headers={"Accept-Language": lang})
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and title in html
        assert record["hash"] in html and record["signature"] in html and record["key_id"] in html
    feed = client.get("/ledger/heads.atom", headers={"Accept-Language": "en"})
    assert feed.mimetype == "application/atom+xml"
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(feed.data).findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == [f"Signed head at entry {second}",
                                                            f"Signed head at entry {first}"]
    assert f"signature: {record['signature']}" in entries[0].findtext(f"{atom}content")
    assert "/ledger/heads" in client.get("/ledger").get_data(as_text=True)
