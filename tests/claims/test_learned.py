"""The learned check-worthiness scorer: its arithmetic against the training rows, its reasons, the committed
model's files and record, and the training round trip (when scikit-learn is installed)."""
from __future__ import annotations

import json
import math
import random
from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.claims import checkworthiness, features, learned
from checker.claims.training import (
    data as training_data,  # standard library only, like the scorer
)
from tests.support.files import ROOT

SENTENCES = [
    "Homicides last year increased by 17 percent in America's fifty largest cities.",
    "Thank you very much, everybody.",
    "According to the report, Russia launched 1,000 drones and plans to launch more within three months.",
    "I think we should do better, don't you?",
    "",
    "... and the -- the Iran deal gave back $150 billion!",
]
# Letters whose lower case is longer (İ), or depends on what follows (Σ), or is several letters (ß stays, ǅ),
# digits, marks and typographic quotes: the scorer reads the keys and the words as written in one pass only
# where that gives what reading them apart gives.
UNUSUAL = [
    "İstanbul's mayor said 12 İ-shaped towers rose in 2019.",
    "ΟΔΟΣ'Α and ΟΔΟΣ. Σ ended the ΣΟΦΙΑ talks, officials said.",
    "Straße ﬁnance ǅemal and “quoted” words — $4,000 — rose 17 % on Tuesday.",
    "   ",
]
SENTENCE_ALPHABET = st.one_of(st.sampled_from(list("abcAB İIıΣσςßǅ'’“”.,-–—$%0123456789 \u00a0")),
                              st.characters(exclude_categories=["Cs"]))  # text comes decoded: no lone surrogates
DATA_DIR = ROOT.parent / "shared" / "data"
MAX_MODEL_BYTES = 5 * 1024 * 1024


def found(sentence: str, lang: str = "en") -> features.Features:
    verdict = checkworthiness.assess(sentence, lang, [], [], [], None)
    return features.find(sentence, [], [], [], None, verdict)


@pytest.fixture()
def random_model(tmp_path):
    """A small model with random weights, written as `flask train` writes one."""
    rng = random.Random(7)
    buckets = 1 << 12
    (tmp_path / learned.WEIGHTS_FILE).write_bytes(array("f", (rng.gauss(0, 1) for _ in range(buckets))).tobytes())
    settings = {"buckets": buckets, "char_ngrams": [2, 5], "word_scale": 0.7, "char_scale": 1.3, "rule_scale": 2.0,
                "intercept": -1.5, "rule_weights": {name: rng.gauss(0, 1) for name in features.NAMES},
                "calibration": {"a": 0.9, "b": 0.1}, "threshold": 0.4, "languages": ["en"]}
    (tmp_path / learned.MODEL_FILE).write_text(json.dumps(settings))
    return learned.Model(settings, tmp_path)


def test_character_ngrams_are_scikit_learns_char_wb_for_one_word():
    text = pytest.importorskip("sklearn.feature_extraction.text")
    analyzer = text.CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False).build_analyzer()
    for word in ("a", "ab", "abc", "abcd", "percent", "0,000", "prévoit"):
        assert learned.char_ngrams(word, 2, 5) == analyzer(word)


def test_the_decision_is_the_dot_product_of_the_training_row(random_model):
    for sentence in SENTENCES:
        values = found(sentence).values
        row = learned.vector(sentence, values, random_model.settings)
        expected = random_model.intercept + sum(
            value * (random_model.weights[key] if isinstance(key, int) else random_model.settings["rule_weights"][key])
            for key, value in row.items())
        assert random_model.decision(sentence, values) == pytest.approx(expected, abs=1e-9)


def test_the_explained_probability_is_the_calibrated_decision(random_model):
    for sentence in SENTENCES:
        probability, reasons = random_model.explain(sentence, found(sentence))
        z = 0.9 * random_model.decision(sentence, found(sentence).values) + 0.1
        assert probability == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-9)
        assert len(reasons) <= learned.REASONS_SHOWN and all(isinstance(r, str) and r for r in reasons)


@pytest.mark.parametrize("sentence", UNUSUAL)
def test_unusual_letters_score_as_the_training_row_and_show_their_words_as_written(random_model, sentence):
    probability, reasons = random_model.explain(sentence, found(sentence))
    assert probability == pytest.approx(random_model.probability(random_model.decision(sentence, found(sentence).values)),
                                        rel=1e-12)
    for reason in reasons:
        if reason.startswith("the word"):
            assert all(word in sentence for word in reason.split('"')[1].split(" "))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(SENTENCE_ALPHABET, max_size=120))
def test_any_text_scores_as_the_training_row_and_shows_its_words_as_written(random_model, sentence):
    test_unusual_letters_score_as_the_training_row_and_show_their_words_as_written(random_model, sentence)


def test_a_token_kept_from_an_earlier_sentence_scores_as_a_fresh_one(random_model, tmp_path):
    warm = [random_model.decision(s, {}) for s in SENTENCES * 2]
    cold = [learned.Model(random_model.settings, tmp_path).decision(s, {}) for s in SENTENCES * 2]
    assert warm == cold


