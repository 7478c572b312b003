"""One structured call to an OpenAI-compatible endpoint, with retries, a time budget and a breaker.

langchain-openai's ChatOpenAI does the HTTP and the structured-output plumbing; this module adds
what a production caller needs around it: retries with backoff on 429/5xx only, never past the
draft's deadline; a per-endpoint circuit breaker; failures turned into one LlmCallError with a short
machine-readable reason; token usage taken from the API's usage fields (tiktoken is never asked).
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, TypeVar, cast

import openai
from langchain_core.messages import BaseMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, SecretStr, ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)
from tenacity.stop import stop_base

from drafter.config import Settings
from drafter.llm.circuit import CircuitBreaker, breaker_for
from drafter.llm.cost import UsageMeter

_MIN_ATTEMPT_S = 0.05  # an attempt with less time than this left is not worth starting


class _OutOfBudget(stop_base):
    """Stop retrying when the next attempt would start too close to the call's deadline."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        return time.monotonic() + (retry_state.upcoming_sleep or 0) + _MIN_ATTEMPT_S >= self.deadline


_NO_KEY = "no-key"  # local servers (vLLM, Ollama, llama.cpp) ignore the key, the SDK wants one


class LlmCallError(Exception):
    """The endpoint gave no usable answer. `reason` is short and stable: it lands in fallback_reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.RateLimitError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


def _reason(exc: BaseException) -> str:
    if isinstance(exc, openai.APITimeoutError):  # before APIConnectionError: it is a subclass
        return "timeout"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APIStatusError):
        return "server_error" if exc.status_code >= 500 else f"http_{exc.status_code}"
    if isinstance(exc, openai.APIConnectionError):
        return "unreachable"
    if isinstance(exc, _BudgetExhausted):
        return "budget_exhausted"
    return "malformed_output"


class _BudgetExhausted(Exception):
    pass


# auto mode: formats in the order tried, and what each endpoint (base URL, model) turned out to accept.
Parsed = TypeVar("Parsed", bound=BaseModel)

_AUTO_ORDER = ("json_schema", "json_mode", "plain")
_ENDPOINT_MODES: dict[tuple[str, str], str] = {}
_JSON_BLOCK = re.compile(r"\{.*\}", re.S)


def _refuses_format(exc: BaseException) -> bool:
    """HTTP 400/422 (unknown parameter) or 500/501 (llama-cpp-python's server on json_schema)."""
    return isinstance(exc, openai.APIStatusError) and exc.status_code in (400, 422, 500, 501)


class PlainJsonParser:
    """plain mode: no response_format; the JSON object is taken from the text (code fences and
    chatter around it tolerated) and validated against the schema."""

    def __init__(self, schema: type[BaseModel]):
        self.schema = schema

    def invoke(self, message: Any) -> BaseModel:
        text = message.content if isinstance(message.content, str) else json.dumps(message.content)
        match = _JSON_BLOCK.search(text)
        if not match:
            raise ValueError("no JSON object in the answer")
        return self.schema.model_validate_json(match.group(0))


def _lenient(schema: type[BaseModel], raw: Any) -> BaseModel | None:
    """A second reading for small models that leave out an optional-in-spirit key (the `language`
    label, which Drafter does not trust anyway): the schema's LENIENT_DEFAULTS fill the gap."""
    defaults = getattr(schema, "LENIENT_DEFAULTS", None)
    if not defaults:
        return None
    text = raw.content if isinstance(raw.content, str) else ""
    match = _JSON_BLOCK.search(text)
    try:
        data = json.loads(match.group(0)) if match else None
        return schema.model_validate({**defaults, **data}) if isinstance(data, dict) else None
    except (ValueError, ValidationError):
        return None


def reset_endpoint_modes() -> None:
    _ENDPOINT_MODES.clear()


class LlmClient:
    def __init__(self, settings: Settings, *, breaker: CircuitBreaker | None = None):
        self.settings = settings
        self.endpoint = settings.llm_base_url or "https://api.openai.com/v1"
        self.breaker = breaker or breaker_for(
            endpoint=self.endpoint,
            model=settings.llm_model,
            failures=settings.llm_circuit_failures,
            cooldown_s=settings.llm_circuit_cooldown_s,
        )
        self._runnables: dict[tuple[str, float, str], tuple[Any, Any]] = {}

    def _chat_model(self, timeout_s: float) -> ChatOpenAI:
        s = self.settings
        return ChatOpenAI(
            model=s.llm_model,
            base_url=self.endpoint,
            api_key=SecretStr(s.llm_api_key or _NO_KEY),
            timeout=timeout_s,
            max_retries=0,  # retries are ours: only 429/5xx, only within the draft's budget
            temperature=s.llm_temperature,
            max_tokens=s.llm_max_output_tokens,
            use_responses_api=False,  # plain chat completions: what every compatible server speaks
            streaming=False,
        )

    @property
    def method(self) -> str:
        """The structured-output mode in use: the setting, or for `auto` what this endpoint accepts."""
        configured = self.settings.llm_structured_output
        if configured != "auto":
            return configured
        return _ENDPOINT_MODES.get((self.endpoint, self.settings.llm_model), _AUTO_ORDER[0])

    def _runnable(self, schema: type[BaseModel], timeout_s: float) -> tuple[Any, Any]:
        """(model bound to the schema's response format, langchain's parser for that format).

        with_structured_output(include_raw=True) would give both, but runs them through a
        RunnableParallel that starts a thread pool on every call (~5-10 ms here); calling the two
        halves of the plain sequence ourselves keeps the raw message (usage, text) for free.
        """
        method = self.method
        key = (schema.__qualname__, round(timeout_s, 1), method)
        if key not in self._runnables:
            model = self._chat_model(key[1] or timeout_s)
            if method == "plain":
                self._runnables[key] = (model, PlainJsonParser(schema))
            else:
                strict = True if method == "json_schema" else None
                # The plain sequence's two halves (see above); langchain types the result as a bare Runnable.
                sequence: Any = model.with_structured_output(schema, method=cast(Any, method), strict=strict)
                self._runnables[key] = (sequence.first, sequence.last)
        return self._runnables[key]

    def _degrade(self, exc: BaseException) -> bool:
        """auto mode: the endpoint refused this response format; switch to the next one for good."""
        if self.settings.llm_structured_output != "auto" or not _refuses_format(exc):
            return False
        current = self.method
        if current == _AUTO_ORDER[-1]:
            return False
        _ENDPOINT_MODES[(self.endpoint, self.settings.llm_model)] = _AUTO_ORDER[
            _AUTO_ORDER.index(current) + 1
        ]
        return True

    def call(
        self,
        messages: list[BaseMessage],
        schema: type[Parsed],
        *,
        deadline: float,
        meter: UsageMeter,
        prompt_ref: str,
    ) -> Parsed:
        """The parsed answer, or LlmCallError. `deadline` is a time.monotonic() value."""
        if not self.breaker.allow():
            meter.add_call(prompt=prompt_ref, outcome="circuit_open", attempts=0, latency_ms=0.0)
            raise LlmCallError("circuit_open", f"{self.endpoint} failed repeatedly; resting")
        attempts = 0
        started = time.perf_counter()

        def attempt() -> dict[str, Any]:
            nonlocal attempts
            remaining = deadline - time.monotonic()
            if remaining < _MIN_ATTEMPT_S:
                raise _BudgetExhausted(f"{remaining:.2f}s left")
            attempts += 1
            while True:
                model, parser = self._runnable(schema, min(self.settings.llm_timeout_s, remaining))
                try:
                    raw = model.invoke(messages)
                    break
                except openai.APIStatusError as exc:
                    # A server that cannot do this response format says so at once: ask again in the
                    # next format within the same attempt (no retry spent, no backoff).
                    if not self._degrade(exc):
                        raise
                    remaining = deadline - time.monotonic()
                    if remaining < _MIN_ATTEMPT_S:
                        raise _BudgetExhausted(f"{remaining:.2f}s left") from exc
            try:
                return {"raw": raw, "parsed": parser.invoke(raw), "parsing_error": None}
            except Exception as exc:  # noqa: BLE001 - the endpoint answered; its answer is unusable
                lenient = _lenient(schema, raw)
                return {"raw": raw, "parsed": lenient, "parsing_error": None if lenient is not None else exc}

        retrying = Retrying(
            retry=retry_if_exception(_is_retryable),
            stop=stop_after_attempt(self.settings.llm_max_retries + 1) | _OutOfBudget(deadline),
            wait=wait_exponential(
                multiplier=self.settings.llm_backoff_s, max=max(self.settings.llm_backoff_s, 8.0)
            ),
            reraise=True,
        )
        try:
            result = retrying(attempt)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a fallback, never a failed request
            reason = _reason(exc)
            (self.breaker.record_success if reason == "malformed_output" else self.breaker.record_failure)()
            meter.add_call(
                prompt=prompt_ref,
                outcome=reason,
                attempts=attempts,
                latency_ms=(time.perf_counter() - started) * 1000,
                raw=_raw_from_exception(exc),
            )
            raise LlmCallError(reason, f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        self.breaker.record_success()  # the endpoint answered; what it said is judged below
        raw_message = result["raw"]
        raw_text = (
            raw_message.content if isinstance(raw_message.content, str) else json.dumps(raw_message.content)
        )
        parsed = result.get("parsed")
        outcome = "ok" if parsed is not None else "malformed_output"
        meter.add_call(
            prompt=prompt_ref,
            outcome=outcome,
            attempts=attempts,
            latency_ms=(time.perf_counter() - started) * 1000,
            usage=dict(raw_message.usage_metadata or {}),
            raw=raw_text,
        )
        if parsed is None:
            raise LlmCallError("malformed_output", str(result.get("parsing_error"))[:200])
        return cast(Parsed, parsed)  # the parser of `schema` made it


def _raw_from_exception(exc: BaseException) -> str | None:
    """The model's text when the SDK refused to parse it (kept for the run record)."""
    if isinstance(exc, ValidationError):
        for error in exc.errors():
            if isinstance(error.get("input"), str):
                return error["input"]
    return None
