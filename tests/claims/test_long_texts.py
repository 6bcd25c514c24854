"""Long texts with no sentence end (issue 20): a sentence over Config.SENTENCE_MAX_CHARS is read in parts, each
part a claim that says so, with exact offsets; a 2 MB text of each kind goes through `flask ingest` whole.

The 2 MB texts run `flask ingest --json` as a real process on a real database, and `--json` prints the article
as read back from that database, so what is checked is what was stored. Nothing here is timed:
benchmarks/ingest.py measures how the time grows with the text.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.claims import dates, pipeline
from checker.claims import registry as source_registry
from checker.claims.sentences import CLAUSE_MARKS, segment
from checker.config import Config
from tests.support.long_texts import KINDS, long_text, under_bytes

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = source_registry.load(Config.CHECKER_SOURCES)
# Long enough for the slowest machine to finish a 2 MB text; a step gone quadratic again would not (the issue's
# 1.8 MB took 72 s, and it grows fourfold with each doubling).
INGEST_WAIT = 900


def assert_parts_cover(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    """The parts' (start, end) are in order, apart only by blanks, and together hold text[start:end]."""
    assert spans[0][0] == start and spans[-1][1] == end
    for (_, before_end), (after_start, _) in zip(spans, spans[1:]):
        assert before_end <= after_start and not text[before_end:after_start].strip()


# ── the parts of one long sentence ────────────────────────────────────────────────────────────

def test_a_sentence_over_the_bound_is_cut_after_clause_marks_into_parts_that_say_so():
    text = "Selon le rapport, " + ", ".join(f"{n} drones ont visé Kiev" for n in range(12)) + "."
    parts = segment(text, "fr", max_chars=60)
    assert len(parts) > 1
    assert_parts_cover(text, [(part.start, part.end) for part in parts], 0, len(text))
    for number, part in enumerate(parts, 1):
        assert text[part.start:part.end] == part.text
        assert len(part.text) <= 60
        assert part.reason is None
        assert part.note.startswith(f"part {number} of {len(parts)} of a {len(text)}-character sentence, "
                                    "split at clause marks")
    assert all(part.text[-1] in CLAUSE_MARKS for part in parts[:-1])


def test_a_long_run_with_no_clause_mark_is_cut_at_spaces_and_a_run_with_no_space_at_the_bound():
    words = " ".join(["mot"] * 40)
    spaced = segment(words, "fr", max_chars=60)
    assert len(spaced) > 1 and "split at spaces" in spaced[0].note
    assert all(part.text.startswith("mot") and part.text.endswith("mot") for part in spaced)
    unbroken = "z" * 130
    cut = segment(unbroken, "fr", max_chars=60)
    assert [part.text for part in cut] == ["z" * 60, "z" * 60, "z" * 10]
    assert "split at the length bound" in cut[0].note


def test_a_sentence_within_the_bound_is_one_segment_with_no_note():
    text = "Selon le rapport, 12 drones ont visé Kiev samedi."
    assert [(part.text, part.note) for part in segment(text, "fr", max_chars=len(text))] == [(text, None)]


@pytest.mark.parametrize("lang, phrase", [
    ("fr", "le Pentagone a dit que 1 000 drones ont été abattus le 19 novembre près de Kiev"),
    ("en", "the Pentagon said 1,000 drones were shot down on November 19 near Kyiv"),
])
def test_each_part_is_a_claim_whose_reasons_end_with_its_part_and_whose_findings_point_into_the_text(lang, phrase):
    text = " ".join([phrase] * 60)
    bound = Config.SENTENCE_MAX_CHARS
    assert len(text) > bound  # so that the default bound cuts it
    claims = pipeline.extract(text, lang, dates.parse("2022-11"), REGISTRY).claims
    assert len(claims) >= -(-len(text) // bound)  # none over the bound
    for number, claim in enumerate(claims, 1):
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert claim["reasons"][-1].startswith(f"part {number} of {len(claims)} of a {len(text):,}-character")
        for found in claim["quantities"] + claim["dates"] + claim["entities"]:
            assert text[found["start"]:found["end"]] == found["text"]
    assert any(claim["quantities"] for claim in claims) and any(claim["dates"] for claim in claims)


# ── 2 MB through `flask ingest` ───────────────────────────────────────────────────────────────

def ingest_json(tmp_path: Path, text: str) -> dict:
    """`flask ingest PATH --lang fr --date 2022-11 --json` in a fresh process on a fresh database."""
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CHECKER_", "FLASK_"))}
    env.update({"FLASK_APP": "app.py", "CHECKER_DB": str(tmp_path / "checker.db"),
                "CHECKER_INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "long-texts"})
    done = subprocess.run([sys.executable, "-m", "flask", "ingest", str(path), "--lang", "fr", "--date", "2022-11",
                           "--json"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=INGEST_WAIT)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("kind", KINDS)
def test_a_2_mb_text_with_no_sentence_end_is_stored_in_parts_with_exact_offsets(tmp_path, kind):
    limit = Config.MAX_ARTICLE_BYTES
    text = under_bytes(long_text(kind, limit), limit)
    assert limit - len(text.encode("utf-8")) < 200  # just under the ingest size limit

    article = ingest_json(tmp_path, text)

    stored = article["article"]["text"]
    assert stored == text.strip()
    claims = article["claims"]
    assert not article["skipped"]
    assert len(claims) >= len(stored) // Config.SENTENCE_MAX_CHARS  # the text is read in parts, none over the bound
    assert_parts_cover(stored, [(claim["start"], claim["end"]) for claim in claims], 0, len(stored))
    found = 0
    for number, claim in enumerate(claims, 1):
        assert stored[claim["start"]:claim["end"]] == claim["text"]
        assert len(claim["text"]) <= Config.SENTENCE_MAX_CHARS
        assert claim["reasons"][-1].startswith(f"part {number} of {len(claims)} of a {len(stored):,}-character")
        for item in claim["quantities"] + claim["dates"] + claim["entities"]:
            assert stored[item["start"]:item["end"]] == item["text"]
            assert claim["start"] <= item["start"] < item["end"] <= claim["end"]
            found += 1
    assert found > len(claims)  # figures, dates and names were found all along the text, not only at its start
