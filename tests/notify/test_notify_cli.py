"""`flask --app aarhus outbox`: without an SMTP server, the mail people are waiting for can be read on the console."""

from aarhus.core.extensions import db
from aarhus.notify.mail import queue_mail


def test_the_outbox_command_prints_the_unsent_mail_newest_last(runner):
    assert "No unsent mail." in runner.invoke(args=["outbox"]).output
    queue_mail("a@example.kz", "First", "Open http://x/account/reset/abc")
    queue_mail("b@example.kz", "Second", "Open http://x/account/invitation/def")
    db.session.commit()
    output = runner.invoke(args=["outbox"]).output
    assert output.index("First") < output.index("Second")
    assert "http://x/account/reset/abc" in output and "to b@example.kz" in output
    only = runner.invoke(args=["outbox", "--to", "B@example.kz"]).output
    assert "Second" in only and "First" not in only
    assert "First" not in runner.invoke(args=["outbox", "--last", "1"]).output


def test_without_a_mail_server_the_outbox_page_names_the_command(client, as_role):
    from aarhus.core.roles import Role

    as_role(Role.admin)
    page = client.get("/admin/outbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No mail server is set" in page and "flask --app aarhus outbox" in page
