#!/usr/bin/env bash
# Installs and starts what the integration tests use, when it is missing and we are allowed to.
# Tests that still cannot find a service skip with a message that says what is missing.
set -u
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing Debian's chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "test-deps: could not install chromium; browser tests will skip"
fi
exit 0
