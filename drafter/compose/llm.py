"""The LLM composer: an OpenAI-compatible model writes the three parts; Drafter checks them.

Safe by construction: the model returns a schema (restatement, solution, commitment, language),
Drafter joins the text, lints it and checks grounding; one repair call may fix a blocked draft;
anything else (still blocked, timeout, 429/5xx, malformed output, open circuit, even a bug here)
falls back to the template composer with the reason recorded. A draft request never fails
because the LLM did.
"""

from __future__ import annotations

import json
import logging
import time
from typing import ClassVar

from babel import Locale
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field

from drafter.compose import Composer, ComposeRequest, get_composer, register_composer
from drafter.compose.llm_facts import copied_from_buyer, facts_json, llm_facts, must_contain, situation_name
from drafter.config import Settings
from drafter.lint.check import CheckContext, check_reply
from drafter.lint.grounding import RULE_ID as GROUNDING_RULE
from drafter.llm.client import LlmCallError, LlmClient
from drafter.llm.cost import UsageMeter
from drafter.llm.prompts import Prompt, load_prompt, untrusted
from drafter.models import Draft, FactSheet, Severity, Violation

log = logging.getLogger(__name__)


class DraftParts(BaseModel):
    """What the model returns. The joined text is Drafter's job (Draft.join), never the model's."""

    model_config = ConfigDict(extra="forbid")
    restatement: str = Field(description="One sentence restating what the buyer asked or reported.")
    solution: str = Field(description="The concrete answer, only from the given facts.")
    commitment: str = Field(description="The seller's next step and when.")
    language: str = Field(description="ISO 639-1 code of the language the parts are written in.")

    # Asked for, never trusted (the reply-language rule reads the text); a small model that leaves
    # it out still gave a usable draft.
    LENIENT_DEFAULTS: ClassVar[dict[str, str]] = {"language": ""}


def language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, TypeError):
        return code


