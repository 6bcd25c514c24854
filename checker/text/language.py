"""Text → language code, by py3langid's naive Bayes model over byte n-grams (the model ships in its wheel).

`detect` reads the text's first characters and ranks every language the model knows:
- text with no letters, or that the model reads as no language at all ("zxx"), gives no code: the caller
  asks for --lang;
- a language the model is sure of is taken whatever it is, so an article in Russian is ingested as "ru" and
  goes through the language-neutral steps;
- otherwise (a short line, a headline full of names) the most likely of the PREFERRED languages is taken,
  since short texts are where a model over 97 languages hesitates between neighbours (French or Frisian).

Loading the model from py3langid's compressed file takes about a second, so the first load writes the
arrays uncompressed to the cache folder (checker.config's CACHE_DIR); later processes read them in a few
milliseconds. The cache holds only what py3langid's own file holds, keyed by its version.
"""
from __future__ import annotations

import json
import mmap
import os
import re
import shutil
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checker.config import Config

# Languages a short or unsure text is read as: those with extraction rules first, then the neighbours a
# fact-checker's articles most often come in.
PREFERRED = ("fr", "en", "de", "es", "it", "pt", "nl")
SURE = 0.5  # a language with at least this probability is taken even when it is not PREFERRED
NO_LANGUAGE = "zxx"  # the model's code for text that is no language (digits, codes, keyboard mash)
LETTER = re.compile(r"[^\W\d_]")
LANG_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class Guess:
    code: str | None  # None when the text says too little


def detect(text: str, sample_chars: int = Config.INGEST_SNIFF_CHARS) -> Guess:
    """Guess the language of `text` from its first `sample_chars` characters."""
    sample = text[:sample_chars]
    if not LETTER.search(sample):
        return Guess(None)
    ranked = _identifier().rank(sample)
    best, probability = ranked[0]
    if best == NO_LANGUAGE and probability >= SURE:
        return Guess(None)
    if probability >= SURE or best in PREFERRED:
        return Guess(best)
    return Guess(next(code for code, _p in ranked if code in PREFERRED))


def base_language(lang: str | None) -> str:
    """'fr-FR', 'FR', 'fr_CA' → 'fr': the code the extraction rules are keyed by; anything else keeps its
    first two letters, which no rule is keyed by."""
    return (lang or "").strip().lower()[:2]


def is_valid_code(code: str) -> bool:
    """True for a plausible ISO 639 code (two or three lowercase letters)."""
    return bool(LANG_CODE.fullmatch(code or ""))


# --- the model, cached uncompressed ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier with probabilities normalised, from the cache when it is there."""
    import numpy
    from py3langid import __version__ as version
    from py3langid.langid import LanguageIdentifier

    folder = Path(Config.CACHE_DIR) / f"py3langid-{version}"
    try:
        ptc, pc, classes, nextmove, row, output = _read_cache(folder, numpy)
    except (OSError, ValueError, KeyError):
        from py3langid import modelio
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        ptc, pc, classes, nextmove, row, output = modelio.load_model(MODEL_DIR / MODEL_FILE)
        ptc, pc = numpy.asarray(ptc), numpy.asarray(pc)
        _write_cache(folder, numpy, ptc, pc, classes, nextmove, row, output)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def _mapped(path: Path, typecode: str) -> memoryview:
    """A file of machine integers, mapped read-only: indexing reads only the pages it touches."""
    with open(path, "rb") as file:
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)).cast(typecode)


def _read_cache(folder: Path, numpy) -> tuple:
    """(nb_ptc, nb_pc, classes, nextmove, row, output) from the cache folder; raises OSError when absent.
    The two large tables are mapped, not read: a process that classifies one article touches a few pages."""
    classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    row = array("H")
    row.frombytes((folder / "row.bin").read_bytes())
    return (numpy.load(folder / "ptc.npy", mmap_mode="r"), numpy.load(folder / "pc.npy"), classes,
            _mapped(folder / "nextmove.bin", "I"), row, _mapped(folder / "output.bin", "i"))


def _write_cache(folder: Path, numpy, ptc, pc, classes, nextmove, row, output) -> None:
    """Write the arrays in a new folder, then swap it in, so a reader never meets half a cache. A cache that
    cannot be written only costs the next process the slow load again."""
    partial = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
    try:
        partial.mkdir(parents=True, exist_ok=True)
        numpy.save(partial / "ptc.npy", ptc)
        numpy.save(partial / "pc.npy", pc)
        (partial / "nextmove.bin").write_bytes(array("I", nextmove).tobytes())
        (partial / "row.bin").write_bytes(array("H", row).tobytes())
        (partial / "output.bin").write_bytes(array("i", output).tobytes())
        (partial / "classes.json").write_text(json.dumps(list(classes)), encoding="utf-8")
        partial.rename(folder)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
