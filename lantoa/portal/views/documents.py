"""The verification page a QR code on a document opens, and the look-up by a file's SHA-256.

It shows what the document itself made public (number, issuer, date, summary; for a
certificate its holder and achievement), the SHA-256 and signature status of each issued
file, and whether it was revoked. Never cached: a revocation shows at once.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from lantoa.core.errors import NotFound
from lantoa.documents import selectors


@never_cache
def verify(request: HttpRequest, verification_id: str) -> HttpResponse:
    verified = selectors.verify_by_id(verification_id)
    return render(request, "portal/documents/verify.html", {"v": verified})


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """A form: a verification id or a file's SHA-256."""
    query = request.GET.get("q", "").strip()
    not_found = False
    if query:
        try:
            verified = (
                selectors.verify_by_hash(query)
                if len(query) == 64
                else selectors.verify_by_id(query)
            )
        except NotFound:
            not_found = True
        else:
            target = verified.certificate or verified.document
            return redirect("portal:document_verify", target.verification_id)
    status = 404 if not_found else 200
    return render(
        request,
        "portal/documents/lookup.html",
        {"query": query, "not_found": not_found},
        status=status,
    )
