"""Extraction benchmark: our extractor against trafilatura alone, on saved pages with hand-marked bodies.

    python benchmarks/extract.py              # every page of tests/fixtures/extraction/manifest.toml, 7 rounds
    python benchmarks/extract.py --pages      # also each page's F1, worst first
    python benchmarks/extract.py --options    # also ours under each trafilatura focus, with and without tables

The pages are stand-ins written for Claim Tracker in the layouts of news sites, newsletters, ministries,
institutions, radio and TV sites, live blogs and transcripts, in English and French (see the fixtures'
README); next to each page, the body a reader marks as the article is the gold standard.

Quality is bag-of-tokens overlap between the extracted text and the gold body: lower-cased word tokens
(runs of letters and digits), precision = shared / extracted, recall = shared / gold, F1 their harmonic
mean, macro-averaged over the pages (a page with nothing extracted scores 0). Time is the CPU time
(`time.process_time`) to extract every page, the pages handed over as decoded text, in one process; each
round times both extractors, in alternating order, after one warm-up round, and the median round is the
figure. "trafilatura alone" is `trafilatura.extract(html, url=url)` with its defaults, which is what the
goal is judged against; the row under it runs `trafilatura.extract` with the options our extractor
passes, to show what those options do by themselves.

`--options` shows how the trafilatura options were chosen: our whole extractor under each focus
(precision, balanced, recall), with tables and without, and with trafilatura's fallback comparison
skipped (`fast`), on the same pages, with its time against trafilatura alone.

Goal (issue 15): our F1 at least trafilatura's, and our time at most 1.2 × trafilatura's, in the same run.
"""
from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from checker.config import Config  # noqa: E402
from checker.sources import extract as ours  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "extraction"
GOAL_TIME_RATIO = 1.2
TOKEN = re.compile(r"\w+")


def tokens(text: str | None) -> Counter:
    return Counter(TOKEN.findall((text or "").lower()))


def scores(extracted: str | None, gold: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of one page."""
    got, want = tokens(extracted), tokens(gold)
    shared = sum((got & want).values())
    if not shared:
        return 0.0, 0.0, 0.0
    precision, recall = shared / sum(got.values()), shared / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def load_pages(manifest: Path) -> list[dict]:
    pages = tomllib.loads(manifest.read_text(encoding="utf-8"))["page"]
    for page in pages:
        page["html"] = (manifest.parent / page["file"]).read_bytes().decode("utf-8")
        page["gold_text"] = (manifest.parent / page["gold"]).read_text(encoding="utf-8")
    return pages


def run_ours(page: dict) -> str:
    return ours.extract(page["html"], page["url"]).text


def run_trafilatura(page: dict) -> str | None:
    return trafilatura.extract(page["html"], url=page["url"])


def run_trafilatura_our_options(page: dict) -> str | None:
    return trafilatura.extract(page["html"], url=page["url"], **ours.trafilatura_options(Config))


EXTRACTORS = {"ours (checker.sources.extract)": run_ours,
              "trafilatura alone (defaults)": run_trafilatura,
              "trafilatura, our options": run_trafilatura_our_options}


def with_options(focus: str, tables: bool, fast: bool = False):
    """Our extractor with other trafilatura options than the configured ones."""
    settings = type("Settings", (Config,), {"EXTRACT_FOCUS": focus, "EXTRACT_INCLUDE_TABLES": tables,
                                            "EXTRACT_FAST": fast})
    return lambda page: ours.extract(page["html"], page["url"], settings).text


def timed_round(run, pages: list[dict]) -> float:
    gc.collect()
    started = time.process_time()
    for page in pages:
        run(page)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds; the median is the figure (default 7)")
    parser.add_argument("--pages", action="store_true", help="print each page's F1, worst first")
    parser.add_argument("--options", action="store_true",
                        help="also run ours under each trafilatura focus, with and without tables")
    parser.add_argument("--manifest", type=Path, default=FIXTURES / "manifest.toml")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 50:
        parser.error("--rounds 1 to 50")
    pages = load_pages(args.manifest)

    quality: dict[str, list[tuple[float, float, float]]] = {}
    for name, run in EXTRACTORS.items():
        quality[name] = [scores(run(page), page["gold_text"]) for page in pages]  # also the warm-up round
    times: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    names = list(EXTRACTORS)
    for n in range(args.rounds):
        for name in (names if n % 2 == 0 else names[::-1]):
            times[name].append(timed_round(EXTRACTORS[name], pages))

    english = sum(1 for p in pages if p["lang"] == "en")
    print(f"extraction: {len(pages)} stand-in pages ({english} English, {len(pages) - english} French), "
          f"token P/R/F1 macro-averaged, CPU time per pass over all pages, median of {args.rounds} rounds")
    base = "trafilatura alone (defaults)"
    base_f1 = statistics.fmean(s[2] for s in quality[base])
    base_time = statistics.median(times[base])
    print(f"  {'extractor':34} {'precision':>9} {'recall':>8} {'F1':>7} {'time':>9} {'ratio':>7}")
    for name in EXTRACTORS:
        p, r, f = (statistics.fmean(s[i] for s in quality[name]) for i in range(3))
        t = statistics.median(times[name])
        print(f"  {name:34} {p:9.4f} {r:8.4f} {f:7.4f} {t:8.3f}s {t / base_time:7.3f}")
    ours_name = names[0]
    ours_f1 = statistics.fmean(s[2] for s in quality[ours_name])
    ratio = statistics.median(times[ours_name]) / base_time
    print("  rounds (s): " + "; ".join(f"{name.split(' ')[0]} " + ", ".join(f"{t:.3f}" for t in times[name])
                                       for name in EXTRACTORS))
    print(f"goal F1 >= trafilatura's ({ours_f1:.4f} vs {base_f1:.4f}): {'met' if ours_f1 >= base_f1 else 'NOT met'}")
    print(f"goal time <= {GOAL_TIME_RATIO} x trafilatura's ({ratio:.3f} x): "
          f"{'met' if ratio <= GOAL_TIME_RATIO else 'NOT met'}")
    if args.options:
        print(f"our extractor under other trafilatura options (configured: focus {Config.EXTRACT_FOCUS}, "
              f"tables {'on' if Config.EXTRACT_INCLUDE_TABLES else 'off'}), median of {args.rounds} rounds:")
        choices = [(focus, tables, False) for focus in ("precision", "balanced", "recall") for tables in (True, False)]
        for focus, tables, fast in choices + [("precision", True, True)]:
            run = with_options(focus, tables, fast)
            quality_here = [scores(run(page), page["gold_text"]) for page in pages]
            t = statistics.median(timed_round(run, pages) for _ in range(args.rounds))
            p, r, f = (statistics.fmean(s[i] for s in quality_here) for i in range(3))
            print(f"  focus {focus:9} tables {'on ' if tables else 'off'} fast {'on ' if fast else 'off'}  "
                  f"P {p:.4f}  R {r:.4f}  F1 {f:.4f}  time {t:.3f}s  ratio {t / base_time:.3f}")
    if args.pages:
        print("per page F1 (ours, trafilatura alone), worst of ours first:")
        rows = sorted(zip(pages, quality[ours_name], quality[base]), key=lambda row: row[1][2])
        for page, mine, theirs in rows:
            print(f"  {mine[2]:.3f} {theirs[2]:.3f}  P {mine[0]:.3f}/{theirs[0]:.3f}  R {mine[1]:.3f}/{theirs[1]:.3f}"
                  f"  {Path(page['file']).name}")


if __name__ == "__main__":
    main()
