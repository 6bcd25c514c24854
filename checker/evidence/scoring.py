"""Claim × passage → score, signals, reasons and conflicts. Pure functions: plain dicts in, plain data out.

A claim (as the store gives it: text, quantities, dates, entities, attribution, in its article's language)
and a passage (its features, computed once when it is indexed) are compared on these signals:

- words:   how well the two say the same thing across languages (checker.text.crosslingual's keys): the
           share of the claim's groups the passage holds, and the share of the passage's best sentence the
           claim holds, the smaller of the two, each word weighted by how rare its keys are among the
           passages. A paragraph that merely mentions the claim's words scores less than the sentence
           that says it, and a passage sharing nothing scores 0;
- figure:  the claim's quantities against the passage's quantities of the same unit and event;
- date:    the claim's dates against the passage's dates, or the day the passage was published;
- cited:   the passage comes from a document of a source the claim cites;
- support: other claims of the same article found their best evidence in the passage's document (the report
           the article follows): full from `SUPPORT_FULL` claims, in proportion below;
- meaning: how close the passage's sentence vector is to the claim's English (its text, or its machine
           translations), by a sentence model (checker.text.meaning): a loose translation that shares few
           words still says the same thing. Only for English passages, when the model is installed.

    keys  = min(1, words + gate × (figure_weight × figure + date_weight × date + cited_weight × cited
                                   + support_weight × support))
    score = (1 − meaning_weight) × keys + meaning_weight × meaning      (keys alone without a meaning)

where gate = min(1, words / topic_gate): the other signals count only in proportion to the words shared,
so "the same figure in an unrelated story" or "a contracts list full of numbers" stays low.

The score ranks the passages; the threshold decides on the keys' score (`Scored.keys_score`). A sentence
model finds two sentences on one topic close (a cosine near 0.7 for a different statement about the same
war), so the meaning picks the passage that says the claim among those that pass, and never makes a link by
itself: a claim whose evidence was never archived stays without one.

Conflicts are hints for reviewers, never verdicts: a different figure for the same unit and event in a
passage about the same story, a different date for an agreeing figure, a passage that denies the claim.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from checker.claims import dates, quantities
from checker.config import Config
from checker.evidence import figures, keys
from checker.text import crosslingual
from checker.text.fold import fold
from checker.text.language import base_language
from checker.text.messages import N_, NP_, Listing, Number

# Durations often differ between two accounts of one story ("within three months", "for six days"):
# a different duration is not reported as a conflict.
DURATION_UNITS = frozenset({"eday", "eweek", "emonth", "eyear", "ehour", "eminute"})
PRECISE = frozenset({"exact", "inferred"})
SINCE_BEFORE = re.compile(r"(?:since|depuis|from|des|starting)\s+(?:le\s+|the\s+)?$")
# A passage that denies or disputes something: with the claim's story in it, a hint that it says otherwise.
DENIAL = re.compile(
    r"\b((?:denied|denies|denying|dismissed|rejected|refuted|disputed)\s+(?:that|the|any|these|those|this|reports?|"
    r"claims?|allegations?|it)|false|untrue|not true|no evidence|no indication|baseless|fabricated|"
    r"dementi|dement|a nie|ont nie|faux|aucune preuve|aucune indication)\b")
# A claim that itself denies something ("rien n'indiquait…", "no evidence that…") agrees with a denial.
CLAIM_NEGATION = re.compile(r"\b(?:ne|n'|rien|aucune?|jamais|nie|dement\w*|not|no|never|denie[sd]|deny)\b|n'")
CLAUSE_END = re.compile(r"[;:.!?]|,(?!\d)|\b(?:et|and|mais|but|while|whereas|tandis|alors que)\b", re.IGNORECASE)
MAX_LISTED = 8  # word pairs listed in one reason
TRANSLATION_SHOWN = 100  # characters of a claim's machine translation shown in a reason
# Month names as messages: a date in a reason reads in the reviewer's language.
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
MEANING_SAID = 0.5  # a passage this close in meaning says so among its reasons
SCORE_ROUNDING = 0.00005  # scores are rounded to 4 decimals: a bound allows for rounding up
LEADING_DIGITS = re.compile(r"\d[\d,.\u00a0\u202f ]*\d|\d")  # a number's digits, as written
PERCENT_KEYS = ("epercent",)  # the English lemma a percentage's unit is keyed by, whatever its language
CONTEXT_WORDS = 4  # groups on each side of a quantity that say what it counts (its event)
SUPPORT_FULL = 3  # other claims of the article with their best evidence in a document give the support signal in full
# Without corpus figures (a test, one passage), every key is as rare as in a collection this size.
UNIFORM = crosslingual.Rarity({}, 1000)


@dataclass(frozen=True)
class Weights:
    """How the signals add up, and the lines a link must cross (configured from checker/config.py)."""
    figure: float = 0.15
    date: float = 0.05
    cited: float = 0.10
    support: float = 0.20  # the article's other claims found evidence in the document (benchmarks/crosslingual.py)
    meaning: float = 0.5  # its share of the score that ranks, where a passage has one (benchmarks/crosslingual.py)
    topic_gate: float = 0.5  # below this words signal, the other signals count in proportion
    threshold: float = Config.LINK_THRESHOLD  # a link is kept from this score
    conflict_topic: float = 0.25  # a passage this close to the claim is "about the same story"
    tolerance: figures.Tolerance = field(default_factory=figures.Tolerance)


@dataclass
class Scored:
    score: float  # what ranks the passages: the keys' score, with the meaning averaged in where there is one
    signals: dict
    reasons: list[str]
    conflicts: list[str]
    keys_score: float | None = None  # what the threshold decides on: the score without the meaning

    def __post_init__(self):
        if self.keys_score is None:
            self.keys_score = self.score


# ---------------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------------

def _since(text: str, start: int) -> bool:
    return bool(SINCE_BEFORE.search(fold(text[max(0, start - 14):start])))


def _groups_json(keyed: crosslingual.Keyed) -> list[list]:
    return [[g.word, [k for k, _ in g.keys], "".join(kind for _, kind in g.keys), g.start, int(g.name)]
            for g in keyed.groups]


def _clauses(text: str) -> list[int]:
    """Where the text's clauses end: punctuation and coordinating words ("… expédiés en Russie et 300 drones
    ont été abattus" has two), so a quantity's event is read from its own clause."""
    return [m.start() for m in CLAUSE_END.finditer(text)] + [len(text)]


