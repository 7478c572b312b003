"""Persistence: SQLAlchemy 2 over SQLite (embedded default) or PostgreSQL (same code, another URL)."""
