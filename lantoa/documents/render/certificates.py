"""Certificates (Giấy khen, Bằng khen) as PDF: in full on plain paper, or only the merge
fields placed for the pre-printed paper offices buy (`overlay`)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from lantoa.documents.dates import place_and_date
from lantoa.documents.layouts import spec_for
from lantoa.documents.models import Certificate
from lantoa.documents.render.blocks import verification_url
from lantoa.documents.render.pdf import html_to_pdf
from lantoa.documents.render.qr import qr_svg_data_uri

FULL, OVERLAY = "full", "overlay"


def certificate_html(certificate: Certificate, *, mode: str = FULL) -> str:
    decision = certificate.decision
    issuer = decision.issuer
    assert decision.issued_on is not None and decision.layout is not None
    spec = certificate.layout.spec if certificate.layout else spec_for("certificate", issuer.style)
    decision_spec = decision.layout.spec
    place_date = place_and_date(spec, issuer.place, decision.issued_on)
    authority = decision_spec["authority"].get(decision.authority, "") if decision.authority else ""
    authority_line = f"{authority} {decision.authority_of}".strip()
    reference_line = str(spec["decision_line"]).format(reference=decision.reference)
    url = verification_url(certificate.verification_id)
    context: dict[str, Any] = {
        "spec": spec,
        "size": spec["page"],
        "margins": spec["page"]["margins_mm"],
        "sizes": spec["sizes"],
        "overlay": mode == OVERLAY,
        "certificate": certificate,
        "national": [line["text"] for line in decision_spec["national"]],
        "issuer": issuer.name.upper(),
        "title": spec["titles"][certificate.kind],
        "awarded_to": spec["awarded_to"],
        "place_date": place_date,
        "authority_line": authority_line,
        "signer_title": decision.signer_title.upper(),
        "signer_name": decision.signer_name,
        "reference_line": reference_line,
        "url": url,
        "qr": qr_svg_data_uri(url),
    }
    if mode == OVERLAY:
        values = {
            "recipient_name": (certificate.recipient_name, "name"),
            "recipient_title": (certificate.recipient_title, ""),
            "achievement": (certificate.achievement, ""),
            "place_date": (place_date, ""),
            "signer_name": (decision.signer_name, ""),
            "reference": (reference_line, ""),
        }
        context["fields"] = [
            {"text": values[key][0], "css": values[key][1], "x": pos[0], "y": pos[1]}
            for key, pos in spec["overlay_mm"].items()
            if key in values and values[key][0]
        ]
    return render_to_string("documents/render/certificate.html", context)


def certificate_pdf(certificate: Certificate, *, mode: str = FULL) -> bytes:
    return html_to_pdf(certificate_html(certificate, mode=mode))
