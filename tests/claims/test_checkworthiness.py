"""The other steps' outputs are built by hand here, so these tests do not depend on them."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.claims import checkworthiness as cw
from checker.claims.checkworthiness import KINDS, Verdict, assess

THRESHOLD = 0.5  # claims.py flags score >= 0.5 as check-worthy


def q(value, unit, text, bound="exact"):
    return {"value": value, "unit": unit, "text": text, "bound": bound}


def d(text, value):
    return {"text": text, "value": value}


def per(text):
    return {"text": text, "type": "PER"}


def loc(text):
    return {"text": text, "type": "LOC"}


def org(text):
    return {"text": text, "type": "ORG"}


def src(source, cue, source_id=None):
    return {"source": source, "source_id": source_id, "cue": cue}


def case(sentence, quantities=(), dates=(), entities=(), attribution=None):
    return sentence, list(quantities), list(dates), list(entities), attribution


def score(lang, sentence, quantities, dates, entities, attribution):
    return assess(sentence, lang, quantities, dates, entities, attribution).score


FRENCH_CHECKABLE = [
    case("Quelque 400 drones auraient été largués sur diverses cibles en Ukraine, frappant des quartiers civils.",
         [q(400, "drone", "Quelque 400 drones", "about")], [], [loc("Ukraine")]),
    case("Depuis le 11 novembre, la Russie a lancé environ 150 missiles et plus de 25 drones kamikazes contre "
         "l’Ukraine, selon le chef adjoint de l’état-major ukrainien Oleksii Hromov jeudi.",
         [q(150, "missile", "environ 150 missiles", "about"), q(25, "drone", "plus de 25 drones", "at least")],
         [d("le 11 novembre", "2022-11-11"), d("jeudi", "2022-11-17")],
         [loc("Russie"), loc("Ukraine"), per("Oleksii Hromov")], src("Oleksii Hromov", "selon")),
    case("Plus de 100 des frappes aériennes menées au cours de la période de six jours ont été bloquées par les "
         "défenses aériennes ukrainiennes.",
         [q(100, "frappe", "Plus de 100 des frappes", "at least"), q(6, "jour", "six jours")]),
    case("Moscou et Téhéran ont conclu un accord pour fabriquer des drones sur le sol russe, a rapporté samedi "
         "le Washington Post.", [], [d("samedi", "2022-11-19")],
         [loc("Moscou"), loc("Téhéran"), org("Washington Post")],
         src("The Washington Post", "a rapporté", "washington-post")),
    case("En août, 1 000 drones fournis par l’Iran ont été expédiés en Russie.",
         [q(1000, "drone", "1 000 drones")], [d("En août", "2022-08")], [loc("Iran"), loc("Russie")]),
    case("Le chômage a baissé à 7,3 % au troisième trimestre, selon l’Insee.",
         [q(7.3, "%", "7,3 %")], [d("troisième trimestre", "2022-09")], [org("Insee")], src("Insee", "selon", "insee")),
    case("Le Sénat a adopté mardi le projet de loi par 210 voix contre 115.",
         [q(210, "voix", "210 voix"), q(115, "", "115")], [d("mardi", "2022-11-15")], [org("Sénat")]),
    case("M. Macron a annoncé jeudi une aide de 300 millions d’euros à l’Ukraine.",
         [q(300_000_000, "euro", "300 millions d’euros")], [d("jeudi", "2022-11-17")],
         [per("Macron"), loc("Ukraine")], src("Emmanuel Macron", "a annoncé")),
    case("Un missile ukrainien s’est écrasé en Pologne et a tué deux personnes, selon la police polonaise.",
         [q(2, "personne", "deux personnes")], [], [loc("Pologne"), org("police polonaise")],
         src("police polonaise", "selon")),
    case("La Banque centrale européenne a relevé ses taux de 0,75 point le 27 octobre.",
         [q(0.75, "point", "0,75 point")], [d("le 27 octobre", "2022-10-27")], [org("Banque centrale européenne")]),
    case("Le secrétaire à la Défense Lloyd Austin a déclaré cette semaine que quelque 50 nations alliées "
         "cherchaient à envoyer des défenses aériennes à l’Ukraine.",
         [q(50, "nation", "quelque 50 nations", "about")], [d("cette semaine", "2022-11")],
         [per("Lloyd Austin"), loc("Ukraine")], src("Lloyd Austin", "a déclaré", "lloyd-austin")),
    case("Le Parlement ukrainien a adopté la loi jeudi.", [], [d("jeudi", "2022-11-17")], [org("Parlement ukrainien")]),
]

FRENCH_NOT_CHECKABLE = [
    case("Je pense qu’il faut aider davantage l’Ukraine.", entities=[loc("Ukraine")]),
    case("On ne sait pas quelle conception de drone serait utilisée pour la production en Russie.",
         entities=[loc("Russie")]),
    case("Mais le dernier accord de la Russie avec Téhéran pourrait augmenter sa capacité à produire plus de drones.",
         entities=[loc("Russie"), loc("Téhéran")]),
    case("Bonjour à tous et bienvenue dans cette nouvelle édition."),
    case("Merci de votre lecture et à bientôt !"),
    case("Que va-t-il se passer maintenant ?"),
    case("Fox News n’a pas pu joindre le Pentagone pour un commentaire.",
         entities=[org("Fox News"), org("Pentagone")]),
    case("Le ministère n’a pas répondu à notre demande de commentaire.", entities=[org("ministère")]),
    case("Il faudrait peut-être repenser toute la stratégie."),
    case("À mon avis, c’est une décision scandaleuse."),
    case("Il est possible que la guerre dure encore longtemps."),
    case("Je trouve que 1 000 drones, c’est beaucoup trop.", [q(1000, "drone", "1 000 drones")]),
    case("Pourquoi l’Occident hésite-t-il encore ?", entities=[loc("Occident")]),
]

ENGLISH_CHECKABLE = [
    case("The Pentagon said on Tuesday that 1,200 troops had been deployed to Poland.",
         [q(1200, "troop", "1,200 troops")], [d("on Tuesday", "2022-11-15")], [org("Pentagon"), loc("Poland")],
         src("Pentagon", "said", "pentagon")),
    case("Russia launched about 150 missiles at Ukraine between Nov. 11 and Nov. 17, according to the "
         "Ukrainian general staff.",
         [q(150, "missile", "about 150 missiles", "about")],
         [d("Nov. 11", "2022-11-11"), d("Nov. 17", "2022-11-17")], [loc("Russia"), loc("Ukraine")],
         src("Ukrainian general staff", "according to")),
    case("Unemployment fell to 3.5% in October, the Bureau of Labor Statistics reported.",
         [q(3.5, "%", "3.5%")], [d("in October", "2022-10")], [org("Bureau of Labor Statistics")],
         src("Bureau of Labor Statistics", "reported", "bls")),
    case("Defense Secretary Lloyd J. Austin III announced $400 million in new military aid on Friday.",
         [q(400_000_000, "dollar", "$400 million")], [d("on Friday", "2022-11-18")], [per("Lloyd J. Austin III")]),
    case("More than 100 of the strikes were blocked by Ukrainian air defences.",
         [q(100, "strike", "More than 100 of the strikes", "at least")]),
    case("Iran shipped 1,000 drones to Russia in August.",
         [q(1000, "drone", "1,000 drones")], [d("in August", "2022-08")], [loc("Iran"), loc("Russia")]),
    case("The Senate voted 52 to 48 on Wednesday to confirm the nominee.",
         [q(52, "", "52"), q(48, "", "48")], [d("on Wednesday", "2022-11-16")], [org("Senate")]),
    case("A Ukrainian air defence missile crashed in Poland and killed two people, officials said.",
         [q(2, "person", "two people")], [], [loc("Poland")], src(None, "said")),
    case("Moscow and Tehran agreed in early November to build drones on Russian soil, The Washington Post "
         "reported Saturday.", [], [d("early November", "2022-11"), d("Saturday", "2022-11-19")],
         [loc("Moscow"), loc("Tehran"), org("The Washington Post")],
         src("The Washington Post", "reported", "washington-post")),
    case("The company reported revenue of 2.3 billion dollars for 2021.",
         [q(2_300_000_000, "dollar", "2.3 billion dollars")], [d("2021", "2021")]),
    case("NATO Secretary General Jens Stoltenberg said Russia bears ultimate responsibility for the deaths "
         "in Poland.", [], [], [org("NATO"), per("Jens Stoltenberg"), loc("Russia"), loc("Poland")],
         src("Jens Stoltenberg", "said")),
    case("Ukraine's parliament passed the law on Thursday.", [], [d("on Thursday", "2022-11-17")], [loc("Ukraine")]),
]

ENGLISH_NOT_CHECKABLE = [
    case("I believe we should do much more to help Ukraine.", entities=[loc("Ukraine")]),
    case("It is unclear which drone design would be used."),
    case("The deal could also speed up Russia's ability to rebuild its forces.", entities=[loc("Russia")]),
    case("Thanks for reading, and see you next week!"),
    case("Good morning, everyone."),
    case("What happens next?"),
    case("The Pentagon did not immediately respond to a request for comment.", entities=[org("Pentagon")]),
    case("Fox News Digital could not reach the White House for comment.",
         entities=[org("Fox News Digital"), org("White House")]),
    case("We must stand together against tyranny."),
    case("Perhaps the war might end sooner than many think."),
    case("In my opinion, this is a disgraceful decision."),
    case("Will the sanctions work?"),
    case("I think 1,000 drones is far too many.", [q(1000, "drone", "1,000 drones")]),
]


@pytest.mark.parametrize("lang, checkable, not_checkable", [
    ("fr", FRENCH_CHECKABLE, FRENCH_NOT_CHECKABLE),
    ("en", ENGLISH_CHECKABLE, ENGLISH_NOT_CHECKABLE),
], ids=["french", "english"])
def test_every_checkable_sentence_ranks_above_every_non_checkable_one(lang, checkable, not_checkable):
    lowest_checkable = min((score(lang, *c), c[0]) for c in checkable)
    highest_other = max((score(lang, *c), c[0]) for c in not_checkable)
    assert lowest_checkable[0] > highest_other[0], (lowest_checkable, highest_other)


@pytest.mark.parametrize("lang, checkable, not_checkable", [
    ("fr", FRENCH_CHECKABLE, FRENCH_NOT_CHECKABLE),
    ("en", ENGLISH_CHECKABLE, ENGLISH_NOT_CHECKABLE),
], ids=["french", "english"])
def test_threshold_separates_checkable_from_non_checkable(lang, checkable, not_checkable):
    assert [c[0] for c in checkable if score(lang, *c) < THRESHOLD] == []
    assert [c[0] for c in not_checkable if score(lang, *c) >= THRESHOLD] == []


# ── the seed's sentences ───────────────────────────────────────────────────────────────────────

SEED_FIGURES = [c for c in FRENCH_CHECKABLE[:3]]


@pytest.mark.parametrize("sentence, quantities, dates, entities, attribution", SEED_FIGURES)
def test_seed_figure_sentences_are_checkworthy_statistics(sentence, quantities, dates, entities, attribution):
    verdict = assess(sentence, "fr", quantities, dates, entities, attribution)
    assert verdict.score >= THRESHOLD
    assert verdict.kind == "statistic"
    assert "number with unit" in verdict.reasons


def test_seed_thousand_drones_sentence_is_a_checkworthy_statistic():
    sentence = ("Les États-Unis ont d’abord révélé les plans iraniens de “offrir” à la Russie des centaines de "
                "drones Shahed-136 plus tôt cette année et en août, 1 000 drones fournis par l’Iran ont été expédiés "
                "en Russie avant d’être largués sur des cibles civiles en Ukraine.")
    verdict = assess(sentence, "fr", [q(1000, "drone", "1 000 drones")], [d("en août", "2022-08")],
                     [loc("États-Unis"), loc("Russie"), loc("Iran"), loc("Ukraine")], None)
    assert verdict.score >= THRESHOLD and verdict.kind == "statistic"


def test_seed_agreement_reported_by_the_post_is_a_checkworthy_report():
    verdict = assess(*FRENCH_CHECKABLE[3][:1], "fr", *FRENCH_CHECKABLE[3][1:])
    assert verdict.score >= THRESHOLD
    assert verdict.kind in ("report", "event")
    assert "attributed to a named source" in verdict.reasons


SEED_UNKNOWN_DESIGN = ("On ne sait pas quelle conception de drone serait utilisée pour la production en Russie, mais "
                       "selon le rapport, les responsables des deux pays travaillent sur le transfert des composants "
                       "clés et prévoient de mettre la fabrication en marche dans les trois mois.")
SEED_COULD_INCREASE = ("Mais le dernier accord de la Russie avec Téhéran pourrait non seulement augmenter sa capacité à "
                       "produire plus de drones, mais aussi augmenter rapidement le temps qu’il faudrait pour remettre "
                       "en état ses troupes à la fois en Ukraine et dans les régions frontalières de Russie et de "
                       "Biélorussie.")


def test_seed_unknown_design_sentence_scores_below_the_figure_sentences():
    unknown = assess(SEED_UNKNOWN_DESIGN, "fr", [q(2, "pays", "deux pays"), q(3, "mois", "trois mois")], [],
                     [loc("Russie")], src("The Washington Post", "selon le rapport", "washington-post"))
    figures = [assess(s, "fr", qs, ds, es, a) for s, qs, ds, es, a in SEED_FIGURES]
    assert unknown.score < min(v.score for v in figures)
    assert "hedged or speculative wording" in unknown.reasons


def test_seed_could_increase_sentence_is_a_prediction_not_checkworthy():
    verdict = assess(SEED_COULD_INCREASE, "fr", [], [],
                     [loc("Russie"), loc("Téhéran"), loc("Ukraine"), loc("Biélorussie")], None)
    assert verdict.kind == "prediction"
    assert verdict.score < THRESHOLD


def test_seed_request_for_comment_clause_does_not_sink_the_reported_fact():
    sentence = ("Fox News n’a pas pu joindre immédiatement le Pentagone pour un commentaire, mais selon le rapport, "
                "les responsables du renseignement américain ont récemment appris l’accord conclu par les deux "
                "nations début novembre.")
    verdict = assess(sentence, "fr", [q(2, "nation", "deux nations")], [d("début novembre", "2022-11")],
                     [org("Fox News"), org("Pentagone")], src("The Washington Post", "selon le rapport", "washington-post"))
    assert verdict.score >= THRESHOLD
    assert "includes a request-for-comment clause" in verdict.reasons


def test_seed_article_with_no_features_still_ranks_figures_above_speculation(seed_text):
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", seed_text)]

    def verdict_for(prefix):
        sentence = next(p for p in paragraphs if p.startswith(prefix))
        return assess(sentence, "fr", [], [], [], None)

    figures = [verdict_for("Quelque 400 drones"), verdict_for("Depuis le 11 novembre"), verdict_for("Plus de 100 des")]
    assert all(v.score >= THRESHOLD and v.kind == "statistic" for v in figures)
    assert verdict_for("On ne sait pas").score < min(v.score for v in figures)
    assert verdict_for("Mais le dernier accord").kind == "prediction"


# ── single signals ─────────────────────────────────────────────────────────────────────────────

def test_conditional_mood_lowers_a_little_but_a_reported_figure_stays_checkable():
    plain = assess("Quelque 400 drones ont été largués sur l’Ukraine.", "fr",
                   [q(400, "drone", "Quelque 400 drones", "about")], [], [loc("Ukraine")], None)
    conditional = assess("Quelque 400 drones auraient été largués sur l’Ukraine.", "fr",
                         [q(400, "drone", "Quelque 400 drones", "about")], [], [loc("Ukraine")], None)
    assert plain.score - 0.1 <= conditional.score < plain.score
    assert conditional.score >= THRESHOLD
    assert "conditional or unconfirmed wording" in conditional.reasons


def test_question_is_marked_and_scored_low():
    verdict = assess("Did Russia launch 150 missiles last week?", "en",
                     [q(150, "missile", "150 missiles")], [d("last week", "2022-11")], [loc("Russia")], None)
    assert "question" in verdict.reasons
    assert verdict.score < assess("Russia launched 150 missiles last week.", "en",
                                  [q(150, "missile", "150 missiles")], [d("last week", "2022-11")],
                                  [loc("Russia")], None).score


def test_procedural_line_is_marked_as_request_for_comment():
    verdict = assess("The Kremlin did not immediately respond to a request for comment.", "en", [], [],
                     [org("Kremlin")], None)
    assert "procedural line (request for comment)" in verdict.reasons
    assert verdict.score < THRESHOLD


def test_attributed_quotation_is_a_quote_and_its_opinion_words_belong_to_the_speaker():
    sentence = "« Nous devons absolument renforcer la défense aérienne de l’Ukraine », a déclaré Lloyd Austin mardi."
    verdict = assess(sentence, "fr", [], [d("mardi", "2022-11-15")], [per("Lloyd Austin"), loc("Ukraine")],
                     src("Lloyd Austin", "a déclaré", "lloyd-austin"))
    assert verdict.kind == "quote"
    assert "opinion wording" not in verdict.reasons
    assert verdict.score >= THRESHOLD


def test_scare_quotes_around_a_word_do_not_make_a_quote():
    verdict = assess("Les États-Unis ont révélé les plans iraniens de “offrir” des drones à la Russie.", "fr",
                     [], [], [loc("États-Unis"), loc("Russie")], None)
    assert verdict.kind != "quote"


def test_reasons_name_counts_of_actors():
    verdict = assess("Moscow, Tehran and Minsk signed a deal.", "en", [], [],
                     [loc("Moscow"), loc("Tehran"), loc("Minsk")], None)
    assert "names 3 actors" in verdict.reasons
    assert verdict.kind == "event"


def test_month_name_may_is_not_a_hedge():
    verdict = assess("In May 2022, Russia launched 80 missiles at Kyiv.", "en",
                     [q(80, "missile", "80 missiles")], [d("May 2022", "2022-05")], [loc("Russia"), loc("Kyiv")], None)
    assert "hedged or speculative wording" not in verdict.reasons


def test_retrait_is_a_noun_not_a_conditional_verb():
    verdict = assess("La Russie a subi sa plus grande perte depuis son retrait de Kharkiv en septembre.", "fr",
                     [], [d("en septembre", "2022-09")], [loc("Russie"), loc("Kharkiv")], None)
    assert "conditional or unconfirmed wording" not in verdict.reasons


def test_qu_il_faudrait_is_not_an_opinion():
    verdict = assess("Le temps qu’il faudrait pour remettre en état ses troupes a doublé.", "fr", [], [], [], None)
    assert "opinion wording" not in verdict.reasons


def test_other_languages_use_the_neutral_signals():
    figure = assess("Rusia lanzó 150 misiles contra Ucrania el jueves.", "es",
                    [q(150, "misil", "150 misiles")], [], [loc("Rusia"), loc("Ucrania")], None)
    question = assess("¿Qué pasará ahora?", "es", [], [], [], None)
    assert figure.score >= THRESHOLD and figure.kind == "statistic"
    assert question.score < THRESHOLD and "question" in question.reasons


def test_score_is_a_clamped_weighted_sum_of_named_weights():
    verdict = assess("Bonjour !", "fr", [], [], [], None)
    assert verdict.score == max(0.0, cw.BASE_SCORE + cw.W_GREETING + cw.W_TOO_SHORT)
    strong = FRENCH_CHECKABLE[1]
    assert assess(strong[0], "fr", *strong[1:]).score == 1.0


# ── robustness ─────────────────────────────────────────────────────────────────────────────────

@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["fr", "en", "de", "", "zh-Hant", "FR-ca"]))
def test_any_unicode_sentence_gets_a_valid_verdict(sentence, lang):
    verdict = assess(sentence, lang, [], [], [], None)
    assert isinstance(verdict, Verdict)
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.kind in KINDS
    assert all(isinstance(reason, str) and reason for reason in verdict.reasons)


def test_malformed_feature_dicts_do_not_crash():
    verdict = assess("Texte.", "fr", [{"value": "beaucoup"}, {}], [{}], [{"type": "PER"}, {}],
                     {"source": None, "source_id": None, "cue": None})
    assert 0.0 <= verdict.score <= 1.0


FRENCH_WORDS = st.sampled_from(["serait", "trait", "portrait", "pourraient", "rait", "iraient", "sera", "serons",
                                "finirai", "iront", "era", "eras", "xxera", "va", "vont", "lancer", "se", "la", "l'era",
                                "dit", "a", "eraeras"])


def _future_by_words(words: list[str]) -> bool:
    """The future as a reader tells it word by word: a future ending, a future phrase, or "va"/"vont" and an
    infinitive (past an object pronoun)."""
    for index, word in enumerate(words):
        if (len(word) > 5 and word.endswith(cw.FRENCH_FUTURE_ENDINGS)) or word in cw.FUTURE["fr"]:
            return True
        following = [w for w in words[index + 1:index + 3] if w not in cw.FRENCH_OBJECT_PRONOUNS][:1]
        if word in cw.FRENCH_GOING_TO and following and following[0].endswith(cw.FRENCH_INFINITIVE_ENDINGS):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(st.lists(FRENCH_WORDS, min_size=1, max_size=12))
def test_conditional_and_future_endings_are_read_on_whole_words(words):
    """A conditional or future ending counts at the end of a word of more than five letters, and only there."""
    reasons = assess(" ".join(words), "fr", [], [], [], None).reasons
    conditional = any(len(word) > 5 and word.endswith(cw.FRENCH_CONDITIONAL_ENDINGS)
                      and word not in cw.NOT_CONDITIONAL for word in words)
    assert ("conditional or unconfirmed wording" in reasons) == conditional
    assert ("future or planned action" in reasons) == _future_by_words(words)


@pytest.mark.parametrize("sentence", ["J’estime que c’est faux.", "J'estime que c'est faux.",
                                      "Enfin, j’ESTIME, moi, que c’est faux."])
def test_apostrophes_case_and_punctuation_do_not_hide_a_cue_phrase(sentence):
    assert "opinion wording" in assess(sentence, "fr", [], [], [], None).reasons


CUE_LISTS = [(cw.OPINION, "opinion wording"), (cw.HEDGE, "hedged or speculative wording"),
             (cw.CONDITIONAL, "conditional or unconfirmed wording"), (cw.FUTURE, "future or planned action"),
             (cw.GREETING_ANYWHERE, "greeting or sign-off"), (cw.PROCEDURAL, "procedural line (request for comment)"),
             (cw.SPEECH_CUES, "reporting verb or cue"), (cw.DATE_PHRASES, "dated event")]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("phrases, reason", CUE_LISTS, ids=[reason for _, reason in CUE_LISTS])
def test_every_cue_phrase_gives_its_reason(phrases, reason, lang):
    """Each phrase of each cue list is found by the one scan of all of them (a "*" ends a word's start)."""
    for phrase in phrases[lang]:
        written = phrase[:-1] + "s" if phrase.endswith("*") else phrase
        assert reason in assess(f"{written}.", lang, [], [], [], None).reasons, phrase


# ── reported plans and attributed pleas ──────────────────────────────────────────────────────────

def test_a_reported_plan_with_a_deadline_counts_as_checkable_with_its_words():
    sentence = ("Selon le rapport, les deux pays prévoient de mettre la fabrication en marche dans les trois mois.")
    verdict = assess(sentence, "fr", [q(2, "pays", "deux pays"), q(3, "mois", "trois mois") | {"start": 86}], [], [],
                     src("The Washington Post", "selon", "washington-post"))
    assert verdict.score >= THRESHOLD
    assert cw.R_REPORTED_PLAN in verdict.reasons and "future or planned action" not in verdict.reasons
    assert verdict.words[cw.R_REPORTED_PLAN] == "dans les trois mois"


@pytest.mark.parametrize("lang, sentence, dates", [
    ("en", "The company plans to cut 500 jobs by March, the newspaper reported.", [d("March", "2023-03")]),
    ("en", "The ministry said it will open the new border crossing on Monday.", [d("on Monday", "2022-11-21")]),
    ("fr", "Le gouvernement a annoncé qu’il fermera la centrale d’ici la fin de l’année.",
     [d("la fin de l’année", "2022-12")]),
])
def test_plans_reported_with_a_date_are_found_in_both_languages(lang, sentence, dates):
    verdict = assess(sentence, lang, [], dates, [], None)
    assert cw.R_REPORTED_PLAN in verdict.reasons
    assert verdict.score >= THRESHOLD


@pytest.mark.parametrize("lang, sentence, dates, attribution", [
    ("fr", "Les deux pays prévoient de construire une usine, selon le rapport.", [], src("Le Monde", "selon")),
    ("fr", "Le ministre sera à Bruxelles mardi.", [d("mardi", "2022-11-22")], None),
    ("en", "Officials said they will look into it.", [], None),
])
def test_a_plan_needs_both_a_source_and_a_date(lang, sentence, dates, attribution):
    assert cw.R_REPORTED_PLAN not in assess(sentence, lang, [], dates, [], attribution).reasons


def test_an_attributed_plea_backed_by_the_time_it_has_lasted_is_checkable():
    sentence = "L’Ukraine a supplié ses alliés occidentaux depuis le début de la guerre de l’aider."
    verdict = assess(sentence, "fr", [], [], [loc("Ukraine")], None)
    assert verdict.score >= THRESHOLD
    assert verdict.words[cw.R_ATTRIBUTED_PLEA] == "a supplié … depuis le début de la guerre"


@pytest.mark.parametrize("lang, sentence, quantities, dates", [
    ("en", "Mayor Jane Ortiz has urged residents for weeks to cut their water use.", [], []),
    ("en", "The Red Cross appealed to donors on Friday for $2 million in emergency aid.",
     [q(2_000_000, "dollar", "$2 million")], [d("on Friday", "2022-11-18")]),
    ("fr", "Le maire de Lyon a imploré l’État depuis des semaines d’envoyer des renforts.", [], []),
    ("fr", "Les syndicats de la SNCF réclament depuis plusieurs années une hausse de 10 % des salaires.",
     [q(10, "%", "10 %")], []),
])
def test_pleas_by_a_named_actor_with_a_date_figure_or_span_are_found(lang, sentence, quantities, dates):
    assert cw.R_ATTRIBUTED_PLEA in assess(sentence, lang, quantities, dates, [], None).reasons


@pytest.mark.parametrize("lang, sentence", [
    ("fr", "Le syndicat a exhorté le gouvernement à négocier."),  # no fact behind the plea
    ("fr", "ils ont supplié depuis des mois qu’on les aide."),  # nobody named
    ("en", "He urged calm."),
])
def test_a_plea_needs_a_named_actor_and_facts(lang, sentence):
    assert cw.R_ATTRIBUTED_PLEA not in assess(sentence, lang, [], [], [], None).reasons


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_plea_and_time_span_phrase_is_found(lang):
    for plea in cw.PLEA[lang]:
        for span in cw.SINCE[lang]:
            written = span[:-1] + "s" if span.endswith("*") else span
            verdict = assess(f"Jean Dupont {plea} {written} X.", lang, [], [], [], None)
            assert cw.R_ATTRIBUTED_PLEA in verdict.reasons, (plea, span)
