"""The cassettes are what the scripted server says today: replay each recorded request live.

If the server's scripts change and the cassettes are not re-recorded, this fails and says so.
"""

from __future__ import annotations

import json

import httpx
import pytest
import yaml

from drafter.devtools.scripted_llm import ScriptedServer

CASSETTES = sorted(
    (__import__("pathlib").Path(__file__).resolve().parents[2] / "eval" / "cassettes" / "llm").glob("*.yaml")
)


@pytest.mark.parametrize("path", CASSETTES, ids=[p.stem for p in CASSETTES])
def test_cassette_matches_the_live_scripted_server(path):
    interactions = yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]
    assert interactions
    with ScriptedServer() as server, httpx.Client(timeout=5) as http:
        for interaction in interactions:
            request, response = interaction["request"], interaction["response"]
            assert not any(
                h.lower() == "authorization" for h in request["headers"]
            )  # the key never lands here
            path_part = request["uri"].split("/v1", 1)[1]
            live = http.post(
                server.base_url + path_part,
                content=request["body"],
                headers={"content-type": "application/json"},
            )
            assert live.status_code == response["status"]["code"], "re-record: DRAFTER_CASSETTE_RECORD=all"
            assert live.json() == json.loads(response["body"]["string"]), (
                "re-record: DRAFTER_CASSETTE_RECORD=all"
            )
