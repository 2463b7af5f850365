"""Refused and not found are two different answers (decision 39)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404
from django.test import RequestFactory

from lantoa.core.errors import DomainError, NotFound, refuse


def test_not_found_is_a_404_and_never_a_refusal() -> None:
    assert issubclass(NotFound, Http404)
    assert not issubclass(NotFound, DomainError)
    with pytest.raises(Http404):
        try:
            raise NotFound()
        except DomainError:  # what views catch to show a refusal: must not swallow a 404
            pytest.fail("NotFound was caught as a refusal")


class _Form(forms.Form):
    title = forms.CharField()


def _request() -> object:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_refusal_goes_inside_the_form_and_keeps_what_was_typed() -> None:
    request = _request()
    form = _Form({"title": "Cứu người đuối nước"})
    assert form.is_valid()

    refuse(request, DomainError("Ngày không được ở tương lai."), form=form)  # type: ignore[arg-type]

    assert form.non_field_errors() == ["Ngày không được ở tương lai."]
    assert form.data["title"] == "Cứu người đuối nước"
    assert list(get_messages(request)) == []  # type: ignore[arg-type]


def test_a_refusal_without_a_form_is_a_message_on_the_page() -> None:
    request = _request()

    refuse(request, DomainError("Vai trò của bạn không cho phép bước này."))  # type: ignore[arg-type]

    assert [str(m) for m in get_messages(request)] == [  # type: ignore[arg-type]
        "Vai trò của bạn không cho phép bước này."
    ]
