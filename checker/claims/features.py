"""One sentence's check-worthiness features: the rule verdict and the steps' outputs as named numbers for the
learned model, the sentence's words behind each, and the one table that says each feature in words.

    find(sentence, quantities, dates, entities, attribution, verdict) → Features: .values, .word(name)
    in_words(name, found)       "a figure (1 000 drones)", "attributed (selon le rapport: The Washington Post)"
    rule_reasons(verdict, found) the rule verdict's reasons in words, in its order (languages the model does
                                 not know)

This module is the one place that knows the rule scorer's reason strings and the steps' dict keys: when they
move, only this module changes. Values are 0..1 (flags, or counts squashed), so one scale fits them all.
"""
from __future__ import annotations

import math
import re

from checker.claims import checkworthiness
from checker.claims.checkworthiness import KINDS, Verdict
from checker.claims.registry import name_key
from checker.text.messages import N_, Message, Number

# The rule scorer's reasons → feature names. "names N actors" is read from the entities instead.
REASON_NAMES = {
    checkworthiness.R_QUANTITY: "figure_with_unit",
    checkworthiness.R_BARE_NUMBER: "bare_figure",
    checkworthiness.R_SMALL_NUMBER: "small_number_in_words",
    checkworthiness.R_DURATION: "duration",
    "several figures": "several_figures",
    "attributed to a named source": "named_source",
    "attributed, source not named": "unnamed_source",
    "reporting verb or cue": "reporting_cue",
    "dated event": "dated",
    "mentions capitalised names": "capitalised_names",
    "concrete past action": "past_action",
    "direct quotation": "quotation",
    checkworthiness.R_REPORTED_PLAN: "reported_plan",
    checkworthiness.R_ATTRIBUTED_PLEA: "attributed_plea",
    "greeting or sign-off": "greeting",
    checkworthiness.R_PROCEDURAL: "procedural",
    checkworthiness.R_PROCEDURAL_CLAUSE: "procedural_clause",
    "question": "question",
    "opinion wording": "opinion",
    "hedged or speculative wording": "hedge",
    "conditional or unconfirmed wording": "conditional",
    "future or planned action": "future",
    "first-person statement": "first_person",
    "too short to check": "too_short",
}
_ACTORS_REASON = re.compile(r"names (?:an actor|\d+ actors)$")

# Every feature the model reads, in a fixed order (the training matrix's columns).
NAMES = (
    "rule_score", *(f"kind_{kind}" for kind in KINDS), *dict.fromkeys(REASON_NAMES.values()),
    "figures", "percent", "money", "approximate_figure", "back_reference", "dates", "actors",
    "person", "organisation", "place", "quote_marks", "question_mark", "exclamation", "digits", "interrupted",
    "words_under_5", "words_5_to_9", "words_10_to_19", "words_20_to_39", "words_40_up",
)

