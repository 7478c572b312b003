from tests.backends import db_url, fresh_pg_url, pg_url, redis_url  # noqa: F401  (fixtures)
