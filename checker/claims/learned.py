"""Learned check-worthiness: a linear model over hashed word and character n-grams plus the rule features.

Standard library only. It reads the two files `flask train` writes (checker/claims/training/):

    model/model.json   settings, intercept, calibration, feature weights, the threshold and how it was chosen,
                       the SHA-256 of the data it was trained on, and its validation figures
    model/weights.f32  the n-gram weights: one float32 per hash bucket, little-endian

A sentence's features (`vector` builds the training matrix with the same code, so training and scoring agree):
  * words: lower case, digits read as 0 ("$4,000" → "$0,000"), the tokens `\\w+` and single punctuation
    marks; unigrams and bigrams, hashed (zlib.crc32 of "w "/"b " + text, modulo the bucket count), each worth
    word_scale / sqrt(number of word n-grams);
  * characters: the 2- to 5-grams of each `\\w+` token padded with a space on each side (scikit-learn's
    "char_wb"), hashed with a "c " prefix, each worth char_scale / sqrt(number of character n-grams);
  * the rule features of checker.claims.features, times rule_scale, one weight each.
Both n-gram parts are sums over tokens, so a token's character n-grams are hashed once and kept: news repeats
its words, and a kept token costs one dict lookup.
The n-gram weights were fitted on buckets scaled by their log-count ratio between the classes (NB-SVM); the
factors are folded into weights.f32, so the rows scored here are never scaled.

The n-gram weights are English. Languages the model was not trained on keep the rule score, its flag at the
rules' threshold and its reasons in words (`judge`).

Two rules outrank the model: a reported plan with a date and a named actor's plea backed by facts. The debates
the model learns from label promises ("we will cut taxes by 2020") not worth checking, so it learned to
lower plans; a plan a source reports in the news is a checkable claim. A sentence the rules flag for one of
them keeps its flag, and its score is the rule score when that is higher than the probability (`kept_score`).

Reasons are the few largest contributions that read as reasons: content words and worded rule features.
Some features count in the score but are not shown (UNSHOWN), and neither are function words or marks.
"""
from __future__ import annotations

import json
import math
import re
import sys
import zlib
from array import array
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from checker.claims import features
from checker.claims.checkworthiness import KINDS, Verdict
from checker.text.fold import fold
from checker.text.language import base_language
from checker.text.messages import N_
from checker.text.vocabulary import STOPWORDS

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.f32"

_TOKEN = re.compile(r"\w+|[^\w\s]")
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")
TOKEN_CACHE_LIMIT = 200_000  # tokens (and bigrams) kept per model; cleared whole when full (a few MB at most)
REASONS_SHOWN = 4
MIN_REASON = 0.05  # log-odds: a smaller share is not worth a reader's time
AGAINST = " (against)"  # ends a reason that lowered the score (_against)
# Features that count in the score but read poorly as a reason on their own ("kind: report", "short"), or
# repeat one that says it better ("digits" beside "a figure (1 000 drones)").
UNSHOWN = frozenset({*(f"kind_{kind}" for kind in KINDS), "words_under_5", "words_5_to_9", "words_10_to_19",
                     "words_20_to_39", "words_40_up", "digits", "capitalised_names", "quote_marks"})
MIN_SHOWN_LETTERS = 3  # a word shorter than this ("of", "to") says nothing on its own
# The rules that outrank the model (see above), as feature names.
KEPT_RULES = ("reported_plan", "attributed_plea")


class Judgement(NamedTuple):
    score: float  # the model's probability, or the rule score for languages the model does not know
    checkworthy: bool
    reasons: list[str]


