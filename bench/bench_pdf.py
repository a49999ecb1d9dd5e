"""PDF builds: the National Implementation Report, and a protocol with 500 comments.

Prints total seconds and seconds per page (targets: NIR under 10 s, protocol under 3 s), signing included,
and what signing alone takes of each; the protocol's CPU seconds too (this process and the processes it lays out
parts in), which a busy machine does not inflate, and how many parts it was laid out in.
"""

from __future__ import annotations

import resource
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path


def _pages(pdf: bytes) -> int:
    import re
    import subprocess

    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def run() -> list[tuple[str, float, str]]:
    """Return rows of (measure, value, unit)."""
    from aarhus import create_app
    from aarhus.audit.engine import run_audit
    from aarhus.bodies.operations import seed_bodies
    from aarhus.core import time as timeutil
    from aarhus.core.config import Settings
    from aarhus.core.extensions import db
    from aarhus.core.pdf import sign_pdf
    from aarhus.deadlines import load_pack_file
    from aarhus.hearings import protocol_pdf
    from aarhus.legal.operations import load_pack
    from aarhus.reports.pdf import nir_pdf

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            Settings(
                env="testing",
                secret_key="bench",
                upload_dir=f"{folder}/uploads",
                database_url=f"sqlite:///{Path(folder) / 'bench.sqlite'}",
                signing_key_file=f"{folder}/signing-key.pem",
                pdf_cert_file=f"{folder}/pdf-certificate.p12",
            )
        )
        with app.app_context():
            db.create_all()
            seed_bodies()
            load_pack(load_pack_file("kz-default"))
            db.session.commit()
            from aarhus.accounts.operations import create_user
            from aarhus.core.roles import Role
            from aarhus.seed.bulk import bulk_hearings, bulk_requests

            create_user("bench@example.kz", "bench-password", Role.admin)
            bulk_hearings(2000, date(2026, 11, 21))
            bulk_requests(2000, date(2026, 11, 21))
            run_audit()
            db.session.commit()
            t0 = time.perf_counter()
            nir, _data = nir_pdf(2026, "kk")
            nir_seconds = time.perf_counter() - t0
            snapshot = _protocol_snapshot(500)
            t0, cpu0 = time.perf_counter(), time.process_time() + _children_cpu()
            protocol = protocol_pdf.render(snapshot, "kk")
            protocol_seconds = time.perf_counter() - t0
            protocol_cpu = time.process_time() + _children_cpu() - cpu0
            parts = protocol_pdf.parts_for(len(snapshot["comments"]))
            signing = {name: _signing_seconds(sign_pdf, pdf) for name, pdf in (("NIR", nir), ("protocol", protocol))}
            timeutil.pin_clock(None)
    nir_pages, protocol_pages = _pages(nir), _pages(protocol)
    return [
        ("pdf: NIR build (s, target < 10)", nir_seconds, "s"),
        (f"pdf: NIR seconds per page ({nir_pages} pages)", nir_seconds / nir_pages, "s"),
        ("pdf: protocol with 500 comments (s, target < 3)", protocol_seconds, "s"),
        ("pdf: protocol with 500 comments, CPU seconds (the same on a busy machine)", protocol_cpu, "s"),
        ("pdf: protocol with 500 comments, parts laid out in parallel", parts, ""),
        (f"pdf: protocol seconds per page ({protocol_pages} pages)", protocol_seconds / protocol_pages, "s"),
        ("pdf: signing the NIR (s, included above)", signing["NIR"], "s"),
        ("pdf: signing the protocol (s, included above)", signing["protocol"], "s"),
    ]


def _children_cpu() -> float:
    """CPU seconds of the ended child processes (the parts of a PDF laid out in parallel)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _signing_seconds(sign_pdf, signed: bytes) -> float:
    """Sign the rendered file again, best of three: the signature is an update appended after its first %%EOF."""
    unsigned = signed[:signed.index(b"%%EOF") + len(b"%%EOF\n")]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        sign_pdf(unsigned)
        best = min(best, time.perf_counter() - t0)
    return best


def _protocol_snapshot(n: int) -> dict:
    stamp = datetime(2026, 11, 20, 6, tzinfo=UTC).isoformat()
    return {
        "hearing": {
            "id": 1,
            "form": "open_meeting",
            "region": "KZ-35",
            "title": {"kk": "Жоба: мыс кенін өндіру", "ru": "Проект: добыча медной руды"},
            "place": {"kk": "Әкімдік залы", "ru": "Зал акимата"},
            "address": {"kk": "Қарағанды", "ru": "Караганда"},
            "akimat": {"kk": "Қарағанды облысының әкімдігі", "ru": "Акимат Карагандинской области"},
            "initiator": "«Қазмыс» ЖШС",
            "bin": "123456789012",
            "hearing_date": "2026-11-20",
            "hearing_time": "11:00:00",
            "survey_start": None,
            "survey_end": None,
            "notice_published_on": "2026-10-20",
        },
        "protocol": {
            "attendees": 450,
            "attendee_list": "",
            "eia_presented": True,
            "chair": "Ж. Омаров",
            "secretary": "Л. Иванова",
            "appeal": {"kk": "Шағым жасау тәртібі.", "ru": "Порядок обжалования."},
            "chair_signed_by": "Officer",
            "chair_signed_at": "2026-11-25 10:00",
            "secretary_signed_by": "Officer",
            "secretary_signed_at": "2026-11-25 10:05",
            "published_at": "2026-11-26 09:00",
            "timezone": "Asia/Almaty",
        },
        "comments": [
            {
                "receipt": f"H1-{i:08X}",
                "author": f"Азамат {i}",
                "channel": "web",
                "received_on": stamp[:10],
                "text": "Жобаның су көздеріне әсерін толық бағалауды және шаң басу шараларын көрсетуді сұраймын. " * 2,
                "connection_complaint": False,
                "stance": ("accepted", "partly", "rejected")[i % 3],
                "reasons": "Бастамашының ұстанымы мен негіздемесі.",
            }
            for i in range(n)
        ],
    }


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:75s} {value:9.3f} {unit}")