def test_digits_are_read_as_zero_but_shown_as_written(random_model):
    assert random_model.decision("It cost $4,000.", {}) == random_model.decision("It cost $9,876.", {})
    words = [r for r in random_model.explain("It cost $4,000 in 2019.", found("It cost $4,000 in 2019."))[1]
             if "word" in r]
    assert not any('"0' in r for r in words)


def test_reasons_say_their_words_and_which_ones_lowered_the_score(random_model, tmp_path):
    settings = dict(random_model.settings, rule_weights={"question_mark": -9.0, "figure_with_unit": 9.0,
                                                         "kind_opinion": 20.0})
    model = learned.Model(settings, tmp_path)
    sentence = "Did they ship 1 000 drones?"
    quantities = [{"value": 1000, "unit": "drone", "text": "1 000 drones", "bound": "exact", "start": 14}]
    verdict = checkworthiness.assess(sentence, "en", quantities, [], [], None)
    _, reasons = model.explain(sentence, features.find(sentence, quantities, [], [], None, verdict))
    assert reasons[:2] == ["a figure (1 000 drones)", "a question mark" + learned.AGAINST]
    assert not any("kind" in reason for reason in reasons)  # counted, never shown


def test_function_words_and_marks_are_never_shown_as_reasons(random_model):
    for sentence in SENTENCES:
        for reason in random_model.explain(sentence, found(sentence))[1]:
            if reason.startswith("the word"):
                shown = reason.split('"')[1].lower().split()
                assert all(word.isalpha() for word in shown)
                assert any(word not in {"the", "of", "to", "and", "a", "in"} for word in shown)


def test_languages_the_model_does_not_know_keep_the_rules_and_their_reasons_in_words(random_model):
    sentence = "Selon le rapport, 1 200 emplois ont été supprimés en 2022."
    quantities = [{"value": 1200, "unit": "emploi", "text": "1 200 emplois", "bound": "exact", "start": 18}]
    verdict = checkworthiness.assess(sentence, "fr", quantities, [], [], None)
    judged = learned.judge(sentence, "fr", verdict, features.find(sentence, quantities, [], [], None, verdict), 0.5,
                           random_model)
    assert judged.score == verdict.score and judged.checkworthy == (verdict.score >= 0.5)
    assert "a figure (1 200 emplois)" in judged.reasons


def test_english_gets_the_models_probability_and_threshold(random_model):
    sentence = SENTENCES[0]
    verdict = checkworthiness.assess(sentence, "en", [], [], [], None)
    judged = learned.judge(sentence, "en-GB", verdict, found(sentence), 0.5, random_model)
    assert judged.score == random_model.explain(sentence, found(sentence))[0]
    assert judged.checkworthy == (judged.score >= random_model.threshold)


def test_without_model_files_every_language_keeps_the_rules(tmp_path):
    assert learned.load(tmp_path) is None
    verdict = checkworthiness.assess(SENTENCES[0], "en", [], [], [], None)
    judged = learned.judge(SENTENCES[0], "en", verdict, found(SENTENCES[0]), 0.5, learned.load(tmp_path))
    assert judged.score == verdict.score


# ── the committed model ─────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def committed():
    settings = json.loads((learned.MODEL_DIR / learned.MODEL_FILE).read_text(encoding="utf-8"))
    return settings


def test_the_committed_model_is_small_english_and_says_how_its_threshold_was_chosen(committed):
    size = sum(path.stat().st_size for path in learned.MODEL_DIR.iterdir())
    assert size <= MAX_MODEL_BYTES
    assert committed["languages"] == ["en"]
    assert 0 < committed["threshold"] < 1 and "F1" in committed["threshold_how"]
    assert set(committed["rule_weights"]) == set(features.NAMES)
    assert learned.load().weights.buffer_info()[1] == committed["buckets"]


def test_the_committed_model_records_the_data_it_was_trained_on(committed):
    assert set(committed["data_sha256"]) == {training_data.CLEF_FILE, training_data.CLAIMBUSTER_FILE}
    if not (DATA_DIR / "checkworthy").is_dir():
        pytest.skip("../shared/data/checkworthy/ is not here")
    assert committed["data_sha256"] == training_data.hashes(DATA_DIR)


def test_the_committed_model_met_its_goals_when_validated(committed):
    figures = committed["validation"]
    assert figures["clef_loto_map"]["model"] >= 0.17
    assert figures["clef_loto_map"]["model"] > figures["clef_loto_map"]["rules"] > figures["clef_loto_map"]["random"]
    assert figures["claimbuster_held_out_f1"]["model"] > figures["claimbuster_held_out_f1"]["rules_tuned"]


# ── training round trip ─────────────────────────────────────────────────────────────────────────

