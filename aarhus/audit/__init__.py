"""The tamper-evident event log and, later, compliance findings."""
