"""The catalogues (priority groups, fields of work), edited by system administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.core.errors import DomainError, NotFound, refuse
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.services.catalogues import CATALOGUES, save_catalogue_entry
from lantoa.orgs.access import can_anywhere
from lantoa.staff.forms.catalogues import CatalogueEntryForm

TITLES = {
    "priority_groups": gettext_lazy("Priority groups"),
    "sectors": gettext_lazy("Fields"),
}


def _require_admin(request: HttpRequest) -> None:
    if not can_anywhere(request.user, RecordAction.MANAGE_CATALOGUES):
        raise NotFound()


@login_required
@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    sections = [
        (key, TITLES[key], list(model.objects.order_by("order", "name")))
        for key, model in CATALOGUES.items()
    ]
    return render(request, "staff/catalogues/list.html", {"sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_edit(request: HttpRequest, catalogue: str, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    model = CATALOGUES.get(catalogue)
    if model is None:
        raise NotFound()
    entry = None
    if pk is not None:
        entry = model.objects.filter(pk=pk).first()
        if entry is None:
            raise NotFound()
    initial = (
        {f: getattr(entry, f) for f in ("code", "name", "name_en", "order", "is_active")}
        if entry is not None
        else None
    )
    form = CatalogueEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_catalogue_entry(
                actor=request.user, catalogue=catalogue, entry=entry, **form.cleaned_data
            )
        except DomainError as exc:
            refuse(request, exc, form=form)
        else:
            messages.success(request, _("The catalogue was saved."))
            return redirect("staff:catalogue_list")
    return render(
        request,
        "staff/catalogues/form.html",
        {"form": form, "entry": entry, "title": TITLES[catalogue]},
    )
