"""Runs the atheris ingest fuzz target for a bounded time (skipped when atheris is not installed)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

TARGET = Path(__file__).with_name("fuzz_ingest.py")
SECONDS = int(os.environ.get("RASD_FUZZ_SECONDS", "20"))
#: Seeds written by the team: a few well-formed inputs of each kind, so the fuzzer starts from real shapes.
SEEDS = {
    "text": b"\x00" + "انطلقت أمس الأحد حملة لتنظيف الشواطئ في المدينة، وقال المنظمون إنها تستمر أسبوعا.".encode(),
    "html": b"\x01<html><body><article><p>" + "افتتح متحف جديد للفنون الشعبية يوم 3 مارس 2024.".encode()
            + b"</p></article></body></html>",
    "json": b'\x02{"id": "1", "text": "The new bridge opened on Monday, 4 March 2024, after two years."}',
    # a diacritic before a trigger's clitic once crashed the date triggers (fifteenth session)
    "marks": b"\x00" + "جاء \u064eواليوم ثم عاد غداً".encode(),
    "rss": bytes([128 + 4]) + b'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title><item>'
           b"<title>t</title><description>d</description></item></channel></rss>",
}


@pytest.mark.slow
def test_fuzz_ingest_for_a_bounded_time(tmp_path: Path) -> None:
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed (pip install atheris)")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in SEEDS.items():
        (corpus / name).write_bytes(data)
    cmd = [sys.executable, str(TARGET), f"-max_total_time={SECONDS}", "-rss_limit_mb=2048", "-timeout=10",
           f"-artifact_prefix={tmp_path}/", str(corpus)]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=SECONDS + 120, cwd=tmp_path)
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert proc.returncode == 0 and not crashes, f"fuzzing found {crashes}:\n{proc.stderr[-4000:]}"
    assert "Done" in proc.stderr or "DONE" in proc.stderr