class Model:
    """model.json, and the n-gram weights read at the first sentence that needs them."""

    def __init__(self, settings: dict, directory: Path):
        self.settings = settings
        self.directory = directory
        self.buckets = int(settings["buckets"])
        self.intercept = float(settings["intercept"])
        scale = float(settings["rule_scale"])
        self.rule_weights = {name: float(weight) * scale for name, weight in settings["rule_weights"].items()}
        self.word_scale = float(settings["word_scale"])
        self.char_scale = float(settings["char_scale"])
        self.char_low, self.char_high = settings["char_ngrams"]
        self.calibration = settings["calibration"]
        self.threshold = float(settings["threshold"])
        self.languages = frozenset(settings["languages"])
        self._tokens: dict[str, tuple[float, int, float, tuple[str]]] = {}
        self._bigrams: dict[tuple[str, str], float] = {}
        self._shown: dict[str, ShownTokens] = {}

    @cached_property
    def weights(self) -> array:
        path = self.directory / self.settings.get("weights_file", WEIGHTS_FILE)
        weights = array("f")
        weights.frombytes(path.read_bytes())
        if sys.byteorder != "little":
            weights.byteswap()
        if len(weights) != self.buckets:
            raise ValueError(f"{path}: {len(weights)} weights where {MODEL_FILE} says {self.buckets}; "
                             "rebuild the model with `make train`")
        return weights

    def knows(self, lang: str) -> bool:
        return base_language(lang) in self.languages

    # ── The n-gram part ──
    def _token(self, token: str) -> tuple[float, int, float, tuple[str]]:
        """(sum of the token's character n-gram weights, their count, its unigram weight, its key in the
        parts), kept."""
        found = self._tokens.get(token)
        if found is None:
            weights, buckets = self.weights, self.buckets
            grams = char_ngrams(token, self.char_low, self.char_high)
            total = sum(weights[zlib.crc32(("c " + gram).encode()) % buckets] for gram in grams)
            found = (total, len(grams), weights[zlib.crc32(("w " + token).encode()) % buckets], (token,))
            if len(self._tokens) >= TOKEN_CACHE_LIMIT:
                self._tokens.clear()
            self._tokens[token] = found
        return found

    def _bigram(self, pair: tuple[str, str]) -> float:
        weight = self._bigrams.get(pair)
        if weight is None:
            weight = self.weights[zlib.crc32(f"b {pair[0]} {pair[1]}".encode()) % self.buckets]
            if len(self._bigrams) >= TOKEN_CACHE_LIMIT:
                self._bigrams.clear()
            self._bigrams[pair] = weight
        return weight

    def _ngram_parts(self, keys: list[str]) -> dict[tuple, float]:
        """Each distinct token's (a 1-tuple) and bigram's (a 2-tuple) share of the log-odds, summed in the
        order of the training row (the same floats, bit for bit)."""
        tokens, bigrams = self._tokens, self._bigrams
        found = [tokens.get(key) or self._token(key) for key in keys]
        char_count = sum([item[1] for item in found])
        word_unit = self.word_scale / math.sqrt(2 * len(keys) - 1)  # n unigrams and n - 1 bigrams
        char_unit = self.char_scale / math.sqrt(char_count) if char_count else 0.0
        parts: dict[tuple, float] = {}
        share = parts.get
        for char_sum, _, unigram, key in found:
            parts[key] = share(key, 0.0) + char_sum * char_unit + unigram * word_unit
        for pair in zip(keys, keys[1:]):
            weight = bigrams.get(pair)
            if weight is None:
                weight = self._bigram(pair)
            parts[pair] = share(pair, 0.0) + weight * word_unit
        return parts

    # ── Scores ──
    def decision(self, sentence: str, values: dict[str, float]) -> float:
        """The log-odds before calibration: what scikit-learn's decision_function gives for the same rows."""
        keys = _keys(sentence)
        ngrams = sum(self._ngram_parts(keys).values()) if keys else 0.0
        rules = sum(self.rule_weights.get(name, 0.0) * value for name, value in values.items())
        return self.intercept + rules + ngrams

    def probability(self, log_odds: float) -> float:
        z = float(self.calibration["a"]) * log_odds + float(self.calibration["b"])
        return 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0

    def explain(self, sentence: str, found: features.Features, lang: str = "en") -> tuple[float, list[str]]:
        """(probability, the REASONS_SHOWN largest shares of the log-odds that read as reasons, in words)."""
        tokens = _tokens(sentence)
        parts: dict = self._ngram_parts(tokens.keys) if tokens.keys else {}
        rules = {name: self.rule_weights.get(name, 0.0) * value for name, value in found.values.items()}
        log_odds = self.intercept + sum(parts.values()) + sum(rules.values())
        return self.probability(log_odds), self._reasons(sentence, tokens, parts, rules, found, lang)

    # ── Reasons ──
    def _reasons(self, sentence: str, tokens: Tokens, parts: dict[tuple, float], rules: dict[str, float],
                 found: features.Features, lang: str) -> list[str]:
        """The REASONS_SHOWN largest shares that read as reasons, in words. A share under MIN_REASON is never
        shown, so only those above it are sorted, and whether an n-gram reads as a reason is asked of the
        largest ones only, until enough are found (the sort is stable: the order is that of sorting the
        readable ones)."""
        ranked = [(key, share) for key, share in parts.items() if abs(share) >= MIN_REASON]
        ranked += [(name, share) for name, share in rules.items() if abs(share) >= MIN_REASON and name not in UNSHOWN]
        ranked.sort(key=lambda item: -abs(item[1]))
        reasons, said, written, shown = [], set(), None, None
        for key, share in ranked:
            if len(reasons) == REASONS_SHOWN:
                break
            if isinstance(key, tuple):
                if shown is None:
                    shown = self._shown_tokens(lang)
                if not _reads_as_a_reason(key, shown):
                    continue
                if written is None:
                    written = _as_written(sentence, tokens)
                label = _ngram_label(key, written)
            else:
                words = found.word(key)
                if words:
                    if words in said:
                        continue  # "figures (40 nurses)" after "a figure (40 nurses)" says nothing new
                    said.add(words)
                label = features.in_words(key, found)
            reasons.append(label if share > 0 else _against(label))
        return reasons

    def _shown_tokens(self, lang: str) -> ShownTokens:
        language = base_language(lang)
        shown = self._shown.get(language)
        if shown is None:
            shown = self._shown[language] = ShownTokens(STOPWORDS.get(language, frozenset()))
        return shown


