"""The OpenAPI 3.1 description of the JSON API (/api/openapi.json): served, and true to the routes."""
from __future__ import annotations

import json
import re

import pytest

from checker.web import api
from tests.support.public import build_site

VARIABLE = re.compile(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("openapi"))


@pytest.fixture(scope="module")
def document(site):
    app, _ = site
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def _api_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")]


def test_it_is_openapi_3_1_and_the_file_kept_in_the_repo(document):
    assert document["openapi"].startswith("3.1.")
    assert document == json.loads(api.OPENAPI_FILE.read_text(encoding="utf-8"))


def test_it_lists_every_api_route_and_no_other(site, document):
    app, _ = site
    routes = {VARIABLE.sub(r"{\1}", rule.rule) for rule in _api_rules(app)}
    assert routes == set(document["paths"])


def test_each_operation_lists_the_parameters_its_view_takes(site, document):
    app, _ = site
    for rule in _api_rules(app):
        operation = document["paths"][VARIABLE.sub(r"{\1}", rule.rule)]["get"]
        listed = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        taken = {("query", name) for name in app.view_functions[rule.endpoint].parameters}
        taken |= {("path", name) for name in rule.arguments}
        assert listed == taken, rule.rule
        assert {"200", "400"} <= set(operation["responses"]), rule.rule
        if rule.arguments:
            assert "404" in operation["responses"], rule.rule


def test_every_reference_resolves(document):
    def refs(value):
        if isinstance(value, dict):
            if "$ref" in value:
                yield value["$ref"]
            for item in value.values():
                yield from refs(item)
        elif isinstance(value, list):
            for item in value:
                yield from refs(item)
    for target in refs(document):
        node = document
        for part in target.removeprefix("#/").split("/"):
            node = node[part]


def test_the_description_is_conditional_like_every_answer(site):
    app, _ = site
    client = app.test_client()
    etag = client.get("/api/openapi.json").headers["ETag"]
    assert client.get("/api/openapi.json", headers={"If-None-Match": etag}).status_code == 304
