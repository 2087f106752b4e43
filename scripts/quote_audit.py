"""Read and judge rasd's quotes on random ANT articles (rasd/eval/quote_audit.py has the protocol).

    .venv/bin/python scripts/quote_audit.py show 21            # numbered quotes of seed 21, with context
    .venv/bin/python scripts/quote_audit.py judge 21 --wrong 3,17 --untidy 5
                                                              # record verdicts for seed 21's current quotes
    .venv/bin/python scripts/quote_audit.py score              # accuracy per seed; lists quotes to read again

``judge`` writes every quote of the seed's current output, replacing that seed's lines in the verdict file: the
listed numbers get their verdict, a quote judged before keeps its own, any other is right; read ``show`` (or
``score --unjudged``) first. ``score --unjudged`` prints the quotes whose verdict no longer matches.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rasd.eval import quote_audit as qa
from rasd.model import Article

VERDICT_FILE = Path(__file__).resolve().parent.parent / "rasd" / "eval" / qa.VERDICTS


def _numbers(arg: str) -> set[int]:
    return {int(x) for x in arg.split(",") if x.strip()}


def _show(found: list[tuple[Article, dict]], verdicts: dict | None, seed: int, only_unjudged: bool) -> None:
    for n, (art, q) in enumerate(found, 1):
        item = qa.items(seed, [(art, q)])[0]
        verdict = verdicts.get(item.key, "unjudged") if verdicts is not None else ""
        if only_unjudged and verdict != "unjudged":
            continue
        before = art.text[max(0, q["start"] - 160):q["start"]].replace("\n", " / ")
        print(f"#{n} [{art.id}] speaker={q['speaker_text']!r} verb={q['verb']!r} {verdict}")
        print(f"   ...{before} ⟦ {art.text[q['start']:q['end']][:220]} ⟧".replace("\n", " / "))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    show = sub.add_parser("show")
    show.add_argument("seed", type=int)
    judge = sub.add_parser("judge")
    judge.add_argument("seed", type=int)
    judge.add_argument("--wrong", default="")
    judge.add_argument("--untidy", default="")
    score = sub.add_parser("score")
    score.add_argument("--unjudged", action="store_true", help="print the quotes to read again")
    args = ap.parse_args(argv)
    lines = qa.ant_lines(None)
    if args.cmd == "show":
        _show(qa.quotes_of(args.seed, qa.sample(args.seed, lines)), None, args.seed, False)
        return 0
    if args.cmd == "judge":
        found = qa.items(args.seed, qa.quotes_of(args.seed, qa.sample(args.seed, lines)))
        wrong, untidy = _numbers(args.wrong), _numbers(args.untidy)
        if max(wrong | untidy, default=0) > len(found):
            sys.exit(f"seed {args.seed} has {len(found)} quotes")
        known = qa.read_verdicts(VERDICT_FILE)  # a quote judged before keeps its verdict unless listed again
        judged = [(i, "wrong" if n in wrong else "untidy" if n in untidy else known.get(i.key, "right"))
                  for n, i in enumerate(found, 1)]
        kept = [x for x in VERDICT_FILE.read_text("utf-8").splitlines() if x.startswith("#") or x.split("\t")[0]
                != str(args.seed)]
        VERDICT_FILE.write_text("\n".join(kept + qa.verdict_lines(judged)) + "\n", "utf-8")
        print(f"seed {args.seed}: {len(found)} quotes, {len(wrong)} wrong, {len(untidy)} untidy")
        return 0
    verdicts = qa.read_verdicts(VERDICT_FILE)
    result = qa.run(verdicts=VERDICT_FILE)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.unjudged:
        for seed in result["seeds"]:
            _show(qa.quotes_of(int(seed), qa.sample(int(seed), lines)), verdicts, int(seed), True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
