from __future__ import annotations

import json

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from lantoa.api.urls import api
from lantoa.core.errors import DomainError, NotFound
from tests.api.helpers import TOKEN_URL, assert_error


def handled(exc: Exception):
    request = RequestFactory().get("/api/v1/anything")
    return api.on_exception(request, exc)


def test_it_answers_a_domain_error_with_400_and_its_code():
    response = handled(
        DomainError(
            "The record is already verified.",
            code="already_verified",
            details={"state": "verified"},
        )
    )

    error = assert_error(response, 400, "already_verified")
    assert error["message"] == "The record is already verified."
    assert error["details"] == {"state": "verified"}


@pytest.mark.parametrize("exc", [NotFound(), Http404("secret reason")])
def test_it_answers_not_found_the_same_way_whatever_the_cause(exc):
    with translation.override("en"):
        error = assert_error(handled(exc), 404, "not_found")

    assert error == {"code": "not_found", "message": "Not found.", "details": None}


def test_it_answers_an_unexpected_exception_with_500_without_details(caplog):
    response = handled(RuntimeError("database password is hunter2"))

    error = assert_error(response, 500, "server_error")
    assert "hunter2" not in json.dumps(error)
    assert "Internal Server Error" in caplog.text


def test_it_answers_an_unknown_path_with_404_in_the_error_format(api_client):
    assert_error(api_client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(api_client.get("/api/v1/"), 404, "not_found")


def test_it_has_no_docs_page_that_would_load_assets_from_a_cdn(api_client):
    assert_error(api_client.get("/api/v1/docs"), 404, "not_found")


def test_it_translates_messages_to_vietnamese(api_client, world):
    response = api_client.post(
        TOKEN_URL, {}, content_type="application/json", headers={"Accept-Language": "vi"}
    )

    error = assert_error(response, 422, "validation_error")
    # Django's own catalogue already says "This field is required." in Vietnamese.
    assert {d["message"] for d in error["details"]} == {"Trường này là bắt buộc."}


def test_it_speaks_english_when_asked(api_client, world):
    response = api_client.post(TOKEN_URL, {}, content_type="application/json")

    error = assert_error(response, 422, "validation_error")
    assert error["message"] == "The request is not valid."
    assert {d["message"] for d in error["details"]} == {"This field is required."}
