"""The record list with filters and its export as a job, the inbox of what waits for me,
and bulk verify/return."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lantoa.core.errors import DomainError, NotFound
from lantoa.core.paginator import COUNT_CAP, CappedPaginator, search_count_cap
from lantoa.exemplars.access import available_actions
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import (
    RecordFilters,
    RecordRows,
    get_record_for,
    inbox_counts,
    inbox_for,
    inbox_memo,
    record_list,
)
from lantoa.exemplars.services import transition_record
from lantoa.exemplars.tasks import start_record_export
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.orgs.access import can_anywhere
from lantoa.staff.forms.lists import BULK_ACTIONS, BulkForm, InboxFilterForm, RecordFilterForm
from lantoa.staff.views.pickers import filter_orgs
from lantoa.staff.views.record_rows import (
    INBOX_FILTERS,
    LIST_FILTERS,
    filters_html,
    inbox_rows,
    list_rows,
    unbound_filters_html,
)

PAGE_SIZE = 50
# Inbox rows are taller on a phone (stacked cells, a checkbox): a page stays scrollable.
INBOX_PAGE_SIZE = 25


def _require_registry(request: HttpRequest) -> None:
    if not can_anywhere(request.user, RecordAction.VIEW_RECORDS):
        raise NotFound()


def _filters(form: RecordFilterForm) -> RecordFilters:
    """What a bound filter form asks for. A field that does not validate (e.g. an
    organisation outside the scope) is ignored and shown with its error; the others still
    filter."""
    if not form.is_bound:
        return RecordFilters()
    form.is_valid()
    data = {name: form.cleaned_data.get(name) for name in form.fields}
    return RecordFilters(
        q=(data["q"] or "").strip(),
        state=data["state"] or "",
        kind=data["kind"] or "",
        priority_group=data.get("priority_group"),
        sector=data.get("sector"),
        org=data["org"],
        overdue=bool(data["overdue"]),
    )


@login_required
@require_GET
def records(request: HttpRequest) -> HttpResponse:
    _require_registry(request)
    if not _filtering(request.GET, RecordFilterForm):
        return _record_list(request, None, RecordFilters())
    form = RecordFilterForm(request.GET, orgs=filter_orgs(request.user))
    return _record_list(request, form, _filters(form))


def _filtering(params: QueryDict, form_class: type[RecordFilterForm]) -> bool:
    """Whether the address names a filter (the page number alone does not)."""
    return any(params.get(name) for name in (*form_class.base_fields, "org_pick"))


def _record_list(
    request: HttpRequest, form: RecordFilterForm | None, filters: RecordFilters
) -> HttpResponse:
    searched = bool(filters.q.strip())
    cap = search_count_cap(request.GET.get("page"), PAGE_SIZE) if searched else COUNT_CAP
    page = CappedPaginator(record_list(request.user, filters), PAGE_SIZE, cap=cap).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "staff/records/list.html",
        {
            "form": form,
            "filters": (
                unbound_filters_html(LIST_FILTERS, RecordFilterForm)
                if form is None
                else filters_html(LIST_FILTERS, form, filtered=form.has_changed())
            ),
            "page_obj": page,
            "rows": list_rows(cast(RecordRows, page.object_list).values(), timezone.now()),
            "filtered": form is not None and form.has_changed(),
            "export_query": _list_query(request.GET),
        },
    )


def _list_query(params: QueryDict) -> str:
    """The list's filters as a query string (without the page), re-encoded from the
    filters' own names."""
    kept = QueryDict(mutable=True)
    for name in (*RecordFilterForm.base_fields, "org_pick"):
        value = params.get(name)
        if value:
            kept[name] = str(value)
    return kept.urlencode()