# How each feature reads in a reason: its label, and for a feature with the sentence's words behind it, the label
# with them (shown only when there are some). Both are messages (checker.text.messages): the command line and
# the JSON read the English, the web the reader's language.
LABELS: dict[str, tuple[Message, Message | None]] = {
    **{f"kind_{kind}": (N_("kind: %(kind)s", kind=kind), None) for kind in KINDS},
    "rule_score": (N_("the rules' score"), N_("the rules' score (%(words)s)")),
    "figure_with_unit": (N_("a figure"), N_("a figure (%(words)s)")),
    "bare_figure": (N_("a number"), N_("a number (%(words)s)")),
    "small_number_in_words": (N_("a small number in words"), N_("a small number in words (%(words)s)")),
    "duration": (N_("a duration"), N_("a duration (%(words)s)")),
    "several_figures": (N_("several figures"), N_("several figures (%(words)s)")),
    "figures": (N_("figures"), N_("figures (%(words)s)")),
    "percent": (N_("a percentage"), N_("a percentage (%(words)s)")),
    "money": (N_("an amount of money"), N_("an amount of money (%(words)s)")),
    "approximate_figure": (N_("an approximate figure"), N_("an approximate figure (%(words)s)")),
    "named_source": (N_("attributed"), N_("attributed (%(words)s)")),
    "unnamed_source": (N_("attributed, source not named"), N_("attributed, source not named (%(words)s)")),
    "reporting_cue": (N_("a reporting verb"), None),
    "back_reference": (N_("attributed to an earlier source"), N_("attributed to an earlier source (%(words)s)")),
    "dated": (N_("a date"), N_("a date (%(words)s)")),
    "dates": (N_("dates"), N_("dates (%(words)s)")),
    "actors": (N_("names"), N_("names (%(words)s)")),
    "person": (N_("a person"), N_("a person (%(words)s)")),
    "organisation": (N_("an organisation"), N_("an organisation (%(words)s)")),
    "place": (N_("a place"), N_("a place (%(words)s)")),
    "capitalised_names": (N_("capitalised names"), N_("capitalised names (%(words)s)")),
    "past_action": (N_("a concrete past action"), None),
    "quotation": (N_("a direct quotation"), None),
    "reported_plan": (N_("a plan with a date"), N_("a plan with a date (%(words)s)")),
    "attributed_plea": (N_("a plea backed by facts"), N_("a plea backed by facts (%(words)s)")),
    "greeting": (N_("a greeting or sign-off"), None),
    "procedural": (N_("a request-for-comment line"), None),
    "procedural_clause": (N_("a request-for-comment clause"), None),
    "question": (N_("a question"), None),
    "opinion": (N_("opinion wording"), None),
    "hedge": (N_("hedged or speculative wording"), None),
    "conditional": (N_("conditional or unconfirmed wording"), None),
    "future": (N_("future or planned action"), None),
    "first_person": (N_("first person"), None),
    "too_short": (N_("too short to check"), None),
    "quote_marks": (N_("quotation marks"), None),
    "question_mark": (N_("a question mark"), None),
    "exclamation": (N_("an exclamation mark"), None),
    "digits": (N_("digits"), None),
    "interrupted": (N_("cut-off speech"), None),
    "words_under_5": (N_("very short"), None),
    "words_5_to_9": (N_("short"), None),
    "words_10_to_19": (N_("of medium length"), None),
    "words_20_to_39": (N_("long"), None),
    "words_40_up": (N_("very long"), None),
}

_QUOTE_MARK = re.compile("[«»“”„\"]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")
# Speech cut off or trailing away, at either end: transcripts have it, news seldom.
_BREAKS = ("--", "—", "...", "…")
_LENGTH_BANDS = ((5, "words_under_5"), (10, "words_5_to_9"), (20, "words_10_to_19"), (40, "words_20_to_39"))
_ENTITY_KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place"}
FULL_COUNT = 3  # a count of figures or names at which its feature reaches 1
FULL_DATES = 2
SHOWN_NAMES = 3  # names shown in one reason
# After "selon", "according to": the words that name who, shown with the cue ("selon le rapport").
_CUE_OBJECT = re.compile(r"\s+([\w'’-]+(?:\s+[\w'’-]+){0,2})")
AFTER_CUES = frozenset({"selon", "d'après", "d’après", "according to"})


