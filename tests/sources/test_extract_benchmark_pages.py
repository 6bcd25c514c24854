"""The extraction benchmark's pages: every one is a marked stand-in at a reserved address with a marked body,
our extractor scores at least trafilatura's F1 on them, and benchmarks/extract.py prints its table."""
from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tomllib
from urllib.parse import urlsplit

import lxml.html
import pytest

from checker.sources.extract import STANDIN_META, extract
from tests.support.files import FIXTURES, ROOT

MANIFEST = FIXTURES / "extraction" / "manifest.toml"
PAGES = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["page"]
VISIBLE_MARKS = ("stand-in", "page fictive")


def benchmark_module():
    spec = importlib.util.spec_from_file_location("extract_benchmark", ROOT / "benchmarks" / "extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_at_least_forty_new_pages_in_english_and_french():
    new = [page for page in PAGES if page["file"].startswith("pages/")]
    assert len(new) >= 40
    assert {page["lang"] for page in new} == {"en", "fr"}
    assert len({page["template"] for page in new}) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page["file"].rsplit("/", 1)[-1])
def test_each_page_is_a_marked_stand_in_at_a_reserved_address_with_a_marked_body(page):
    html = (MANIFEST.parent / page["file"]).read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    visible = " ".join(tree.xpath("//body//text()[not(ancestor::script)]")).lower()
    assert tree.xpath(f'//meta[@name="{STANDIN_META}"]') or page["file"].endswith("review_evidence_page.html")
    assert any(mark in visible for mark in VISIBLE_MARKS)
    host = urlsplit(page["url"]).hostname
    assert host.endswith(".invalid") or host == "example.org"
    assert (MANIFEST.parent / page["gold"]).read_text(encoding="utf-8").strip()


def test_our_f1_on_the_benchmark_pages_is_at_least_trafilaturas():
    bench = benchmark_module()
    pages = bench.load_pages(MANIFEST)
    ours = statistics.fmean(bench.scores(bench.run_ours(page), page["gold_text"])[2] for page in pages)
    alone = statistics.fmean(bench.scores(bench.run_trafilatura(page), page["gold_text"])[2] for page in pages)
    assert ours >= alone


def test_token_scores_are_bag_of_words_overlap():
    bench = benchmark_module()
    assert bench.scores("The cap, the CAP", "the cap rises") == pytest.approx((0.5, 2 / 3, 4 / 7))
    assert bench.scores("", "the cap") == (0.0, 0.0, 0.0)


def test_benchmark_prints_precision_recall_f1_time_and_ratio_for_both_extractors(tmp_path):
    few = [page for page in PAGES if page["file"].startswith("pages/")][:3]
    lines = []
    for page in few:
        lines.append(f'[[page]]\nfile = "{MANIFEST.parent / page["file"]}"\ngold = "{MANIFEST.parent / page["gold"]}"\n'
                     f'url = "{page["url"]}"\nlang = "{page["lang"]}"\n')
    manifest = tmp_path / "manifest.toml"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "extract.py"), "--rounds", "1",
                             "--manifest", str(manifest)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "precision" in result.stdout and "recall" in result.stdout and "F1" in result.stdout
    assert "ours (checker.sources.extract)" in result.stdout and "trafilatura alone (defaults)" in result.stdout
    assert "goal time <= 1.2 x trafilatura's" in result.stdout


def test_each_benchmark_page_extracts_its_own_language():
    for page in PAGES:
        html = (MANIFEST.parent / page["file"]).read_text(encoding="utf-8")
        assert extract(html, page["url"]).language == page["lang"], page["file"]
