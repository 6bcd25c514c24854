"""Dates: the article date (marker, narrowed from the text) and dates in sentences resolved against it.

STUB: to be replaced by the real resolver.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleDate:
    year: int
    month: int | None = None
    day: int | None = None
    certainty: str = "given"  # given | marker | narrowed | assumed
    note: str = ""

    @property
    def value(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


MARKER = re.compile(r"(?<![\w-])date\s+(\d{4})-(\d{2})(?:-(\d{2}))?(?![\w-])", re.IGNORECASE)


def parse(value: str, certainty: str = "given") -> ArticleDate:
    """Parse YYYY-MM or YYYY-MM-DD into an ArticleDate; ValueError when it is not a real date."""
    import datetime as _dt

    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
    if not m:
        raise ValueError(f"not a date of the form YYYY-MM or YYYY-MM-DD: {value!r}")
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else None
    _dt.date(year, month, day or 1)  # raises ValueError for impossible dates
    return ArticleDate(year, month, day, certainty)


def narrow(text: str, body_spans: list[tuple[int, int]], lang: str,
           article_date: ArticleDate | None) -> ArticleDate | None:
    return article_date


def find(sentence: str, lang: str, article_date: ArticleDate | None) -> list[dict]:
    return []
