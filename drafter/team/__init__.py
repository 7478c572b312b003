"""People, roles, keys, sign-in, assignment and locks (issue 21, first half)."""
