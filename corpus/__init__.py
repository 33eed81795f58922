"""Memory across documents: the SQLite corpus, bulk screening, cross-document rules."""
