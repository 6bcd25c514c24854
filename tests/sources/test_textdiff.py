"""The main-text difference reviewers read: sentences reworded word by word, added, removed, far context folded."""
from __future__ import annotations

from checker.sources.textdiff import same_text, summary, text_changes

BEFORE = ("Le ministère a publié son bilan lundi. Selon le rapport, 1 000 drones ont été livrés en août.\n"
          "Un deuxième paragraphe. Un troisième. Un quatrième. Un cinquième. La fin du texte.")


def kinds(changes: dict) -> list[str]:
    return [block["kind"] for block in changes["blocks"]]


def test_a_reworded_sentence_shows_the_words_struck_out_and_put_in():
    changes = text_changes(BEFORE, BEFORE.replace("1 000 drones", "400 drones"))
    [reworded] = [b for b in changes["blocks"] if b["kind"] == "reworded"]
    assert {"kind": "removed", "text": "1 000"} in reworded["pieces"]
    assert {"kind": "added", "text": "400"} in reworded["pieces"]
    assert summary(changes) == "1 sentence reworded"


def test_an_added_correction_and_a_removed_sentence_are_whole_sentences():
    after = BEFORE.replace("Un troisième. ", "") + "\nCorrection : une version précédente disait 1 000 drones."
    changes = text_changes(BEFORE, after)
    assert {"kind": "removed", "text": "Un troisième."} in changes["blocks"]
    assert {"kind": "added", "text": "Correction : une version précédente disait 1 000 drones."} in changes["blocks"]
    assert (changes["added"], changes["removed"], changes["reworded"]) == (1, 1, 0)


def test_a_sentence_replaced_by_an_unrelated_one_is_removed_and_added_not_reworded():
    after = BEFORE.replace("Le ministère a publié son bilan lundi.", "Tout autre chose est écrite ici désormais.")
    assert kinds(text_changes(BEFORE, after))[:2] == ["removed", "added"]


def test_unchanged_sentences_far_from_a_change_are_folded():
    changes = text_changes(BEFORE, BEFORE.replace("La fin du texte.", "La fin du texte, revue."), context=1)
    assert kinds(changes) == ["skipped", "same", "reworded"]
    assert changes["blocks"][0]["count"] == 5


def test_paragraphing_and_spaces_alone_are_not_a_change():
    assert same_text(BEFORE, BEFORE.replace("\n", " ").replace(". ", ".  "))
    assert not same_text(BEFORE, BEFORE.replace("lundi", "mardi"))
    assert text_changes(BEFORE, BEFORE)["blocks"] == [{"kind": "skipped", "count": 7}]
