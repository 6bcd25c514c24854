"""`flask backup FILE`: a consistent copy (VACUUM INTO) that passes integrity_check and restores."""
from __future__ import annotations

import shutil
import sqlite3

from checker.public import store as public_store
from tests.support.app import make_test_app
from tests.support.public import build_site


def test_a_backup_passes_integrity_check_and_restores_the_whole_public_site(tmp_path):
    app, facts = build_site(tmp_path / "site")
    target = tmp_path / "backup.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.stderr
    assert public_store.integrity_check(str(target)) == ["ok"]
    restored = tmp_path / "restored" / "checker.db"
    restored.parent.mkdir()
    shutil.copyfile(target, restored)  # restoring = putting the copy where CHECKER_DB points, server stopped
    conn = sqlite3.connect(restored)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    again = make_test_app(restored.parent, PUBLIC_ORG_NAME=app.config["PUBLIC_ORG_NAME"],
                          PUBLIC_ORG_URL=app.config["PUBLIC_ORG_URL"])
    original, copy = app.test_client(), again.test_client()
    for path in (f"/api/claims/{facts['verified']}", f"/api/articles/{facts['first']}", "/api/claims?limit=200"):
        assert copy.get(path).get_json() == original.get(path).get_json(), path
    assert copy.get("/search?q=drones").status_code == 200  # the search index came along


def test_a_backup_never_overwrites_a_file(tmp_path):
    app, _ = build_site(tmp_path / "site")
    target = tmp_path / "backup.db"
    target.write_bytes(b"precious")
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert target.read_bytes() == b"precious"
    missing = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "no" / "such" / "dir.db")])
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
