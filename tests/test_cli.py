"""The `flask` commands: output contracts and one-line errors that write nothing."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checker.claims import store as claims_store
from checker.db import open_db
from tests.support.articles import ARTICLE
from tests.support.files import ROOT


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_ingest_prints_the_article_id_and_again_the_same_id(runner, article_file):
    first = runner.invoke(args=["ingest", str(article_file)])
    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == "1"
    second = runner.invoke(args=["ingest", str(article_file)])
    assert second.stdout.strip() == "1"
    assert "already ingested" in second.stderr


def test_ingest_json_follows_the_article_contract(runner, article_file):
    result = runner.invoke(args=["ingest", str(article_file), "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"article", "claims", "skipped"}
    assert {"id", "title", "language", "published", "text"} <= set(document["article"])
    assert document["article"]["language"] == "fr"
    text = document["article"]["text"]
    for claim in document["claims"]:
        assert {"id", "text", "start", "end", "checkworthy", "score", "kind", "reasons", "quantities",
                "dates", "entities", "attribution"} <= set(claim)
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert isinstance(claim["checkworthy"], bool)
        assert 0.0 <= claim["score"] <= 1.0
    claims_output = runner.invoke(args=["claims", str(document["article"]["id"]), "--json"])
    assert json.loads(claims_output.stdout) == document


def test_ingest_reads_the_article_from_stdin(runner):
    result = runner.invoke(args=["ingest", "-", "--lang", "fr"], input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1"


def test_ingesting_a_directory_prints_one_id_per_article_and_skips_other_files(runner, tmp_path):
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(ARTICLE.replace("1 000", f"{n + 1} 000"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article")
    result = runner.invoke(args=["ingest", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == ["1", "2", "3"]
    assert "3 ingested, 0 failed" in result.stderr


@pytest.mark.parametrize("make_input, expected", [
    (lambda tmp: str(tmp / "missing.txt"), "no such file"),
    (lambda tmp: _write(tmp / "empty.txt", b""), "empty"),
    (lambda tmp: _write(tmp / "binary.txt", bytes(range(256)) * 40), "binary"),
    (lambda tmp: _write(tmp / "big.txt", b"mot " * 600_000), "limit"),
    (lambda tmp: _write(tmp / "gibberish.txt", b"zzkx qwpl vbnm rtyu"), "--lang"),
    (lambda tmp: "http://127.0.0.1:9/nothing-listens-here", "non-public address"),  # the fetcher's guard
])
def test_bad_input_gets_one_line_on_stderr_a_nonzero_exit_and_writes_nothing(runner, app, tmp_path,
                                                                             make_input, expected):
    result = runner.invoke(args=["ingest", make_input(tmp_path)])
    assert result.exit_code != 0
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout
    db = open_db(app.config["CHECKER_DB"])
    assert claims_store.counts(db) == {"articles": 0, "claims": 0, "skipped": 0}


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_claims_of_an_unknown_article_is_a_clear_error(runner):
    result = runner.invoke(args=["claims", "42", "--json"])
    assert result.exit_code != 0
    assert "no article with id 42" in result.stderr


def test_init_db_can_run_twice(runner):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0


def test_demo_loads_the_example_article(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.stderr
    assert "example article loaded" in result.stderr


def test_every_cli_command_has_help_text_and_appears_in_the_readme(app):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in app.cli.commands.items():
        assert (command.help or "").strip(), f"flask {name} has no help text"
        assert re.search(rf"flask {re.escape(name)}\b", readme), f"flask {name} is not in the README"
