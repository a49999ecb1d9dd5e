"""Published PDFs carry the installation's PAdES signature: poppler's pdfsig finds it valid over the whole file,
and invalid once a single byte of the signed content changes."""

import io
import subprocess
from datetime import date

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from aarhus.hearings import operations as ops
from aarhus.hearings.protocol_pdf import pdf_path
from aarhus.reports.pdf import nir_pdf, plan_pdf
from tests.hearings.factories import make_protocol_pdfs, officer_of, published, secretary_of
from tests.hearings.test_hearings_lifecycle import walk_to_signed

REASONS = {"kk": "«Орхус Қазақстан» жүйесі жариялады", "ru": "Опубликовано системой «Орхус Казахстан»",
           "en": "Published by the Aarhus Kazakhstan system"}


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def assert_signed_whole(data: bytes, tmp_path, lang: str) -> None:
    report = pdfsig(data, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Total document signed" in report, report
    assert "Signer Certificate Common Name: Aarhus Kazakhstan development certificate" in report
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    assert signature.sig_object["/Reason"].startswith(REASONS[lang])


def one_byte_changed(data: bytes) -> bytes:
    """The file with one byte flipped inside the first page stream, well before the signature."""
    at = data.index(b"stream\n") + len(b"stream\n") + 8
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


def assert_broken(data: bytes, tmp_path) -> None:
    report = pdfsig(one_byte_changed(data), tmp_path)
    assert "Signature is Valid." not in report and "Digest Mismatch" in report, report


@pytest.fixture
def protocol_pdfs(app, clock):
    clock.set("2026-11-23")
    officer = officer_of("KZ-35")
    hearing = published(officer, start=date(2026, 12, 14))
    secretary = secretary_of("KZ-35")
    walk_to_signed(hearing, officer, clock, secretary=secretary)
    ops.sign_protocol(hearing, "chair", officer)
    ops.sign_protocol(hearing, "secretary", secretary)
    ops.publish_protocol(hearing, officer)
    make_protocol_pdfs(app)
    return {lang: pdf_path(hearing.id, lang).read_bytes() for lang in ("kk", "ru")}


def test_the_published_protocol_is_signed_over_the_whole_file(protocol_pdfs, tmp_path):
    for lang, data in protocol_pdfs.items():
        assert_signed_whole(data, tmp_path, lang)
    assert_broken(protocol_pdfs["kk"], tmp_path)


def test_the_national_reports_are_signed_over_the_whole_file(app, tmp_path):
    nir, _data = nir_pdf(2026, "en")
    assert_signed_whole(nir, tmp_path, "en")
    assert_broken(nir, tmp_path)
    plan, _data = plan_pdf("taza-kazakhstan", 2024, "ru")
    assert_signed_whole(plan, tmp_path, "ru")
