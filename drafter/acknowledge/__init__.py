"""Off-hours acknowledgement: when a message that needs a person arrives while nobody is at work (or
the queue is long), an optional, store-enabled message tells the buyer at once, in their language,
that a person will answer and by when (their time zone); the real reply follows through the queue.

Draft creation calls drafter.acknowledge.service.acknowledge_new_draft; the outbox delivers the
acknowledgement like a reply (outbox.kind = KIND) and records it with drafter.acknowledge.outbox.
Nothing is imported here, so the draft views can use KIND without an import cycle.
"""

KIND = "acknowledgement"
