"""Reports over persisted drafts (first-response metrics for the reviewer's page and the CLI)."""
