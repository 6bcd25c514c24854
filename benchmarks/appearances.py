"""The same claim in another article: how often the product's matcher finds it, and how often it matches
something that is not it.

    python benchmarks/appearances.py                 # ../shared/data/crosslingual/dev_fr_en.tsv
    python benchmarks/appearances.py --data FILE.tsv # doc_id<TAB>fr<TAB>en, one pair a line

The claims already in the tracker: every English sentence, stored as a claim of its article (one article per
document) with what the claims stage finds in it (quantities, dates, names, who is cited), indexed by
`appearances.index_claims`. The new claims, for each sentence (written here by general transformations, each
where it applies; nothing about one story):

- translation: the French sentence (the same claim in the other language);
- variants of the English sentence (same language) and of the French one (the other language): clauses
  reordered ("A, B." → "B, A."), words replaced by a synonym from the dictionary (a word sharing a
  translation in the French–English lexicon), a figure written differently ("1,000" → "1000", "3" → "three",
  "30%" → "30 per cent"), a reporting cue added ("According to the Washington Post, …") or removed;
- traps: the French sentence with a figure changed (a different figure for the same event is another claim).

Each new claim is ranked by `appearances.rank_claim`, the step `flask ingest` runs: FTS5 bm25 over the index,
the score both ways, facts that differ excluded. Printed, on the held-out half:

- P@1: its own sentence ranked first; found: ranked first and at or above the threshold;
- false matches: claims that would still be matched with their own sentence removed (the best other one at or
  above the threshold), i.e. a claim never checked matched to an unrelated one;
- traps matched: a changed figure still matched to the sentence it was changed from.

Next to the matcher, a baseline measured in the same run: the evidence linker's score one way (claim against
candidate), with no check of the facts.

The threshold is calibrated on one half and every figure is reported on the other, as benchmarks/crosslingual.py
does: articles are numbered in the order they first appear; those at even positions are the calibration half,
at odd positions the held-out half. The threshold maximises (found − false matches) on the calibration half,
then steps halfway down to the next own score (so that it is not fitted to one sentence). Without the data
file the benchmark says so and exits.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.claims import attribution, checkworthiness, dates, entities, quantities  # noqa: E402
from checker.claims import registry as source_registry  # noqa: E402
from checker.claims import store as claims_store  # noqa: E402
from checker.config import Config  # noqa: E402
from checker.db import migrate, open_db  # noqa: E402
from checker.evidence import appearances, keys, scoring  # noqa: E402
from checker.text import crosslingual, vocabulary  # noqa: E402
from checker.text.fold import fold  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "crosslingual" / "dev_fr_en.tsv"
PUBLISHED = "2012-12-01"  # the news of 1 December 2012
ARTICLE_DATE = dates.ArticleDate(2012, 12, 1)
CLOCK = time.process_time  # CPU time: the machine may be shared
SYNONYMS_PER_SENTENCE = 2
LEADING_WORDS = {"en": {"the", "a", "an", "this", "these", "it", "he", "she", "they", "we", "there", "in", "on"},
                 "fr": {"le", "la", "les", "l", "un", "une", "des", "ce", "cette", "ces", "il", "elle", "ils",
                        "elles", "on", "nous", "en", "au", "aux", "du"}}
ADDED_CUE = {"en": "According to the Washington Post, ", "fr": "Selon le Washington Post, "}
CUE_REMOVALS = {
    "en": [re.compile(r"^According to [^,]{2,60}, "), re.compile(r", (?:according to|said|says|reported) [^,.]{2,60}(?=\.?$)"),
           re.compile(r"^(?:[A-Z][\w'.-]*\s){1,4}(?:said|says|stated|claimed|reported|announced) (?:that )?")],
    "fr": [re.compile(r"^(?:Selon|D'après) [^,]{2,60}, "),
           re.compile(r", (?:selon|a déclaré|a affirmé|a indiqué|a précisé|a expliqué|ont déclaré|ont affirmé|"
                      r"estime|affirme|déclare|explique|indique) [^,.]{2,60}(?=\.?$)")],
}
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+)(?![\w]|[.,]\d)(\s?%)?")
KINDS = ("translation", "en: clauses reordered", "en: synonyms", "en: figure rewritten", "en: cue added/removed",
         "fr: clauses reordered", "fr: synonyms", "fr: figure rewritten", "fr: cue added/removed")
TRAP = "trap: figure changed"
CHECKWORTHY_ROWS: set[int] = set()  # the rows whose English sentence the claims stage finds check-worthy


def load(path: Path) -> tuple[list[tuple[str, str, str]], list[int], list[int]]:
    rows = [tuple(line.rstrip("\n").split("\t")) for line in path.open(encoding="utf-8") if line.strip()]
    order: dict[str, int] = {}
    for doc, _fr, _en in rows:
        order.setdefault(doc, len(order))
    calibration = [i for i, row in enumerate(rows) if order[row[0]] % 2 == 0]
    held_out = [i for i, row in enumerate(rows) if order[row[0]] % 2 == 1]
    return rows, calibration, held_out


# --- claims as the claims stage stores them ------------------------------------------------------------

def claim_of(text: str, lang: str, registry, offset: int = 0) -> dict:
    """A sentence as the claims stage would store it (offsets into its article when `offset` is given)."""
    found_entities = entities.find(text, lang)
    cited = attribution.find(text, lang, found_entities, registry, attribution.Context())

    def shifted(items):
        return [{**item, "start": item["start"] + offset, "end": item["end"] + offset}
                if "start" in item and "end" in item else item for item in items]
    found_quantities, found_dates = quantities.find(text, lang), dates.find(text, lang, ARTICLE_DATE)
    worth = checkworthiness.assess(text, lang, found_quantities, found_dates, found_entities, cited)
    return {"text": text, "start": offset, "end": offset + len(text), "quantities": shifted(found_quantities),
            "dates": shifted(found_dates), "entities": shifted(found_entities), "attribution": cited,
            "checkworthy": worth.score >= Config.CHECKWORTHY_THRESHOLD}


def store_pool(db, rows, registry) -> dict[int, int]:
    """Every English sentence as a claim, one article per document, all indexed (whether the claims stage finds
    it check-worthy is kept apart, in `checkworthy_rows`); claim id → row index."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, (doc, _fr, _en) in enumerate(rows):
        by_doc[doc].append(i)
    row_of: dict[int, int] = {}
    for doc, indexes in by_doc.items():
        text, claims = "", []
        for seq, i in enumerate(indexes):
            start = len(text)
            text += rows[i][2] + "\n"
            claim = claim_of(rows[i][2], "en", registry, start)
            if claim["checkworthy"]:
                CHECKWORTHY_ROWS.add(i)
            claims.append({**claim, "paragraph": seq, "checkworthy": True, "score": 1.0, "kind": "statement",
                           "reasons": []})
        article_id, _ = claims_store.save_article(db, {
            "title": doc, "language": "en", "published": PUBLISHED, "published_certainty": "given", "date_note": "",
            "text": text, "content_hash": doc, "origin": doc}, claims, [])
        for claim, i in zip(claims_store.claims_of_article(db, article_id), indexes):
            row_of[claim["id"]] = i
    return row_of