class Features:
    """One sentence's features, from the steps' outputs and the rule verdict on them, each worked out when it is
    first read: languages the model does not know read no values and only the reasons shown read words, so
    neither is paid for unread. The steps' outputs are not changed once the steps have run.

        values      feature name → 0..1, only those present: what the model reads
        word(name)  the sentence's words behind one feature ("1 000 drones"), or None
        words       every feature name that has words → its words
    """

    __slots__ = ("sentence", "quantities", "dates", "entities", "attribution", "verdict", "_values", "_split",
                 "_groups")

    def __init__(self, sentence: str, quantities: list[dict], dates: list[dict], entities: list[dict],
                 attribution: dict | None, verdict: Verdict):
        self.sentence, self.quantities, self.dates = sentence, quantities, dates
        self.entities, self.attribution, self.verdict = entities, attribution, verdict
        self._values: dict[str, float] | None = None
        self._split: tuple[list[dict], list[dict]] | None = None
        self._groups: dict = {}  # word group → its words, once read

    @property
    def values(self) -> dict[str, float]:
        if self._values is None:
            self._values = _values(self)
        return self._values

    @property
    def figures_and_durations(self) -> tuple[list[dict], list[dict]]:
        if self._split is None:
            durations, figures = [], []
            for quantity in self.quantities:
                (durations if _is_duration(quantity) else figures).append(quantity)
            self._split = figures, durations
        return self._split

    def word(self, name: str) -> str | None:
        group = _WORD_GROUP.get(name)
        if group is None:
            return None
        return self._group(group).get(name)

    @property
    def words(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for group in _WORD_GROUPS:
            out.update(self._group(group))
        return out

    def _group(self, group) -> dict[str, str]:
        found = self._groups.get(group)
        if found is None:
            found = self._groups[group] = group(self)
        return found


def _squashed(count: int, full: int) -> float:
    """A count as 0..1: 1 at `full` and above, log-shaped below."""
    return min(1.0, math.log1p(count) / math.log1p(full))


def _is_duration(quantity: dict) -> bool:
    return str(quantity.get("unit") or "").strip().lower() in checkworthiness.DURATION_UNITS


def find(sentence: str, quantities: list[dict], dates: list[dict], entities: list[dict],
         attribution: dict | None, verdict: Verdict) -> Features:
    """The features of one sentence, from the steps' outputs and the rule verdict on them."""
    return Features(sentence, quantities, dates, entities, attribution, verdict)


def _values(found: Features) -> dict[str, float]:
    verdict = found.verdict
    values: dict[str, float] = {"rule_score": float(verdict.score), f"kind_{verdict.kind}": 1.0}
    for reason in verdict.reasons:
        name = REASON_NAMES.get(reason)
        if name:
            values[name] = 1.0
    figures, durations = found.figures_and_durations
    if durations:  # the rule scorer keeps only the strongest figure's reason, which a duration seldom is
        values["duration"] = 1.0
    if figures:
        values["figures"] = _squashed(len(figures), FULL_COUNT)
    for quantity in found.quantities:
        if quantity.get("kind") in ("percent", "money"):
            values[quantity["kind"]] = 1.0
        if quantity.get("bound") not in (None, "exact"):
            values["approximate_figure"] = 1.0
    if found.attribution and found.attribution.get("via") == "back-reference":
        values["back_reference"] = 1.0
    if found.dates:
        values["dates"] = _squashed(len(found.dates), FULL_DATES)
    if found.entities:
        names = _names(found.entities)
        if names:
            values["actors"] = _squashed(len(names), FULL_COUNT)
        for entity in found.entities:
            kind = _ENTITY_KINDS.get(entity.get("type"))
            if kind:
                values[kind] = 1.0
    _surface(found.sentence, values)
    return values


def _surface(sentence: str, found: dict[str, float]) -> None:
    """Features read from the characters alone, added to `found`: marks, digits, length."""
    if _QUOTE_MARK.search(sentence):
        found["quote_marks"] = 1.0
    if "?" in sentence or "¿" in sentence:
        found["question_mark"] = 1.0
    if "!" in sentence:
        found["exclamation"] = 1.0
    if _DIGIT.search(sentence):
        found["digits"] = 1.0
    stripped = sentence.strip()
    if stripped.startswith(_BREAKS) or stripped.endswith(_BREAKS):
        found["interrupted"] = 1.0
    words = len(_WORD.findall(sentence))
    found[next((name for limit, name in _LENGTH_BANDS if words < limit), "words_40_up")] = 1.0


def _names(entities: list[dict]) -> list[str]:
    return list(dict.fromkeys(str(e.get("text") or "").strip() for e in entities if e.get("text")))


# ── Words: each group gives the words of a few features, worked out together ──

def _score_words(found: Features) -> dict[str, str]:
    return {"rule_score": Number(found.verdict.score, ".2f")}


def _figure_words(found: Features) -> dict[str, str]:
    figures = found.figures_and_durations[0]
    # The figures a reader checks first: in digits, then with a unit ("1 000 drones" before "des centaines").
    ranked = sorted(figures, key=lambda q: (not _DIGIT.search(str(q.get("text") or "")), not q.get("unit")))
    shown = [str(q["text"]) for q in ranked if q.get("text")]
    if not shown:
        return {}
    out = dict.fromkeys(("figure_with_unit", "bare_figure", "small_number_in_words", "figures"), shown[0])
    out["several_figures"] = ", ".join(shown[:SHOWN_NAMES])
    return out


def _kind_words(found: Features) -> dict[str, str]:
    figures = found.figures_and_durations[0]
    out = {}
    for kind in ("percent", "money"):
        text = next((str(q["text"]) for q in figures if q.get("kind") == kind and q.get("text")), None)
        if text:
            out[kind] = text
    approximate = next((str(q["text"]) for q in figures if q.get("bound") not in (None, "exact")), None)
    if approximate:
        out["approximate_figure"] = approximate
    return out


def _duration_words(found: Features) -> dict[str, str]:
    durations = found.figures_and_durations[1]
    return {"duration": str(durations[0]["text"])} if durations and durations[0].get("text") else {}


def _date_words(found: Features) -> dict[str, str]:
    dates = found.dates
    if not (dates and dates[0].get("text")):
        return {}
    return {"dated": str(dates[0]["text"]),
            "dates": ", ".join(str(d["text"]) for d in dates[:SHOWN_NAMES] if d.get("text"))}


def _source_words(found: Features) -> dict[str, str]:
    if not found.attribution:
        return {}
    return dict.fromkeys(("named_source", "unnamed_source", "back_reference"),
                         _attribution_words(found.sentence, found.attribution))


def _name_words(found: Features) -> dict[str, str]:
    names: dict[str, None] = {}  # as _names gives them: distinct, in order
    of_kind: dict[str, dict[str, None]] = {name: {} for name in _ENTITY_KINDS.values()}
    for entity in found.entities:
        if entity.get("text"):
            text = str(entity["text"]).strip()
            names[text] = None
            if entity.get("type") in _ENTITY_KINDS:
                of_kind[_ENTITY_KINDS[entity["type"]]][text] = None
    if not names:
        return {}
    out = {"actors": ", ".join(list(names)[:SHOWN_NAMES])}
    for name, texts in of_kind.items():
        if texts:
            out[name] = ", ".join(list(texts)[:SHOWN_NAMES])
    return out


def _rule_words(found: Features) -> dict[str, str]:
    out = {}
    for reason, name in ((checkworthiness.R_REPORTED_PLAN, "reported_plan"),
                         (checkworthiness.R_ATTRIBUTED_PLEA, "attributed_plea")):
        if found.verdict.words.get(reason):
            out[name] = found.verdict.words[reason]
    return out


_WORD_GROUPS = (_score_words, _figure_words, _kind_words, _duration_words, _date_words, _source_words, _name_words,
                _rule_words)  # in the order of the words' names in `words`
_WORD_GROUP = {
    "rule_score": _score_words,
    **dict.fromkeys(("figure_with_unit", "bare_figure", "small_number_in_words", "figures", "several_figures"),
                    _figure_words),
    **dict.fromkeys(("percent", "money", "approximate_figure"), _kind_words),
    "duration": _duration_words,
    **dict.fromkeys(("dated", "dates"), _date_words),
    **dict.fromkeys(("named_source", "unnamed_source", "back_reference"), _source_words),
    **dict.fromkeys(("actors", "person", "organisation", "place"), _name_words),
    **dict.fromkeys(("reported_plan", "attributed_plea"), _rule_words),
}


def _attribution_words(sentence: str, attribution: dict) -> str:
    """"selon le rapport: The Washington Post", "a rapporté: The Washington Post": the cue as written (with
    what follows "selon" or "according to"), then the source when the cue does not already name it."""
    cue = str(attribution.get("cue") or "").strip()
    start, end = attribution.get("cue_start"), attribution.get("cue_end")
    if isinstance(start, int) and isinstance(end, int) and sentence[start:end].strip():
        cue = sentence[start:end].strip()
        if cue.lower() in AFTER_CUES:
            following = _CUE_OBJECT.match(sentence, end)
            cue = sentence[start:following.end()] if following else cue
    source = str(attribution.get("source") or "").strip()
    if source and name_key(source) not in name_key(cue):  # "Selon le Washington Post" names The Washington Post
        return N_("%(cue)s: %(source)s", cue=cue, source=source) if cue else source
    return cue


def in_words(name: str, found: Features | None = None) -> str:
    """The feature as a reader reads it, with the sentence's words behind it when there are some: a message,
    "a figure (1 000 drones)" in English."""
    labels = LABELS.get(name)
    if labels is None:
        return name.replace("_", " ")
    plain, with_words = labels
    shown = found.word(name) if with_words is not None and found is not None else None
    return Message(with_words.msgid, {"words": shown}) if shown else plain


def rule_reasons(verdict: Verdict, found: Features) -> list[str]:
    """The rule verdict's reasons in words, in its order: what a language without the model is told."""
    out = []
    for reason in verdict.reasons:
        name = REASON_NAMES.get(reason) or ("actors" if _ACTORS_REASON.match(reason) else None)
        out.append(in_words(name, found) if name else reason)
    return out