def _quantity(q: dict, language: str, offset: int, groups: list[list], clauses: list[int], keyer) -> dict:
    """A quantity with its unit as English lemmas and its event: the keys of the words of its clause, at
    most `CONTEXT_WORDS` on each side ("1 000 drones fournis … expédiés" counts drones shipped)."""
    start = (q.get("start") if q.get("start") is not None else offset) - offset
    end = (q.get("end") if q.get("end") is not None else start + offset) - offset
    # A percentage is one unit in every language: "pour cent" has no dictionary lemma ("pour" is a stop word,
    # "cent" a number), so it is keyed by its kind rather than by its words.
    unit_keys = list(PERCENT_KEYS) if q.get("kind") == "percent" else keys.unit_keys(q.get("unit"), language, keyer)
    first = max((c for c in clauses if c <= start), default=0)
    last = min((c for c in clauses if c >= end), default=clauses[-1])
    before = [g for g in groups if first <= g[3] < start][-CONTEXT_WORDS:]
    after = [g for g in groups if end <= g[3] < last][:CONTEXT_WORDS]
    context = sorted({k for g in before + after for k in g[1] if k[0] == "e" and k not in unit_keys})
    return {"value": q["value"], "unit": q.get("unit"), "bound": q.get("bound") or "exact",
            "text": q.get("text"), "approximate": bool(q.get("approximate")), "unit_keys": unit_keys,
            "context": context, "start": start}


def _date(d: dict, text: str, offset: int) -> dict:
    start = d.get("start", offset) - offset
    return {"text": d.get("text"), "value": d.get("value"), "certainty": d.get("certainty") or "exact",
            "since": _since(text, start) if start >= 0 else False}


def prepare(features: dict) -> dict:
    """Stored features made ready for scoring: the set of their keys (`keyset`). Group weights come later,
    once per rarity (`group_weights`), and the bag of keys with the words they came from only for reasons."""
    if "keyset" not in features:
        features["keyset"] = frozenset(k for g in features["groups"] for k in g[1])
    return features


