"""Learning from reviewers: how much each approval changed (edits.py), ratings in one key (ratings.py),
and the export of edited and rejected drafts as candidate eval cases and FAQ entries (export.py)."""