# --- variants written by general transformations ------------------------------------------------------

def _lower_first(text: str, lang: str) -> str:
    first = re.match(r"[^\W\d_]+", text)
    if first and fold(first.group()) in LEADING_WORDS[lang]:
        return text[0].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def reorder_clauses(text: str, lang: str) -> str | None:
    """"A, B." → "B, A.": the first comma with three words or more on each side."""
    body = text.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else ""
    body = body[:-1] if end else body
    for match in re.finditer(r", ", body):
        left, right = body[:match.start()], body[match.end():]
        if len(left.split()) >= 3 and len(right.split()) >= 3 and not re.search(r"\d$", left):
            return f"{_upper_first(right)}, {_lower_first(left, lang)}{end or '.'}"
    return None


class Synonyms:
    """Words sharing a translation in the French–English lexicon (the linker's dictionary): for an English
    word, the other English words one of its French translations gives; for a French word, the other French
    words one of its English translations comes from."""

    def __init__(self, lexicon: crosslingual.Lexicon):
        self.fr_en = lexicon.fr_en
        self.en_fr: dict[str, list[str]] = defaultdict(list)
        for french, english in lexicon.fr_en.items():
            for word in english:
                self.en_fr[word].append(french)

    def of(self, word: str, lang: str) -> list[str]:
        folded = fold(word)
        if lang == "en":
            lemma = crosslingual.lemma(word.lower(), "en")
            found = {e for f in self.en_fr.get(lemma, ()) for e in self.fr_en.get(f, ()) if e != lemma}
        else:
            english = self.fr_en.get(folded) or self.fr_en.get(crosslingual.lemma(word.lower(), "fr"), ())
            found = {f for e in english for f in self.en_fr.get(e, ()) if f != folded}
        return sorted(w for w in found if w.isalpha() and len(w) >= 3 and fold(w) != folded)


