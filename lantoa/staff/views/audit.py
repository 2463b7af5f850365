"""The audit log of the actor's subtree: filter, page, export CSV (streamed, or as a
background job whose page offers the file) or XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantoa.core.errors import NotFound
from lantoa.core.paginator import KeysFirstPaginator
from lantoa.orgs.access import Action, can_anywhere
from lantoa.orgs.audit_export import export_csv, export_xlsx
from lantoa.orgs.audit_log import action_choices_for, events_visible_to
from lantoa.orgs.tasks import start_export
from lantoa.staff.forms.audit import AuditFilterForm


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    if not can_anywhere(request.user, Action.VIEW_AUDIT):
        raise NotFound()
    actions = action_choices_for(request.user)
    asked = request.GET.get("action", "").strip()[:100]
    if asked and asked not in actions:
        # A code nobody described yet, or a dotted prefix ("orgs.membership"): still a
        # filter, shown as typed (`events_visible_to` matches both).
        actions = [*actions, asked]
    form = AuditFilterForm(request.GET or None, actions=actions)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_q": data["actor"].strip(),
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    return form, filters


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, Any]:
    form, filters = _filters(request)
    return form, events_visible_to(request.user, **filters)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = KeysFirstPaginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/audit/log.html",
        {
            "form": form,
            "page_obj": page,
            "export_query": query.urlencode(),
        },
    )


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, events = _filtered(request)
    response = StreamingHttpResponse(
        export_csv(events, actor=request.user), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.csv"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def audit_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The same export as a workbook (built in memory: large logs go through the job)."""
    _form, events = _filtered(request)
    response = HttpResponse(export_xlsx(events, actor=request.user), content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.xlsx"'
    return response


@login_required
@require_POST
def audit_export_job(request: HttpRequest) -> HttpResponse:
    """Export the filtered log in the background (the filters come in the query string,
    as on the page): its progress page then offers the file."""
    _form, filters = _filters(request)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    job = start_export(actor=request.user, filters=filters, fmt=fmt)
    return redirect("staff:job_detail", pk=job.pk)
