"""General French↔English keys: numbers as written in each language, cognates, the FreeDict lexicon read
from dictd files and cached (rebuilt when the files change), Apertium's pairs through a pivot language, and a
working keyer without any dictionary."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from checker.text import crosslingual


def bag(keyer, text, lang):
    return set(keyer.keys(text, lang).bag)


def write_dictd(folder, name, entries):
    """A tiny dictd dictionary in FreeDict's layout (headword line, then numbered senses)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(n):
        out = ""
        while True:
            out = alphabet[n % 64] + out
            n //= 64
            if not n:
                return out
    body, index = b"", []
    for head, senses in entries:
        text = f"{head} /x/\n" + "".join(f"{n}. {', '.join(s)}\n" for n, s in enumerate(senses, 1))
        data = text.encode()
        index.append(f"{head}\t{b64(len(body))}\t{b64(len(data))}\n")
        body += data
    with gzip.open(folder / f"{name}.dict.dz", "wb") as out:
        out.write(body)
    (folder / f"{name}.index").write_text("".join(index), encoding="utf-8")


def test_numbers_meet_whatever_the_separators_and_scale_words():
    keyer = crosslingual.Keyer(crosslingual.Lexicon())
    assert {"n1000", "n1500000", "n7p2"} <= bag(keyer, "1 000 soldats, 1,5 million d’euros, 7,2 %", "fr")
    assert {"n1000", "n1500000", "n7p2"} <= bag(keyer, "1,000 soldiers, 1.5 million euros, 7.2%", "en")
    assert "n15" in bag(keyer, "depuis quinze ans", "fr") and "n15" in bag(keyer, "in fifteen years", "en")


def test_cognates_meet_through_their_consonant_skeleton():
    keyer = crosslingual.Keyer(crosslingual.Lexicon())
    assert "cgvrn" in bag(keyer, "le gouvernement", "fr") & bag(keyer, "the government", "en")
    assert "cprlm" in bag(keyer, "préliminaire", "fr") & bag(keyer, "preliminary", "en")
    assert crosslingual.skeleton("eau") is None  # too short to say anything


def test_the_lexicon_is_read_from_dictd_files_cached_and_rebuilt_when_they_change(tmp_path):
    dictd, cache = tmp_path / "dictd", tmp_path / "cache"
    dictd.mkdir()
    write_dictd(dictd, "freedict-fra-eng", [("chômage", [["unemployment"]]), ("loi", [["law", "act"]])])
    write_dictd(dictd, "freedict-eng-fra", [("flu", [["grippe"]])])
    lexicon = crosslingual.load_lexicon(dictd, cache)
    assert lexicon.sources[:2] == ["freedict-fra-eng", "freedict-eng-fra"]
    keyer = crosslingual.Keyer(lexicon)
    assert {"eunemployment", "elaw", "eflu"} <= bag(keyer, "chômage, loi, grippe", "fr")
    assert (cache / "crosslingual-fr-en.json").exists()
    assert crosslingual.load_lexicon(dictd, cache).fr_en == lexicon.fr_en  # read back from the cache

    write_dictd(dictd, "freedict-fra-eng", [("chômage", [["joblessness"]])])
    os.utime(dictd / "freedict-fra-eng.index", (1, 1))  # a changed file, whatever the clock says
    rebuilt = crosslingual.Keyer(crosslingual.load_lexicon(dictd, cache))
    assert "ejoblessness" in bag(rebuilt, "le chômage", "fr")


def test_without_dictionaries_french_words_keep_their_own_spelling_and_cldr_names(tmp_path):
    keyer = crosslingual.Keyer(crosslingual.load_lexicon(tmp_path / "absent", tmp_path / "cache"))
    keys = bag(keyer, "La Pologne a reçu 1 000 vaccins en mars.", "fr")
    assert {"epoland", "emarch", "n1000", "cvkn"} <= keys
    assert "cvkn" in bag(keyer, "Poland received 1,000 vaccines in March.", "en")


def test_match_score_is_the_share_of_the_claim_the_other_text_says():
    keyer = crosslingual.Keyer(crosslingual.Lexicon())
    assert crosslingual.match_score("La Pologne, 1 000 soldats", "Poland: 1,000 troops", keyer) > 0.3
    assert crosslingual.match_score("La Pologne, 1 000 soldats", "Weather in Lisbon", keyer) == 0.0


def test_a_pivot_reading_is_also_tried_with_looser_tags():
    variants = crosslingual._pivot_variants("tasa<n><f><ND>")
    assert variants[0] == "tasa<n><f><ND>" and "tasa<n><f><sg>" in variants and "tasa<n>" in variants


@pytest.mark.skipif(not crosslingual.has_apertium(Path("/usr/share/apertium")),
                    reason="Debian's Apertium pairs and lt-proc are not installed")
def test_apertium_pairs_translate_french_through_a_pivot_language():
    found = crosslingual.pivot_translations(Path("/usr/share/apertium"), ["chômage", "vaccin"])
    assert "unemployment" in found["chomage"] and "vaccine" in found["vaccin"]


def test_an_indexed_rarity_leaves_out_keys_no_indexed_text_holds_and_shares_stay_the_same():
    """Under an index's rarity a claim's keys that no indexed passage holds are not tried (`weighted`); the share
    of the claim an indexed passage holds is the same as when every key is tried."""
    keyer = crosslingual.Keyer(crosslingual.Lexicon())
    passages = [set(keyer.keys(text, "en").bag) for text in
                ("The government closed the tram depot on Monday.", "Repairs to the bridge will cost 4.2 million euros.")]
    frequencies: dict[str, int] = {}
    for passage in passages:
        for key in passage:
            frequencies[key] = frequencies.get(key, 0) + 1
    plain, indexed = crosslingual.Rarity(frequencies, 2), crosslingual.Rarity(frequencies, 2, indexed=True)
    claim = [group.keys for group in keyer.keys("Le gouvernement a fermé lundi le dépôt du tramway, qui a coûté "
                                                "4,2 millions d'euros.", "fr").groups]
    assert sum(map(len, crosslingual.weighted(claim, indexed))) < sum(map(len, crosslingual.weighted(claim, plain)))
    weights = [crosslingual.group_weight(group, plain) for group in claim]
    for passage in passages:
        share = crosslingual.covered(crosslingual.weighted(claim, plain), weights, passage)
        assert share > 0
        assert crosslingual.covered(crosslingual.weighted(claim, indexed), weights, passage) == share


def test_a_group_counts_with_its_most_worth_key_held_and_the_first_of_equals():
    """`weighted` puts a group's most worth key first, so `covered` takes the first it finds held: the best
    one, and of keys of equal worth the one the group names first (the key the reasons show)."""
    rarity = crosslingual.Rarity({"ecommon": 50, "erare": 1, "etwin": 5, "etwin2": 5}, 100)
    groups = [(("ecommon", "d"), ("erare", "d")), (("etwin", "d"), ("etwin2", "d")), (("eabsent", "d"),)]
    weights = [crosslingual.group_weight(group, rarity) for group in groups]
    ordered = crosslingual.weighted(groups, rarity)
    assert [key for key, _value in ordered[0]] == ["erare", "ecommon"]
    assert [key for key, _value in ordered[1]] == ["etwin", "etwin2"]
    matches: list = []
    share = crosslingual.covered(ordered, weights, {"ecommon", "erare", "etwin2", "etwin"}, matches)
    assert [(n, key) for n, key, _worth in matches] == [(0, "erare"), (1, "etwin")]
    assert share == pytest.approx((min(rarity("erare"), weights[0]) + min(rarity("etwin"), weights[1])) / sum(weights))
