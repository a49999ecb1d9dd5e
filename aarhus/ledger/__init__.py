"""The tamper-evident event log: append-only, hash-chained; its public pages and verification."""
