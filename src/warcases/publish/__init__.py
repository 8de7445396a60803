"""Publishing: exports (CSV, XLSX, JSON, Datasette-ready SQLite) and the redaction policy."""
