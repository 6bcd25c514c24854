"""Feature matrices, fits, calibration, thresholds and the measures, for train.py and validate.py.

The matrix is three blocks built once (word n-grams, character n-grams, rule features), scaled by the
setting: learned.vector() with the same setting gives the same rows, which train.py checks.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from checker.claims import features, learned
from checker.claims.registry import Registry
from checker.claims.training import data

THREADS = min(2, os.cpu_count() or 1)  # liblinear releases the GIL, so folds run side by side
BUCKETS = 1 << 18
CHAR_NGRAMS = (2, 5)
OUT_OF_FOLD_FOLDS = 5
MAX_ITERATIONS = 2000


@dataclass(frozen=True)
class Setting:
    """Everything that shapes a model: the features' scales and the fit."""
    word_scale: float = 1.0
    char_scale: float = 1.0
    rule_scale: float = 1.0
    C: float = 1.0  # inverse L2 strength
    positive_weight: float = 1.0  # weight of a label-1 sentence (label 0 weighs 1)
    claimbuster_weight: float = 1.0  # weight of a ClaimBuster sentence against a CLEF one
    buckets: int = BUCKETS
    char_ngrams: tuple[int, int] = CHAR_NGRAMS
    ratio_power: float = 0.0  # n-gram columns scaled by |log-count ratio| to this power (0: not scaled); see fit()
    ratio_smoothing: float = 1.0  # added to each bucket's weighted count of positive and of negative rows

    def vector_settings(self) -> dict:
        return {"buckets": self.buckets, "char_ngrams": list(self.char_ngrams), "word_scale": self.word_scale,
                "char_scale": self.char_scale, "rule_scale": self.rule_scale}


@dataclass
class Corpus:
    """Both sets, CLEF rows first, with their features and the matrix blocks."""
    clef: list[data.Sentence]
    claimbuster: list[data.Sentence]
    found: list[features.Features]
    hashes: dict[str, str]
    blocks: dict[str, sp.csr_matrix] = field(default_factory=dict)

    @property
    def sentences(self) -> list[data.Sentence]:
        return self.clef + self.claimbuster

    @property
    def labels(self) -> np.ndarray:
        return np.array([s.label for s in self.sentences])

    @property
    def n_clef(self) -> int:
        return len(self.clef)

    def rule_scores(self) -> np.ndarray:
        return np.array([f.values["rule_score"] for f in self.found])

    def matrix(self, setting: Setting) -> sp.csr_matrix:
        hashed = self.blocks["words"] * setting.word_scale + self.blocks["chars"] * setting.char_scale
        return sp.hstack([hashed, self.blocks["rules"] * setting.rule_scale], format="csr")


def _block(rows: list[dict], width: int) -> sp.csr_matrix:
    indptr, indices, values = [0], [], []
    for row in rows:
        for column in sorted(row):
            indices.append(column)
            values.append(row[column])
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(values, dtype=np.float64), np.array(indices, dtype=np.int32),
                          np.array(indptr)), shape=(len(rows), width))


def load_corpus(data_dir: Path, registry: Registry) -> Corpus:
    paths = data.files(data_dir)
    clef = data.load_clef(paths[data.CLEF_FILE])
    claimbuster = data.load_claimbuster(paths[data.CLAIMBUSTER_FILE])
    corpus = Corpus(clef, claimbuster, data.features_of(clef + claimbuster, registry), data.hashes(data_dir))
    words_only = {"buckets": BUCKETS, "char_ngrams": CHAR_NGRAMS, "word_scale": 1.0, "char_scale": 0.0,
                  "rule_scale": 0.0}
    chars_only = dict(words_only, word_scale=0.0, char_scale=1.0)
    texts = [s.text for s in corpus.sentences]
    corpus.blocks["words"] = _block([_hashed(learned.vector(t, {}, words_only)) for t in texts], BUCKETS)
    corpus.blocks["chars"] = _block([_hashed(learned.vector(t, {}, chars_only)) for t in texts], BUCKETS)
    column = {name: i for i, name in enumerate(features.NAMES)}
    corpus.blocks["rules"] = _block([{column[k]: v for k, v in f.values.items() if k in column}
                                     for f in corpus.found], len(features.NAMES))
    return corpus


def _hashed(row: dict) -> dict:
    return {key: value for key, value in row.items() if isinstance(key, int) and value}


# ── Fitting ─────────────────────────────────────────────────────────────────────────────────────

def sample_weights(corpus: Corpus, rows: np.ndarray, setting: Setting) -> np.ndarray:
    weights = np.where(corpus.labels[rows] == 1, setting.positive_weight, 1.0)
    return weights * np.where(rows >= corpus.n_clef, setting.claimbuster_weight, 1.0)


def ratio_scale(corpus: Corpus, matrix: sp.csr_matrix, rows: np.ndarray, setting: Setting) -> np.ndarray:
    """One factor per column: |log-count ratio| ** ratio_power for the n-gram buckets (NB-SVM's scaling: how much
    more often the bucket occurs in positive rows than in negative ones, counted with the sample weights, from
    `rows` only), 1 for the rule features. It lets the L2 penalty favour the buckets that tell the classes apart."""
    scale = np.ones(matrix.shape[1])
    if not setting.ratio_power:
        return scale
    present = (matrix[rows][:, :setting.buckets] != 0).astype(np.float64)
    weights, positive = sample_weights(corpus, rows, setting), corpus.labels[rows] == 1
    in_positive = setting.ratio_smoothing + present.T @ (weights * positive)
    in_negative = setting.ratio_smoothing + present.T @ (weights * ~positive)
    ratio = np.log(in_positive / in_positive.sum()) - np.log(in_negative / in_negative.sum())
    scale[:setting.buckets] = np.abs(ratio) ** setting.ratio_power
    return scale


