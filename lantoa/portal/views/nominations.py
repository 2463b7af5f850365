"""Citizen nominations on the portal: the form, the tracking code, the status page.

Spam defences (lantoa.nominations.guard, the nominations' policy over the public-intake kit
lantoa.core.intake): a bot (honeypot filled, form token missing or forged) gets a page
exactly like a success, with a made-up code, and nothing is stored; a form sent too fast or
too late is shown again with a message; the rate limits (in the service) answer 429 with the
form as typed. Files can never be kept on a form shown again.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.core.errors import DomainError, refuse
from lantoa.core.intake.guard import FormToken, Verdict
from lantoa.core.middleware import client_ip
from lantoa.nominations import guard
from lantoa.nominations.models import TRACKING_CODE
from lantoa.nominations.services import NominationInvalid, nomination_status, submit_nomination
from lantoa.portal.forms.nominations import NominationForm, TrackForm, province_by_code

_DONE_KEY = "nom-done:{}"


def _form_page(
    request: HttpRequest,
    form: NominationForm,
    *,
    token: FormToken | None,
    status: int = 200,
    notice: str = "",
    refusal: str = "",
    focus_commune: bool = False,
) -> HttpResponse:
    if focus_commune:
        form.fields["commune"].widget.attrs["autofocus"] = True
    response = render(
        request,
        "portal/nominations/form.html",
        {
            "form": form,
            "token": guard.FORM.issue_token(token),
            "token_field": guard.FORM.token_field,
            "honeypot_field": guard.FORM.honeypot_field,
            "notice": notice,
            "refusal": refusal,
            "files_dropped": bool(request.FILES.getlist("photos")),
            "max_photos": guard.setting("NOMINATION_MAX_PHOTOS"),
        },
        status=status,
    )
    return response


def _received(request: HttpRequest, code: str) -> HttpResponse:
    """The success page. A bot gets the same page with a made-up code."""
    return render(request, "portal/nominations/received.html", {"code": code})


def _kept(data: QueryDict) -> dict[str, Any]:
    """What was typed, as initial values of a form shown again (not as errors)."""
    kept: dict[str, Any] = {
        name: data.get(name, "")
        for name in NominationForm.base_fields
        if name not in {"photos", "contact_consent"}
    }
    kept["contact_consent"] = bool(data.get("contact_consent"))
    return kept


@never_cache
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        province = province_by_code(request.GET.get("province"))
        initial = {"province": province.code} if province else {}
        return _form_page(
            request,
            NominationForm(initial=initial, province=province),
            token=None,
            focus_commune=province is not None,
        )

    check = guard.FORM.check(request.POST)
    if check.verdict == Verdict.BOT:
        return _received(request, TRACKING_CODE.display(TRACKING_CODE.new_code()))
    province = province_by_code(request.POST.get("province"))
    token = check.token
    if "choose_province" in request.POST:
        # Without JavaScript: show the communes of the chosen province, keep what was typed.
        form = NominationForm(initial=_kept(request.POST), province=province)
        return _form_page(request, form, token=token, focus_commune=province is not None)

    form = NominationForm(request.POST, request.FILES, province=province)
    valid = form.is_valid()
    if check.verdict == Verdict.EXPIRED:
        return _form_page(
            request,
            form,
            token=guard.FORM.expired_token(),
            notice=_(
                "This form was open for a long time. Please check your report and send it again."
            ),
        )
    if check.verdict == Verdict.TOO_FAST:
        return _form_page(
            request,
            form,
            token=token,
            notice=_("Please take a moment to check your report, then send it again."),
        )
    if not valid:
        return _form_page(request, form, token=token)

    assert token is not None
    done_key = _DONE_KEY.format(token.nonce)
    already = cache.get(done_key)
    if already:  # the same form sent twice (a double tap, a reload): one nomination
        return _received(request, already)
    data = form.cleaned_data
    try:
        nomination = submit_nomination(
            what=data["what"],
            commune=data["commune"],
            when=data.get("when"),
            who=data.get("who") or "",
            place=data.get("place") or "",
            contact_name=data.get("contact_name") or "",
            contact_phone=data.get("contact_phone") or "",
            contact_email=data.get("contact_email") or "",
            contact_consent=bool(data.get("contact_consent")),
            photos=data.get("photos") or [],
            ip=client_ip(request),
        )
    except guard.RateLimited as exc:
        response = _form_page(request, form, token=token, status=429, refusal=str(exc.message))
        response["Retry-After"] = str(exc.retry_after)
        return response
    except NominationInvalid as exc:
        field = exc.field if exc.field in NominationForm.SERVICE_FIELDS else None
        form.add_error(field, str(exc.message))
        return _form_page(request, form, token=token)
    except DomainError as exc:
        refuse(request, exc, form=form)
        return _form_page(request, form, token=token)
    cache.set(done_key, nomination.display_code, timeout=guard.setting("NOMINATION_FORM_MAX_AGE"))
    return _received(request, nomination.display_code)


@require_GET
def communes(request: HttpRequest) -> HttpResponse:
    """HTMX: the commune select of the chosen province."""
    province = province_by_code(request.GET.get("province"))
    form = NominationForm(
        initial={"province": province.code if province else ""}, province=province
    )
    return render(request, "portal/nominations/_commune_field.html", {"form": form})


@never_cache
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    """The tracking-code form; a well-formed code goes to its status page."""
    form = TrackForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = TRACKING_CODE.display(form.cleaned_data["code"])
        return redirect("portal:nomination_status", code=code)
    return render(request, "portal/nominations/track.html", {"form": form})


@never_cache
@require_GET
def status(request: HttpRequest, code: str) -> HttpResponse:
    ip = client_ip(request)
    if guard.lookup_blocked(ip):
        response = render(
            request,
            "portal/nominations/track.html",
            {"form": TrackForm(), "refusal": guard.lookup_refused_message()},
            status=429,
        )
        response["Retry-After"] = str(guard.setting("NOMINATION_RATE_WINDOW"))
        return response
    normalised = TRACKING_CODE.normalise(code)
    if normalised is not None and TRACKING_CODE.display(normalised) != code:
        return redirect(
            reverse("portal:nomination_status", args=[TRACKING_CODE.display(normalised)])
        )
    found = nomination_status(code)
    if found is None:
        guard.note_lookup_miss(ip)
        return render(
            request,
            "portal/nominations/not_found.html",
            {"code": code, "form": TrackForm(initial={"code": code})},
            status=404,
        )
    return render(request, "portal/nominations/status.html", {"status": found})
