"""Honest figures for the learned model, next to today's rule score and a random baseline.

  * CLEF 2019 training transcripts, leave-one-transcript-out: for each of the 19 transcripts, train on the
    other 18 and on ClaimBuster less every ClaimBuster sentence whose text occurs in the held-out transcript
    (ClaimBuster holds most of the 2016 debates); rank the held-out transcript's sentences; average precision
    over its positives; the mean over transcripts is the MAP.
  * ClaimBuster: a fixed seeded 20 % of the distinct sentences is held out. Train on the other 80 % and on
    CLEF less the CLEF sentences whose text is in the held-out part. Calibration and threshold come from
    out-of-fold scores of the training part (5 folds), never from the held-out part; F1 of the positive class.
"Model" is the learned model as shipped: its probability, with the plan and plea rules kept
(learned.kept_score); "model alone" leaves them out. Baselines: the rule score (its many ties broken at
random, the mean of 20 draws), flagged at the rules' threshold and at a threshold tuned on the training part;
a random ranking (mean of 100) or random flags at the training base rate (mean of 100).
"""
from __future__ import annotations

import numpy as np

from checker.claims import learned
from checker.claims.training import data
from checker.claims.training import fit as F


def shipped(probabilities: np.ndarray, corpus: F.Corpus, rows: np.ndarray, rules_threshold: float) -> np.ndarray:
    """The scores the product shows for `rows`: probabilities, with the rules the model does not outrank."""
    return np.array([learned.kept_score(p, corpus.found[i].values, rules_threshold)
                     for p, i in zip(probabilities, rows)])


def clef_figures(corpus: F.Corpus, setting: F.Setting, rules_threshold: float) -> dict:
    """Leave-one-transcript-out MAP of the model, the rules and random, overall and per transcript."""
    matrix = corpus.matrix(setting)
    groups = np.array([s.group for s in corpus.clef])
    everything = np.arange(len(corpus.sentences))
    decisions = np.zeros(corpus.n_clef)
    dropped = {}

    def fold(name: str) -> None:
        copies = data.with_texts(corpus.claimbuster, {data.normalised(s.text) for s in corpus.clef if s.group == name})
        dropped[name] = len(copies)
        keep = [i for i in everything if (i >= corpus.n_clef and i - corpus.n_clef not in copies)
                or (i < corpus.n_clef and groups[i] != name)]
        held = np.flatnonzero(groups == name)
        decisions[held] = F.fit(corpus, matrix, np.array(keep), setting).decision_function(matrix[held])

    F.in_parallel(fold, data.transcripts(corpus.clef))
    rules = corpus.rule_scores()[:corpus.n_clef]
    # No calibration inside a fold: the plain sigmoid keeps the order and puts probabilities near the rule scale.
    model_map, per = F.mean_ap(shipped(F.sigmoid(decisions), corpus, np.arange(corpus.n_clef), rules_threshold), corpus)
    rules_map, rules_per = F.mean_ap(rules, corpus, ties=True)
    return {"model": model_map, "model_alone": F.mean_ap(decisions, corpus)[0], "rules": rules_map,
            "random": F.random_map(corpus),
            "per_transcript": {name: [per[name], rules_per[name]] for name in per},
            "claimbuster_copies_dropped": sum(dropped.values())}


def claimbuster_figures(corpus: F.Corpus, setting: F.Setting, rules_threshold: float) -> dict:
    """Held-out F1 of the model (threshold from out-of-fold scores of the training part), of the rules at their
    threshold and at one tuned on the training part, and of random flags."""
    labels = corpus.labels
    train_cb, held_cb = data.claimbuster_split(corpus.claimbuster)
    held_texts = {data.normalised(corpus.claimbuster[i].text) for i in held_cb}
    clef_copies = data.with_texts(corpus.clef, held_texts)
    train = np.array([i for i in range(corpus.n_clef) if i not in clef_copies] + [corpus.n_clef + i for i in train_cb])
    held = np.array([corpus.n_clef + i for i in held_cb])
    cb_train = train[train >= corpus.n_clef]

    matrix = corpus.matrix(setting)
    oof = F.out_of_fold(corpus, setting, train, matrix)
    calibration = F.platt(oof, labels[cb_train])
    threshold, oof_f1 = F.best_threshold(shipped(F.calibrated(oof, calibration), corpus, cb_train, rules_threshold),
                                         labels[cb_train])
    alone = F.calibrated(F.fit(corpus, matrix, train, setting).decision_function(matrix[held]), calibration)
    held_p = shipped(alone, corpus, held, rules_threshold)
    rules = corpus.rule_scores()
    rules_threshold_tuned, _ = F.best_threshold(rules[cb_train], labels[cb_train])
    return {
        "held_out": len(held), "held_out_positive": int(labels[held].sum()), "clef_copies_dropped": len(clef_copies),
        "model": F.f1(held_p >= threshold, labels[held]), "model_threshold": threshold, "model_oof_f1": oof_f1,
        "model_precision_recall": list(F.precision_recall(held_p >= threshold, labels[held])),
        "model_best_threshold_in_hindsight": F.best_threshold(held_p, labels[held])[1],
        "model_alone": F.f1(alone >= threshold, labels[held]),
        "rules": F.f1(rules[held] >= rules_threshold, labels[held]), "rules_threshold": rules_threshold,
        "rules_tuned": F.f1(rules[held] >= rules_threshold_tuned, labels[held]),
        "rules_tuned_threshold": rules_threshold_tuned,
        "random": F.random_f1(labels[held], float(labels[cb_train].mean())),
        "all_positive": F.f1(np.ones(len(held), dtype=bool), labels[held]),
    }
