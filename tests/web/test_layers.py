"""The app's layers (checker.LAYERS): all of them are on in every app that settings can build, and
benchmarks/public.py can leave each one off by name to measure what it costs."""
from __future__ import annotations

import inspect

import pytest

from checker import LAYERS, create_app
from checker.web import auth, caching, security
from tests.support.app import make_test_app
from tests.support.articles import load_article


def layers_on(app) -> set[str]:
    """The layers an app has, found where each one puts itself."""
    found, wrapper = set(), app.wsgi_app
    while hasattr(wrapper, "wsgi_app"):
        found |= {"headers"} if isinstance(wrapper, security.SecurityHeaders) else set()
        found |= {"early"} if isinstance(wrapper, caching.EarlyAnswers) else set()
        wrapper = wrapper.wsgi_app
    if isinstance(app.session_interface, auth.CookieSessions):
        found.add("sessions")
    if isinstance(getattr(app, "login_manager", None), auth.ReviewerLogins):
        found.add("logins")
    if any(hook.__name__ == "check_csrf" for hook in app.before_request_funcs.get(None, [])):
        found.add("csrf")
    if app.extensions.get("limiter"):
        found.add("limiter")
    return found


def test_an_app_built_from_settings_has_every_layer(tmp_path):
    assert layers_on(make_test_app(tmp_path)) == set(LAYERS)


def test_only_a_keyword_of_create_app_leaves_a_layer_off_never_a_setting(tmp_path):
    assert inspect.signature(create_app).parameters["without"].kind is inspect.Parameter.KEYWORD_ONLY
    app = make_test_app(tmp_path, without=("csrf",), WITHOUT=("csrf",), LAYERS=())
    assert layers_on(app) == set(LAYERS)


def test_an_unknown_layer_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no such layer: csfr"):
        create_app({"CHECKER_DB": str(tmp_path / "checker.db"), "SECRET_KEY": "x",
                    "INSTANCE_DIR": str(tmp_path / "instance")}, without=("csfr",))


@pytest.mark.parametrize("without", [(layer,) for layer in LAYERS] + [LAYERS])
def test_the_public_side_still_answers_with_layers_left_off_for_the_benchmark(tmp_path, without):
    config = {"TESTING": True, "CHECKER_DB": str(tmp_path / "checker.db"), "SECRET_KEY": "x",
              "INSTANCE_DIR": str(tmp_path / "instance")}
    app = create_app(config, without=without)
    assert layers_on(app) == set(LAYERS) - set(without)
    load_article(app)
    client = app.test_client()
    page = client.get("/claims/1")
    assert page.status_code == 200
    assert client.get("/claims/1").get_data() == page.get_data()
    assert client.get("/claims/1", headers={"If-None-Match": page.headers["ETag"]}).status_code == 304
    assert client.get("/static/favicon.svg").status_code == 200
