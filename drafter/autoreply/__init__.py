"""The auto-reply kit: a store's welcome message, off-hours reply and keyword answers, ready to paste
into a marketplace back office, with every promise worked out from the store's hours and the platform's
first-reply rules and every text linted like a reply (see drafter/autoreply/kit.py)."""

from drafter.autoreply.kit import AutoReplyKit, KitText, build_kit

__all__ = ["AutoReplyKit", "KitText", "build_kit"]
