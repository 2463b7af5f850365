"""Members of an organisation: add one, end one, import many (all-or-nothing)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lantoa.accounts import services as accounts
from lantoa.accounts.models import User
from lantoa.core.errors import DomainError, NotFound, refuse
from lantoa.orgs import services
from lantoa.orgs.access import Action
from lantoa.orgs.import_files import ImportFailed
from lantoa.orgs.imports import import_members, template_csv, template_xlsx
from lantoa.orgs.selectors import get_membership_for, get_organisation_for
from lantoa.staff.forms.members import ImportForm, MemberForm


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, Action.MANAGE_MEMBERS)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a new account is never left behind without its role.
            with transaction.atomic():
                user = User.objects.filter(username__iexact=data["username"].strip()).first()
                if user is None:
                    if not data["full_name"].strip():
                        raise DomainError(_("Enter the full name of the new person."))
                    user = accounts.create_user(
                        actor=request.user,
                        username=data["username"],
                        full_name=data["full_name"],
                        email=data["email"],
                        phone=data["phone"],
                        password=data["password"] or None,
                        audit_org=org,
                    )
                services.add_member(
                    actor=request.user, org=org, user=user, role=data["role"], title=data["title"]
                )
        except DomainError as exc:
            refuse(request, exc, form=form)
        else:
            messages.success(request, _("Added %(user)s.") % {"user": user.display_name})
            if not user.has_usable_password():
                messages.info(
                    request,
                    _(
                        "%(user)s has no password yet: an invitation was e-mailed, or make a "
                        "one-time link on the account's page."
                    )
                    % {"user": user.display_name},
                )
            return redirect("staff:org_detail", pk=org.pk)
    return render(
        request,
        "staff/orgs/form.html",
        {
            "form": form,
            "org": org,
            "title": _("Add a member to %(name)s") % {"name": org},
            "submit": _("Add member"),
        },
    )


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for(request.user, pk)
    try:
        services.end_membership(actor=request.user, membership=membership)
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(
            request, _("Ended the role of %(user)s.") % {"user": membership.user.display_name}
        )
    return redirect("staff:org_detail", pk=membership.organisation_id)


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, Action.MANAGE_MEMBERS)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.MEMBER_IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            try:
                result = import_members(
                    actor=request.user, org=org, filename=upload.name, data=upload.read()
                )
            except ImportFailed as exc:
                errors = exc.errors
                refuse(request, exc, form=form)
            except DomainError as exc:
                refuse(request, exc, form=form)
            else:
                messages.success(
                    request,
                    _("Imported %(n)d rows: %(users)d new accounts.")
                    % {"n": result.rows, "users": result.created_users},
                )
                if result.invited:
                    messages.info(
                        request,
                        _("An invitation to choose a password was e-mailed to: %(names)s.")
                        % {"names": ", ".join(result.invited)},
                    )
                return redirect("staff:org_detail", pk=org.pk)
    return render(request, "staff/orgs/import.html", {"form": form, "org": org, "errors": errors})


@login_required
def member_import_template(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    get_organisation_for(request.user, pk, Action.MANAGE_MEMBERS)
    if fmt not in {"xlsx", "csv"}:
        raise NotFound()
    if fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-thanh-vien.{fmt}"'
    return response
