"""E-mail: the outbox written with each act, then delivery through SMTP. Knows no domain."""
