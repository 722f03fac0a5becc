"""The SQLite store: the only code that speaks SQL."""