class Tokens(NamedTuple):
    keys: list[str]  # lower case, digits read as 0: what the weights are keyed by
    written: list[str] | None  # the same tokens as the sentence writes them, when read in the same pass


def _keys(sentence: str) -> list[str]:
    return _TOKEN.findall(sentence.lower().translate(_DIGITS_AS_ZERO))


def _tokens(sentence: str) -> Tokens:
    """The keys of `_keys`, and the tokens as written, from one pass when that gives the same keys: when the
    sentence lowers letter for letter (every character to one, which keeps it a word character or not), and
    without the one letter whose lower case depends on what follows (Σ)."""
    if "Σ" in sentence or len(sentence.lower()) != len(sentence):
        return Tokens(_keys(sentence), None)
    written = _TOKEN.findall(sentence)
    if not written:
        return Tokens([], written)
    return Tokens(" ".join(written).lower().translate(_DIGITS_AS_ZERO).split(" "), written)


def _as_written(sentence: str, tokens: Tokens) -> dict[str, str]:
    """Each key as the sentence writes it: "Tuesday", not "tuesday", "$4,000", not "$0,000"."""
    as_written = tokens.written if tokens.written is not None else _TOKEN.findall(sentence)
    keys = tokens.keys
    return dict(zip(keys, as_written if len(as_written) == len(keys) else _TOKEN.findall(sentence.lower())))


class ShownTokens(dict):
    """Token → whether it can be shown in a reason, for one language: 0 not a word, 1 a function word or a
    word under MIN_SHOWN_LETTERS letters, 2 a content word. Kept: a model meets the same words again."""

    def __init__(self, stopwords: frozenset):
        super().__init__()
        self.stopwords = stopwords

    def __missing__(self, token: str) -> int:
        if not token.isalpha():
            state = 0
        else:
            state = 2 if len(token) >= MIN_SHOWN_LETTERS and fold(token) not in self.stopwords else 1
        if len(self) >= TOKEN_CACHE_LIMIT:
            self.clear()
        self[token] = state
        return state


