"""The Aarhus event log: append-only, hash-chained; its pages and verification."""
