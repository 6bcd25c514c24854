"""Check-worthiness benchmark: the learned model's figures next to the rules and random, its cost, and French.

    python benchmarks/checkworthiness.py             validation reran (scikit-learn needed, several minutes),
                                                     else the figures recorded in model.json when it was trained
    python benchmarks/checkworthiness.py --recorded  the recorded figures, without refitting
    python benchmarks/checkworthiness.py --evaluate FILE...
                                                     only the shipped model on labelled files (an unseen test
                                                     set: scored, never fitted on): MAP per transcript, F1

Prints:
  * CLEF 2019 training transcripts, MAP, leave-one-transcript-out (goal >= 0.17), and ClaimBuster training
    set, F1 on a held-out 20 % (goal >= 0.85), each beside today's rule score and a random baseline; the
    threshold and how it was chosen (checker/claims/training/validate.py tells the protocols);
  * the model's size, its load in a fresh interpreter, CPU time, with the bytecode cached and compiled at each
    start, whole and the model's own part after the rule scorer it reads (goal <= 100 ms), and the µs per
    sentence of features + score + reasons;
  * French, which keeps the rules: our stand-in sentences (tests/fixtures/checkworthy/standins.tsv), plans and
    pleas included, and on professionally translated news (../shared/data/crosslingual/dev_fr_en.tsv) how the
    French rule score follows the English model's score of the same sentence, and how many sentences each flags.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.claims import attribution, dates, features, learned, pipeline  # noqa: E402
from checker.claims import registry as source_registry  # noqa: E402
from checker.config import Config  # noqa: E402

GOAL_MAP = 0.17
GOAL_F1 = 0.85
GOAL_LOAD_MS = 100
STANDINS = ROOT / "tests" / "fixtures" / "checkworthy" / "standins.tsv"
NEWS_DATE = dates.ArticleDate(2012, 12, 1)  # WMT newstest2013's articles are of 1 December 2012
LOAD_ROUNDS = 5


def verdict(value: float, goal: float, above: bool = True) -> str:
    return "met" if (value >= goal if above else value <= goal) else "NOT met"


def validation(recorded: bool, registry) -> tuple[dict, str]:
    settings = json.loads((learned.MODEL_DIR / learned.MODEL_FILE).read_text(encoding="utf-8"))
    if not recorded:
        try:
            from checker.claims.training import data, train, validate
            from checker.claims.training import fit as F
        except ImportError:
            return settings["validation"], "recorded in model.json (scikit-learn is not installed: `make train`)"
        try:
            corpus = F.load_corpus(Path(Config.DATA_DIR), registry)
        except data.DataMissing as error:
            return settings["validation"], f"recorded in model.json ({error})"
        figures = {"clef_loto_map": validate.clef_figures(corpus, train.SETTING, Config.CHECKWORTHY_THRESHOLD),
                   "claimbuster_held_out_f1": validate.claimbuster_figures(corpus, train.SETTING,
                                                                            Config.CHECKWORTHY_THRESHOLD)}
        return figures, "measured now"
    return settings["validation"], "recorded in model.json when it was trained"


def print_validation(figures: dict, how: str) -> None:
    from checker.claims.training.report import (
        print_figures,  # plain Python: no scikit-learn needed to print
    )
    print(f"validation ({how})")
    print_figures(figures["clef_loto_map"], figures["claimbuster_held_out_f1"],
                  lambda line: print("  " + line))
    clef, claimbuster = figures["clef_loto_map"], figures["claimbuster_held_out_f1"]
    print(f"  goals: MAP {clef['model']:.3f} >= {GOAL_MAP}: {verdict(clef['model'], GOAL_MAP)}; "
          f"F1 {claimbuster['model']:.3f} >= {GOAL_F1}: {verdict(claimbuster['model'], GOAL_F1)}")


# In a fresh interpreter: the rule scorer first (ingest imported it before the model existed), then the model's
# own modules and both its files. Prints (the whole, the model's own) in ms of CPU time: the machine may be busy.
LOAD_CODE = """
import time
started = time.process_time()
from checker.claims import checkworthiness
rules = time.process_time()
from checker.claims import learned
learned.load().weights
done = time.process_time()
print((done - started) * 1000, (done - rules) * 1000)
"""


def load_ms(bytecode_cached: bool) -> tuple[list[float], list[float]]:
    """CPU time of importing the scorer and reading both model files in a fresh interpreter, after the
    interpreter's own start, LOAD_ROUNDS times: (the whole, the model's own part). With `bytecode_cached` the
    modules' compiled bytecode is kept (in a temporary folder, written by a first run), as an installed app
    keeps it; without, every start compiles them (what PYTHONDONTWRITEBYTECODE=1 makes of every run)."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        if bytecode_cached:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = folder
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        command = [sys.executable, "-c", LOAD_CODE]
        if bytecode_cached:
            subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
        runs = [subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.split()
                for _ in range(LOAD_ROUNDS)]
    return [float(whole) for whole, _ in runs], [float(own) for _, own in runs]


