"""E-mail (outbox, then SMTP) and the Atom and iCalendar feeds."""
