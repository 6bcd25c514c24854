"""/api/openapi.json lists every field the API answers with: each key of each answer, at every depth where the
description gives an object's properties, is one of them (a field added to the API and forgotten in the
description fails here)."""
from __future__ import annotations

import pytest

from tests.support.appearances import IN_ENGLISH, ingest
from tests.support.public import build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app, facts = build_site(tmp_path_factory.mktemp("openapi-fields"))
    # The first article's drone claim appears again in English: its claim carries `appearances`.
    facts["repeat"] = ingest(app.test_cli_runner(), IN_ENGLISH)
    return app, facts


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        node = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def undocumented(document: dict, schema: dict, value, path: str = "") -> list[str]:
    """The paths of the keys in `value` that `schema` does not list."""
    schema = _resolve(document, schema)
    missing = []
    if isinstance(value, dict) and "properties" in schema:
        for key, item in value.items():
            if key not in schema["properties"]:
                if not schema.get("additionalProperties"):
                    missing.append(f"{path}.{key}")
                continue
            missing += undocumented(document, schema["properties"][key], item, f"{path}.{key}")
    elif isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            missing += undocumented(document, schema["items"], item, f"{path}[{n}]")
    return missing


def test_every_field_of_every_api_answer_is_in_the_description(site):
    app, facts = site
    client = app.test_client()
    document = client.get("/api/openapi.json").get_json()
    paths = ["/api/", "/api/articles", f"/api/articles/{facts['first']}", "/api/claims", "/api/sources",
             "/api/sources/washington-post", "/api/search?q=drones"]
    paths += [f"/api/claims/{claim_id}" for claim_id in range(1, 12)]
    seen_appearances = False
    for path in paths:
        response = client.get(path)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, path
        route = path.split("?")[0]
        template = next(p for p in document["paths"] if _matches(p, route))
        schema = document["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        answer = response.get_json()
        assert undocumented(document, schema, answer) == [], path
        seen_appearances |= bool(isinstance(answer, dict) and answer.get("appearances"))
    assert seen_appearances, "no claim answered with appearances: the test saw none of their fields"


def _matches(template: str, path: str) -> bool:
    parts, given = template.strip("/").split("/"), path.strip("/").split("/")
    return len(parts) == len(given) and all(p == g or p.startswith("{") for p, g in zip(parts, given))
