"""Long texts with no sentence end, the inputs that once made claim extraction slow down faster than the text grew
(issue 20): one phrase repeated, a table of figures pasted as one line, words with no punctuation at all.

`long_text(kind, chars)` is the first `chars` characters of one endless text per kind, so a shorter text is the
start of a longer one; `under_bytes` cuts a text to fit a byte limit such as the ingest size limit. The test of
the ingest command and benchmarks/ingest.py read the same texts.
"""
from __future__ import annotations

import random

# A news sentence with its marks taken out, so that nothing in the text ends a sentence: a cue, a source, a
# figure with a unit, a date, a place and a person in every copy.
PHRASE = ("selon le Washington Post 1 000 drones ont été abattus samedi 19 novembre au-dessus de Kiev "
          "a déclaré Lloyd Austin ")
PLACES = ("Kharkiv", "Kherson", "Bakhmout", "Odessa", "Zaporijia")
UNITS = ("drones", "missiles", "soldats", "obus", "km")
# Words of news text, names and figures among them, for the text with no punctuation.
WORDS = ("le la les des un une de du et a ont été selon rapport Pentagone Washington Post Lloyd Austin Kiev "
         "Russie Ukraine Téhéran drones missiles soldats frappes samedi lundi novembre mars depuis pendant "
         "jours mois plus environ au moins déclaré rapporté affirmé lancé abattu 2022 1 000 12 40 300").split()
KINDS = ("repeated phrase", "table of numbers", "no punctuation")


def long_text(kind: str, chars: int, seed: int = 20) -> str:
    """The first `chars` characters of the endless text of this kind (one of KINDS)."""
    pieces, size = [], 0
    for piece in _pieces(kind, random.Random(seed)):
        if size >= chars:
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)[:chars]


def under_bytes(text: str, limit: int) -> str:
    """The longest start of `text` whose UTF-8 encoding takes at most `limit` bytes."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _pieces(kind: str, rng: random.Random):
    if kind == "repeated phrase":
        while True:
            yield PHRASE
    elif kind == "table of numbers":
        # A row per place: a count with a space between thousands, a share, a day and a count with its unit,
        # the cells apart by tabs, the rows by two spaces, as a spreadsheet pasted into one line gives.
        while True:
            yield (f"{rng.choice(PLACES)}\t{rng.randint(1, 99)} {rng.randint(100, 999)}\t"
                   f"{rng.randint(1, 99)},{rng.randint(0, 9)} %\t{rng.randint(1, 28)}/{rng.randint(1, 12)}/2022\t"
                   f"{rng.randint(2, 9999)} {rng.choice(UNITS)}  ")
    elif kind == "no punctuation":
        while True:
            yield rng.choice(WORDS) + " "
    else:
        raise ValueError(f"no long text of kind {kind!r}; the kinds are {', '.join(KINDS)}")
