"""Search across public hearings, published protocols, the request register and its answers, in Kazakh and
Russian: PostgreSQL full-text search (``simple`` configuration, prefix terms for Kazakh suffixes) with trigram
similarity for misspellings; SQLite FTS5 as the embedded default."""
