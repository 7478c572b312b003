#!/usr/bin/env bash
# Property-based test against a running server: `drafter serve` on 127.0.0.1 (scratch data dir,
# scratch task queue), then schemathesis' CLI with N examples per operation (default 560: about
# 10,000 cases over every operation, valid and invalid). Prints schemathesis' summary; exit code
# non-zero when any check failed (a 5xx, an undocumented status or content type, a body off-schema).
#   bash scripts/fuzz_server.sh [N] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-560}"
SEED="${2:-13}"
WORK="$(mktemp -d)"
PORT="$(.venv/bin/python -c 'from drafter.devtools.localserver import free_port; print(free_port())')"
export DRAFTER_DATA_DIR="$WORK/var" DRAFTER_WORKER_QUEUE="fuzz-$$"
.venv/bin/drafter serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    .venv/bin/python -c "import redis,sys; redis.Redis.from_url('redis://127.0.0.1:6379/0').delete(sys.argv[1])" \
        "$DRAFTER_WORKER_QUEUE" 2>/dev/null || true
    echo "server log: $WORK/server.log ($(grep -c 'Traceback' "$WORK/server.log" || true) tracebacks," \
         "$(grep -cE '" 5[0-9][0-9] ' "$WORK/server.log" || true) 5xx answers)"
}
trap cleanup EXIT
.venv/bin/python -c "from drafter.devtools.localserver import wait_until_ready; wait_until_ready('http://127.0.0.1:$PORT', timeout_s=180)"
KEY="$(.venv/bin/drafter keys create --store demo-store)"
.venv/bin/st run "http://127.0.0.1:$PORT/openapi.json" -H "Authorization: Bearer $KEY" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$N" --seed "$SEED" --workers 1 --phases examples,coverage,fuzzing \
    --report ndjson --report-dir "$WORK/report"
