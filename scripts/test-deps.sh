#!/usr/bin/env bash
# Installs and starts what the integration tests use, when it is missing and we are allowed to.
# Tests that still cannot find a service skip with a message that says what is missing.
set -u
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing Debian's chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "test-deps: could not install chromium; browser tests will skip"
fi
# Dovecot, the real IMAP server the e-mail channel tests start (on a free 127.0.0.1 port, own config).
if ! command -v dovecot >/dev/null 2>&1 && [ ! -x /usr/sbin/dovecot ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing Debian's dovecot-imapd for the e-mail channel tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null) \
    || echo "test-deps: could not install dovecot-imapd; e-mail channel tests will skip"
fi
# The tests never talk to a system-wide dovecot (143/993): each test session runs its own.
# A Chinese font, so the zh-CN review page renders (and its screenshots show) real glyphs, not boxes.
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ] && [ "$(id -u)" = 0 ] \
    && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing a Chinese font (fonts-wqy-microhei) for the zh-CN page"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null \
    || echo "test-deps: could not install a Chinese font; the zh-CN screenshots will show boxes"
fi
# PostgreSQL and Redis for the storage, worker and cluster tests: started only when not already answering.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "test-deps: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start \
      || echo "test-deps: could not start PostgreSQL; its tests will skip"
  fi
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "test-deps: starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log \
      || echo "test-deps: could not start Redis; its tests will skip"
  fi
fi
exit 0
