from tests.api.conftest import client, demo_auth, shared_settings  # noqa: F401  (the API tests' app, SQLite and PostgreSQL)