def bag_of(features: dict) -> dict[str, str]:
    """Key → the first word of the text it came from."""
    if "bag" not in features:
        bag: dict[str, str] = {}
        for g in features["groups"]:
            for key in g[1]:
                bag.setdefault(key, g[0])
        features["bag"] = bag
    return features["bag"]


def stored(features: dict) -> dict:
    """The JSON-ready part of prepared features (what the index keeps)."""
    return {k: v for k, v in features.items() if k not in ("keyset", "bag", "weights", "weighted", "rarity")}


def index_keys(features: dict) -> list[str]:
    """The keys a passage is indexed by in FTS5: its bag, in reading order."""
    return list(dict.fromkeys(k for g in features["groups"] for k in g[1]))


def _attribution_spans(text: str, attribution: dict) -> list[tuple[int, int]]:
    """Where the claim says who speaks: the reporting cue ("a précisé"), the speaker's role ("secrétaire
    général de l'Alliance") and the source's name. A report rarely names itself: these words are left out."""
    spans = []
    if attribution.get("cue_start") is not None and attribution.get("cue_end") is not None:
        spans.append((attribution["cue_start"], attribution["cue_end"]))
    for said in (attribution.get("role"), attribution.get("source")):
        start = text.find(said) if said else -1
        if start >= 0:
            spans.append((start, start + len(said)))
    return spans


def claim_features(claim: dict, language: str | None = "fr", keyer=None, translations: tuple[str, ...] = ()) -> dict:
    """A stored claim's groups of keys, quantities and dates; who it cites (the source's name, the speaker's
    role, the reporting cue, the text of a link to the report: `link_anchors`) is left out: a report rarely
    names itself. `translations`: the claim machine-translated into English (checker.text.translate), each
    keyed as English, compared with passages in another language than the claim's."""
    text, offset = claim["text"], claim.get("start") or 0
    attribution = claim.get("attribution") or {}
    cited_names = {fold(attribution.get("source") or "")} - {""}
    spans = _attribution_spans(text, attribution)
    for entity in claim.get("entities") or []:
        is_source = entity.get("source_id") and entity.get("source_id") == attribution.get("source_id") \
            or fold(entity.get("canonical") or "") in cited_names
        if is_source:
            spans.append((entity.get("start", offset) - offset, entity.get("end", offset) - offset))
    for anchor in claim.get("link_anchors") or ():  # a link's text names the report ("la note de l'Insee")
        start = text.find(anchor)
        if start >= 0:
            spans.append((start, start + len(anchor)))
    masked = list(text)
    for start, end in spans:
        if 0 <= start <= end <= len(text):
            masked[start:end] = " " * (end - start)  # same length: offsets still point into the claim
    keyed = keys.text_keys("".join(masked), language, keyer)
    groups, clauses = _groups_json(keyed), _clauses(text)
    return prepare({"groups": groups, "sentences": [list(s) for s in keyed.sentences],
                    "quantities": [_quantity(q, language or "fr", offset, groups, clauses, keyer)
                                   for q in claim.get("quantities") or []],
                    "dates": [_date(d, text, offset) for d in claim.get("dates") or [] if d.get("value")],
                    "negated": bool(CLAIM_NEGATION.search(fold(text))),
                    "language": base_language(language) if language else None,
                    "translations": [_translation(english, keyer) for english in translations if english]})


def _translation(english: str, keyer) -> dict:
    """A machine translation of the claim, keyed as English (its groups and sentences, like a claim's)."""
    keyed = keys.text_keys(english, "en", keyer)
    return prepare({"groups": _groups_json(keyed), "sentences": [list(s) for s in keyed.sentences],
                    "text": english})


def passage_features(text: str, language: str | None, published: str | None, keyer=None) -> dict:
    """What the linking step needs of a passage, computed once when it is indexed (`stored` is JSON-ready)."""
    lang = base_language(language) if language else "en"
    try:
        article_date = dates.parse(published[:10]) if published else None
    except ValueError:
        article_date = None
    keyed = keys.text_keys(text, lang, keyer)
    groups = _groups_json(keyed)
    clauses = _clauses(text)
    found_quantities = [_quantity(q, lang, 0, groups, clauses, keyer) for q in quantities.find(text, lang)]
    found_dates = [_date(d, text, 0) for d in dates.find(text, lang, article_date) if d.get("value")]
    denial, sentence = _first_denial(text, keyed)
    return prepare({"groups": groups, "sentences": [list(s) for s in keyed.sentences], "language": lang,
                    "quantities": found_quantities, "dates": found_dates,
                    "published": (published or "")[:10] or None, "denial": denial, "denial_sentence": sentence})


