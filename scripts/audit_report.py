"""Summarise a pip-audit JSON report; exit 1 when any package has a known vulnerability.

Usage: python3 scripts/audit_report.py REPORT.json PIP_AUDIT_EXIT_STATUS   (called by scripts/audit.sh)
"""

from __future__ import annotations

import json
import sys


def summarise(report: dict, status: int) -> tuple[int, list[str]]:
    """(exit code, lines to print) for a pip-audit JSON report."""
    deps = report.get("dependencies")
    if not isinstance(deps, list):
        return 2, [f"audit: pip-audit gave no report (exit {status})"]
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    audited = len(deps) - len(skipped)
    lines = [(f"audit: {len(deps)} pinned packages, {audited} audited, {len(skipped)} not auditable, "
             f"{len(vulnerable)} with known vulnerabilities")]
    lines += [f"  {d['name']} {d['version']}: {', '.join(v['id'] for v in d['vulns'])}" for d in vulnerable]
    if skipped and not audited:
        lines.append("audit: WARNING the vulnerability service knows none of these packages (offline mirror?);"
                     " nothing was checked")
    return (1 if vulnerable else 0), lines


def main(argv: list[str]) -> int:
    try:
        with open(argv[1], encoding="utf-8") as fh:
            report = json.load(fh)
    except (OSError, ValueError, IndexError):
        report = {}
    code, lines = summarise(report, int(argv[2]) if len(argv) > 2 else 0)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
