"""The example article and the seed keep every claim they flagged before the learned model (issue 14): French
keeps the rules, and the rules only gained the reported plan and the attributed plea."""
from __future__ import annotations

import json

import pytest

from tests.support.files import ROOT

EXAMPLE = ROOT / "examples" / "pologne-missile-2022-11.fr.txt"
FLAGGED_BEFORE = {
    "example": ["Un missile tombé mardi sur le village polonai", "L’OTAN a déclaré mercredi que l’explosion ava",
                "Le secrétaire général de l’Alliance, Jens Sto", "Ce même mardi, la Russie a lancé une centaine",
                "Le secrétaire à la Défense Lloyd Austin a dit", "Selon le Washington Post, les responsables am",
                "D’après le journal, plus de 10 000 soldats am", "Les ambassadeurs des 30 pays membres de l’OTA"],
    "seed": ["Moscou et Téhéran ont conclu un accord pour f", "Fox News n’a pas pu joindre immédiatement le ",
             "Les États-Unis ont d’abord révélé les plans i", "L’accord a apparemment coïncidé avec la défai",
             "Quelque 400 drones auraient été largués sur d", "La Russie a intensifié ses attaques aériennes",
             "Depuis le 11 novembre, la Russie a lancé envi", "Plus de 100 des frappes aériennes menées au c",
             "Le secrétaire à la Défense Lloyd Austin a déc", "La nouvelle selon laquelle Moscou augmentera "],
}
NEWLY_FLAGGED = {"seed": ["On ne sait pas quelle conception de drone", "L’Ukraine a supplié ses alliés occidentaux"]}


def flagged(runner, text: str) -> list[str]:
    result = runner.invoke(args=["ingest", "-", "--json"], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    return [claim["text"] for claim in json.loads(result.stdout)["claims"] if claim["checkworthy"]]


@pytest.mark.parametrize("name", ["example", "seed"])
def test_every_claim_flagged_before_is_still_flagged(runner, request, name):
    text = EXAMPLE.read_text(encoding="utf-8") if name == "example" else request.getfixturevalue("seed_text")
    now = flagged(runner, text)
    for start in FLAGGED_BEFORE[name] + NEWLY_FLAGGED.get(name, []):
        assert any(claim.startswith(start) for claim in now), start