def _first_denial(text: str, keyed: crosslingual.Keyed) -> tuple[str | None, int | None]:
    """The first denial in the passage and the sentence (index into its sentences) it stands in."""
    found = DENIAL.search(fold(text))
    if not found:
        return None, None
    for n, (first, last) in enumerate(keyed.sentences):
        following = keyed.groups[last].start if last < len(keyed.groups) else len(text) + 1
        if found.end() <= following:  # the denial's last word is in this sentence
            return found.group(0), n
    return found.group(0), None


def _denial_concerns_claim(claim_f: dict, passage_f: dict) -> bool:
    """A denial is a hint against the claim only when the claim does not deny too, and the denying sentence
    shares a name, or two words, with the claim."""
    if claim_f.get("negated"):
        return False
    n = passage_f.get("denial_sentence")
    if n is None or n >= len(passage_f["sentences"]):
        return True
    first, last = passage_f["sentences"][n]
    shared_names = shared_words = 0
    for g in passage_f["groups"][first:last]:
        if any(k in claim_f["keyset"] for k in g[1] if k[0] == "e"):
            shared_words += 1
            shared_names += bool(g[4])
    return shared_names >= 1 or shared_words >= 2


# ---------------------------------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------------------------------

def group_weights(features: dict, rarity: crosslingual.Rarity) -> list[float]:
    """Each group's weight under this rarity (and its keys weighted), computed once per features and rarity."""
    if features.get("rarity") is not rarity:
        groups = [tuple(zip(g[1], g[2])) for g in features["groups"]]
        features["weights"] = [crosslingual.group_weight(g, rarity) for g in groups]
        features["weighted"] = crosslingual.weighted(groups, rarity)
        features["rarity"] = rarity
    return features["weights"]


def claim_share(claim_f: dict, passage_f: dict, rarity: crosslingual.Rarity = UNIFORM) -> float:
    """The weighted share of the claim the passage holds (`combined_share`): never below the words signal, so it
    bounds the score (`score_bound`)."""
    return combined_share(shares_held(claim_f, passage_f["keyset"], passage_f.get("language"), rarity))


def translations_for(claim_f: dict, passage_language: str | None) -> list[dict]:
    """The claim's machine translations that count for a passage: those of a claim in another language than
    the passage's (a French claim read against an English passage; against a French one, the claim's own
    words say more than a translation)."""
    if not claim_f.get("translations") or not passage_language or passage_language == claim_f.get("language"):
        return []
    return claim_f["translations"]


# What a passage holds of a claim: the claim's own share and each counting machine translation's (`shares_held`).
Held = tuple[float, tuple[float, ...]]


def shares_held(claim_f: dict, passage_keys, passage_language: str | None,
                rarity: crosslingual.Rarity = UNIFORM, matches: list | None = None) -> Held:
    """What a passage with these keys (a set or a bag) holds of the claim: the share of the claim's own groups,
    and that of each machine translation that counts (`translations_for`), in order. `words` reads them;
    `matches` collects the claim's own groups matched (`share_of`)."""
    return (share_of(claim_f, passage_keys, rarity, matches),
            tuple(share_of(t, passage_keys, rarity) for t in translations_for(claim_f, passage_language)))


def combined_share(held: Held) -> float:
    """The claim share of `shares_held`: its own share, averaged with its best translation's where they count."""
    own, translated = held
    return (own + max(translated)) / 2 if translated else own


def share_of(claim_f: dict, passage_keys, rarity: crosslingual.Rarity = UNIFORM, matches: list | None = None) -> float:
    """The weighted share of the claim's groups that hold one of `passage_keys` (a set or a bag)."""
    weights = group_weights(claim_f, rarity)
    return crosslingual.covered(claim_f["weighted"], weights, passage_keys, matches)


def passage_share(claim_f: dict, passage_f: dict, rarity: crosslingual.Rarity = UNIFORM) -> float:
    """The weighted share of the passage's best sentence that the claim (or one of its translations) holds."""
    weights = group_weights(passage_f, rarity)
    groups, bag = passage_f["weighted"], claim_f["keyset"]
    return max((crosslingual.covered(groups[a:b], weights[a:b], bag) for a, b in passage_f["sentences"]),
               default=0.0)


