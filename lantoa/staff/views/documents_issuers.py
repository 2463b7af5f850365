"""Setting up who signs documents, by the organisation administrators: a new issuer for one
of their organisations, what an issuer prints corrected, an issuer retired (or put back to
work), and a new committee term of a per-term issuer (`services.create_issuer`,
`services.update_issuer`, `services.set_issuer_retired`, `services.start_term`;
docs/documents.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents import selectors, services
from lantoa.documents.access import holds
from lantoa.documents.models import Issuer, NumberingPeriod
from lantoa.documents.services.common import retired_refusal
from lantoa.documents.workflow import ISSUER_ADMIN_ROLES, ISSUER_DETAILS
from lantoa.orgs.access import grants
from lantoa.orgs.models import Organisation
from lantoa.staff.forms.documents import IssuerDetailsForm, IssuerForm, TermForm


def administered_orgs(actor: Actor) -> list[tuple[int, str]]:
    """The organisations the actor administers (a seat, not a subtree): those an issuer
    may act for. The system administrators' other issuers go through the Django admin."""
    ids = {g.org_id for g in grants(actor) if g.role in ISSUER_ADMIN_ROLES}
    orgs = Organisation.objects.filter(pk__in=ids, valid_to__isnull=True).order_by("path")
    return list(orgs.values_list("pk", "name"))


@login_required
def issuer_new(request: HttpRequest) -> HttpResponse:
    orgs = administered_orgs(request.user)
    if not orgs:
        raise NotFound()
    form = IssuerForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issuer = services.create_issuer(
                actor=request.user,
                org=Organisation.objects.get(pk=data["org"]),
                name=data["name"],
                parent_name=data["parent_name"],
                code=data["code"],
                style=data["style"],
                place=data["place"],
                period=data["period"],
                per_type=data["per_type"],
                external=data["external"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s can now issue documents.") % {"name": issuer})
            return redirect("staff:issuer_register", pk=issuer.pk)
    return render(request, "staff/documents/issuer_new.html", {"form": form})


def administered_issuer(actor: Actor, pk: int) -> Issuer:
    """An issuer the actor may read and administers; 404 otherwise."""
    issuer = selectors.get_issuer_for(actor, pk)
    if not holds(actor, ISSUER_ADMIN_ROLES, issuer.org_path):
        raise NotFound()
    return issuer


def retired_answer(request: HttpRequest, issuer: Issuer) -> HttpResponse | None:
    """A form page of a retired issuer, opened from an old link, goes back to its register
    with the reason; a form sent meanwhile reaches its service, whose refusal keeps what
    was typed (`services.common.check_issuing`)."""
    if issuer.retired_at is None or request.method == "POST":
        return None
    messages.error(request, retired_refusal().message)
    return redirect("staff:issuer_register", pk=issuer.pk)


@login_required
def issuer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issuer = administered_issuer(request.user, pk)
    initial = {field: getattr(issuer, field) for field in ISSUER_DETAILS}
    form = IssuerDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_issuer(actor=request.user, issuer=issuer, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved: documents print the new details from now on."))
            return redirect("staff:issuer_register", pk=issuer.pk)
    return render(request, "staff/documents/issuer_edit.html", {"issuer": issuer, "form": form})


@login_required
@require_POST
def issuer_retirement(request: HttpRequest, pk: int) -> HttpResponse:
    """`retire=1` retires the issuer, `retire=0` puts it back to work."""
    issuer = administered_issuer(request.user, pk)
    retire = request.POST.get("retire") == "1"
    services.set_issuer_retired(actor=request.user, issuer=issuer, retired=retire)
    if retire:
        messages.success(request, _("Retired: it issues no more documents."))
    else:
        messages.success(request, _("Back to work: it issues documents again."))
    return redirect("staff:issuer_register", pk=issuer.pk)


@login_required
def term_new(request: HttpRequest, pk: int) -> HttpResponse:
    issuer = administered_issuer(request.user, pk)
    if issuer.period != NumberingPeriod.TERM:
        raise NotFound()
    if refused := retired_answer(request, issuer):
        return refused
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.start_term(
                actor=request.user,
                issuer=issuer,
                label=form.cleaned_data["label"],
                starts_on=form.cleaned_data["starts_on"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Term %(term)s starts on %(day)s: numbers start again at 1.")
                % {"term": term.label, "day": term.starts_on.strftime("%d/%m/%Y")},
            )
            return redirect("staff:issuer_register", pk=issuer.pk)
    terms = list(issuer.terms.order_by("-starts_on"))
    return render(
        request, "staff/documents/term_new.html", {"issuer": issuer, "form": form, "terms": terms}
    )
