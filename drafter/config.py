"""All settings, from one pydantic-settings class (env prefix DRAFTER_).

Nothing reads the environment at import time. Only the shells (CLI, the API app factory, the worker
entry points) call get_settings(); they build a `Knowledge` (drafter.knowledge) and the ports from it
and hand those down, so no stage reads settings or the environment itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_KNOWLEDGE = REPO_ROOT / "knowledge"  # what a stage called without a Knowledge reads (tests, tools)
BUNDLED_PROMPTS = REPO_ROOT / "prompts"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DRAFTER_", env_file=None, extra="ignore")

    data_dir: Path = Field(Path("./var"), description="Where all state lives (SQLite, Chroma, outbox).")
    knowledge_dir: Path = Field(
        BUNDLED_KNOWLEDGE, description="Bundled knowledge: FAQ, rules, templates, orders."
    )
    prompts_dir: Path = Field(BUNDLED_PROMPTS, description="Versioned LLM prompt files.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite file in data_dir.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL (http://host:port); default: embedded store in data_dir."
    )
    load_demo_data: bool = Field(
        True, description="Load demo orders and a demo API key into an empty data dir."
    )
    demo_drafts: bool = Field(
        False,
        description="On first start, draft the demo messages (knowledge/demo) for the "
        "demo store, so the review page opens on a queue (make run turns it on).",
    )

    composer: Literal["template", "llm"] = "template"
    review_translation: Literal["auto", "template", "llm"] = Field(
        "auto",
        description="How drafts are shown in the reviewer's language: template (rendered again by the "
        "template composer, exact), llm (machine translation), auto (llm when an LLM is configured).",
    )
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str | None = None
    llm_timeout_s: float = 10.0
    llm_total_budget_s: float = 20.0
    llm_max_retries: int = 2
    llm_circuit_failures: int = 5
    llm_circuit_cooldown_s: float = 30.0
    llm_price_in_per_1k: float = 0.00015
    llm_price_out_per_1k: float = 0.0006
    llm_classify_second_opinion: bool = Field(
        False, description="Ask the LLM for a second opinion on low-confidence classifications."
    )
    llm_second_opinion_below: float = Field(
        0.6, description="Confidence under which the second opinion is asked."
    )
    llm_backoff_s: float = Field(
        0.5, description="First wait before retrying a 429/5xx; doubles per retry, within the total budget."
    )
    llm_temperature: float = 0.2
    llm_max_output_tokens: int = 600
    llm_structured_output: Literal["auto", "json_schema", "function_calling", "json_mode", "plain"] = Field(
        "auto",
        description="How the model is asked for the three-part schema. auto: json_schema first; an endpoint "
        "that refuses it (HTTP 400/422/500/501) is asked again at once with json_mode (response_format json_object), "
        "then plain (no response_format, the JSON parsed from the text), and remembered per endpoint and model, so "
        "later drafts waste no call. json_mode suits servers without schema support (llama-cpp-python's server).",
    )
    llm_profile: Literal["hosted", "local"] = Field(
        "hosted",
        description="hosted: an API (timeouts in seconds). local: a CPU model behind a local server "
        "(llama.cpp, Ollama, vLLM on CPU): timeout, budget and retries sized for 20-60 s calls, unless set explicitly.",
    )

    host: str = "127.0.0.1"
    port: int = 8000
    # Serving under load (drafter/api/admission.py, docs/deploy.md "Under load").
    workers: int = Field(
        1, ge=1, description="API processes `drafter serve` starts (uvicorn workers); about one per core."
    )
    api_max_inflight: int | None = Field(
        None,
        ge=1,
        description="API requests one process works on at once; the rest wait "
        "in the event loop. Drafting is CPU-bound: more than the cores only adds latency. "
        "Default: the machine's cores shared among the WORKERS processes (2 cores: 2 for one "
        "process, 1 each for two).",
    )
    api_max_wait_s: float = Field(
        10.0,
        gt=0,
        description="A request that waited this long for a slot gets 503 `overloaded` with Retry-After. "
        "Well under a client's timeout (30 s is common): a burst of 32 at about 15 ms a draft drains in "
        "half a second, so a short wait here would answer 503 to bursts one process can serve.",
    )
    api_max_queued: int = Field(
        256, ge=0, description="Requests one process lets wait; past this, 503 at once."
    )
    api_threads: int = Field(
        8,
        ge=2,
        description="Threads one process runs blocking endpoint code on "
        "(bounded: every thread is a database connection and a malloc arena).",
    )
    max_text_chars: int = 10_000
    embed_threads: int = Field(
        1, description="BLAS threads for the sentence encoder; 1 is fastest for single messages."
    )

    redis_url: str = "redis://127.0.0.1:6379/0"
    # Bulk drafting on the task queue (drafter worker, POST /v1/batches).
    batch_max_messages: int = Field(1000, description="Most messages one POST /v1/batches may carry.")
    batch_chunk: int = Field(
        50,
        description="Messages per queued task, drafted as one pipeline batch: bigger "
        "chunks share more work (encoder pass, vector-store queries, one write); a crash "
        "redoes at most one chunk.",
    )
    worker_prefetch: int = Field(2, description="Tasks a worker process reserves ahead of the one it runs.")
    worker_visibility_timeout_s: float = Field(
        60.0, description="An unacknowledged task (its worker died) is handed out again after this long."
    )
    worker_queue: str = Field(
        "drafter", description="Broker queue name: clusters sharing one Redis use their own."
    )
    worker_metrics_port: int | None = Field(
        None, description="Serve the worker's Prometheus metrics on this port."
    )
    worker_requeue_after_s: float = Field(
        600.0,
        ge=0,
        description="Workers queue again batch items still waiting after this long (their task was "
        "never queued or the broker lost it); 0 turns the sweep off.",
    )

    # Outbox delivery (drafter outbox run): see drafter/outbox/worker.py.
    outbox_max_attempts: int = Field(
        8, ge=1, description="Delivery attempts before a reply is dead-lettered."
    )
    outbox_backoff_base_s: float = Field(30.0, description="First retry delay; doubles per attempt.")
    outbox_backoff_max_s: float = Field(3600.0, description="Longest retry delay.")
    outbox_lease_s: float = Field(
        60.0, description="A claimed row is redelivered if not completed within this."
    )
    outbox_timeout_s: float = Field(10.0, description="HTTP timeout for one webhook call.")
    outbox_batch: int = Field(20, ge=1, description="Rows claimed per pass.")
    outbox_store_batch: int = Field(
        5,
        ge=1,
        description="Most rows of one store claimed per pass: a store with "
        "a backlog leaves room for the others.",
    )
    outbox_store_concurrency: int = Field(
        1,
        ge=1,
        description="Webhook calls in flight to one store at once (1 keeps each store's replies in order).",
    )
    outbox_workers: int = Field(8, ge=1, description="Threads delivering to different stores side by side.")
    outbox_pass_deadline_s: float = Field(
        30.0,
        gt=0,
        description="A pass starts no delivery after this; what it "
        "did not get to goes back to the queue without spending an attempt.",
    )
    outbox_poll_s: float = Field(2.0, description="Pause between passes when nothing is due.")
    outbox_hold_s: float = Field(
        300.0, description="Recheck interval for replies of stores without a webhook."
    )
    outbox_sink_path: Path | None = Field(
        None,
        description="JSON Lines file that receives replies of stores without a webhook; unset: they wait.",
    )

    # Channels (drafter channels ...; drafter/channels/): polling mailboxes and marketplace message APIs.
    channel_fetch_limit: int = Field(
        50, ge=1, description="Messages one poll of a channel drafts in one transaction."
    )
    channel_lease_s: float = Field(
        300.0, description="A poll not finished within this is assumed dead; another may start."
    )
    channel_tick_s: float = Field(
        15.0, description="How often the scheduler (celery beat) looks for channels due a poll."
    )
    channel_backoff_max_s: float = Field(
        1800.0, description="Longest pause after a channel failed to answer."
    )
    mailbox_unread_warn_h: float = Field(
        48.0,
        gt=0,
        description="Warn when a store's mailbox channel has not "
        "been read for this long (AliExpress freezes withdrawals after 72 h).",
    )
    # The team (drafter/team/): review-page sessions, soft locks, passwords.
    session_ttl_minutes: int = Field(
        12 * 60, ge=1, description="A review-page session ends this long after sign-in, whatever happens."
    )
    session_idle_minutes: int = Field(
        60, ge=1, description="...or after this long without a request (the open page renews it)."
    )
    session_cookie_secure: bool | None = Field(
        None,
        description="Send the session cookie only over HTTPS. Default: when the request came over HTTPS; "
        "set true behind a proxy that ends TLS.",
    )
    lock_ttl_s: int = Field(
        300, ge=10, le=3600, description="How long opening a draft holds it (renewed while it stays open)."
    )
    password_bcrypt_rounds: int = Field(
        12, ge=4, le=16, description="bcrypt cost factor for new passwords (each step doubles the work)."
    )

    # Alerts (drafter/notify): e-mail over SMTP, webhook posts; each alert is sent once (table alerts).
    smtp_host: str | None = Field(None, description="SMTP server for alert e-mails; unset: no e-mail alerts.")
    smtp_port: int = 587
    smtp_security: Literal["starttls", "ssl", "plain"] = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str = Field("drafter@localhost", description="From address of alert e-mails.")
    smtp_timeout_s: float = 10.0
    alert_attempts: int = Field(3, ge=1, description="Tries per alert within one sweep (tenacity).")
    alert_max_attempts: int = Field(
        9, ge=1, description="Tries per alert over all sweeps before it is left as failed."
    )
    alert_retry_wait_s: float = Field(1.0, ge=0, description="First wait between tries; doubles.")
    alert_timeout_s: float = Field(10.0, description="HTTP timeout of one alert webhook call.")
    aliexpress_unanswered_h: float = Field(
        4.0, gt=0, description="AliExpress chats read but unanswered this long are alerted."
    )
    promise_grace_h: float = Field(
        24.0, gt=0, description="A due promise whose follow-up is not sent within this is expired."
    )
    team_sweep_s: float = Field(60.0, gt=0, description="How often celery beat runs the team sweep.")

    @model_validator(mode="after")
    def _local_profile(self) -> Settings:
        """A local CPU model needs 20-60 s per call (most of it reading the prompt): the hosted timeouts
        (10 s, 20 s budget) would make every draft fall back. Values set explicitly win."""
        if self.llm_profile == "local":
            local = {
                "llm_timeout_s": 300.0,
                "llm_total_budget_s": 600.0,
                "llm_max_retries": 0,
                "llm_structured_output": "json_mode",
                "llm_max_output_tokens": 400,
                "llm_circuit_cooldown_s": 120.0,
            }
            for name, value in local.items():
                if name not in self.model_fields_set:
                    object.__setattr__(self, name, value)
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'drafter.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


@lru_cache
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests and the CLI change DRAFTER_* variables; this makes the next get_settings() see them."""
    get_settings.cache_clear()