def words(claim_f: dict, passage_f: dict, rarity: crosslingual.Rarity = UNIFORM,
          matches: list | None = None, held: Held | None = None
          ) -> tuple[float, float, float | None]:
    """(words signal, claim share, translation signal): the smaller of the claim's share held by the passage
    and the passage's best sentence's share held by the claim. Where the claim's machine translations count
    (`translations_for`), that is averaged with the same figure for its best translation, the third value
    (else None). `held`: the passage's `shares_held`, when already known."""
    translations = translations_for(claim_f, passage_f.get("language"))
    if held is None or matches is not None:
        held = shares_held(claim_f, passage_f["keyset"], passage_f.get("language"), rarity, matches)
    share, translated = held
    own = min(share, passage_share(claim_f, passage_f, rarity)) if share else 0.0
    if not translations:
        return own, share, None
    best_signal = 0.0
    for translation, translation_share in zip(translations, translated):
        if translation_share > best_signal:
            best_signal = max(best_signal, min(translation_share, passage_share(translation, passage_f, rarity)))
    return (own + best_signal) / 2, combined_share(held), best_signal


def _same_event(claim_q: dict, passage_q: dict) -> int:
    return len(set(claim_q["context"]) & set(passage_q["context"]))


def _figures(claim_f: dict, passage_f: dict, tolerance: figures.Tolerance) -> list[dict]:
    """For each claim quantity, the passage quantity of the same unit that best shares its event (the words
    around it), and how the figures compare. A vague quantity ("des centaines de drones") is left out when
    the claim also gives a precise one of the same unit: it never hides the precise one."""
    rank = {figures.SAME: 0, figures.CLOSE: 1, figures.DIFFERENT: 2}
    claimed = [q for q in claim_f["quantities"] if q["unit_keys"]]
    precise = [q for q in claimed if not q["approximate"]]
    found = []
    for q in claimed:
        if q["approximate"] and any(keys.same_unit(q["unit_keys"], p["unit_keys"]) for p in precise):
            continue
        same_unit = [p for p in passage_f["quantities"] if keys.same_unit(q["unit_keys"], p.get("unit_keys"))]
        if not same_unit:
            continue
        best = min(same_unit, key=lambda p: (-_same_event(q, p), rank[figures.compare(q, p, tolerance)]))
        found.append({"claim": q, "passage": best, "match": figures.compare(q, best, tolerance),
                      "event": _same_event(q, best)})
    return found


@lru_cache(maxsize=4096)
def _span(value: str) -> tuple[date, date] | None:
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], calendar.monthrange(*parts)[1])
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except (ValueError, TypeError):
        return None
    return None


def _day_precise(d: dict) -> bool:
    return len(d.get("value") or "") == 10 and d.get("certainty") in PRECISE


def _readable(value: str) -> str:
    """"2022-08" → "August 2022"; "2022-11-11" → "11 November 2022": a message, read in the reviewer's
    language on the web ("11 novembre 2022")."""
    span = _span(value)
    if span is None:
        return value
    first = span[0]
    if len(value) == 10:
        return N_("%(day)s %(month)s %(year)s", day=str(first.day), month=MONTHS[first.month - 1],
                  year=str(first.year))
    if len(value) == 7:
        return N_("%(month)s %(year)s", month=MONTHS[first.month - 1], year=str(first.year))
    return str(first.year)


def _overlap(a: dict, b: dict) -> bool:
    span_a, span_b = _span(a["value"]), _span(b["value"])
    return bool(span_a and span_b and span_a[0] <= span_b[1] and span_b[0] <= span_a[1])


