"""Organisation pages: list, detail, create a unit, edit, move, merge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lantoa.core.errors import DomainError, refuse
from lantoa.orgs import services
from lantoa.orgs.access import Action, can
from lantoa.orgs.models import Organisation, OrgKind, OrgLevel
from lantoa.orgs.selectors import (
    children_of,
    get_organisation_for,
    members_of,
    organisation_list,
    organisation_rows,
)
from lantoa.staff.forms.orgs import MergeForm, MoveForm, OrganisationEditForm, OrganisationForm
from lantoa.staff.views.pickers import edit_unit_choices, merge_orgs, parent_orgs, unit_choices

PAGE_SIZE = 50


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    parent = None
    if request.GET.get("parent"):
        parent = get_organisation_for(request.user, request.GET["parent"])
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "") if request.GET.get("kind") in OrgKind.values else ""
    level = request.GET.get("level", "") if request.GET.get("level") in OrgLevel.values else ""
    include_closed = request.GET.get("closed") == "1"
    qs = organisation_list(
        request.user, parent=parent, q=q, kind=kind, level=level, include_closed=include_closed
    )
    page = Paginator(organisation_rows(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    kind_labels, level_labels = dict(OrgKind.choices), dict(OrgLevel.choices)
    for row in page.object_list:
        row["kind_label"] = kind_labels.get(row["kind"], row["kind"])
        row["level_label"] = level_labels.get(row["level"], row["level"])
    return render(
        request,
        "staff/orgs/list.html",
        {
            "page_obj": page,
            "parent": parent,
            "q": q,
            "kind": kind,
            "level": level,
            "include_closed": include_closed,
            "kinds": OrgKind.choices,
            "levels": OrgLevel.choices,
        },
    )


@login_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk)
    can_members = can(request.user, Action.VIEW_MEMBERS, org)
    members_page = None
    if can_members:
        members_page = Paginator(members_of(request.user, org), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "staff/orgs/detail.html",
        {
            "org": org,
            "names": list(org.names.all()),
            "children": list(children_of(request.user, org)),
            "page_obj": members_page,
            "can_members": can_members,
            "can_manage": can(request.user, Action.MANAGE_ORG, org),
            "can_manage_members": can(request.user, Action.MANAGE_MEMBERS, org),
            "can_move": org.parent is not None and can(request.user, Action.MANAGE_ORG, org.parent),
        },
    )


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Organisation],
    done: Callable[[Organisation], str],
    org: Organisation,
    title: str,
    submit: str,
    danger: bool = False,
) -> HttpResponse:
    """The create/edit/move/merge pattern: a valid form goes to the service; a refusal is
    shown on the form with everything typed kept; success lands on the unit's page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except DomainError as exc:
            refuse(request, exc, form=form)
        else:
            messages.success(request, done(saved))
            return redirect("staff:org_detail", pk=saved.pk)
    return render(
        request,
        "staff/orgs/form.html",
        {"form": form, "org": org, "title": title, "submit": submit, "danger": danger},
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_organisation_for(request.user, pk, Action.MANAGE_ORG)
    form = OrganisationForm(
        request.POST or None,
        units=unit_choices(parent),
        url=reverse("staff:pick_unit_new", args=[parent.pk]),
        initial={"kind": parent.kind, "level": OrgLevel.VILLAGE},
    )

    def save(data: dict[str, Any]) -> Organisation:
        return services.create_organisation(
            actor=request.user,
            parent=parent,
            name=data["name"],
            kind=data["kind"],
            level=data["level"],
            admin_unit=data["admin_unit"],
            valid_from=data["valid_from"],
        )

    return _form_page(
        request,
        form,
        save=save,
        done=lambda org: _("Created %(name)s.") % {"name": org.name},
        org=parent,
        title=_("New unit under %(name)s") % {"name": parent},
        submit=_("Create"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, Action.MANAGE_ORG)
    form = OrganisationEditForm(
        request.POST or None,
        units=edit_unit_choices(org),
        url=reverse("staff:pick_unit", args=[org.pk]),
        initial={"name": org.name, "kind": org.kind, "admin_unit": org.admin_unit},
    )

    def save(data: dict[str, Any]) -> Organisation:
        services.update_organisation(
            actor=request.user,
            org=org,
            name=data["name"],
            kind=data["kind"],
            admin_unit=data["admin_unit"],
            effective_date=data["effective_date"],
            legal_basis=data["legal_basis"],
        )
        return org

    return _form_page(
        request,
        form,
        save=save,
        done=lambda _org: _("Saved."),
        org=org,
        title=_("Edit %(name)s") % {"name": org},
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, Action.MANAGE_ORG)
    if org.parent is None or not can(request.user, Action.MANAGE_ORG, org.parent):
        return render(request, "404.html", status=404)
    parents = parent_orgs(request.user, org)

    def save(data: dict[str, Any]) -> Organisation:
        services.move_organisation(actor=request.user, org=org, new_parent=data["new_parent"])
        return org

    return _form_page(
        request,
        MoveForm(
            request.POST or None,
            parents=parents,
            url=reverse("staff:pick_parent", args=[org.pk]),
        ),
        save=save,
        done=lambda _org: _("Moved."),
        org=org,
        title=_("Move %(name)s") % {"name": org},
        submit=_("Move"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_merge(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, Action.MANAGE_ORG)
    if org.parent is None or not org.is_active:
        return render(request, "404.html", status=404)
    targets = merge_orgs(request.user, org)

    def save(data: dict[str, Any]) -> Organisation:
        services.merge_organisation(
            actor=request.user,
            org=org,
            into=data["into"],
            effective_date=data["effective_date"],
            legal_basis=data["legal_basis"],
        )
        return org

    return _form_page(
        request,
        MergeForm(
            request.POST or None,
            targets=targets,
            url=reverse("staff:pick_merge_target", args=[org.pk]),
        ),
        save=save,
        done=lambda _org: _("Merged."),
        org=org,
        title=_("Merge %(name)s") % {"name": org},
        submit=_("Merge"),
        danger=True,
    )
