"""What people read carries official dates: no ISO date, no two-digit year, no time-zone name in a PDF.

The demo is loaded, then the site is walked in each language as a visitor, an akimat officer and a
compliance officer: every page's visible text (not its attributes, so ``<time datetime>`` and form
values stay machine dates) and every PDF reached from it are checked, and so are the national
report and the action-plan report.
"""

import re
import subprocess
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.conftest import login

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
TWO_DIGIT_YEAR = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2}\b(?![./]\d)")
KAZAKH_LETTERS = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
DOUBLE_STOP = re.compile(r"\sг\.\.(?!\.)")  # "до 17 декабря 2026 г.." : the date's period ends the sentence
START = ["/", "/hearings", "/requests", "/requests/fees", "/deadlines?rule=request.answer&date=2026-12-01",
         "/deadlines?rule=hearing.notice&date=2026-04-10", "/deadlines?rule=hearing.protocol&date=2026-03-20",
         "/calendar/2026", "/ledger", "/ledger/heads", "/manage/hearings", "/inbox", "/audit", "/audit/findings",
         "/reports"]
SKIP = ("/lang/", "/logout", ".atom", ".ics", ".json", ".csv", "/ledger/key", "/static/", "/reports/nir.pdf",
        "/reports/action-plan.pdf", "/documents/", "/api/")
ROLES = {"visitor": None, "officer": ("officer.almaty@demo.kz", "demo-officer-75"),
         "compliance": ("compliance@demo.kz", "demo-compliance")}


class _Text(HTMLParser):
    """The text a reader sees, and the links to follow."""

    def __init__(self):
        super().__init__()
        self.parts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def problems_in(text: str, where: str, pdf: bool = False) -> list[str]:
    found = [f"{where}: ISO date {m.group()!r}" for m in ISO_DATE.finditer(text)]
    found += [f"{where}: two-digit year {m.group()!r}" for m in TWO_DIGIT_YEAR.finditer(text)]
    found += [f"{where}: a second period after a Russian date {text[max(m.start() - 30, 0):m.end()]!r}"
              for m in DOUBLE_STOP.finditer(text)]
    if pdf and "Asia/Almaty" in text:
        found.append(f"{where}: the time zone is named in an official document")
    return found


@pytest.fixture
def demo(app, clock, runner):
    clock.set("2026-11-23T06:00:00Z")
    assert runner.invoke(args=["demo"]).exit_code == 0


def walk(client, limit: int = 120) -> tuple[list[str], int]:
    """Breadth-first over the site's own pages; the problems found, and how many pages were read."""
    queue, seen, problems = list(START), set(), []
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0]
        parts = urlsplit(url)
        if parts.netloc or url in seen or any(s in url for s in SKIP) or not url.startswith("/"):
            continue
        if url.startswith("/calendar/") and url not in START:  # one year's calendar is enough
            continue
        seen.add(url)
        response = client.get(url)
        status, mimetype, body = response.status_code, response.mimetype, response.data
        response.close()
        if status != 200:
            continue
        if mimetype == "application/pdf":
            problems += problems_in(pdf_text(body), url, pdf=True)
            continue
        if mimetype != "text/html":
            continue
        parser = _Text()
        parser.feed(body.decode())
        problems += problems_in(" ".join(parser.parts), url)
        queue += [link for link in parser.links if link not in seen]
    return problems, len(seen)


def test_a_sentence_ending_in_a_russian_date_takes_one_period(app):
    from flask import render_template_string
    from markupsafe import Markup

    from aarhus.core.dates import official_date, one_stop

    due = official_date("2026-12-17", "ru")
    assert one_stop(f"Ответ должен был быть дан до {due}.") == "Ответ должен был быть дан до 17 декабря 2026 г."
    assert one_stop("Итак... г...") == "Итак... г..." and one_stop("2026 г.. <b>") == "2026 г. <b>"
    assert isinstance(one_stop(Markup("до 2026 г..")), Markup)
    with app.test_request_context():
        assert render_template_string("{{ _('срок — до %(d)s.', d=d) }}", d=due) == "срок — до 17 декабря 2026 г."
        assert render_template_string("{% trans d=d %}срок — до {{ d }}.{% endtrans %}", d=due).endswith("2026 г.")
        # A citizen's own words are printed as written, even with a doubled period.
        assert render_template_string("{{ text }}", text="в 1998 г.. было") == "в 1998 г.. было"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("role", list(ROLES))
def test_pages_and_their_pdfs_show_official_dates(demo, client, lang, role):
    if ROLES[role]:
        login(client, *ROLES[role])
    client.get(f"/lang/{lang}")
    problems, read = walk(client)
    assert read > 10
    assert problems == []


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_report_pdfs_show_official_dates(demo, runner, tmp_path, lang):
    nir, plan = tmp_path / "nir.pdf", tmp_path / "plan.pdf"
    assert runner.invoke(args=["report", "nir", "--year", "2026", "--lang", lang, "--out", str(nir)]).exit_code == 0
    plan_lang = lang if lang in ("kk", "ru") else "ru"  # action plans are made in the state and official languages
    assert runner.invoke(args=["report", "action-plan", "--concept", "biodiversity", "--year", "2026", "--lang",
                               plan_lang, "--out", str(plan)]).exit_code == 0
    nir_text, plan_text = pdf_text(nir.read_bytes()), pdf_text(plan.read_bytes())
    assert problems_in(nir_text, "nir", pdf=True) + problems_in(plan_text, "plan", pdf=True) == []
    # the demo has a refusal as restricted and comments with positions: their titles, never their codes
    from aarhus.hearings.labels import STANCES
    from aarhus.requests.labels import GROUND_TITLES

    flat = " ".join(nir_text.split())
    assert [code for code in [*GROUND_TITLES, *STANCES] if f"— {code} " in flat] == []
    if lang == "en":
        assert "— Restricted-access information" in flat and "— Partly accepted" in flat
    if lang in ("kk", "ru"):  # a decimal comma: "6,5", never "6.5" or "25.0"
        assert re.findall(r"(?<![\d.])\d+\.\d(?![\d.])", flat) == []
    if lang == "ru":
        assert "Направление 1." in plan_text and "Наименование" in plan_text
        assert "Количество" in nir_text and "Номер" not in nir_text
        assert "Перенаправлено в другие органы" in flat  # a count of requests, as "Отказано", "Продлено"
        # The official Russian names of two regions keep their Kazakh letters (область Жетісу, область Ұлытау).
        kazakh_lines = [line for line in nir_text.replace("Жетісу", "").replace("Ұлытау", "").splitlines()
                        if KAZAKH_LETTERS.search(line)]
        assert kazakh_lines == []
    if lang == "kk":
        assert "1-бағыт." in plan_text and "Саны" in nir_text


def test_the_protocol_pdf_names_no_time_zone_and_no_iso_date(demo, client):
    from sqlalchemy import select

    from aarhus.core.extensions import db
    from aarhus.hearings.models import Hearing

    published = db.session.scalars(select(Hearing).where(Hearing.protocol_published_at.is_not(None))).all()
    assert published
    for hearing in published:
        for lang in ("kk", "ru"):
            response = client.get(f"/hearings/{hearing.id}/protocol.pdf?lang={lang}")
            text = pdf_text(response.data)
            response.close()
            assert problems_in(text, f"protocol {hearing.id} {lang}", pdf=True) == []
            assert ("жылғы" in text) if lang == "kk" else (" г." in text)