def _reads_as_a_reason(key: tuple, shown: ShownTokens) -> bool:
    """Whether an n-gram says something to a reader: words only, one of them a content word."""
    states = [shown[token] for token in key]
    return min(states) > 0 and max(states) == 2


def _ngram_label(key: tuple, written: dict[str, str]) -> str:
    text = " ".join(written.get(token, token) for token in key)
    return N_('the words "%(words)s"', words=text) if len(key) > 1 else N_('the word "%(words)s"', words=text)


def _against(reason: str) -> str:
    """A reason that lowered the score: "the word "opinion" (against)"."""
    return N_("%(reason)s (against)", reason=reason)


def kept_score(probability: float, values: dict[str, float], rules_threshold: float) -> float:
    """The score shown: the model's probability, or the rule score when the rules flag the sentence for one of
    KEPT_RULES and it is higher."""
    rule_score = values.get("rule_score", 0.0)
    if rule_score >= rules_threshold and any(values.get(name) for name in KEPT_RULES):
        return max(probability, rule_score)
    return probability


def char_ngrams(token: str, low: int, high: int) -> list[str]:
    """The low..high-grams of " token ", as scikit-learn's char_wb analyzer gives them for one word: a padded
    word shorter than n gives itself once, and no longer n-grams."""
    padded = f" {token} "
    grams = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def vector(sentence: str, values: dict[str, float], settings: dict) -> dict[int | str, float]:
    """The sentence as {hash bucket or rule feature name: value}: a row of the training matrix, built with the
    tokens, hashes and scales the scorer uses."""
    buckets = int(settings["buckets"])
    low, high = settings["char_ngrams"]
    keys = _keys(sentence)
    out: dict[int | str, float] = {}
    if keys:
        words = [f"w {key}" for key in keys] + [f"b {a} {b}" for a, b in zip(keys, keys[1:])]
        unit = float(settings["word_scale"]) / math.sqrt(len(words))
        for text in words:
            index = zlib.crc32(text.encode()) % buckets
            out[index] = out.get(index, 0.0) + unit
        grams = [gram for key in keys for gram in char_ngrams(key, low, high)]
        unit = float(settings["char_scale"]) / math.sqrt(len(grams))
        for gram in grams:
            index = zlib.crc32(("c " + gram).encode()) % buckets
            out[index] = out.get(index, 0.0) + unit
    scale = float(settings["rule_scale"])
    for name, value in values.items():
        if value:
            out[name] = out.get(name, 0.0) + value * scale
    return out


def load(directory: Path = MODEL_DIR) -> Model | None:
    """The model in `directory` (its weights are read at first use), or None when it has none: then every
    language keeps the rules. One per folder and process: its kept tokens serve every article."""
    return _load(Path(directory))


@lru_cache(maxsize=4)
def _load(directory: Path) -> Model | None:
    path = directory / MODEL_FILE
    if not path.exists():
        return None
    return Model(json.loads(path.read_text(encoding="utf-8")), directory)


load.cache_clear = _load.cache_clear  # `flask train` forgets the model it has just rewritten


def judge(sentence: str, lang: str, verdict: Verdict, found: features.Features, rules_threshold: float,
          model: Model | None) -> Judgement:
    """Score, flag and reasons of one sentence: the model's (from load()) for the languages it knows, the
    rules' otherwise."""
    if model is None or not model.knows(lang):
        return Judgement(verdict.score, verdict.score >= rules_threshold, features.rule_reasons(verdict, found))
    probability, reasons = model.explain(sentence, found, lang)
    score = kept_score(probability, found.values, rules_threshold)
    if score > probability:  # flagged by a rule the model does not outrank: that rule first, in its own words
        kept = [features.in_words(name, found) for name in KEPT_RULES if found.values.get(name)]
        reasons = kept + [reason for reason in reasons if reason.removesuffix(AGAINST) not in kept]
        reasons = reasons[:REASONS_SHOWN]
    return Judgement(score, score >= model.threshold, reasons)
