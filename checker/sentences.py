"""Text → segments: body sentences, and skipped lines (boilerplate, related-article headlines).

STUB: to be replaced by the real segmenter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    start: int  # offset into the article text
    end: int
    text: str  # == article_text[start:end]
    paragraph: int  # index of the paragraph (blank-line separated block)
    reason: str | None = None  # None for a body sentence; else why it is skipped


def segment(text: str, lang: str) -> list[Segment]:
    out = []
    for para_index, para in enumerate(re.finditer(r"[^\n]+", text)):
        for m in re.finditer(r"\S[^.!?]*[.!?]*", para.group()):
            start = para.start() + m.start()
            end = para.start() + m.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append(Segment(start, end, text[start:end], para_index))
    return out
