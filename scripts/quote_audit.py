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

ROOT = Path(__file__).resolve().parent.parent / "rasd" / "eval"


def _numbers(arg: str) -> set[int]:
    return {int(x) for x in arg.split(",") if x.strip()}


def _show(found: list[tuple[Article, dict]], verdicts: dict | None, seed: int, only_unjudged: bool) -> None:
    for n, (art, q) in enumerate(found, 1):
        item = qa.items(seed, [(art, q)])[0]
        verdict = verdicts.get(item.key, "unjudged") if verdicts is not None else ""
        if only_unjudged and verdict != "unjudged":
            continue
        before = art.text[max(0, q["start"] - 160):q["start"]].replace("\n", " / ")
        print(f"#{n} [seed {seed}, {art.id}] speaker={q['speaker_text']!r} verb={q['verb']!r} {verdict}")
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
    ap.add_argument("--corpus", choices=sorted(qa.CORPORA), default="ant")
    args = ap.parse_args(argv)
    corpus = qa.CORPORA[args.corpus]
    verdict_file = ROOT / corpus.verdicts
    if not verdict_file.exists():
        verdict_file.write_text(f"# Verdicts on rasd's quotes in random {corpus.name} articles (scripts/quote_audit.py).\n"
                                "# seed\tarticle id\tquote start\tquote end\thash of speaker and verb\tverdict\n", "utf-8")
    lines = qa.corpus_lines(None, corpus)
    if args.cmd == "show":
        _show(qa.quotes_of(args.seed, qa.sample(args.seed, lines, corpus=corpus)), None, args.seed, False)
        return 0
    if args.cmd == "judge":
        found = qa.items(args.seed, qa.quotes_of(args.seed, qa.sample(args.seed, lines, corpus=corpus)))
        wrong, untidy = _numbers(args.wrong), _numbers(args.untidy)
        if max(wrong | untidy, default=0) > len(found):
            sys.exit(f"seed {args.seed} has {len(found)} quotes")
        known = qa.read_verdicts(verdict_file, corpus)  # a quote judged before keeps its verdict unless listed again
        judged = [(i, "wrong" if n in wrong else "untidy" if n in untidy else known.get(i.key, "right"))
                  for n, i in enumerate(found, 1)]
        kept = [x for x in verdict_file.read_text("utf-8").splitlines() if x.startswith("#") or x.split("\t")[0]
                != str(args.seed)]
        verdict_file.write_text("\n".join(kept + qa.verdict_lines(judged)) + "\n", "utf-8")
        print(f"seed {args.seed}: {len(found)} quotes, {len(wrong)} wrong, {len(untidy)} untidy")
        return 0
    verdicts = qa.read_verdicts(verdict_file, corpus)
    result = qa.run(verdicts=verdict_file, corpus=corpus)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.unjudged:
        for seed in result["seeds"]:
            _show(qa.quotes_of(int(seed), qa.sample(int(seed), lines, corpus=corpus)), verdicts, int(seed), True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
