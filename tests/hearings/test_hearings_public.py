"""What a citizen sees on a hearing's public page: a called-off hearing, the comment form's landing, prefills."""

from datetime import date

from aarhus.core.extensions import db
from aarhus.hearings import operations as ops
from tests.hearings.factories import published


def test_a_cancelled_hearing_says_so_and_counts_nothing_down(client, officer, clock):
    hearing = published(officer, start=date(2026, 12, 14))
    clock.set("2026-11-30")
    ops.cancel_hearing(hearing, "Бастамашы жобаны кері қайтарып алды", officer)
    db.session.commit()
    html = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This hearing was cancelled on 30 November 2026." in html
    assert "Бастамашы жобаны кері қайтарып алды" in html and "Written comments are not accepted." in html
    assert 'class="left' not in html and "days left" not in html
    assert f"/hearings/{hearing.id}.ics" not in html and "Send a comment" not in html
    kk = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    assert "күн қалды" not in kk and "болдырылмады" in kk
    ics = client.get(f"/hearings/{hearing.id}.ics").get_data(as_text=True)
    assert ics.count("BEGIN:VEVENT") == 2 and ics.count("STATUS:CANCELLED") == 2


def test_a_postponed_hearing_says_so_with_its_reason_and_counts_nothing_down(client, officer, clock):
    hearing = published(officer, start=date(2026, 12, 14))
    clock.set("2026-11-30")
    ops.postpone_hearing(hearing, {"hearing_date": date(2027, 1, 20)}, "Құжаттама толықтырылады", officer)
    db.session.commit()
    html = client.get(f"/hearings/{hearing.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This hearing was postponed on 30 November 2026." in html and "Құжаттама толықтырылады" in html
    assert "Written comments are not accepted until a new notice is published." in html
    assert 'class="left' not in html and f"/hearings/{hearing.id}.ics" not in html
    ics = client.get(f"/hearings/{hearing.id}.ics").get_data(as_text=True)
    assert "STATUS:CONFIRMED" not in ics and "STATUS:TENTATIVE" in ics
