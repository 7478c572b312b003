"""Drafts: persistence, the status machine, the audit trail and the outbox hand-off."""