def print_load() -> None:
    figures = {cached: load_ms(cached) for cached in (True, False)}
    for cached, (whole, own) in figures.items():
        how = "bytecode cached, as an installed app runs" if cached else "bytecode compiled at each start"
        print(f"load, fresh interpreter ({how}), CPU: import + both files median {statistics.median(whole):.1f} ms "
              f"of {', '.join(f'{v:.1f}' for v in whole)}; goal <= {GOAL_LOAD_MS} ms: "
              f"{verdict(statistics.median(whole), GOAL_LOAD_MS, above=False)}")
        print(f"  of which the model's own modules and files: median {statistics.median(own):.1f} ms (the rest is "
              "the rule scorer it reads, which ingest imported before the model)")


def english_sentences() -> list[str]:
    """The held-out ClaimBuster sentences when the data is here, else the English stand-ins."""
    path = Path(Config.DATA_DIR) / "checkworthy" / "en_claimbuster_2class_train.json"
    if path.exists():
        from checker.claims.training import data
        claimbuster = data.load_claimbuster(path)
        return [claimbuster[i].text for i in data.claimbuster_split(claimbuster)[1]]
    return [row[3] for row in standins()]


def per_sentence_us(sentences: list[str], registry) -> tuple[float, float, float]:
    """µs per sentence: the steps and rules (before the model existed), features + score + reasons on top,
    and the score alone; CPU time, best of 3."""
    model = learned.load()
    analyses = [pipeline.analyse(s, "en", NEWS_DATE, registry, attribution.Context()) for s in sentences]

    def best(function) -> float:
        times = []
        for _ in range(3):
            start = time.process_time()
            function()
            times.append(time.process_time() - start)
        return min(times) / len(sentences) * 1e6

    steps = best(lambda: [pipeline.analyse(s, "en", NEWS_DATE, registry, attribution.Context()) for s in sentences])
    judged = best(lambda: [learned.judge(s, "en", a.verdict, features.find(s, a.quantities, a.dates, a.entities,
                                                                          a.attribution, a.verdict),
                                         Config.CHECKWORTHY_THRESHOLD, model) for s, a in zip(sentences, analyses)])
    decision = best(lambda: [model.decision(s, a.features.values) for s, a in zip(sentences, analyses)])
    return steps, judged, decision


