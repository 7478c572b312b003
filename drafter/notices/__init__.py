"""Platform system notices that arrive by e-mail (IP complaints, account security, penalties, policy
warnings): recognised apart from buyer messages, never drafted, raised with a deadline."""

from drafter.notices.recognize import NoticeRules, SystemNotice, load_notice_rules, recognize_notice

__all__ = ["NoticeRules", "SystemNotice", "load_notice_rules", "recognize_notice"]