def _dates(claim_f: dict, passage_f: dict) -> tuple[float, str | None, tuple[dict, dict] | None]:
    """(date signal, reason, a (claim date, passage date) pair that disagree, for a possible conflict)."""
    best = (0.0, None)
    for c in claim_f["dates"]:
        for p in passage_f["dates"]:
            if not _overlap(c, p):
                continue
            if _day_precise(c) and _day_precise(p):
                return 1.0, N_("same date: %(date)s", date=_readable(p["value"])), None
            value = p["value"] if len(p["value"]) <= len(c["value"]) else c["value"]
            period = N_("same period: since %(date)s", date=_readable(value)) if p.get("since") or c.get("since") \
                else N_("same period: %(date)s", date=_readable(value))
            best = max(best, (0.7, period), key=lambda item: item[0])
    if best[0] == 0 and passage_f.get("published"):
        published = {"value": passage_f["published"], "certainty": "exact"}
        if any(_day_precise(c) and _overlap(c, published) for c in claim_f["dates"]):
            best = (0.4, N_("published that day: %(date)s", date=_readable(passage_f["published"])))
    disagree = None
    if best[0] == 0:
        claim_days = [c for c in claim_f["dates"] if _day_precise(c)]
        passage_days = [p for p in passage_f["dates"] if _day_precise(p)]
        if claim_days and passage_days:
            disagree = (claim_days[0], passage_days[0])
    return best[0], best[1], disagree


def _word_pairs(claim_f: dict, passage_f: dict, matches: list) -> Listing:
    """"fournis ↔ supplied; 1 000 ↔ 1,000; Pologne ↔ Poland": the claim's words the passage holds, in both
    languages, strongest first."""
    shown: list[str] = []
    for n, key, _weight in sorted(matches, key=lambda m: (-m[2], m[0])):
        pair = f"{claim_f['groups'][n][0]} ↔ {bag_of(passage_f)[key]}"
        if pair not in shown:
            shown.append(pair)
    return Listing(shown[:MAX_LISTED])


def _translation_words(claim_f: dict, passage_f: dict, rarity: crosslingual.Rarity) -> str | None:
    """"machine translation: “of course, this would be a big disappointment” shares disappointment, big": the
    claim's best machine translation and the passage's words it holds."""
    best, best_matches = None, []
    for translation in translations_for(claim_f, passage_f.get("language")):
        matches: list = []
        if share_of(translation, passage_f["keyset"], rarity, matches) > 0 and len(matches) > len(best_matches):
            best, best_matches = translation, matches
    if best is None:
        return None
    shown = list(dict.fromkeys(bag_of(passage_f)[key] for _n, key, _w in sorted(best_matches, key=lambda m: -m[2])))
    text = best["text"] if len(best["text"]) <= TRANSLATION_SHOWN else best["text"][:TRANSLATION_SHOWN - 1] + "…"
    return N_("machine translation: “%(translation)s” shares %(words)s", translation=text,
              words=", ".join(shown[:MAX_LISTED]))


# ---------------------------------------------------------------------------------------------------
# The score
# ---------------------------------------------------------------------------------------------------

def _gate(signal: float, weights: Weights) -> float:
    return min(1.0, signal / weights.topic_gate) if weights.topic_gate > 0 else 1.0


def blend(keys_score: float, meaning: float | None, weights: Weights = Weights()) -> float:
    """The score that ranks a passage: its keys' score with its meaning (a cosine in [0, 1]) averaged in."""
    if meaning is None:
        return keys_score
    return (1.0 - weights.meaning) * keys_score + weights.meaning * meaning


def support_signal(support: int) -> float:
    """The support signal of a document in which `support` other claims of the article found their best evidence."""
    return min(1.0, support / SUPPORT_FULL)