def standins() -> list[list[str]]:
    return [line.split("\t") for line in STANDINS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def french_standins(registry) -> None:
    rows = standins()
    print(f"French stand-ins ({len(rows)} sentences we wrote, {STANDINS.relative_to(ROOT)}); French keeps the rules")
    right = {"fr": 0, "en": 0}
    for case, label, french, english in rows:
        marks = []
        for lang, text in (("fr", french), ("en", english)):
            claim = pipeline.extract(text, lang, NEWS_DATE, registry).claims[0]
            right[lang] += claim["checkworthy"] == (label == "1")
            marks.append(f"{'*' if claim['checkworthy'] else ' '}{claim['score']:.2f}")
        print(f"  {label} {case:18s} fr {marks[0]}  en {marks[1]}  {french[:70]}")
    print(f"  right (flag = our label): French, rules {right['fr']}/{len(rows)}; "
          f"English, model {right['en']}/{len(rows)}")


def spearman(first: list[float], second: list[float]) -> float:
    def ranks(values):
        order = sorted(range(len(values)), key=values.__getitem__)
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out
    a, b = ranks(first), ranks(second)
    mean_a, mean_b = statistics.fmean(a), statistics.fmean(b)
    covariance = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b))
    return covariance / (sum((x - mean_a) ** 2 for x in a) * sum((y - mean_b) ** 2 for y in b)) ** 0.5


def french_news(registry) -> None:
    path = Path(Config.DATA_DIR) / "crosslingual" / "dev_fr_en.tsv"
    if not path.exists():
        print(f"French news proxy: {path} not found, skipped")
        return
    pairs = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    pairs = [(fr, en) for _, fr, en in (p for p in pairs if len(p) == 3) if fr.strip() and en.strip()]
    model = learned.load()
    french_rules, english_rules, english_model, plans, pleas = [], [], [], 0, 0
    for french, english in pairs:
        fr = pipeline.analyse(french, "fr", NEWS_DATE, registry, attribution.Context())
        en = pipeline.analyse(english, "en", NEWS_DATE, registry, attribution.Context())
        french_rules.append(fr.verdict.score)
        english_rules.append(en.verdict.score)
        english_model.append(learned.judge(english, "en", en.verdict, en.features, Config.CHECKWORTHY_THRESHOLD,
                                           model).score)
        plans += bool(fr.features.values.get("reported_plan"))
        pleas += bool(fr.features.values.get("attributed_plea"))
    n = len(pairs)
    print(f"French news proxy ({n} WMT newstest2013 sentence pairs, French original or translation beside English)")
    print(f"  Spearman, French rule score vs the English model on the translation: "
          f"{spearman(french_rules, english_model):.3f}   (English rules vs English model: "
          f"{spearman(english_rules, english_model):.3f}; French vs English rules: "
          f"{spearman(french_rules, english_rules):.3f})")
    print(f"  flagged: French rules {sum(s >= Config.CHECKWORTHY_THRESHOLD for s in french_rules) / n:.3f}, "
          f"English model {sum(s >= model.threshold for s in english_model) / n:.3f}; French sentences with a reported "
          f"plan {plans}, with an attributed plea {pleas}")


# The three measures below are those of checker/claims/training/fit.py written in plain Python: fit.py needs numpy and
# scikit-learn (the optional `train` group), and --evaluate must run where only the product is installed.
def average_precision(ranked_labels: list[int]) -> float:
    """The precision at each positive of a ranking, averaged (0 when it holds no positive)."""
    found, total = 0, 0.0
    for position, label in enumerate(ranked_labels, 1):
        if label:
            found += 1
            total += found / position
    return total / found if found else 0.0


def mean_ap(scores: list[float], sentences: list) -> tuple[float, int]:
    """MAP over the transcripts (groups) that hold a positive, each ranked by score (ties in reading order); and
    how many transcripts count. (fit.mean_ap counts every CLEF training transcript: all of them hold one.)"""
    groups: dict[str, list[tuple[float, int, int]]] = {}
    for score, sentence in zip(scores, sentences):
        groups.setdefault(sentence.group, []).append((-score, sentence.index, sentence.label))
    counted = [sorted(rows) for rows in groups.values() if any(label for _s, _i, label in rows)]
    return (statistics.fmean(average_precision([label for _s, _i, label in rows]) for rows in counted)
            if counted else 0.0), len(counted)


