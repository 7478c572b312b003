"""Alerts to the people who must act: a signed webhook post and an e-mail, each alert sent once.

recipients.py says who (the draft's assignee when the team module knows one, else the store's team
contact from its profile); notifier.py records each alert under a dedup key and sends it; sweep.py finds
what to alert about (deadlines near, AliExpress chats read but unanswered, system notices, unread
mailboxes)."""
