"""Intake: buyer messages arriving through channels become drafts. Polling (fetch after the cursor, draft,
record, move the cursor) and pushed webhooks (Chatwoot) share the same dedupe rows and transaction. The
channel adapters themselves (drafter.channels) know nothing about drafts; this package wires them to the
pipeline and the draft store."""
