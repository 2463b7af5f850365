"""Answers for signed-in people are private; a database outage on a page is a 503."""

from __future__ import annotations

from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string


def test_a_signed_in_page_is_private_and_not_stored(login):
    response = login("xa.doan").get(reverse("staff:home"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_anonymous_public_page_is_left_cacheable(client, world):
    response = client.get("/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_public_page_seen_by_a_signed_in_officer_is_private(login):
    response = login("xa.doan").get("/")

    assert response["Cache-Control"] == "private, no-store"


def down(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")


def test_a_database_outage_in_a_view_is_503_with_retry_after(login, monkeypatch):
    client = login("xa.quantri")
    monkeypatch.setattr("lantoa.staff.views.audit.events_visible_to", down)

    response = client.get(reverse("staff:audit_log"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_database_outage_outside_the_view_is_503_too(world, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(world.user("xa.doan"))
    # The session is read by the middleware around the view as well as inside it.
    monkeypatch.setattr(import_string(settings.SESSION_ENGINE + ".SessionStore"), "load", down)

    page = client.get(reverse("staff:org_list"))
    api = client.get("/api/v1/me")

    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert api.status_code == 401  # the API reads no session: nothing failed


def test_another_server_error_is_still_the_500_page(world, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(world.user("xa.quantri"))

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("lantoa.staff.views.audit.events_visible_to", broken)
    response = client.get(reverse("staff:audit_log"))

    assert response.status_code == 500
    assert "Retry-After" not in response


# --- the security headers on every kind of page; the plain paths skip only what they need not


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_protected(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, name
    assert len(response["X-Request-ID"]) == 32


def test_healthz_keeps_csp_and_the_security_headers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert_protected(response)


def test_a_public_page_keeps_csp_and_the_security_headers(client, world):
    response = client.get("/")

    assert response.status_code == 200
    assert_protected(response)


def test_a_staff_page_keeps_csp_and_the_security_headers(login):
    response = login("xa.doan").get(reverse("staff:home"))

    assert response.status_code == 200
    assert_protected(response)


def test_healthz_reads_no_session_even_when_the_browser_sends_one(login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("xa.doan")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert len(queries) == 0  # neither the session nor the user was loaded
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "Content-Language" not in response  # no language was negotiated for "ok"


def test_a_public_page_still_answers_in_the_language_asked(client, world):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")

    assert english["Content-Language"] == "en"
    assert vietnamese["Content-Language"] == "vi"


def test_csrf_is_still_checked_on_a_public_form(world):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403


def test_csrf_is_still_checked_on_a_staff_form(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("xa.doan"))

    response = client.post(reverse("staff:record_new"), {"title": "x"})

    assert response.status_code == 403


def test_csrf_is_still_checked_on_the_plain_path(world):
    client = Client(enforce_csrf_checks=True)

    assert client.post("/healthz").status_code == 403


# --- the project's own layer (`EnvelopeMiddleware`, issue 15): one layer, same answers


def test_a_sane_request_id_is_kept_and_another_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c2e")
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="x" * 65)

    assert kept["X-Request-ID"] == "lb-7f3a9c2e"
    assert replaced["X-Request-ID"] != "x" * 65 and len(replaced["X-Request-ID"]) == 32
    assert client.get("/healthz")["X-Request-ID"] != replaced["X-Request-ID"]


def test_the_admin_gets_no_csp_but_keeps_the_frame_and_security_headers(client, world):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, name


def test_a_view_exempt_from_frame_options_or_choosing_its_own_keeps_its_choice(rf):
    from django.http import HttpResponse

    from lantoa.core.middleware import EnvelopeMiddleware

    def exempt(request):
        response = HttpResponse("embeddable")
        response.xframe_options_exempt = True
        return response

    def same_origin(request):
        response = HttpResponse("ours")
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    assert "X-Frame-Options" not in EnvelopeMiddleware(exempt)(rf.get("/x"))
    assert EnvelopeMiddleware(same_origin)(rf.get("/x"))["X-Frame-Options"] == "SAMEORIGIN"


def test_healthz_answers_a_probe_naming_its_own_host_and_pages_still_check_it(client, world):
    # A load balancer probes with its own address as Host: the plain path reads no host.
    probe = client.get("/healthz", HTTP_HOST="10.0.0.7")
    page = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")

    assert probe.status_code == 200 and probe.content == b"ok\n"
    assert_protected(probe)
    assert page.status_code == 400


def test_the_envelope_writes_the_security_middlewares_headers_as_it_would(rf, settings):
    from django.http import HttpResponse

    from lantoa.core.middleware import EnvelopeMiddleware

    settings.SECURE_REFERRER_POLICY = ["no-referrer", "strict-origin"]
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = None

    def own_referrer_policy(request):
        response = HttpResponse("ours")
        response["Referrer-Policy"] = "origin"
        return response

    plain = EnvelopeMiddleware(lambda request: HttpResponse("x"))(rf.get("/x"))
    chosen = EnvelopeMiddleware(own_referrer_policy)(rf.get("/x"))

    assert plain["Referrer-Policy"] == "no-referrer,strict-origin"
    assert plain["X-Content-Type-Options"] == "nosniff"
    assert "Cross-Origin-Opener-Policy" not in plain
    assert "Strict-Transport-Security" not in plain  # HTTPS only, SecurityMiddleware's
    assert chosen["Referrer-Policy"] == "origin"


def test_hsts_is_still_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600

    secure = client.get("/healthz", secure=True)

    assert secure["Strict-Transport-Security"] == "max-age=3600"
    assert_protected(secure)
    assert "Strict-Transport-Security" not in client.get("/healthz")


def test_a_request_id_with_a_line_break_is_refused_not_written(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abcdefgh\r\nSet-Cookie: a=b")

    assert response.status_code == 200
    assert "\n" not in response["X-Request-ID"] and len(response["X-Request-ID"]) == 32
    assert not response.cookies
