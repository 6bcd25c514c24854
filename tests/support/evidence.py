"""Claims and passages the scoring tests share: two claims of the seed's drone story, built by hand."""
from __future__ import annotations

import pytest

from checker.config import Config
from checker.evidence import keys, scoring
from checker.text import translate

ARTICLE_DATE = "2022-11-19"


def claim(text, quantities=(), dates=(), entities=(), attribution=None):
    return {"text": text, "start": 0, "quantities": list(quantities), "dates": list(dates),
            "entities": list(entities), "attribution": attribution}


def passage(text, published=ARTICLE_DATE, language="en"):
    """The features of a passage (English unless told otherwise) published on the article's date (unless
    told otherwise)."""
    return scoring.passage_features(text, language, published)


SHIPPED = claim(
    "En août, 1 000 drones fournis par l’Iran ont été expédiés en Russie avant d’être largués sur des cibles "
    "civiles en Ukraine.",
    quantities=[{"value": 1000, "unit": "drone", "bound": "exact", "text": "1 000 drones"}],
    dates=[{"text": "août", "value": "2022-08", "certainty": "inferred", "start": 3}],
    entities=[{"text": "Iran", "canonical": "Iran", "start": 38, "end": 42},
              {"text": "Russie", "canonical": "Russia", "start": 64, "end": 70}])
LAUNCHED = claim(
    "Quelque 400 drones auraient été largués sur diverses cibles en Ukraine, frappant des quartiers civils.",
    quantities=[{"value": 400, "unit": "drone", "bound": "about", "text": "Quelque 400 drones"}])


# Tests that need Debian's FreeDict files (installed by .ci/run and `make run` as root) skip without them.
needs_apertium = pytest.mark.skipif(not translate.pivots(Config.LINK_APERTIUM_DIR), reason="Debian's Apertium "
                                    "pairs are not installed (apt-get install apertium-fr-es apertium-eng-spa)")
needs_freedict = pytest.mark.skipif(not keys.dictionaries_found(), reason="Debian's FreeDict dictd files are not "
                                    "installed (apt-get install dict-freedict-fra-eng dict-freedict-eng-fra)")