def score(claim_f: dict, passage_f: dict, cited_source: str | None = None, weights: Weights = Weights(),
          meaning: float | None = None, rarity: crosslingual.Rarity = UNIFORM, explain: bool = True,
          held: Held | None = None, support: int = 0) -> Scored:
    """Score one passage for one claim. `cited_source` names the cited source the passage comes from, if it
    does; `meaning` is an embedding similarity in [0, 1] when a model is configured; `rarity` weighs the keys
    by how many indexed passages hold them. With `explain` off, only the score and signals are computed
    (reasons and conflicts stay empty): the same score, faster. `held`: the passage's `shares_held`, when known.
    `support`: how many other claims of the article found their best evidence in the passage's document."""
    matches: list | None = [] if explain else None
    signal, share, translated = words(claim_f, passage_f, rarity, matches, held)
    gate = _gate(signal, weights)
    about_same_story = signal >= weights.conflict_topic

    matched = _figures(claim_f, passage_f, weights.tolerance)
    outcomes = {f["match"] for f in matched}
    figure = 1.0 if figures.SAME in outcomes else 0.7 if figures.CLOSE in outcomes else 0.4 if matched else 0.0
    date_signal, date_reason, dates_disagree = _dates(claim_f, passage_f)

    keys_total = min(1.0, signal + gate * (weights.figure * figure + weights.date * date_signal
                                           + weights.cited * (1.0 if cited_source else 0.0)
                                           + weights.support * support_signal(support)))
    total = blend(keys_total, meaning, weights)
    signals = {"words": round(signal, 3), "claim_share": round(share, 3), "figure": figure, "date": date_signal,
               "cited": bool(cited_source), "meaning": None if meaning is None else round(meaning, 3),
               "keys": round(keys_total, 4)}
    if support:
        signals["support"] = support
    if translated is not None:
        signals["translated"] = round(translated, 3)
    if not explain:
        return Scored(round(total, 4), signals, [], [], round(keys_total, 4))
    signals["shared"] = [key for _n, key, _w in matches]
    signals["figures"] = [{"claim": figures.quote(f["claim"]), "passage": figures.quote(f["passage"]),
                           "match": f["match"]} for f in matched]
    reasons, conflicts = [], []
    if cited_source:
        reasons.append(N_("from the cited source: %(source)s", source=cited_source))
    if support:
        reasons.append(NP_("%(num)s other claim of this article has its evidence in this document",
                           "%(num)s other claims of this article have their evidence in this document", support))
    for f in matched:
        if f["match"] == figures.SAME:
            reasons.append(N_("same figure: %(figure)s", figure=figures.describe(f["passage"])))
        elif f["match"] == figures.CLOSE:
            reasons.append(N_("close figure: %(claim)s ≈ %(passage)s", claim=figures.quote(f["claim"]),
                              passage=figures.quote(f["passage"])))
        elif about_same_story and not f["claim"]["approximate"] and not f["passage"].get("approximate") \
                and not DURATION_UNITS & set(f["claim"]["unit_keys"]):
            said = {"passage": figures.quote(f["passage"]), "claim": figures.quote(f["claim"])}
            conflicts.append(N_("the cited source says otherwise: %(passage)s where the claim says %(claim)s", **said)
                             if cited_source else N_("different figure: %(passage)s where the claim says %(claim)s",
                                                     **said))
    if date_reason:
        reasons.append(date_reason)
    if dates_disagree and about_same_story and outcomes & {figures.SAME, figures.CLOSE}:
        claim_date, passage_date = dates_disagree
        conflicts.append(N_("different date: %(passage)s (%(passage_date)s) where the claim says %(claim)s "
                            "(%(claim_date)s)", passage=passage_date["text"],
                            passage_date=_readable(passage_date["value"]), claim=claim_date["text"],
                            claim_date=_readable(claim_date["value"])))
    if matches:
        reasons.append(N_("words: %(pairs)s", pairs=_word_pairs(claim_f, passage_f, matches)))
    translation_reason = _translation_words(claim_f, passage_f, rarity) if translated else None
    if translation_reason:
        reasons.append(translation_reason)
    if meaning is not None and meaning >= MEANING_SAID:
        reasons.append(N_("close in meaning: %(similarity)s", similarity=Number(round(meaning, 2), ".2f")))
    if about_same_story and passage_f.get("denial") and _denial_concerns_claim(claim_f, passage_f):
        conflicts.append(N_("the cited source may say otherwise: “%(denial)s”", denial=passage_f["denial"])
                         if cited_source else
                         N_("this passage may say otherwise: “%(denial)s”", denial=passage_f["denial"]))
    return Scored(round(total, 4), signals, reasons, conflicts, round(keys_total, 4))


