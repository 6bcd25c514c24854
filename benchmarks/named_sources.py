"""How the two cut-offs of sources named in an article behave on translated news (issue 15).

    python benchmarks/named_sources.py [--data FILE.tsv] [--articles 60] [--distractors 40]

A named source's candidate page is fetched when its title matches one of the article's uncited claims at
SCRAPE_NAMED_MIN_RANK or more, and a fetched page is kept for a claim at SCRAPE_NAMED_MIN_MATCH or more
(both scored by `discover.ClaimMatcher`). Here each article of ../shared/data/crosslingual/dev_fr_en.tsv
is an article whose French sentences are the claims; the candidates are the English translation of each
(what the source reported) among English sentences of other articles (what else the source published).
Printed for each cut-off, on articles at odd positions (even ones are left for any calibration): the share
of true candidates that pass and are matched to their own claim, and the share of other candidates that
pass (pages fetched for nothing). A baseline computed in the same run: no cut-off (every candidate passes).
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.config import Config  # noqa: E402
from checker.sources import discover  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "crosslingual" / "dev_fr_en.tsv"


def articles(path: Path) -> list[list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) == 3:
                grouped[row[0]].append((row[1], row[2]))
    return [pairs for pairs in grouped.values() if len(pairs) >= 3]


def measure(held_out, pool, distractors: int, cut_offs: list[float], seed: int = 7):
    rng = random.Random(seed)
    true_pass = {c: 0 for c in cut_offs}
    other_pass = {c: 0 for c in cut_offs}
    trues = others = 0
    for index, pairs in enumerate(held_out):
        claims = [fr for fr, _en in pairs[:10]]
        own = [en for _fr, en in pairs[:10]]
        other = rng.sample([en for j, article in enumerate(pool) if j != index for _fr, en in article], distractors)
        bags = [discover.bag_of(text, "en") for text in own + other]
        matcher = discover.ClaimMatcher(claims, bags)
        for position, bag in enumerate(bags):
            best, score = matcher.best(bag)
            for cut in cut_offs:
                if position < len(own):
                    true_pass[cut] += score >= cut and best == position
                else:
                    other_pass[cut] += score >= cut
        trues += len(own)
        others += len(other)
    return {c: (true_pass[c] / trues, other_pass[c] / others) for c in cut_offs}, trues, others


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--articles", type=int, default=60, help="held-out articles measured")
    parser.add_argument("--distractors", type=int, default=40, help="other articles' titles per article")
    options = parser.parse_args()
    if not options.data.exists():
        sys.exit(f"named_sources: {options.data} not found")
    every = articles(options.data)
    held_out = every[1::2][:options.articles]
    cut_offs = [0.0, Config.SCRAPE_NAMED_MIN_RANK, 0.1, Config.SCRAPE_NAMED_MIN_MATCH, 0.3]
    figures, trues, others = measure(held_out, every, options.distractors, sorted(set(cut_offs)))
    print(f"{len(held_out)} held-out articles, {trues} true candidates, {others} other candidates")
    for cut, (found, wasted) in figures.items():
        role = {0.0: "baseline: no cut-off", Config.SCRAPE_NAMED_MIN_RANK: "SCRAPE_NAMED_MIN_RANK",
                Config.SCRAPE_NAMED_MIN_MATCH: "SCRAPE_NAMED_MIN_MATCH"}.get(cut, "")
        print(f"  cut-off {cut:.2f}  true passed and matched {found:.3f}  others passed {wasted:.3f}  {role}")


if __name__ == "__main__":
    main()
