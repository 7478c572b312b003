"""Outbox: approved and auto-sent replies delivered to the store's webhook, at least once, deduplicated
by the receiver through the idempotency key (see worker.py for the guarantees)."""
