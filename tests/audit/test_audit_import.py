"""The monitoring import: bad rows reported with line and reason, good rows kept, re-import updates."""

import pytest
from sqlalchemy import func, select

from aarhus.audit.importer import COLUMNS
from aarhus.audit.models import MonitoredHearing
from aarhus.core.extensions import db
from tests.audit.test_audit_rules import GOOD, csv_of


@pytest.fixture
def today(app, clock):
    clock.set("2026-11-23")


def write(tmp_path, text, name="monitoring.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_good_rows_import_and_every_bad_row_is_reported(runner, today, tmp_path):
    text = csv_of({**GOOD, "external_id": "A-1"}, {**GOOD, "external_id": "A-2", "region": "KZ-99"},
                  {**GOOD, "external_id": "A-3", "hearing_date": "2026-13-01"}, {**GOOD, "external_id": "A-4", "form": "zoom"},
                  {**GOOD, "external_id": "A-5", "protocol_published_on": "2026-06-01"},
                  {**GOOD, "external_id": "A-6", "notice_kk": "maybe"}, {**GOOD, "external_id": "A-7"})
    result = runner.invoke(args=["import", "hearings", write(tmp_path, text)])
    assert result.exit_code == 1
    assert "imported: 2, updated: 0, rejected: 5" in result.output
    assert "line 3, column region: unknown region 'KZ-99'" in result.output
    assert "line 4, column hearing_date: bad date '2026-13-01'" in result.output
    assert "line 5, column form: unknown form 'zoom'" in result.output
    assert "line 6, column protocol_published_on: the protocol is dated before the hearing" in result.output
    assert "line 7, column notice_kk: expected yes or no" in result.output
    assert set(db.session.scalars(select(MonitoredHearing.external_id))) == {"A-1", "A-7"}


def test_reimport_updates_by_external_id_without_duplicates(runner, today, tmp_path):
    first = runner.invoke(args=["import", "hearings", write(tmp_path, csv_of({**GOOD, "external_id": "B-1"}))])
    assert first.exit_code == 0 and "imported: 1, updated: 0, rejected: 0" in first.output
    again = runner.invoke(args=["import", "hearings", write(
        tmp_path, csv_of({**GOOD, "external_id": "B-1", "protocol_published_on": "2026-06-30"}))])
    assert again.exit_code == 0 and "imported: 0, updated: 1" in again.output
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == 1
    row = db.session.scalars(select(MonitoredHearing)).one()
    assert row.protocol_published_on.isoformat() == "2026-06-30"
    assert (row.notice_due_on.isoformat(), row.protocol_due_on.isoformat()) == ("2026-05-26", "2026-06-24")


def test_a_file_without_the_contract_columns_is_rejected(runner, today, tmp_path):
    result = runner.invoke(args=["import", "hearings", write(tmp_path, "id,region\n1,KZ-35\n")])
    assert result.exit_code == 1 and "missing columns" in result.output


def test_a_crash_mid_import_keeps_whole_chunks_and_importing_again_completes_it(runner, today, tmp_path,
                                                                              monkeypatch):
    from aarhus.audit import importer

    real_write = importer.write_in_chunks

    def crash_after_the_first_chunk(report, good, chunk=None):
        for written in real_write(report, good, chunk):
            yield written
            raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "CHUNK", 2)
    path = write(tmp_path, csv_of(*[{**GOOD, "external_id": f"C-{i}"} for i in range(5)]))
    monkeypatch.setattr(importer, "write_in_chunks", crash_after_the_first_chunk)
    result = runner.invoke(args=["import", "hearings", path])
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == 2  # the first chunk, whole
    monkeypatch.setattr(importer, "write_in_chunks", real_write)
    again = runner.invoke(args=["import", "hearings", path])
    assert again.exit_code == 0 and "imported: 3, updated: 2, rejected: 0" in again.output
    assert db.session.scalar(select(func.count(MonitoredHearing.id))) == 5


def test_the_header_is_the_contract(today):
    assert COLUMNS[0] == "external_id" and COLUMNS[-1] == "protocol_has_appeal_statement" and len(COLUMNS) == 17


def _csv(*rows):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([[row[c] for c in COLUMNS] for row in rows])
    return out.getvalue()


def test_one_bad_cell_is_a_row_error_with_line_and_column_and_the_good_rows_stay(runner, today, tmp_path):
    text = _csv({**GOOD, "external_id": "C-1"},
                {**GOOD, "external_id": "C-2", "comments_received": "²"},
                {**GOOD, "external_id": "C-3", "comments_in_protocol": "99999999999999999999"},
                {**GOOD, "external_id": "C-4", "project_title_kk": "ж" * 200_000},
                {**GOOD, "external_id": "C-5" + "x" * 100},
                {**GOOD, "external_id": "C-6", "project_title_ru": "Про\x00ект"},
                {**GOOD, "external_id": "C-7", "project_title_kk": "ж" * 501},
                {**GOOD, "external_id": "C-8"})
    result = runner.invoke(args=["import", "hearings", write(tmp_path, text)])
    assert result.exit_code == 1, result.output
    assert "imported: 2, updated: 0, rejected: 6" in result.output
    assert "line 3, column comments_received: not a whole number: '²'" in result.output
    assert "line 4, column comments_in_protocol: more than" in result.output
    assert "line 5, column project_title_kk: longer than" in result.output
    assert "line 6, column external_id: longer than 100 characters" in result.output
    assert "line 7, column project_title_ru: contains a NUL or control character" in result.output
    assert "line 8, column project_title_kk: longer than 500 characters" in result.output
    assert set(db.session.scalars(select(MonitoredHearing.external_id))) == {"C-1", "C-8"}
