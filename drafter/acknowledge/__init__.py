"""Off-hours acknowledgement: when a message that needs a person arrives while nobody is at work (or
the queue is long), an optional, store-enabled message tells the buyer at once, in their language,
that a person will answer and by when (their time zone); the real reply follows through the queue.

Draft creation calls drafter.acknowledge.service.acknowledge_new_draft, which queues it in the outbox
(drafter.outbox.payload.enqueue_acknowledgement); the outbox delivers it like a reply, by the same
webhook or channel (drafter.outbox.acknowledgement holds what differs).
"""
