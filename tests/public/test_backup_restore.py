"""`flask backup`, restored and served: the copy put where CHECKER_DB points serves the same public site."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from checker import create_app
from tests.support.public import build_site, crawl

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_backup_put_where_checker_db_points_serves_every_public_page_the_same(tmp_path):
    app, facts = build_site(tmp_path / "site")
    backup = tmp_path / "backup.db"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CHECKER_", "FLASK_"))}
    env.update(FLASK_APP="app.py", CHECKER_DB=app.config["CHECKER_DB"], CHECKER_INSTANCE=str(tmp_path / "i"),
               SECRET_KEY="backup-test")
    done = subprocess.run([sys.executable, "-m", "flask", "backup", str(backup)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "integrity ok" in done.stderr

    restored = tmp_path / "restored" / "checker.db"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)  # the restore: the copy where CHECKER_DB points, the server stopped
    again = create_app({**{key: app.config[key] for key in ("TESTING", "SECRET_KEY", "PUBLIC_ORG_NAME",
                                                              "PUBLIC_ORG_URL")},
                        "CHECKER_DB": str(restored), "INSTANCE_DIR": str(tmp_path / "restored-instance")})
    original = crawl(app.test_client())
    assert len(original) > 20 and f"/claims/{facts['verified']}" in original
    copy = again.test_client()
    for path, response in original.items():
        served = copy.get(path)
        assert served.status_code == response.status_code == 200, path
        assert served.get_data() == response.get_data(), path
