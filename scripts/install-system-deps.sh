#!/usr/bin/env bash
# System packages the test suite needs beyond Python: Debian's Chromium for the real-browser tests (Playwright
# drives /usr/bin/chromium; it never downloads a browser) and Java for the HeidelTime baseline and Spark.
# Installs only what is missing, and only when it can (root + apt-get); otherwise those tests skip with a message.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: not installing ${need[*]} (needs root and apt-get); the tests that need them will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "note: apt-get could not install ${need[*]}; the tests that need them will skip" >&2
exit 0