def disagreements(claim_f: dict, other_f: dict, weights: Weights = Weights()) -> list[str]:
    """What two texts state differently, in words a reviewer reads: a precise figure against a different precise
    figure of the same unit (and, among several, the same event), durations included ("dans les trois mois"
    against "within six months"); a day against a different day; else, each text saying a number the other
    does not. Two claims that differ so are not the same claim, however many words they share
    (checker.evidence.appearances)."""
    found = []
    mine, theirs = _numbers(claim_f), _numbers(other_f)
    my_keys, their_keys = frozenset().union(*mine.values()), frozenset().union(*theirs.values())
    for f in _figures(claim_f, other_f, weights.tolerance):
        # Among several figures the pairing may go astray: a figure the other text says anyway is not different.
        said_anyway = crosslingual.number_key(f["claim"]["value"]) in their_keys \
            or crosslingual.number_key(f["passage"]["value"]) in my_keys
        if f["match"] == figures.DIFFERENT and not f["claim"]["approximate"] and not f["passage"].get("approximate") \
                and not said_anyway:
            found.append(f"different figure: {figures.quote(f['passage'])} where this one says "
                         f"{figures.quote(f['claim'])}")
    _signal, _reason, dates_disagree = _dates(claim_f, other_f)
    if dates_disagree:
        mine, theirs = dates_disagree
        found.append(f"different date: {theirs['text']} ({_readable(theirs['value'])}) where this one says "
                     f"{mine['text']} ({_readable(mine['value'])})")
    if not found:
        # Figures whose units do not meet ("11 %" and "11 des citoyens", a percentage the other language
        # wrote without its sign): each text says a number the other does not.
        only_mine = [word for word, readings in mine.items() if not readings & their_keys]
        only_theirs = [word for word, readings in theirs.items() if not readings & my_keys]
        if only_mine and only_theirs:
            found.append(f"different number: {', '.join(only_theirs)} where this one says {', '.join(only_mine)}")
    return found


def _numbers(features: dict) -> dict[str, frozenset[str]]:
    """The numbers a text says: the words that wrote each → every key it may be read as. "60,000" is sixty in
    French and sixty thousand in English, and French texts do write English figures."""
    found: dict[str, frozenset[str]] = {}
    for g in features["groups"]:
        readings = {key for key, kind in zip(g[1], g[2]) if kind == "n"}
        digits = LEADING_DIGITS.match(g[0]) if readings else None
        if digits and "," in digits.group():
            for lang in ("fr", "en"):
                value = crosslingual.parse_number(digits.group(), lang)
                if value is not None:
                    readings.add(crosslingual.number_key(value))
        elif digits and len(digits.group()) == 2 and digits.group().endswith("0"):  # a decade: "les années 80"
            readings |= {crosslingual.number_key(century + int(digits.group())) for century in (1900, 2000)}
        if readings:
            found[g[0]] = found.get(g[0], frozenset()) | readings
    return found


def upper_bound(share: float, weights: Weights = Weights(), support: int = 0) -> float:
    """The most `score` can give a passage holding this share of the claim, whatever its figures, dates and
    source (the words signal is never above the claim share), its document supported by at most `support`
    other claims of the article."""
    keys_bound = share + _gate(share, weights) * (weights.figure + weights.date + weights.cited
                                                  + weights.support * support_signal(support))
    return max(keys_bound, blend(keys_bound, 1.0, weights))  # bounds both scores: a meaning of 1 at most


def bound_facts(passage_f: dict) -> dict:
    """What `score_bound` needs of a passage besides its keys (JSON-ready, stored beside its features)."""
    return {"units": [q["unit_keys"] for q in passage_f["quantities"] if q["unit_keys"]],
            "dated": bool(passage_f["dates"]), "published": bool(passage_f.get("published")),
            "language": passage_f.get("language")}


def score_bound(claim_f: dict, facts: dict, share: float, cited: bool, weights: Weights = Weights(),
                support: int = 0) -> float:
    """A tighter `upper_bound`, from what the passage has (its `bound_facts`): the figure counts only when
    the passage counts something in a unit the claim counts, the date only when both have dates (or the
    passage a publication day), the source only when cited. Never below the keys' score (`Scored.keys_score`),
    plus `SCORE_ROUNDING` (the score is rounded), so a passage skipped on it could not have passed the threshold;
    `blend(bound, meaning) + SCORE_ROUNDING` bounds the score that ranks it."""
    figure = 1.0 if any(keys.same_unit(q["unit_keys"], units) for q in claim_f["quantities"]
                        for units in facts["units"]) else 0.0
    date_signal = 0.0
    if claim_f["dates"]:
        date_signal = 1.0 if facts["dated"] else 0.4 if facts["published"] else 0.0
    keys_bound = share + _gate(share, weights) * (
        weights.figure * figure + weights.date * date_signal + weights.cited * cited
        + weights.support * support_signal(support))
    return keys_bound + SCORE_ROUNDING


def no_evidence_message(documents: int, sources: int) -> str:
    """What a claim without a link above the threshold says (the reviewer's claim view shows it)."""
    return (f"no evidence found in {documents} document{'s' if documents != 1 else ''} "
            f"from {sources} source{'s' if sources != 1 else ''}")
