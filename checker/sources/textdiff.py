"""What changed in a page's main text between two archived copies: sentences removed, added or reworded, with
the words that changed inside a reworded sentence. Pure functions, plain data out.

Sentences, not lines, are compared: an extractor may join or split paragraphs differently from one copy to the
next, and a correction usually rewrites a sentence. Within a sentence replaced by one other sentence, the words
are compared, so a reviewer sees "1 000" struck out and "400" put in rather than two whole sentences. The
caller escapes every piece of text it shows (the template does): scraped text is never markup.
"""
from __future__ import annotations

import difflib
import re

from checker.claims.sentences import sentence_spans
from checker.text.messages import N_, NP_, Message

WORDS = re.compile(r"\S+")
# Two sentences in the same place are one reworded sentence when at least this share of their words match
# (difflib's ratio); below it, one was removed and another added.
REWORDED_MIN_RATIO = 0.5


def sentences(text: str) -> list[str]:
    """The text's sentences, paragraph by paragraph, with white space made single."""
    found = []
    for line in (text or "").splitlines():
        for start, end in sentence_spans(line):
            sentence = " ".join(line[start:end].split())
            if sentence:
                found.append(sentence)
    return found


def same_text(old: str | None, new: str | None) -> bool:
    """Whether two main texts say the same words (white space, line breaks and paragraphing aside)."""
    return (old or "").split() == (new or "").split()


def word_pieces(old: str, new: str) -> list[dict]:
    """One sentence reworded as another: [{"kind": "same" | "removed" | "added", "text"}], word by word."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    pieces: list[dict] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append({"kind": "same", "text": " ".join(before[a1:a2])})
            continue
        if a2 > a1:
            pieces.append({"kind": "removed", "text": " ".join(before[a1:a2])})
        if b2 > b1:
            pieces.append({"kind": "added", "text": " ".join(after[b1:b2])})
    return pieces


def text_changes(old: str | None, new: str | None, context: int = 1) -> dict:
    """The difference between two main texts, for reviewers: {"blocks": [...], "added", "removed", "reworded"}.

    Each block is {"kind": "same" | "removed" | "added", "text"}, {"kind": "reworded", "pieces": word_pieces},
    or {"kind": "skipped", "count"} standing for unchanged sentences more than `context` away from a change.
    The counts are sentences."""
    before, after = sentences(old or ""), sentences(new or "")
    blocks: list[dict] = []
    counts = {"added": 0, "removed": 0, "reworded": 0}
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks += [{"kind": "same", "text": sentence} for sentence in before[a1:a2]]
            continue
        olds, news = before[a1:a2], after[b1:b2]
        paired = 0
        while paired < min(len(olds), len(news)) and _reworded(olds[paired], news[paired]):
            blocks.append({"kind": "reworded", "pieces": word_pieces(olds[paired], news[paired])})
            paired += 1
        blocks += [{"kind": "removed", "text": sentence} for sentence in olds[paired:]]
        blocks += [{"kind": "added", "text": sentence} for sentence in news[paired:]]
        counts["reworded"] += paired
        counts["removed"] += len(olds) - paired
        counts["added"] += len(news) - paired
    return {"blocks": _around_changes(blocks, context), **counts}


def _reworded(old: str, new: str) -> bool:
    matcher = difflib.SequenceMatcher(None, WORDS.findall(old), WORDS.findall(new), autojunk=False)
    return matcher.ratio() >= REWORDED_MIN_RATIO


def _around_changes(blocks: list[dict], context: int) -> list[dict]:
    """Unchanged sentences within `context` of a change are kept; each longer run of them becomes one
    "skipped" block saying how many sentences it stands for."""
    near = set()
    for index, block in enumerate(blocks):
        if block["kind"] != "same":
            near.update(range(index - context, index + context + 1))
    kept: list[dict] = []
    for index, block in enumerate(blocks):
        if block["kind"] != "same" or index in near:
            kept.append(block)
        elif kept and kept[-1]["kind"] == "skipped":
            kept[-1]["count"] += 1
        else:
            kept.append({"kind": "skipped", "count": 1})
    return kept


def _counted(key: str, count: int) -> Message:
    if key == "reworded":
        return NP_("%(num)s sentence reworded", "%(num)s sentences reworded", count)
    if key == "added":
        return NP_("%(num)s sentence added", "%(num)s sentences added", count)
    return NP_("%(num)s sentence removed", "%(num)s sentences removed", count)


def _listed(parts: list[Message]) -> Message:
    """Parts as one message, "a, b, c", each part kept translatable."""
    if len(parts) == 1:
        return parts[0]
    return N_("%(first)s, %(rest)s", first=parts[0], rest=_listed(parts[1:]))


def summary(changes: dict) -> Message:
    """The counts in words: "2 sentences reworded, 1 sentence added" (a message: the web shows it in the
    reader's language)."""
    parts = [_counted(key, changes[key]) for key in ("reworded", "added", "removed") if changes[key]]
    return _listed(parts) if parts else N_("the words are the same")