def positive_f1(flags: list[bool], labels: list[int]) -> tuple[float, float, float]:
    """(F1, precision, recall) of the positive class."""
    hits = sum(1 for flag, label in zip(flags, labels) if flag and label)
    precision = hits / sum(flags) if any(flags) else 0.0
    recall = hits / sum(labels) if any(labels) else 0.0
    return (2 * precision * recall / (precision + recall) if hits else 0.0), precision, recall


def evaluate(paths: list[Path], registry) -> None:
    """The shipped model (and the rules, and chance) on labelled files it never saw: scored as ingest scores an
    English sentence, nothing fitted or tuned. For the unseen checks; never train or tune on what this reads."""
    from checker.claims.training import data
    sentences = [sentence for path in paths for sentence in data.load_labelled(path)]
    if not sentences:
        raise SystemExit("checkworthiness.py: no labelled sentence in " + ", ".join(map(str, paths)))
    model = learned.load()
    product, rules = [], []
    for sentence in sentences:
        analysis = pipeline.analyse(sentence.text, "en", data.published(sentence), registry, attribution.Context())
        judged = learned.judge(sentence.text, "en", analysis.verdict, analysis.features,
                               Config.CHECKWORTHY_THRESHOLD, model)
        product.append((judged.score, judged.checkworthy))
        rules.append((analysis.verdict.score, analysis.verdict.score >= Config.CHECKWORTHY_THRESHOLD))
    labels = [sentence.label for sentence in sentences]
    rate = sum(labels) / len(labels)
    generator = random.Random(0)
    chance = statistics.fmean(mean_ap([generator.random() for _ in sentences], sentences)[0] for _ in range(100))
    print(f"evaluation of the shipped model on {', '.join(path.name for path in paths)}: {len(sentences):,} "
          f"sentences, {sum(labels):,} positive ({100 * rate:.1f} %); nothing fitted here")
    for name, judged in (("learned model (the product)", product), ("rules (score >= 0.5)", rules)):
        value, transcripts = mean_ap([score for score, _flag in judged], sentences)
        f1, precision, recall = positive_f1([flag for _score, flag in judged], labels)
        print(f"  {name}: MAP {value:.3f} over {transcripts} transcript(s); F1 of the positive class {f1:.3f} "
              f"(P {precision:.3f}, R {recall:.3f})")
    print(f"  chance: MAP {chance:.3f} (random order, mean of 100); F1 {rate:.3f} (flags drawn at the positive rate)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recorded", action="store_true", help="print the figures recorded in model.json")
    parser.add_argument("--evaluate", nargs="+", type=Path, metavar="FILE",
                        help="only score labelled files with the shipped model, fitting nothing: ClaimBuster JSON, "
                             "a CSV with text and label (file_name groups transcripts), or CheckThat! transcript TSVs")
    args = parser.parse_args()
    registry = source_registry.load(Config.CHECKER_SOURCES)
    if args.evaluate:
        try:
            evaluate(args.evaluate, registry)
        except ValueError as error:
            raise SystemExit(f"checkworthiness.py: {error}") from None
        return
    settings = json.loads((learned.MODEL_DIR / learned.MODEL_FILE).read_text(encoding="utf-8"))
    print_validation(*validation(args.recorded, registry))
    print(f"threshold {settings['threshold']:.3f}: {settings['threshold_how']}")
    sizes = {path.name: path.stat().st_size for path in sorted(learned.MODEL_DIR.iterdir())}
    print(f"model files: {', '.join(f'{name} {size / 1024:.0f} KiB' for name, size in sizes.items())} "
          f"({sum(sizes.values()) / 1024 / 1024:.2f} MiB; goal <= 5 MiB)")
    print_load()
    sentences = english_sentences()
    steps, judged, decision = per_sentence_us(sentences, registry)
    print(f"per English sentence ({len(sentences)} sentences, CPU, best of 3): claims steps and rules {steps:.0f} µs; "
          f"features + model + reasons {judged:.0f} µs more; the model's decision alone {decision:.0f} µs")
    french_standins(registry)
    french_news(registry)


if __name__ == "__main__":
    main()
