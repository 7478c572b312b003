"""knowledge/channels/email.yaml, loaded once and compiled: what marks an Amazon relay mail, a Shopify
contact-form mail, an order number, and the start of quoted history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.knowledge import read_yaml


@dataclass(frozen=True)
class MailRules:
    amazon_alias: re.Pattern[str]
    amazon_marketplaces: dict[str, dict[str, str]]
    amazon_order_id: re.Pattern[str]
    amazon_body_start: re.Pattern[str]
    amazon_body_end: re.Pattern[str]
    important_marker: str
    shopify_sender: re.Pattern[str]
    shopify_order_id: re.Pattern[str]
    shopify_labels: dict[str, list[str]]
    quote_headers: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def mail_rules(knowledge_dir: Path) -> MailRules:
    data: dict[str, Any] = read_yaml(knowledge_dir / "channels" / "email.yaml")
    amazon, shopify = data["amazon"], data["shopify"]
    return MailRules(
        amazon_alias=re.compile(amazon["alias_domain_pattern"]),
        amazon_marketplaces=amazon["marketplaces"],
        amazon_order_id=re.compile(amazon["order_id_pattern"]),
        amazon_body_start=re.compile(amazon["body_start_pattern"]),
        amazon_body_end=re.compile(amazon["body_end_pattern"]),
        important_marker=amazon["important_marker"],
        shopify_sender=re.compile(shopify["sender_pattern"]),
        shopify_order_id=re.compile(shopify["order_id_pattern"]),
        shopify_labels=shopify["field_labels"],
        quote_headers=tuple(re.compile(p) for p in data["quote_headers"]),
    )
