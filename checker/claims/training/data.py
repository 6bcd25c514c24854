"""The two labelled English sets, read from CHECKER_DATA/checkworthy/, and the claims steps run on them.

    CLEF CheckThat! 2019 Task 1, training transcripts: 19 debates and speeches, label 1 = check-worthy
    ClaimBuster 2-class, training set: debate sentences, label 1 = check-worthy factual sentence

Only the training files are read. The CLEF 2019 test transcripts and the ClaimBuster test set are never
used here, for training or for choosing anything.
"""
from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from checker.claims import attribution, dates, pipeline
from checker.claims.features import Features
from checker.claims.registry import Registry

CLEF_FILE = "en_clef2019_task1_train.csv"
CLAIMBUSTER_FILE = "en_claimbuster_2class_train.json"
HELD_OUT_SEED = 14  # the number: any fixed value will do, as long as it never changes
HELD_OUT_SHARE = 0.2
# ClaimBuster gives no dates. Articles always have one, and relative dates ("last year") are found only
# against one, so its sentences are read as if published on a neutral day.
CLAIMBUSTER_DATE = dates.ArticleDate(2000, 1, 1)
_TRANSCRIPT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


class DataMissing(Exception):
    """The labelled data is not where the configuration says."""


@dataclass
class Sentence:
    text: str
    label: int
    group: str  # CLEF: the transcript's file name; ClaimBuster: "claimbuster"
    index: int  # CLEF: line number in its transcript; ClaimBuster: sentence_id


def files(data_dir: Path) -> dict[str, Path]:
    """The two files, by name; DataMissing says which is absent."""
    folder = Path(data_dir) / "checkworthy"
    found = {name: folder / name for name in (CLEF_FILE, CLAIMBUSTER_FILE)}
    missing = [str(path) for path in found.values() if not path.is_file()]
    if missing:
        raise DataMissing(f"labelled data not found: {', '.join(missing)} (set CHECKER_DATA to the folder that "
                          "holds checkworthy/)")
    return found


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hashes(data_dir: Path) -> dict[str, str]:
    return {name: sha256(path) for name, path in files(data_dir).items()}


def load_clef(path: Path) -> list[Sentence]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [Sentence(row["text"], int(row["label"]), row["file_name"], int(row["line_number"]))
                for row in csv.DictReader(handle)]


def load_claimbuster(path: Path) -> list[Sentence]:
    with open(path, encoding="utf-8") as handle:
        return [Sentence(row["text"], int(row["label"]), "claimbuster", int(row["sentence_id"]))
                for row in json.load(handle)]


def transcripts(clef: list[Sentence]) -> list[str]:
    return sorted({s.group for s in clef})


def normalised(text: str) -> str:
    """Lower-case words only: how the two sets' copies of one debate sentence are recognised as the same."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))


def claimbuster_split(claimbuster: list[Sentence]) -> tuple[list[int], list[int]]:
    """(training indices, held-out indices): a fixed seeded 20 % of the distinct normalised texts is held out,
    so a duplicated sentence never sits on both sides."""
    texts = sorted({normalised(s.text) for s in claimbuster})
    random.Random(HELD_OUT_SEED).shuffle(texts)
    held = set(texts[:round(len(texts) * HELD_OUT_SHARE)])
    return ([i for i, s in enumerate(claimbuster) if normalised(s.text) not in held],
            [i for i, s in enumerate(claimbuster) if normalised(s.text) in held])


def with_texts(sentences: list[Sentence], texts: set[str]) -> set[int]:
    """Indices of the sentences whose normalised text is in `texts`: the copies to keep out of training when
    those texts are held out (ClaimBuster holds most of CLEF's 2016 debates)."""
    return {i for i, s in enumerate(sentences) if normalised(s.text) in texts}


def load_labelled(path: Path) -> list[Sentence]:
    """Any labelled English file of the kinds above, to evaluate the shipped model on (never to train on):
    ClaimBuster's JSON (a list of {"text", "label"}), a CSV with a header holding at least `text` and `label`
    (and `file_name`, `line_number` for transcripts, as the CLEF file here), or one CheckThat! transcript as
    TSV without a header (line number, speaker, text, label), the transcript named by its file. Raises
    ValueError with a line a person understands when the file is none of these."""
    path = Path(path)
    try:
        if path.suffix == ".json":
            rows = json.loads(path.read_text(encoding="utf-8"))
            return [Sentence(row["text"], int(row["label"]), path.name, int(row.get("sentence_id", n)))
                    for n, row in enumerate(rows)]
        with open(path, newline="", encoding="utf-8") as handle:
            if path.suffix == ".tsv":
                return [Sentence(row[2], int(row[3]), path.name, int(row[0]))
                        for row in csv.reader(handle, delimiter="\t") if row and row[0].strip().isdigit()]
            return [Sentence(row["text"], int(row["label"]), row.get("file_name") or path.name,
                             int(row.get("line_number") or n)) for n, row in enumerate(csv.DictReader(handle))]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, IndexError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: not a labelled file this reads (ClaimBuster JSON, a CSV with text and label, "
                         f"or a CheckThat! transcript TSV): {error}") from None


def published(sentence: Sentence) -> dates.ArticleDate:
    """The date the sentence was said: a transcript's, from its file name; else a fixed one."""
    match = _TRANSCRIPT_DATE.match(sentence.group)
    if match is None:
        return CLAIMBUSTER_DATE
    year, first, second = map(int, match.groups())
    month, day = (first, second) if first <= 12 else (second, first)  # one file name is YYYYDDMM
    return dates.ArticleDate(year, month, day)


def features_of(sentences: list[Sentence], registry: Registry, lang: str = "en") -> list[Features]:
    """Every sentence through the claims steps, as claims.pipeline runs them on an article's sentence.

    Each sentence gets a fresh attribution context. With one per transcript, "he says" in a debate is
    followed back to whoever was cited dozens of lines earlier, and the model learns that back-references
    mean "not check-worthy", the opposite of what "the report said" means in news."""
    return [pipeline.analyse(s.text, lang, published(s), registry, attribution.Context()).features
            for s in sentences]
