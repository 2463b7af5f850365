from __future__ import annotations

import json


def test_it_serves_the_openapi_spec_with_every_path(api_client):
    response = api_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/orgs",
        "/api/v1/orgs/{org_id}",
    }


def test_it_documents_bearer_auth_everywhere_but_the_token_endpoint(api_client):
    spec = api_client.get("/api/v1/openapi.json").json()

    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    assert "security" not in spec["paths"]["/api/v1/auth/token"]["post"]
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"BearerAuth": []}]


def test_it_documents_the_error_format(api_client):
    spec = api_client.get("/api/v1/openapi.json").json()

    responses = spec["paths"]["/api/v1/orgs/{org_id}"]["get"]["responses"]
    assert "404" in responses
    error_body = spec["components"]["schemas"]["ErrorBody"]
    assert set(error_body["properties"]) == {"code", "message", "details"}
