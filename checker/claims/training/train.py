"""Rebuild the learned check-worthiness model from the labelled data, and print its figures.

What is fitted: scikit-learn's LogisticRegression (liblinear, L2) on the rows learned.vector() describes, from
both labelled sets; a ClaimBuster sentence weighs SETTING.claimbuster_weight CLEF sentences and a positive
SETTING.positive_weight negatives; for the fit the n-gram buckets are scaled by |log-count ratio| **
SETTING.ratio_power (fit.ratio_scale), the factors folded into the weights written. Then, on out-of-fold
decision values of the ClaimBuster sentences (5 folds, CLEF always training): a Platt calibration
(probability = sigmoid(a·log-odds + b)) and the threshold that maximises F1 on those calibrated probabilities.
The validation protocols (validate.py) only print figures; nothing shipped is chosen on them except SETTING,
whose choice the README tells.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from checker.claims import features, learned
from checker.claims.registry import Registry
from checker.claims.training import data, report, validate
from checker.claims.training import fit as F

SETTING = F.Setting(C=0.5, positive_weight=3.0, claimbuster_weight=6.0, ratio_power=0.5)  # chosen on the inner split: see README
MODEL_LANGUAGES = ["en"]  # the n-gram weights are English; other languages keep the rules
FORMAT = 1
EQUIVALENCE_SAMPLE = 2000  # sentences on which the pure-Python scorer is checked against scikit-learn


def fit_final(corpus: F.Corpus, setting: F.Setting, rules_threshold: float) -> tuple[object, dict, float, float]:
    """The model on every sentence, with its calibration and threshold from out-of-fold ClaimBuster scores (as
    shipped: with the rules the model does not outrank)."""
    rows = np.arange(len(corpus.sentences))
    matrix = corpus.matrix(setting)
    cb_rows = rows[corpus.n_clef:]
    oof = F.out_of_fold(corpus, setting, rows, matrix)
    calibration = F.platt(oof, corpus.labels[cb_rows])
    scores = validate.shipped(F.calibrated(oof, calibration), corpus, cb_rows, rules_threshold)
    threshold, oof_f1 = F.best_threshold(scores, corpus.labels[cb_rows])
    return F.fit(corpus, matrix, rows, setting), calibration, threshold, oof_f1


def settings_file(model, setting: F.Setting, calibration: dict, threshold: float, oof_f1: float, corpus: F.Corpus,
                  figures: dict) -> dict:
    coefficients = model.coef_[0]
    return {
        "format": FORMAT,
        "what": "learned check-worthiness, read by checker/claims/learned.py; rebuilt by `flask train`",
        "weights_file": learned.WEIGHTS_FILE,
        "weights_dtype": "float32 little-endian, one per hash bucket",
        "buckets": setting.buckets,
        "hash": "zlib.crc32 of 'w '+token, 'b '+token+' '+token, 'c '+character n-gram (UTF-8), modulo buckets",
        "char_ngrams": list(setting.char_ngrams),
        "word_ngrams": [1, 2],
        "word_scale": setting.word_scale,
        "char_scale": setting.char_scale,
        "rule_scale": setting.rule_scale,
        "ngram_weights_how": "fitted on n-gram columns times |log-count ratio| ** "
                             f"{setting.ratio_power:g} (NB-SVM scaling, from the training rows), the factors "
                             "folded into the weights written: the rows to score are not scaled",
        "intercept": float(model.intercept_[0]),
        "rule_weights": {name: float(coefficients[setting.buckets + i]) for i, name in enumerate(features.NAMES)},
        "calibration": calibration,
        "threshold": threshold,
        "threshold_how": "maximises F1 of the calibrated out-of-fold probabilities (plan and plea rules kept) of "
                         f"the ClaimBuster training sentences ({F.OUT_OF_FOLD_FOLDS} folds, CLEF always training; "
                         f"out-of-fold F1 {oof_f1:.3f})",
        "languages": MODEL_LANGUAGES,
        "training": {"setting": asdict(setting), "sentences": {"clef": corpus.n_clef,
                                                               "claimbuster": len(corpus.claimbuster)}},
        "data_sha256": corpus.hashes,
        "validation": figures,
    }


def write(model, settings: dict, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    weights = np.asarray(model.coef_[0][:settings["buckets"]], dtype="<f4")
    (directory / learned.WEIGHTS_FILE).write_bytes(weights.tobytes())
    (directory / learned.MODEL_FILE).write_text(json.dumps(settings, indent=1, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
    learned.load.cache_clear()


def equivalence(corpus: F.Corpus, model, setting: F.Setting, directory: Path) -> float:
    """The largest difference between the pure-Python log-odds of the written files and scikit-learn's."""
    scorer = learned.Model(json.loads((directory / learned.MODEL_FILE).read_text(encoding="utf-8")), directory)
    rows = np.linspace(0, len(corpus.sentences) - 1, EQUIVALENCE_SAMPLE).astype(int)
    expected = model.decision_function(corpus.matrix(setting)[rows])
    got = np.array([scorer.decision(corpus.sentences[i].text, corpus.found[i].values) for i in rows])
    return float(np.max(np.abs(got - expected)))


def main(data_dir: Path, registry: Registry, rules_threshold: float, directory: Path = learned.MODEL_DIR,
         check: bool = True, echo=print) -> dict:
    """Validate (unless `check` is off), fit on everything, write the model files; returns model.json."""
    corpus = F.load_corpus(data_dir, registry)
    echo(f"data: {corpus.n_clef} CLEF sentences in {len(data.transcripts(corpus.clef))} transcripts, "
         f"{len(corpus.claimbuster)} ClaimBuster sentences; SHA-256 {corpus.hashes}")
    figures: dict = {}
    if check:
        figures["clef_loto_map"] = validate.clef_figures(corpus, SETTING, rules_threshold)
        figures["claimbuster_held_out_f1"] = validate.claimbuster_figures(corpus, SETTING, rules_threshold)
        report.print_figures(figures["clef_loto_map"], figures["claimbuster_held_out_f1"], echo)
    model, calibration, threshold, oof_f1 = fit_final(corpus, SETTING, rules_threshold)
    settings = settings_file(model, SETTING, calibration, threshold, oof_f1, corpus, figures)
    write(model, settings, directory)
    echo(f"model: every sentence ({len(corpus.sentences)}); threshold {threshold:.3f} "
         f"({settings['threshold_how']}); written to {directory}")
    echo(f"pure-Python scorer against scikit-learn: largest log-odds difference "
         f"{equivalence(corpus, model, SETTING, directory):.2e} on {EQUIVALENCE_SAMPLE} sentences")
    return settings