@login_required
@require_POST
def record_export(request: HttpRequest) -> HttpResponse:
    """Export the filtered list in the background (the filters come in the query string,
    as on the list; the format in the form): the job's page then offers the file. A second
    click starts a second job, like the audit log's export."""
    _require_registry(request)
    form = RecordFilterForm(request.GET or None, orgs=filter_orgs(request.user))
    try:
        job = start_record_export(
            actor=request.user, filters=_filters(form), fmt=request.POST.get("format", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        query = _list_query(request.GET)
        url = reverse("staff:record_list")
        return redirect(f"{url}?{query}" if query else url)
    return redirect("staff:job_detail", pk=job.pk)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    _require_registry(request)
    # Only the filter fields bind: `page` alone is not a filter.
    form: InboxFilterForm | None = None
    filters = RecordFilters()
    if _filtering(request.GET, InboxFilterForm):
        params = request.GET.copy()
        params.pop("page", None)
        form = InboxFilterForm(params, orgs=filter_orgs(request.user))
        filters = _filters(form)
    filtered = form is not None and form.has_changed()
    # The capped count: a province verifier's queue can hold thousands; they narrow it.
    # Kept until a record is written (decision 159): officers open their inbox often.
    page = CappedPaginator(
        inbox_for(request.user, filters), INBOX_PAGE_SIZE, memo=inbox_memo(request.user, filters)
    ).get_page(request.GET.get("page"))
    # A row can be ticked when the table offers the actor a bulk step on it (path
    # arithmetic on the row: the inbox carries the handling organisation's path).
    offered: set[str] = set()
    bulkable: set[int] = set()
    for record in page.object_list:
        steps = {t.action for t in available_actions(request.user, record)} & set(BULK_ACTIONS)
        if steps:
            bulkable.add(record.pk)
            offered |= steps
    return render(
        request,
        "staff/records/inbox.html",
        {
            "form": form,
            "filters": (
                unbound_filters_html(INBOX_FILTERS, InboxFilterForm)
                if form is None
                else filters_html(INBOX_FILTERS, form, filtered=filtered)
            ),
            "filtered": filtered,
            "page_obj": page,
            "rows": inbox_rows(
                page.object_list, timezone.now(), can_bulk=bool(offered), bulkable=bulkable
            ),
            "can_bulk": bool(offered),
            "bulkable": bulkable,
            "bulk_actions": [(a, BY_ACTION[a].label) for a in BULK_ACTIONS if a in offered],
        },
    )


@login_required
@require_GET
def inbox_summary(request: HttpRequest) -> HttpResponse:
    """HTMX fragment for the home page: how many records wait, how many are late."""
    _require_registry(request)
    return render(
        request,
        "staff/records/_inbox_summary.html",
        inbox_counts(request.user),
    )


@login_required
@require_POST
def record_bulk(request: HttpRequest) -> HttpResponse:
    """Verify or return several records. Each record is its own transaction: one failure
    is reported and does not undo the others."""
    _require_registry(request)
    form = BulkForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["records"]:
        messages.error(request, _("Choose at least one record and an action."))
        return _back_to_inbox(request)
    action = form.cleaned_data["action"]
    note = form.cleaned_data["note"]
    label = BY_ACTION[action].label
    done = 0
    for pk in form.cleaned_data["records"]:
        try:
            record = get_record_for(request.user, pk)
            transition_record(actor=request.user, record=record, action=action, note=note)
        except NotFound:
            messages.error(request, _("Record #%(id)s was not found.") % {"id": pk})
        except DomainError as exc:
            messages.error(request, f"{record.title}: {exc.message}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext(
                "“%(action)s”: %(n)d record done.",
                "“%(action)s”: %(n)d records done.",
                done,
            )
            % {"action": label, "n": done},
        )
    return _back_to_inbox(request)


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    """The inbox as it was filtered. Only the filters' own names are carried over, re-encoded:
    the posted value never becomes a URL of its own."""
    posted = QueryDict(request.POST.get("back", ""))
    kept = QueryDict(mutable=True)
    # `org_pick`: the id the organisation picker chose beside its text (forms/pickers.py).
    for name in (*InboxFilterForm.base_fields, "org_pick", "page"):
        if posted.get(name):
            kept[name] = posted[name]
    url = reverse("staff:inbox")
    return redirect(f"{url}?{kept.urlencode()}" if kept else url)
