"""Bulk drafting on a task queue: Celery with Redis as the broker, progress and results in the database."""