def with_synonyms(text: str, lang: str, synonyms: Synonyms, rng: random.Random) -> str | None:
    words = [m for m in re.finditer(r"[^\W\d_]{4,}", text) if m.group().islower()
             and fold(m.group()) not in crosslingual.STOPWORDS[lang] and synonyms.of(m.group(), lang)]
    if not words:
        return None
    chosen = sorted(rng.sample(words, min(SYNONYMS_PER_SENTENCE, len(words))), key=lambda m: m.start())
    out, last = [], 0
    for match in chosen:
        out += [text[last:match.start()], rng.choice(synonyms.of(match.group(), lang))]
        last = match.end()
    return "".join(out + [text[last:]])


def _value(digits: str) -> int:
    return int(re.sub(r"\D", "", digits))


def _year_like(value: int) -> bool:
    return 1800 <= value <= 2100


def rewrite_figure(text: str, lang: str) -> str | None:
    """The first figure written another way: digits as words up to twenty, words as digits, thousands
    without their separator, a percent sign as words."""
    words = {value: word for word, value in vocabulary.NUMBER_WORDS[lang].items() if value <= 20 and fold(word) == word}
    for match in NUMBER.finditer(text):
        value = _value(match.group(1))
        if _year_like(value) and not match.group(2):
            continue
        if match.group(2):
            written = f"{match.group(1)} {'per cent' if lang == 'en' else 'pour cent'}"
        elif value in words and match.group(1).isdigit():
            written = words[value]
        elif value >= 1000 and not match.group(1).isdigit():
            written = str(value)
        elif value >= 1000:
            written = f"{value:,}".replace(",", "," if lang == "en" else "\u202f")
        else:
            continue
        return text[:match.start()] + written + text[match.end():]
    for word, value in vocabulary.NUMBER_WORDS[lang].items():
        found = re.search(rf"\b{word}\b", text)
        if found and 2 <= value <= 20:
            return text[:found.start()] + str(value) + text[found.end():]
    return None


def change_cue(text: str, lang: str) -> str:
    """A reporting cue removed where the sentence has one of the common forms, else one added."""
    for pattern in CUE_REMOVALS[lang]:
        stripped = pattern.sub("", text, count=1)
        if stripped != text and len(stripped.split()) >= 4:
            return _upper_first(stripped)
    return ADDED_CUE[lang] + _lower_first(text, lang)


def change_figure(text: str, lang: str) -> str | None:
    """The first precise counted figure (one with a unit) changed: a trap that must not match."""
    for quantity in quantities.find(text, lang):
        if not quantity.get("unit") or quantity.get("approximate") or quantity.get("bound") not in (None, "exact"):
            continue
        for match in NUMBER.finditer(text, quantity.get("start", 0), quantity.get("end", len(text))):
            value = _value(match.group(1))
            if not _year_like(value):
                return text[:match.start()] + str(value * 3 + 2) + text[match.end():]
    return None


def queries_of(row, synonyms: Synonyms, rng: random.Random) -> list[tuple[str, str, str]]:
    """(kind, language, text) for every new claim written from one sentence pair."""
    _doc, french, english = row
    out = [("translation", "fr", french)]
    for lang, text in (("en", english), ("fr", french)):
        for kind, variant in (("clauses reordered", reorder_clauses(text, lang)),
                              ("synonyms", with_synonyms(text, lang, synonyms, rng)),
                              ("figure rewritten", rewrite_figure(text, lang)),
                              ("cue added/removed", change_cue(text, lang))):
            if variant and variant != text:
                out.append((f"{lang}: {kind}", lang, variant))
    trap = change_figure(french, "fr")
    if trap:
        out.append((TRAP, "fr", trap))
    return out


