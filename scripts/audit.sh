#!/usr/bin/env bash
# Dependency audit (issue 9): pip-audit over the exact versions installed in the project's venv.
# Fails when a known vulnerability is reported. pip-audit runs from its own venv (.venv-audit) so its
# dependencies never change rasd's; it reads the pinned list of rasd's venv and checks it without installing.
# When the vulnerability service cannot be reached or knows none of the packages (an offline mirror), the
# audit says so on stderr; it cannot find what it cannot look up, and it does not pretend otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
AUDIT=${AUDIT_VENV:-.venv-audit}
if [ ! -x "$AUDIT/bin/pip-audit" ]; then
  { python3 -m venv "$AUDIT" && "$AUDIT/bin/pip" install --quiet pip-audit; } \
    || { echo "audit: NOT RUN: pip-audit could not be installed" >&2; exit 0; }
fi
reqs=$(mktemp) report=$(mktemp)
trap 'rm -f "$reqs" "$report"' EXIT
"$VENV/bin/pip" freeze --exclude-editable | grep -E '^[A-Za-z0-9_.-]+==' > "$reqs"
status=0
"$AUDIT/bin/pip-audit" --requirement "$reqs" --no-deps --disable-pip --progress-spinner off \
  --format json --output "$report" 2>/dev/null || status=$?
python3 scripts/audit_report.py "$report" "$status"
