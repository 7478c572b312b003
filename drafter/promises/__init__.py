"""Promises tracked: what a sent reply committed the team to becomes a follow-up due at that time.

due.py works out the promised time the way the composer said it; track.py records a promise when a reply
is sent and closes it when its follow-up is sent; followup.py drafts the follow-up at the deadline with
what changed since; service.py lists them for the API and the CLI."""