# --- ranking ------------------------------------------------------------------------------------------

def one_way(index: appearances.ClaimIndex, claim_f: dict) -> list[tuple[float, int]]:
    """The baseline: the evidence linker's score of each candidate, claim against candidate, no facts checked."""
    ids = index.search(claim_f, None)
    found = index.features(ids)
    ranked = [(scoring.score(claim_f, found[i], None, index.settings.weights, None, index.rarity,
                             explain=False).score, i) for i in ids if i in found]
    return sorted(((s, i) for s, i in ranked if s > 0), key=lambda item: (-item[0], item[1]))


def measure(ranked, target_text: str, english_of, kept=lambda claim_id: True) -> tuple[int | None, float, float]:
    """(rank of the target sentence or None, its score, the best score of any other sentence), among the
    ranked claims `kept` says are in the tracker."""
    rank, own, other = None, 0.0, 0.0
    for position, (value, claim_id) in enumerate((item for item in ranked if kept(item[1])), 1):
        if english_of(claim_id) == target_text:  # the pool repeats a few sentences word for word
            if rank is None:
                rank, own = position, value
        elif other == 0.0:
            other = value
        if rank is not None and other:
            break
    return rank, own, other


def run_all(rows, keyer, registry, candidates: int) -> tuple[dict, dict, dict, dict]:
    """Per (kind, row index): the matcher's and the baseline's (rank, own score, best other score) with every
    sentence in the tracker, the matcher's with the check-worthy ones alone (for the check-worthy rows);
    timings."""
    synonyms = Synonyms(keyer.lexicon)
    matcher, baseline, worthy = {}, {}, {}
    timing = {}
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(str(Path(folder) / "bench.db"))
        migrate(db)
        settings = appearances.Settings(keyer=keyer, candidates=candidates,
                                        weights=appearances._weights(Config.APPEARANCE_THRESHOLD))
        started = CLOCK()
        row_of = store_pool(db, rows, registry)
        appearances.index_claims(db, settings)
        timing["indexing"] = CLOCK() - started
        index = appearances.ClaimIndex(db, settings)
        english_of = lambda claim_id: rows[row_of[claim_id]][2]  # noqa: E731
        spent = {"matcher": 0.0, "baseline": 0.0, "features": 0.0}
        count = 0
        for i, row in enumerate(rows):
            for kind, lang, text in queries_of(row, synonyms, random.Random(i)):
                started = CLOCK()
                claim_f = appearances.claim_features(claim_of(text, lang, registry), lang, PUBLISHED, keyer)
                spent["features"] += CLOCK() - started
                started = CLOCK()
                ranked = appearances.rank_claim(index, claim_f, None, 0.0)
                matcher[(kind, i)] = measure(ranked, row[2], english_of)
                spent["matcher"] += CLOCK() - started
                if i in CHECKWORTHY_ROWS:
                    worthy[(kind, i)] = measure(ranked, row[2], english_of,
                                                lambda claim_id: row_of[claim_id] in CHECKWORTHY_ROWS)
                started = CLOCK()
                baseline[(kind, i)] = measure(one_way(index, claim_f), row[2], english_of)
                spent["baseline"] += CLOCK() - started
                count += 1
        timing.update({name: value / count for name, value in spent.items()})
        timing["queries"] = count
        db.close()
    return matcher, baseline, worthy, timing


# --- figures ------------------------------------------------------------------------------------------

def calibrate(results: list[tuple]) -> float:
    """The threshold that maximises found − false matches, stepped halfway down to the next own score."""
    owns = sorted(own if rank == 1 else 0.0 for rank, own, _other in results)
    others = [other for _rank, _own, other in results]
    best, best_j = 0.0, -1.0
    for candidate in sorted(set(owns) | set(others)):
        if candidate <= 0:
            continue
        j = (sum(1 for s in owns if s >= candidate) - sum(1 for s in others if s >= candidate)) / len(results)
        if j > best_j:
            best, best_j = candidate, j
    lower = [s for s in owns if s < best]
    return (best + lower[-1]) / 2 if lower else best


