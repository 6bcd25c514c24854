"""`flask reviewer …` and `flask demo-reviewer`: accounts made from the command line, errors in one line."""
from __future__ import annotations

import pytest

from checker.db import get_db
from checker.review import store as review_store
from tests.support.app import make_test_app
from tests.support.review import PASSWORD, login


def test_a_reviewer_created_with_the_password_on_stdin_can_log_in(tmp_path):
    app = make_test_app(tmp_path)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reviewer", "create", "gina", "--role", "admin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.stderr
    assert "reviewer gina created (admin)" in result.stderr
    assert login(app.test_client(), "gina").status_code == 302


@pytest.mark.parametrize("args, stdin, expected", [
    (["reviewer", "create", "gina"], "short\n", "at least 10 characters"),
    (["reviewer", "create", "gina"], "", "no password on stdin"),
    (["reviewer", "create", "no spaces allowed"], PASSWORD + "\n", "A username is"),
    (["reviewer", "create", "gina", "--role", "boss"], PASSWORD + "\n", "Invalid value"),
    (["reviewer", "set-password", "nobody"], PASSWORD + "\n", "no reviewer named"),
])
def test_reviewer_command_errors_are_one_line_and_write_nothing(tmp_path, args, stdin, expected):
    app = make_test_app(tmp_path)
    result = app.test_cli_runner().invoke(args=args, input=stdin)
    assert result.exit_code != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    with app.app_context():
        assert review_store.list_reviewers(get_db()) == []


def test_a_second_reviewer_with_the_same_name_in_any_case_is_refused(tmp_path):
    app = make_test_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["reviewer", "create", "hugo"], input=PASSWORD + "\n").exit_code == 0
    again = runner.invoke(args=["reviewer", "create", "HUGO"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_a_deactivated_reviewer_is_listed_as_such_and_the_demo_reviewer_can_log_in(tmp_path):
    app = make_test_app(tmp_path)
    runner = app.test_cli_runner()
    runner.invoke(args=["reviewer", "create", "ivan"], input=PASSWORD + "\n")
    assert runner.invoke(args=["reviewer", "deactivate", "ivan"]).exit_code == 0
    assert "deactivated" in runner.invoke(args=["reviewer", "list"]).stdout
    assert login(app.test_client(), "ivan").status_code == 401
    demo = runner.invoke(args=["demo-reviewer"])
    assert demo.exit_code == 0
    password = demo.stderr.split("password ")[1].split()[0]
    assert login(app.test_client(), "demo", password).status_code == 302
