"""Replication from the record page: record a unit that followed, its confirmation by the
unit, and the organisation picker that finds any unit of the system by name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lantoa.core.errors import DomainError, NotFound, refuse
from lantoa.exemplars import services
from lantoa.exemplars.models import Replication
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import get_record_for
from lantoa.orgs.access import can_anywhere
from lantoa.orgs.selectors import organisations_named
from lantoa.staff.forms.replication import ReplicationForm
from lantoa.staff.views.record_page import render_again
from lantoa.staff.views.records_common import own_orgs_for


@login_required
@require_POST
def record_replicate(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    orgs = own_orgs_for(request.user, RecordAction.REPLICATE)
    if not orgs:
        raise NotFound()
    form = ReplicationForm(
        request.POST,
        own_orgs=orgs,
        record=record,
        replications=list(record.replications.all()),
    )
    if not form.is_valid():
        return render_again(
            request, record, _("Check the replication form."), replication_form=form
        )
    data = form.cleaned_data
    try:
        replication = services.add_replication(
            actor=request.user,
            record=record,
            org=data["org"],
            outside_name=data["outside_name"],
            outside_place=data["outside_place"],
            learned_from=data["learned_from"],
            date=data["date"],
            what=data["what"],
            result=data["result"],
        )
    except DomainError as exc:
        return render_again(request, record, exc.message, replication_form=form)
    if replication.is_counted:
        message = _("Recorded: %(org)s learned and followed.")
    else:
        message = _("Recorded: %(org)s learned and followed. It counts once the unit confirms.")
    messages.success(request, message % {"org": replication.org_name})
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_replication_confirm(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    replication = Replication.objects.filter(pk=rid, record=record).first()
    if replication is None:
        raise NotFound()
    try:
        services.confirm_replication(actor=request.user, replication=replication)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(
            request, _("Confirmed: %(org)s learned and followed.") % {"org": replication.org_name}
        )
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_GET
def org_picker(request: HttpRequest) -> HttpResponse:
    """HTMX fragment: the options of the replication form's unit select, any active
    organisation whose name matches what was typed."""
    if not can_anywhere(request.user, RecordAction.REPLICATE):
        raise NotFound()
    typed = request.GET.get("q") or request.GET.get("replication-org_search") or ""
    return render(
        request,
        "staff/records/_org_options.html",
        {"orgs": organisations_named(typed[:100]), "typed": typed},
    )
