"""Build a store's auto-reply kit for one platform: texts per language, each linted and measured.

The texts are data (knowledge/autoreply/texts/<language>.yaml); this module fills them from the store
profile (name, hours, time zone, policy) and the platform's rules, then runs the platform's rule packs
over each one, exactly as a reply is linted, plus the kit's own length limit. A kit is `ok` when every
text passes and every language the platform requires is there.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import get_day_names
from pydantic import AwareDatetime, BaseModel, Field

from drafter.autoreply.data import LanguageTexts, PlatformKitRules, language_texts, platform_rules
from drafter.autoreply.hours import ReplyPromise, promise_for
from drafter.knowledge import effective_policy
from drafter.lint import LintContext, lint_text
from drafter.models import LintResult, Platform, Severity, StoreProfile, Violation


class ApprovalState(BaseModel):
    """A person's approval of a kit text (drafter/autoreply/approval.py)."""

    approved: bool = Field(description="A person approved exactly this text.")
    stale: bool = Field(False, description="A person approved an earlier version; this one needs approval.")
    approved_by: str | None = None
    approved_at: AwareDatetime | None = None
    approved_hash: str | None = None


class ReviewerText(BaseModel):
    """The same kit text (same slot, same store facts) in the reviewer's language."""

    language: str
    text: str


class KitText(BaseModel):
    kind: Literal["welcome", "off_hours", "keyword"]
    topic: str | None = Field(None, description="for keyword answers: logistics, returns, sizes")
    keywords: list[str] = Field(default_factory=list, description="words that trigger a keyword answer")
    language: str
    text: str
    chars: int
    lint: LintResult
    text_hash: str | None = Field(None, description="sha256 of the text: what an approval refers to")
    approval: ApprovalState | None = Field(None, description="whether a person approved this very text")
    for_reviewer: ReviewerText | None = None


class AutoReplyKit(BaseModel):
    store_id: str
    platform: Platform
    languages: list[str]
    required_languages: list[str]
    reply_within_hours: int = Field(description="what the welcome message promises, during working hours")
    platform_in_hours_h: float
    platform_off_hours_h: float
    longest_closed_hours: float = Field(description="the longest stretch of the week nobody is at work")
    max_chars: int
    warnings: list[str] = Field(default_factory=list)
    texts: list[KitText]
    ok: bool
    approved: bool | None = Field(None, description="Every text approved by a person, as it reads now.")


def _plural(phrases: dict[str, str], n: int, language: str) -> str:
    category = Locale.parse(language).plural_form(n)
    return phrases.get(category, phrases["other"]).format(n=n)


def _days(texts: LanguageTexts, days: tuple[int, ...]) -> str:
    names = get_day_names(texts.day_width, locale=texts.language)
    contiguous = len(days) > 2 and list(days) == list(range(days[0], days[-1] + 1))
    if contiguous:
        return texts.day_range.format(first=names[days[0]], last=names[days[-1]])
    return texts.list_sep.join(names[d] for d in days)


def _zone(texts: LanguageTexts, promise: ReplyPromise) -> str:
    if promise.dst_offset is None:
        return promise.std_offset
    return texts.zone_dst.format(std=promise.std_offset, dst=promise.dst_offset)


def _values(
    texts: LanguageTexts, store: StoreProfile, platform: Platform, promise: ReplyPromise
) -> dict[str, str]:
    policy = effective_policy(store, platform)
    lang = texts.language
    return {
        "store": store.name or store.store_id,
        "reply_within": _plural(texts.within_hours, promise.reply_within_h, lang),
        "days": _days(texts, promise.days),
        "open": promise.open,
        "close": promise.close,
        "zone": _zone(texts, promise),
        "handling": _plural(texts.within_business_days, policy.handling_days, lang),
        "return_window": _plural(texts.within_days, policy.return_window_days, lang),
        "refund_days": _plural(texts.within_business_days, policy.refund_days, lang),
        "return_postage": texts.return_postage[policy.return_shipping_paid_by],
    }


def _checked(
    text: str,
    *,
    kind: str,
    language: str,
    platform: Platform,
    store: StoreProfile,
    rules: PlatformKitRules,
    knowledge_dir: Path,
    topic: str | None = None,
    keywords: list[str] | None = None,
) -> KitText:
    context = LintContext(buyer_language=language, rules_dir=knowledge_dir / "rules")
    result = lint_text(text, platform=platform, language=language, context=context, store=store)
    violations = list(result.violations)
    if len(text) > rules.max_chars:
        violations.append(
            Violation(
                rule_id="autoreply.max-length",
                severity=Severity.block,
                span=(rules.max_chars, len(text)),
                message=f"An auto-reply must fit in {rules.max_chars} characters; this one has {len(text)}.",
                excerpt=text[rules.max_chars : rules.max_chars + 120],
                source="Drafter auto-reply kit limit",
            )
        )
    return KitText(
        kind=kind,
        topic=topic,
        keywords=keywords or [],
        language=language,
        text=text,
        chars=len(text),
        lint=LintResult.from_violations(violations),
    )


def build_kit(
    *,
    knowledge_dir: Path,
    store: StoreProfile,
    platform: Platform | str,
    languages: list[str] | None = None,
    today: date | None = None,
) -> AutoReplyKit:
    platform = Platform(platform)
    rules = platform_rules(knowledge_dir, platform.value)
    wanted = list(dict.fromkeys(languages or rules.languages))
    unsupported = [lang for lang in wanted if lang not in rules.languages]
    if unsupported:
        raise KeyError(
            f"{platform.value} auto-replies are written in {', '.join(rules.languages)}; "
            f"not in {', '.join(unsupported)}"
        )
    promise = promise_for(store, platform, rules, today=today or date.today())
    texts: list[KitText] = []
    for language in wanted:
        data = language_texts(knowledge_dir, language)
        values = _values(data, store, platform, promise)
        checked = partial(
            _checked,
            language=language,
            platform=platform,
            store=store,
            rules=rules,
            knowledge_dir=knowledge_dir,
        )
        texts.append(checked(data.welcome.format(**values), kind="welcome"))
        texts.append(checked(data.off_hours.format(**values), kind="off_hours"))
        for topic, answer in data.keywords.items():
            texts.append(
                checked(answer.answer.format(**values), kind="keyword", topic=topic, keywords=answer.words)
            )
    warnings = list(promise.warnings)
    missing = [lang for lang in rules.required if lang not in wanted]
    if missing:
        warnings.append(
            f"{platform.value} requires auto-replies in {', '.join(missing)}: add them to the kit"
        )
    return AutoReplyKit(
        store_id=store.store_id,
        platform=platform,
        languages=list(wanted),
        required_languages=rules.required,
        reply_within_hours=promise.reply_within_h,
        platform_in_hours_h=rules.in_hours_h,
        platform_off_hours_h=rules.off_hours_h,
        longest_closed_hours=promise.longest_closed_h,
        max_chars=rules.max_chars,
        warnings=warnings,
        texts=texts,
        ok=not missing and all(t.lint.ok for t in texts),
    )