class LlmComposer:
    name = "llm"

    def __init__(self, settings: Settings, *, client: LlmClient | None = None):
        self.settings = settings
        self.client = client or LlmClient(settings)
        self.system = load_prompt(settings.prompts_dir, "system")
        self.draft_prompt = load_prompt(settings.prompts_dir, "draft")
        self.repair_prompt = load_prompt(settings.prompts_dir, "repair")
        self.examples = load_prompt(settings.prompts_dir, "examples")
        self._fallback_composer: Composer | None = None

    # ------------------------------------------------------------------ prompts

    def _system_message(self, request: ComposeRequest | None = None) -> SystemMessage:
        """The same for every message (`request` is not used): the longest prefix a caching server
        can reuse. What depends on the store, platform or language comes in the drafting prompt."""
        return SystemMessage(content=self.system.render())

    def _common(self, request: ComposeRequest, facts: dict, rendered=None) -> dict[str, str]:
        extra = self.system.extra
        platform = request.message.platform.value
        rules = extra.get("platform_rules", {}).get(platform, [])
        example = self.examples.extra.get("examples", {}).get(request.language) or {}
        thread = "\n".join(f"[{m.author}] {untrusted(m.text)}" for m in request.message.thread[-6:])
        return {
            "store_name": request.store.name or request.store.store_id,
            "platform": extra.get("platform_names", {}).get(platform, platform),
            "platform_rules": "\n".join(f"- {line}" for line in rules) or "- (none beyond the rules above)",
            "tone": request.store.tone or extra.get("tone", {}).get("default", ""),
            "language_name": language_name(request.language),
            "language_note": extra.get("language_notes", {}).get(request.language, ""),
            "example_buyer": example.get("buyer", ""),
            "example_reply": json.dumps(example.get("reply", {}), ensure_ascii=False),
            "situation": situation_name(request, rendered),
            "must_contain": must_contain(request, facts),
            "facts_json": facts_json(facts),
            "buyer_message": untrusted(request.message.text),
            "thread": thread or "(none)",
        }

    # ------------------------------------------------------------------ checks

    def _draft(
        self, parts: DraftParts, prompt: Prompt, *, repaired: bool, meter: UsageMeter, language: str
    ) -> Draft:
        # The model's own language label is not trusted: the reply-language rule checks the text of
        # every part; the draft is labelled with the language it must be in.
        return Draft(
            restatement=parts.restatement.strip(),
            solution=parts.solution.strip(),
            commitment=parts.commitment.strip(),
            text=Draft.join(parts.restatement, parts.solution, parts.commitment),
            language=language,
            composer=self.name,
            template_id=prompt.id,
            template_version=prompt.version,
            situation="llm_repaired" if repaired else "llm",
            usage=meter.as_dict(),
        )

    def _blocking(self, draft: Draft, request: ComposeRequest, facts: FactSheet) -> list[Violation]:
        """Everything that would block the draft: the pipeline's own check (rule packs: contact, claims,
        reply language, third person, repeats; grounding against the fact sheet), and text copied
        from the buyer."""
        context = CheckContext(
            platform=request.message.platform,
            knowledge_dir=self.settings.knowledge_dir,
            store=request.store,
            buyer_language=request.language,
            order=request.retrieval.order,
            faq=tuple(request.retrieval.faq),
            message_text=request.message.text,
            received_at=request.received_at,
        )
        checked = check_reply(draft, facts, context).violations
        # The repair prompt lists the rule packs' findings before grounding's, each family in text order
        # (a stable sort of the check's span order): the prompt bytes stay those of the recordings.
        violations = sorted(checked, key=lambda v: v.rule_id == GROUNDING_RULE)
        copied = copied_from_buyer(draft.restatement, request.message.text)
        if copied:
            violations.append(
                Violation(
                    rule_id="llm.copied-buyer-text",
                    severity=Severity.block,
                    span=(0, len(draft.restatement)),
                    message="The restatement copies the buyer's message; restate it in the seller's own words.",
                    excerpt=copied[:120],
                )
            )
        return [v for v in violations if v.severity == Severity.block]

    # ------------------------------------------------------------------ compose

    def compose(self, request: ComposeRequest) -> Draft:
        meter = UsageMeter(
            self.settings.llm_model, self.settings.llm_price_in_per_1k, self.settings.llm_price_out_per_1k
        )
        try:
            return self._compose(request, meter)
        except LlmCallError as exc:
            return self._fallback(request, f"llm_{exc.reason}", meter)
        except Exception as exc:  # noqa: BLE001 - a bug here must cost a template draft, not the request
            log.exception("LLM composer failed; falling back to the template composer")
            return self._fallback(request, f"llm_error: {type(exc).__name__}", meter)

    def _compose(self, request: ComposeRequest, meter: UsageMeter) -> Draft:
        deadline = time.monotonic() + self.settings.llm_total_budget_s
        facts, rendered = llm_facts(request, knowledge_dir=self.settings.knowledge_dir)
        system = self._system_message()
        common = self._common(request, facts, rendered)
        meter_prompts = [self.system.ref, self.draft_prompt.ref]
        messages: list[BaseMessage] = [system, HumanMessage(content=self.draft_prompt.render(**common))]
        parts = self.client.call(
            messages, DraftParts, deadline=deadline, meter=meter, prompt_ref=self.draft_prompt.ref
        )
        draft = self._draft(parts, self.draft_prompt, repaired=False, meter=meter, language=request.language)
        blocking = self._blocking(draft, request, rendered)
        if not blocking:
            return self._with_prompts(draft, meter, meter_prompts)

        meter_prompts.append(self.repair_prompt.ref)
        violations = "\n".join(f"- {v.rule_id}: {v.message} (text: {v.excerpt!r})" for v in blocking)
        previous = json.dumps(parts.model_dump(), ensure_ascii=False, sort_keys=True)
        repair = HumanMessage(
            content=self.repair_prompt.render(**common, violations=violations, previous_json=previous)
        )
        try:
            parts = self.client.call(
                [system, repair],
                DraftParts,
                deadline=deadline,
                meter=meter,
                prompt_ref=self.repair_prompt.ref,
            )
        except LlmCallError as exc:
            return self._fallback(request, f"llm_{exc.reason} during repair", meter, meter_prompts)
        draft = self._draft(parts, self.repair_prompt, repaired=True, meter=meter, language=request.language)
        still = self._blocking(draft, request, rendered)
        if still:
            rules = ", ".join(sorted({v.rule_id for v in still}))
            return self._fallback(request, f"lint_blocked_after_repair: {rules}", meter, meter_prompts)
        return self._with_prompts(draft, meter, meter_prompts)

    @staticmethod
    def _with_prompts(draft: Draft, meter: UsageMeter, prompts: list[str]) -> Draft:
        return draft.model_copy(update={"usage": {**meter.as_dict(), "prompts": prompts}})

    def _fallback(
        self, request: ComposeRequest, reason: str, meter: UsageMeter, prompts: list[str] | None = None
    ) -> Draft:
        if self._fallback_composer is None:
            self._fallback_composer = get_composer("template", self.settings)
        draft = self._fallback_composer.compose(request)
        usage = {**meter.as_dict(), "prompts": prompts or [self.system.ref, self.draft_prompt.ref]}
        return draft.model_copy(update={"fallback_reason": reason, "usage": usage})


@register_composer("llm")
def _factory(settings: Settings) -> LlmComposer:
    return LlmComposer(settings)