def fit(corpus: Corpus, matrix: sp.csr_matrix, rows: np.ndarray, setting: Setting) -> LogisticRegression:
    """L2 logistic regression with liblinear's dual solver: about 2 s on 24k rows, several times faster than the
    primal solvers here. The intercept is penalised like a weight (negligible at this many rows). liblinear
    visits the rows in a random order: random_state fixes it, so a rerun rebuilds the same weights.

    The fit sees the columns times ratio_scale(); the factors are then folded into the coefficients, so the
    model returned reads unscaled rows (those of learned.vector()) and the scorer needs no change."""
    scale = ratio_scale(corpus, matrix, rows, setting)
    model = LogisticRegression(C=setting.C, solver="liblinear", dual=True, max_iter=MAX_ITERATIONS,
                               intercept_scaling=1.0, random_state=0)
    model.fit(matrix[rows] @ sp.diags(scale), corpus.labels[rows],
              sample_weight=sample_weights(corpus, rows, setting))
    model.coef_ = model.coef_ * scale
    return model


def in_parallel(function, items) -> list:
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(function, items))


def out_of_fold(corpus: Corpus, setting: Setting, rows: np.ndarray, matrix: sp.csr_matrix,
                folds: int = OUT_OF_FOLD_FOLDS, seed: int = 0) -> np.ndarray:
    """Decision values of the ClaimBuster rows among `rows`, each from a model that did not see its text (the
    CLEF rows always train). Aligned with rows[rows >= n_clef]."""
    cb_rows = rows[rows >= corpus.n_clef]
    order = np.random.default_rng(seed).permutation(len(cb_rows))
    out = np.zeros(len(cb_rows))
    texts = [data.normalised(s.text) for s in corpus.sentences]

    def one(fold: int) -> None:
        held_local = order[fold::folds]
        held_texts = {texts[i] for i in cb_rows[held_local]}
        train = np.array([i for i in rows if texts[i] not in held_texts])
        out[held_local] = fit(corpus, matrix, train, setting).decision_function(matrix[cb_rows[held_local]])

    in_parallel(one, range(folds))
    return out


def sigmoid(values) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(values, dtype=float)))


def platt(decisions: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Calibration p = sigmoid(a·d + b), fitted on decision values the model did not train on."""
    model = LogisticRegression(C=1e6, solver="lbfgs")
    model.fit(decisions.reshape(-1, 1), labels)
    return {"a": float(model.coef_[0, 0]), "b": float(model.intercept_[0])}


def calibrated(decisions: np.ndarray, calibration: dict[str, float]) -> np.ndarray:
    return sigmoid(calibration["a"] * np.asarray(decisions) + calibration["b"])


# ── Measures ────────────────────────────────────────────────────────────────────────────────────

def average_precision(scores, labels) -> float:
    """The mean of the precision at each positive, sentences ranked by score (ties in the given order)."""
    ranked = np.asarray(labels)[np.argsort(-np.asarray(scores), kind="stable")]
    positives = ranked.sum()
    if positives == 0:
        return 0.0
    return float(np.sum(np.cumsum(ranked) / np.arange(1, len(ranked) + 1) * ranked) / positives)


def tie_averaged_ap(scores, labels, rounds: int = 20, seed: int = 0) -> float:
    """Average precision with ties broken at random, averaged over rounds: the rule score has many ties, and
    their order means nothing."""
    generator = np.random.default_rng(seed)
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels)
    total = 0.0
    for _ in range(rounds):
        order = generator.permutation(len(scores))
        total += average_precision(scores[order], labels[order])
    return total / rounds


def mean_ap(scores: np.ndarray, corpus: Corpus, ties: bool = False) -> tuple[float, dict[str, float]]:
    """MAP over the CLEF transcripts, of scores given for the CLEF rows in order."""
    groups = np.array([s.group for s in corpus.clef])
    labels = corpus.labels[:corpus.n_clef]
    measure = tie_averaged_ap if ties else average_precision
    per = {name: measure(scores[groups == name], labels[groups == name]) for name in data.transcripts(corpus.clef)}
    return float(np.mean(list(per.values()))), per


def f1(predicted: np.ndarray, labels: np.ndarray) -> float:
    hits = float(np.sum(predicted & (labels == 1)))
    return 2 * hits / (float(np.sum(predicted)) + float(np.sum(labels == 1))) if hits else 0.0


def precision_recall(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    hits = float(np.sum(predicted & (labels == 1)))
    return hits / max(1, int(predicted.sum())), hits / max(1, int(np.sum(labels == 1)))


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) that maximises F1 over the scores seen: midway between two neighbouring scores."""
    order = np.argsort(-scores, kind="stable")
    ranked_scores, ranked = scores[order], labels[order]
    f1s = 2 * np.cumsum(ranked) / (np.arange(1, len(ranked) + 1) + ranked.sum())
    f1s = np.where(np.append(ranked_scores[1:] < ranked_scores[:-1], True), f1s, -1)  # cut where scores change
    best = int(np.argmax(f1s))
    below = ranked_scores[best + 1] if best + 1 < len(ranked_scores) else ranked_scores[best] - 1
    return float((ranked_scores[best] + below) / 2), float(f1s[best])


def random_map(corpus: Corpus, rounds: int = 100, seed: int = 0) -> float:
    generator = np.random.default_rng(seed)
    return float(np.mean([mean_ap(generator.random(corpus.n_clef), corpus)[0] for _ in range(rounds)]))


def random_f1(labels: np.ndarray, rate: float, rounds: int = 100, seed: int = 0) -> float:
    generator = np.random.default_rng(seed)
    return float(np.mean([f1(generator.random(len(labels)) < rate, labels) for _ in range(rounds)]))
