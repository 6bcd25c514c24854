"""Speakers: the people (or bodies) claims are attributed to by name when the source registry has no entry for
them, such as "Jens Stoltenberg" quoted in an article. Registry entries have their page under /sources/; each
of these names gets one under /speakers/<key>.

A key is the name folded (case, accents, apostrophes) and spelled with ASCII letters, digits and dashes, so
"Jens Stoltenberg" and "jens stoltenberg" are one speaker at /speakers/jens-stoltenberg, and the key is a safe
file name in the static export. A name with no Latin letter or digit ("Путин") gets a key made from a digest.
"""
from __future__ import annotations

import hashlib
import re

from checker.review.schema import VERDICTS
from checker.text.fold import fold

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}\Z")
KEY_MAX_CHARS = 80
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def speaker_key(name: str) -> str:
    """The address key of a cited name: "Jens Stoltenberg" → "jens-stoltenberg"."""
    folded = fold(name.strip())
    key = _NOT_KEY.sub("-", folded).strip("-")[:KEY_MAX_CHARS].rstrip("-")
    if not key:
        key = "name-" + hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]
    return key


def speakers(name_counts: dict[str, dict[str, int]]) -> dict[str, dict]:
    """Cited names grouped by key: {key: {"key", "name" (the spelling with the most claims), "names" (every
    spelling), "counts" per status, "total", "verdicts"}}."""
    grouped: dict[str, dict] = {}
    for name, counts in sorted(name_counts.items()):
        if not name or not name.strip():
            continue
        entry = grouped.setdefault(speaker_key(name), {"names": [], "counts": {s: 0 for s in counts}, "best": -1})
        entry["names"].append(name)
        for status, count in counts.items():
            entry["counts"][status] = entry["counts"].get(status, 0) + count
        if sum(counts.values()) > entry["best"]:
            entry["name"], entry["best"] = name, sum(counts.values())
    return {key: {"key": key, "name": entry["name"], "names": entry["names"], "counts": entry["counts"],
                  "total": sum(entry["counts"].values()),
                  "verdicts": sum(entry["counts"].get(s, 0) for s in VERDICTS)}
            for key, entry in grouped.items()}