def test_the_pure_python_scorer_equals_the_trained_decision_function(tmp_path):
    pytest.importorskip("sklearn")
    import numpy as np

    from checker.claims.training import fit, train

    texts = [line.split("\t") for line in (ROOT / "tests" / "fixtures" / "checkworthy" / "standins.tsv")
             .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    sentences = [training_data.Sentence(english, int(label), "claimbuster", i)
                 for i, (_, label, _, english) in enumerate(texts)]
    corpus = fit.Corpus([], sentences, [found(s.text) for s in sentences], {})
    setting = fit.Setting(buckets=1 << 12, positive_weight=2.0, ratio_power=0.5)
    width = setting.buckets

    def hashed(weights_only: dict) -> list[dict]:
        return [{k: v for k, v in learned.vector(s.text, {}, dict(setting.vector_settings(), **weights_only)).items()
                 if isinstance(k, int)} for s in sentences]

    corpus.blocks = {"words": fit._block(hashed({"char_scale": 0.0}), width),
                     "chars": fit._block(hashed({"word_scale": 0.0}), width),
                     "rules": fit._block([{features.NAMES.index(k): v for k, v in f.values.items()}
                                          for f in corpus.found], len(features.NAMES))}
    model = fit.fit(corpus, corpus.matrix(setting), np.arange(len(sentences)), setting)
    settings = train.settings_file(model, setting, {"a": 1.0, "b": 0.0}, 0.5, 0.0, corpus, {})
    train.write(model, settings, tmp_path)
    scorer = learned.Model(settings, tmp_path)
    expected = model.decision_function(corpus.matrix(setting))
    got = [scorer.decision(s.text, f.values) for s, f in zip(sentences, corpus.found)]
    assert np.max(np.abs(np.array(got) - expected)) < 1e-5  # float32 weights

    # The log-count-ratio scaling is folded into the weights: unscaled rows get the scaled fit's decisions.
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    rows = np.arange(len(sentences))
    scaled = corpus.matrix(setting) @ sp.diags(fit.ratio_scale(corpus, corpus.matrix(setting), rows, setting))
    direct = LogisticRegression(C=setting.C, solver="liblinear", dual=True, max_iter=fit.MAX_ITERATIONS,
                                random_state=0).fit(scaled, corpus.labels, sample_weight=fit.sample_weights(
                                    corpus, rows, setting))
    assert np.max(np.abs(direct.decision_function(scaled) - expected)) < 1e-9


# ── evaluating the shipped model on labelled files it never saw ──────────────────────────────────────────

def test_labelled_files_of_each_kind_are_read_and_others_refused_in_one_line(tmp_path):
    (tmp_path / "two_class.json").write_text(json.dumps([{"sentence_id": 7, "label": 1, "text": "Taxes rose 4 %."},
                                                         {"sentence_id": 8, "label": 0, "text": "Thank you."}]))
    (tmp_path / "debates.csv").write_text("line_number,speaker,text,label,file_name\n"
                                          "1,A,Jobs fell by 2 million.,1,20160209_x.tsv\n2,B,Good evening.,0,20160209_x.tsv\n")
    (tmp_path / "20170928_trump.tsv").write_text("1\tTRUMP\tWe cut taxes by 30 %.\t1\n2\tTRUMP\tThank you.\t0\n")
    for name, group in (("two_class.json", "two_class.json"), ("debates.csv", "20160209_x.tsv"),
                        ("20170928_trump.tsv", "20170928_trump.tsv")):
        read = training_data.load_labelled(tmp_path / name)
        assert [(s.label, s.group) for s in read] == [(1, group), (0, group)]
    assert training_data.published(training_data.load_labelled(tmp_path / "20170928_trump.tsv")[0]).year == 2017
    (tmp_path / "notes.csv").write_text("title,body\nx,y\n")
    for bad in ("notes.csv", "missing.json"):
        with pytest.raises(ValueError, match="not a labelled file this reads"):
            training_data.load_labelled(tmp_path / bad)


def test_the_benchmark_scores_a_labelled_file_with_the_shipped_model_and_refuses_a_bad_one(tmp_path):
    import subprocess
    import sys
    labelled = tmp_path / "two_class.json"
    labelled.write_text(json.dumps([{"label": 1, "text": "Unemployment rose by 4 % in 2015, to 3.2 million people."},
                                    {"label": 0, "text": "Thank you very much, and good evening."}]))
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "checkworthiness.py"), "--evaluate", str(labelled)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "MAP 1.000 over 1 transcript(s)" in run.stdout and "nothing fitted here" in run.stdout
    refused = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "checkworthiness.py"), "--evaluate",
                              str(tmp_path / "none.json")], capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("sentence, attribution, shown", [
    ("Selon le Washington Post, les responsables ont écarté la piste.",
     {"source": "The Washington Post", "cue": "Selon", "cue_start": 0, "cue_end": 5}, "Selon le Washington Post"),
    ("Moscou et Téhéran ont conclu un accord, a rapporté samedi le Washington Post.",
     {"source": "The Washington Post", "cue": "a rapporté", "cue_start": 40, "cue_end": 50},
     "a rapporté: The Washington Post"),
])
def test_an_attributed_reason_names_the_source_once(sentence, attribution, shown):
    verdict = checkworthiness.assess(sentence, "fr", [], [], [], attribution)
    found = features.find(sentence, [], [], [], attribution, verdict)
    assert features.in_words("named_source", found) == f"attributed ({shown})"
