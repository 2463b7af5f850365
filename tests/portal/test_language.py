"""The language link sets the cookie and goes back, only ever to this site."""

from __future__ import annotations

from django.test import Client


def test_the_language_link_switches_and_returns(db: None, client: Client) -> None:
    response = client.get("/ngon-ngu/en/?next=/guong-sang/%3Fkind%3Dexemplar")
    assert response.status_code == 302 and response["Location"] == "/guong-sang/?kind=exemplar"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()
    assert 'href="/ngon-ngu/vi/?next=/"' in client.get("/").content.decode()


def test_the_language_link_never_sends_elsewhere(db: None, client: Client) -> None:
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get("/ngon-ngu/vi/", {"next": target})
        assert response["Location"] == "/", target
    assert client.get("/ngon-ngu/fr/").status_code == 404
