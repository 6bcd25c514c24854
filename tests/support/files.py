"""Where the tests' files are: the repository, and the pages and articles kept under tests/fixtures/."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SOURCE_PAGES = FIXTURES / "sources"  # stand-in pages in the layouts of the cited sites


def source_page(name: str) -> bytes:
    return (SOURCE_PAGES / name).read_bytes()
