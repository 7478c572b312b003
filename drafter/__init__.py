"""Drafter: drafts safe, grounded replies to marketplace buyer messages."""

__version__ = "0.1.0"
