"""The published protocol's PDFs: queued with the publication, made once by the job worker, served from storage."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from aarhus.core.extensions import db
from aarhus.core.jobs import Job
from aarhus.core.time import utcnow
from aarhus.hearings import operations as ops
from aarhus.hearings import protocol_pdf
from aarhus.hearings.models import Hearing
from aarhus.ledger import chain as ledger
from tests.conftest import login
from tests.core.test_core_pdf_signature import assert_signed_whole
from tests.hearings.factories import make_protocol_pdfs
from tests.hearings.test_hearings_lifecycle import walk_to_signed


def _publish(hearing, officer, secretary, clock):
    comments = walk_to_signed(hearing, officer, clock, secretary=secretary)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    db.session.commit()
    return comments


def _jobs(hearing_id):
    return list(db.session.scalars(select(Job).where(Job.kind == "protocol.pdf").order_by(Job.id)))


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    data = response.data
    response.close()
    return response, data


def test_publishing_queues_the_pdfs_and_the_worker_makes_them_once(app, client, hearing, officer, secretary, clock,
                                                                  tmp_path):
    comments = _publish(hearing, officer, secretary, clock)
    hearing_id = hearing.id
    [job] = _jobs(hearing_id)
    assert (job.state, job.params) == ("queued", {"hearing_id": hearing_id, "attempt": 1})
    assert hearing.protocol.pdf_sha256_kk is None and not protocol_pdf.pdf_path(hearing_id, "kk").exists()
    published = [e for e in ledger.entries_for("hearing", hearing_id) if e.kind == "hearing.protocol_published"]
    assert published[0].payload["pdf_job"] == job.id and len(published[0].payload["snapshot_sha256"]) == 64
    # Meanwhile the citizen reads the protocol's comments and answers on the page, told the PDFs are coming.
    page = client.get(f"/hearings/{hearing_id}").get_data(as_text=True)
    assert f"/hearings/{hearing_id}/protocol.pdf" not in page and 'role="status"' in page
    assert all(c.receipt in page for c in comments)
    waiting, body = _get(client, f"/hearings/{hearing_id}/protocol.pdf?lang=ru")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] and b"#protocol" in body

    assert make_protocol_pdfs(app) == 1
    job, protocol = db.session.get(Job, job.id), db.session.get(Hearing, hearing_id).protocol
    assert job.state == "done" and job.result["sha256"] == {"kk": protocol.pdf_sha256_kk, "ru": protocol.pdf_sha256_ru}
    stored = [e for e in ledger.entries_for("hearing", hearing_id) if e.kind == "hearing.protocol_pdf_stored"]
    assert stored[0].payload["pdf_sha256"] == job.result["sha256"] and stored[0].actor_id == officer.id
    assert f"/hearings/{hearing_id}/protocol.pdf?lang=kk" in client.get(f"/hearings/{hearing_id}").get_data(
        as_text=True)
    for lang in protocol_pdf.LANGS:
        url = f"/hearings/{hearing_id}/protocol.pdf?lang={lang}"
        first, data = _get(client, url)
        again, same = _get(client, url)
        sha = getattr(protocol, f"pdf_sha256_{lang}")
        assert first.status_code == again.status_code == 200 and data == same and data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == sha and first.headers["ETag"] == f'"{sha}"'
        assert "public" in first.headers["Cache-Control"]
        unchanged, empty = _get(client, url, **{"If-None-Match": f'"{sha}"'})
        assert unchanged.status_code == 304 and empty == b""
        assert_signed_whole(data, tmp_path, lang)
        text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                                       check=True).stdout.decode().split())
        assert all(c.receipt in text and " ".join(c.text.split()[:3]) in text for c in comments)
        # The initiator in the document's language: no Kazakh "ЖШС" on a Russian line.
        assert ("ТОО «Казмыс»" in text and "ЖШС" not in text) if lang == "ru" else "«Қазмыс» ЖШС" in text
    # Sent from storage without the database once a worker knows the file's SHA-256 (it never changes).
    statements = []

    def record(_connection, _cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert _get(client, f"/hearings/{hearing_id}/protocol.pdf?lang=kk")[0].status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert statements == []
    # Made once: another run of the worker, or a stray second job, keeps the stored files.
    assert make_protocol_pdfs(app) == 0
    protocol_pdf.queue_render(db.session.get(Hearing, hearing_id))
    make_protocol_pdfs(app)
    assert _get(client, f"/hearings/{hearing_id}/protocol.pdf?lang=kk")[1] == protocol_pdf.pdf_path(
        hearing_id, "kk").read_bytes()
    assert hashlib.sha256(protocol_pdf.pdf_path(hearing_id, "kk").read_bytes()).hexdigest() == protocol.pdf_sha256_kk


def test_the_job_is_part_of_the_publication_a_rolled_back_one_queues_nothing(app, hearing, officer, secretary,
                                                                           clock):
    walk_to_signed(hearing, officer, clock, secretary=secretary)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    db.session.commit()
    ops.publish_protocol(hearing, officer)
    assert len(_jobs(hearing.id)) == 1
    db.session.rollback()
    assert _jobs(hearing.id) == [] and db.session.get(Hearing, hearing.id).protocol_published_at is None


def test_a_failing_render_is_retried_and_shown_on_the_management_page(app, client, runner, hearing, officer,
                                                                     secretary, clock, monkeypatch):
    _publish(hearing, officer, secretary, clock)
    hearing_id = hearing.id

    def broken(data, lang, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(protocol_pdf, "render", broken)
    make_protocol_pdfs(app)
    [failed] = _jobs(hearing_id)
    assert failed.state == "failed" and failed.error == "OSError"
    login(client, officer.email)
    page = client.get(f"/manage/hearings/{hearing_id}").get_data(as_text=True)
    assert 'role="alert"' in page and "OSError" in page
    waiting, _body = _get(client, f"/hearings/{hearing_id}/protocol.pdf?lang=kk")
    assert waiting.status_code == 503  # never a 404 or 500 for a published protocol
    listed = runner.invoke(args=["jobs", "failed"]).output  # the administrator's list of failed jobs
    assert f"{failed.id}\tprotocol.pdf\t" in listed and "OSError" in listed and f'"hearing_id": {hearing_id}' in listed
    assert protocol_pdf.retry_failed() == 0  # not at once: a minute after the failure
    assert protocol_pdf.retry_failed(utcnow() + timedelta(minutes=2)) == 1
    db.session.commit()
    assert [j.params["attempt"] for j in _jobs(hearing_id)] == [1, 2]
    assert protocol_pdf.retry_failed(utcnow() + timedelta(minutes=5)) == 0  # one is queued already
    monkeypatch.undo()
    make_protocol_pdfs(app)
    assert [j.state for j in _jobs(hearing_id)] == ["failed", "done"]
    assert protocol_pdf.is_ready(db.session.get(Hearing, hearing_id).protocol)
    assert protocol_pdf.retry_failed(utcnow() + timedelta(hours=2)) == 0
    page = client.get(f"/manage/hearings/{hearing_id}").get_data(as_text=True)
    assert 'role="alert"' not in page and f"/hearings/{hearing_id}/protocol.pdf?lang=ru" in page


@pytest.mark.parametrize("lang", ["ru"])
def test_a_long_protocol_holds_every_comment_and_answer_and_numbers_its_pages(app, lang):
    from bench.bench_pdf import _protocol_snapshot

    data = _protocol_snapshot(150)
    for i, c in enumerate(data["comments"]):
        c["text"], c["reasons"] = f"Ескерту {i} мәтіні. " * (1 + i % 7), f"Жауап {i} негіздемесі."
    with app.test_request_context():
        pdf = protocol_pdf.render(data, lang)
    pages = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode().split("\f")[:-1]
    flat = " ".join(" ".join(pages).split())
    for i, c in enumerate(data["comments"]):
        assert f"№ {i + 1} " in flat and c["receipt"] in flat and f"Ескерту {i} мәтіні." in flat
        assert f"Жауап {i} негіздемесі." in flat
    numbers = [re.search(r"(\d+) / (\d+)\s*$", page.rstrip()).groups() for page in pages]
    assert numbers == [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)] and len(pages) > 5


def _long_snapshot(count):
    from bench.bench_pdf import _protocol_snapshot

    data = _protocol_snapshot(count)
    for i, c in enumerate(data["comments"]):
        c["text"], c["reasons"] = f"Ескерту {i} мәтіні. " * (1 + i % 7), f"Жауап {i} негіздемесі."
        c["author"] = "А. Б." if i % 5 == 0 else c["author"]  # an author who chose to show initials only
    data["comments"][7]["text"] = "Бірінші жол.\nЕкінші жол."  # a newline the author typed is kept
    data["protocol"]["appeal"]["kk"] = "Сотқа бір ай ішінде шағым жасауға болады."
    return data


def test_a_protocol_laid_out_in_parallel_parts_is_one_document(app, monkeypatch, tmp_path):
    """Three parts laid out side by side, merged: every comment once and in order, pages numbered across parts."""
    monkeypatch.setattr(protocol_pdf, "cores", lambda: 4)
    monkeypatch.setattr(protocol_pdf, "PART_MIN_COMMENTS", 40)
    parts, render_parts = [], protocol_pdf.render_pdf_parts
    monkeypatch.setattr(protocol_pdf, "render_pdf_parts", lambda htmls: parts.append(len(htmls)) or render_parts(htmls))
    data = _long_snapshot(130)
    with app.test_request_context():
        pdf = protocol_pdf.render(data, "kk")
        monkeypatch.setattr(protocol_pdf, "cores", lambda: 1)
        whole = protocol_pdf.render(data, "kk")
    assert parts == [3]  # the second render was laid out whole
    assert_signed_whole(pdf, tmp_path, "kk")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    pages = text.split("\f")[:-1]
    flat = " ".join(text.split())
    assert re.findall(r"H1-[0-9A-F]{8}", text) == [c["receipt"] for c in data["comments"]]  # each once, in order
    assert re.findall(r"№ (\d+) ·", flat) == [str(n) for n in range(1, 131)]
    for i, c in enumerate(data["comments"]):
        said = "Бірінші жол." if i == 7 else f"Ескерту {i} мәтіні."
        assert f"{c['author']} ·" in flat and said in flat and f"Жауап {i} негіздемесі." in flat
    assert re.search(r"Бірінші жол\.\s*\n\s*Екінші жол\.", text)  # the newline the author typed
    stances = re.findall(r"Бастамашының ұстанымы: (Қабылданды|Ішінара қабылданды|Қабылданбады)\.", flat)
    assert len(stances) == 130
    numbers = [re.search(r"(\d+) / (\d+)\s*$", page.rstrip()).groups() for page in pages]
    assert numbers == [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)]
    # the heading and facts once at the start, the appeal and the signatures once at the end
    assert flat.count("Қоғамдық тыңдаулар хаттамасы") == 1 and flat.count("Шағым жасау тәртібі") == 1
    assert flat.count("Сотқа бір ай ішінде шағым жасауға болады.") == 1 and flat.count("Л. Иванова") == 2
    assert flat.index("Шағым жасау тәртібі") > flat.index(data["comments"][-1]["receipt"])
    assert flat.count("Тыңдау №1") == len(pages)
    # the same content as the document laid out whole; each part starts on a page of its own
    whole_text = subprocess.run(["pdftotext", "-", "-"], input=whole, capture_output=True, check=True).stdout.decode()
    assert re.findall(r"H1-[0-9A-F]{8}", whole_text) == re.findall(r"H1-[0-9A-F]{8}", text)
    whole_pages = whole_text.count("\f")
    assert whole_pages <= len(pages) <= whole_pages + 2
    # one outline: the protocol, its comments and its appeal, each pointing at its page
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    top, children = reader.outline
    assert top.title == "Қоғамдық тыңдаулар хаттамасы"
    assert [item.title for item in children] == [
        "Жұртшылықтың ескертулері мен ұсыныстары және бастамашының ұстанымы", "Шағым жасау тәртібі"]
    assert reader.get_destination_page_number(children[1]) == len(pages) - 1 - ("Шағым жасау тәртібі" not in pages[-1])
    assert reader.metadata.title.startswith("Қоғамдық тыңдаулар хаттамасы") and reader.root_object["/Lang"] == "kk"


def test_a_part_that_fails_fails_the_build(app, monkeypatch):
    """A part whose layout raises makes the render raise (the job fails and is retried), naming the cause."""
    import weasyprint

    def broken(self, *args, **kwargs):
        raise ValueError("a broken font")

    monkeypatch.setattr(protocol_pdf, "cores", lambda: 2)
    monkeypatch.setattr(protocol_pdf, "PART_MIN_COMMENTS", 5)
    monkeypatch.setattr(weasyprint.HTML, "render", broken)  # the forked parts inherit it
    with app.test_request_context(), pytest.raises(RuntimeError, match="a broken font"):
        protocol_pdf.render(_long_snapshot(10), "kk")


def test_parts_hold_about_as_much_text_each_and_none_is_empty():
    def comments(*lengths):
        return [{"text": "ж" * n, "reasons": None if n % 2 else "иә"} for n in lengths]

    assert protocol_pdf.part_bounds(comments(*[100] * 10), 2) == [0, 5, 10]
    assert protocol_pdf.part_bounds(comments(*[100] * 10), 3) == [0, 4, 7, 10]
    assert protocol_pdf.part_bounds(comments(5000, *[100] * 9), 2) == [0, 1, 10]  # one long comment, a part alone
    assert protocol_pdf.part_bounds(comments(*[100] * 9, 5000), 2) == [0, 10]  # cutting it off would not help
    assert protocol_pdf.part_bounds(comments(*[100] * 3), 4) == [0, 1, 2, 3]
    assert protocol_pdf.part_bounds([], 1) == [0, 0]
