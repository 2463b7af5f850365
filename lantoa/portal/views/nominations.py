"""Citizen nominations on the portal: the form, the tracking code, the status page.

Spam defences (lantoa.nominations.guard, the nominations' policy over the public-intake kit
lantoa.core.intake): a bot (honeypot filled, form token missing or forged) gets a page
exactly like a success, with a made-up code, and nothing is stored; a form sent too fast or
too late is shown again with a message; when the address's window is full, the proof step
(a small sum) is asked with the form as typed; the other limits (in the service) answer 429
with the form as typed. A form shown again keeps the photos too: they are held on the server
for this browser and shown back as thumbnails (`nomination_attempt`, `nominations.holds`).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.core.errors import DomainError, refuse
from lantoa.core.intake.guard import FormToken, Verdict
from lantoa.core.intake.proof import Outcome, Question
from lantoa.core.middleware import client_ip
from lantoa.nominations import guard, holds
from lantoa.nominations.models import TRACKING_CODE
from lantoa.nominations.services import NominationInvalid, nomination_status, submit_nomination
from lantoa.portal.forms.nominations import NominationForm, TrackForm, province_by_code
from lantoa.portal.views.nomination_attempt import Attempt, browser_of, device_of

_DONE_KEY = "nom-done:{}"


def _form_page(
    request: HttpRequest,
    form: NominationForm,
    *,
    token: FormToken | None,
    attempt: Attempt | None = None,
    status: int = 200,
    notice: str = "",
    refusal: str = "",
    proof: Question | None = None,
    proof_error: str = "",
    focus_commune: bool = False,
) -> HttpResponse:
    if focus_commune:
        form.fields["commune"].widget.attrs["autofocus"] = True
    context: dict[str, Any] = {
        "form": form,
        "token": guard.FORM.issue_token(token),
        "token_field": guard.FORM.token_field,
        "honeypot_field": guard.FORM.honeypot_field,
        "notice": notice,
        "refusal": refusal,
        "proof": proof,
        "proof_error": proof_error,
        "max_photos": guard.setting("NOMINATION_MAX_PHOTOS"),
        "served_provinces": form.fields["province"].queryset,  # type: ignore[attr-defined]
        "held": [],
        "held_refused": 0,
    }
    if attempt is not None:
        context.update(attempt.context())
    response = render(request, "portal/nominations/form.html", context, status=status)
    return attempt.set_cookies(response) if attempt is not None else response


def _received(request: HttpRequest, code: str, attempt: Attempt | None = None) -> HttpResponse:
    """The success page. A bot gets the same page with a made-up code."""
    response = render(request, "portal/nominations/received.html", {"code": code})
    return attempt.set_cookies(response) if attempt is not None else response


def proof_notice() -> str:
    return _(
        "Please answer the small question at the end of the form, then send your report "
        "again. Everything you typed and the photos you chose are kept."
    )


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
    done_key = _DONE_KEY.format(token.nonce) if token is not None else ""
    already = cache.get(done_key) if done_key else None
    if already:  # the same form sent twice (a double tap, a reload): one nomination
        return _received(request, already)
    attempt = Attempt.read(request)
    form = NominationForm(request.POST, request.FILES, province=province)
    valid = form.is_valid()
    # Photos that passed their checks are held whenever the form is shown again.
    new_photos = [] if "photos" in form.errors else list(form.cleaned_data.get("photos") or [])

    def again(**kwargs: Any) -> HttpResponse:
        attempt.hold(new_photos)
        page_form = form
        if "choose_province" in request.POST:
            page_form = NominationForm(initial=_kept(request.POST), province=province)
        shown = kwargs.pop("token", token)
        return _form_page(request, page_form, token=shown, attempt=attempt, **kwargs)

    if "choose_province" in request.POST:
        # Without JavaScript: show the communes of the chosen province, keep what was typed.
        return again(focus_commune=province is not None)
    if check.verdict == Verdict.EXPIRED:
        return again(
            token=guard.FORM.expired_token(),
            notice=_(
                "This form was open for a long time. Please check your report and send it again."
            ),
        )
    if check.verdict == Verdict.TOO_FAST:
        return again(notice=_("Please take a moment to check your report, then send it again."))
    if not valid or attempt.refused:
        # A held photo that can no longer be used is not silently left out: the page says
        # so and the citizen chooses it again (or sends without it).
        return again()

    device = device_of(request)
    if device is None and guard.PROOF_FIELD in request.POST:
        outcome = guard.PROOF.check(
            request.POST.get(guard.PROOF_FIELD), request.POST.get(guard.PROOF_ANSWER_FIELD)
        )
        if outcome != Outcome.PASSED:
            return again(
                proof=guard.PROOF.ask(),
                proof_error=_("That answer is not right. Please answer this new question."),
                notice=proof_notice(),
            )
        device = attempt.passed_proof()
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
            photos=attempt.photos + new_photos,
            ip=client_ip(request),
            device=device,
        )
    except guard.ProofRequired:
        return again(proof=guard.PROOF.ask(), notice=proof_notice())
    except guard.RateLimited as exc:
        response = again(status=429, refusal=str(exc.message))
        response["Retry-After"] = str(exc.retry_after)
        return response
    except NominationInvalid as exc:
        field = exc.field if exc.field in NominationForm.SERVICE_FIELDS else None
        form.add_error(field, str(exc.message))
        return again()
    except DomainError as exc:
        refuse(request, exc, form=form)
        return again()
    attempt.used()
    cache.set(done_key, nomination.display_code, timeout=guard.setting("NOMINATION_FORM_MAX_AGE"))
    return _received(request, nomination.display_code, attempt)


@never_cache
@require_GET
def held_photo(request: HttpRequest, token: str) -> HttpResponseBase:
    """A held photo, for the browser that holds it only (404 for anyone else, or expired)."""
    hold = holds.held_photo(browser=browser_of(request), token=token)
    if hold is None:
        raise Http404
    response = FileResponse(hold.file.open("rb"), content_type=hold.content_type)
    response["Content-Disposition"] = "inline"
    return response


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