def figures_of(results: list[tuple], threshold: float) -> dict[str, float]:
    n = len(results) or 1
    return {"P@1": sum(1 for r, _s, _o in results if r == 1) / n,
            "found": sum(1 for r, s, _o in results if r == 1 and s >= threshold) / n,
            "false matches": sum(1 for _r, _s, o in results if o >= threshold) / n}


def report(name: str, results: dict, calibration: list[int], held_out: list[int], threshold: float | None = None) -> float:
    tuning = [results[(k, i)] for k in KINDS for i in calibration if (k, i) in results]
    if threshold is None:
        threshold = calibrate(tuning)
    held = [results[(k, i)] for k in KINDS for i in held_out if (k, i) in results]
    traps = [results[(TRAP, i)] for i in held_out if (TRAP, i) in results]
    shown = figures_of(held, threshold)
    trapped = sum(1 for r, s, _o in traps if r is not None and s >= threshold) / (len(traps) or 1)
    print(f"{name:<36} " + "  ".join(f"{k} {v:.3f}" for k, v in shown.items())
          + f"  traps matched {trapped:.3f} ({len(traps)})  threshold {threshold:.3f}  ({len(held)} claims)", flush=True)
    return threshold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"the pairs (default: {DATA})")
    parser.add_argument("--candidates", type=int, default=Config.APPEARANCE_CANDIDATES,
                        help=f"claims bm25 gives each claim (default: CHECKER_APPEARANCE_CANDIDATES, "
                             f"{Config.APPEARANCE_CANDIDATES})")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"no data at {args.data}: nothing to measure")
        return
    rows, calibration, held_out = load(args.data)
    keyer = keys.keyer()
    registry = source_registry.load(Config.CHECKER_SOURCES)
    print(f"{len(rows)} sentence pairs; the English sentences are the claims in the tracker; calibration half "
          f"{len(calibration)} sentences (articles at even positions), held-out half {len(held_out)} (odd); "
          f"lexicon from {', '.join(keyer.lexicon.sources)}; product threshold now {Config.APPEARANCE_THRESHOLD}",
          flush=True)
    matcher, baseline, worthy, timing = run_all(rows, keyer, registry, args.candidates)
    print(f"{timing['queries']} new claims ranked; indexing the {len(rows)} claims {timing['indexing']:.1f} s CPU; "
          f"per new claim: features {1000 * timing['features']:.2f} ms, matcher {1000 * timing['matcher']:.2f} ms, "
          f"baseline {1000 * timing['baseline']:.2f} ms CPU")
    print("every sentence in the tracker, every sentence matched:")
    report("  baseline: linker score one way", baseline, calibration, held_out)
    report("  matcher: both ways, facts checked", matcher, calibration, held_out)
    print(f"the product's case: the {len(CHECKWORTHY_ROWS)} sentences the claims stage finds check-worthy "
          f"(the tracker indexes and matches those):")
    report("  matcher, threshold calibrated", worthy, calibration, held_out)
    report("  matcher at the product threshold", worthy, calibration, held_out, Config.APPEARANCE_THRESHOLD)
    print(f"held-out check-worthy claims, by kind, at the product threshold {Config.APPEARANCE_THRESHOLD}:")
    for kind in KINDS + (TRAP,):
        results = [worthy[(kind, i)] for i in held_out if (kind, i) in worthy]
        if results:
            shown = figures_of(results, Config.APPEARANCE_THRESHOLD)
            print(f"  {kind:<24} n {len(results):>5}  " + "  ".join(f"{k} {v:.3f}" for k, v in shown.items()))
    for name, results in (("every sentence", matcher), ("check-worthy", worthy)):
        sweep = [results[(k, i)] for k in KINDS for i in held_out if (k, i) in results]
        print(f"threshold sweep (held-out, {name}): " + "  ".join(
            f"{t:.2f}: found {figures_of(sweep, t)['found']:.3f}/false {figures_of(sweep, t)['false matches']:.3f}"
            for t in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)))


if __name__ == "__main__":
    main()
