"""A channel's settings as the framework hands them to an adapter: options shown, secrets never.

Secrets travel as pydantic SecretStr, whose repr and str are '**********', so a logged config, an
exception message or `drafter channels list` cannot leak a password or token; only an adapter asks for
the value, at the moment it authenticates.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, SecretStr

MASK = "********"


class ChannelConfig(BaseModel):
    id: int | None = None
    store_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")
    kind: str
    platform: str
    options: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, SecretStr] = Field(default_factory=dict)

    def secret(self, name: str) -> str | None:
        value = self.secrets.get(name)
        return value.get_secret_value() if value is not None else None

    def public(self) -> dict[str, Any]:
        """What an operator may see: options, and which secrets are set (never their values)."""
        return {
            "id": self.id,
            "store_id": self.store_id,
            "name": self.name,
            "kind": self.kind,
            "platform": self.platform,
            "options": self.options,
            "secrets": {name: MASK for name in sorted(self.secrets)},
        }


def typed_options(model: type[BaseModel], config: ChannelConfig) -> Any:
    """The adapter's own options model, validated (unknown keys are refused, so a typo is caught at `add`)."""
    return model.model_validate(config.options)
