"""Official documents in the staff app: the issuers, each one's register (filters, XLSX),
drafting, and a document's page with its files, certificates and timeline.

Views parse, read through `lantoa.documents.selectors` (404 outside the actor's reach) and
call the services; the workflow table says which buttons a document shows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lantoa.core.errors import DomainError, NotFound, refuse
from lantoa.documents import selectors, services
from lantoa.documents.access import holds, roots_for
from lantoa.documents.exports import register_xlsx
from lantoa.documents.models import Document, NumberingPeriod
from lantoa.documents.render.certificates import FULL, OVERLAY
from lantoa.documents.tasks import start_certificates_zip
from lantoa.documents.workflow import (
    BY_ACTION,
    DRAFT_ROLES,
    ISSUER_ADMIN_ROLES,
    READ_ROLES,
    RECORD_ROLES,
    transitions_from,
)
from lantoa.staff.forms.documents import DraftForm, RegisterFilterForm, RevokeForm, SignedUploadForm
from lantoa.staff.views.documents_issuers import administered_orgs, retired_answer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def document_home(request: HttpRequest) -> HttpResponse:
    if roots_for(request.user, READ_ROLES) == []:
        raise NotFound()
    issuers = list(selectors.issuers_visible_to(request.user))
    may_add = bool(administered_orgs(request.user))
    return render(
        request, "staff/documents/issuers.html", {"issuers": issuers, "may_add_issuer": may_add}
    )


def _register(request: HttpRequest, pk: int) -> tuple[Any, RegisterFilterForm, Any]:
    issuer = selectors.get_issuer_for(request.user, pk)
    form = RegisterFilterForm(request.GET or None)
    filters = selectors.RegisterFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.RegisterFilters(
            year=data["year"], doc_type=data["doc_type"], state=data["state"], q=data["q"].strip()
        )
    return issuer, form, selectors.register_for(request.user, issuer, filters)


@login_required
@require_GET
def issuer_register(request: HttpRequest, pk: int) -> HttpResponse:
    issuer, form, rows = _register(request, pk)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    administers = holds(request.user, ISSUER_ADMIN_ROLES, issuer.org_path)
    issuing = issuer.retired_at is None
    return render(
        request,
        "staff/documents/register.html",
        {
            "issuer": issuer,
            "form": form,
            "page_obj": page,
            "drafts": selectors.drafts_for(request.user, issuer),
            "may_draft": issuing
            and holds(request.user, DRAFT_ROLES, issuer.org_path)
            and not issuer.external,
            "may_record": issuing
            and issuer.external
            and holds(request.user, RECORD_ROLES, issuer.org_path),
            "may_edit_issuer": administers,
            "may_start_term": issuing and administers and issuer.period == NumberingPeriod.TERM,
            "export_query": query.urlencode(),
        },
    )


@login_required
@require_GET
def issuer_register_export(request: HttpRequest, pk: int) -> HttpResponse:
    issuer, _form, rows = _register(request, pk)
    data = register_xlsx(actor=request.user, issuer=issuer, rows=rows)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="so-van-ban-di-{issuer.pk}.xlsx"'
    return response


@login_required
def document_new(request: HttpRequest, pk: int) -> HttpResponse:
    issuer = selectors.get_issuer_for(request.user, pk)
    if not holds(request.user, DRAFT_ROLES, issuer.org_path) or issuer.external:
        raise NotFound()
    if refused := retired_answer(request, issuer):
        return refused
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.create_draft(
                actor=request.user,
                issuer=issuer,
                doc_type=data["doc_type"],
                summary=data["summary"],
                body=data["body"],
                authority=data["authority"],
                authority_of=data["authority_of"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
                recipients=data["recipients"],
                certificate_kind=data["certificate_kind"],
                certificates=form.certificate_rows(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("staff:document_detail", pk=document.pk)
    return render(request, "staff/documents/new.html", {"issuer": issuer, "form": form})


def _detail_context(request: HttpRequest, document: Document, **extra: Any) -> dict[str, Any]:
    transitions = [
        t
        for t in transitions_from(document.state)
        if holds(request.user, t.roles, document.org_path)
    ]
    return {
        "document": document,
        "files": document.files.select_related("certificate").order_by("created_at", "pk"),
        "certificates": document.certificates.order_by("serial"),
        "steps": document.steps.order_by("at", "pk"),
        "actions": {t.action: t for t in transitions},
        "revoke_form": extra.pop("revoke_form", RevokeForm()),
        "upload_form": extra.pop("upload_form", SignedUploadForm()),
        **extra,
    }


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for(request.user, pk)
    return render(request, "staff/documents/detail.html", _detail_context(request, document))


@login_required
@require_POST
def document_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    document = selectors.get_document_for(request.user, pk)
    if action not in BY_ACTION:
        raise NotFound()
    revoke_form = RevokeForm(request.POST if action == "revoke" else None)
    upload_form = (
        SignedUploadForm(request.POST, request.FILES) if action == "attach_signed" else None
    )
    try:
        if action == "issue":
            services.issue_document(actor=request.user, document=document)
        elif action == "sign":
            services.sign_document(actor=request.user, document=document)
        elif action == "revoke":
            if not revoke_form.is_valid():
                raise DomainError(_("Please give the grounds for revocation."))
            services.revoke_document(
                actor=request.user, document=document, grounds=revoke_form.cleaned_data["grounds"]
            )
        elif action == "attach_signed":
            assert upload_form is not None
            if not upload_form.is_valid():
                raise DomainError(_("Choose the signed PDF file."))
            stored = services.attach_signed_pdf(
                actor=request.user,
                document=document,
                data=upload_form.cleaned_data["signed"].read(),
            )
            if stored.signature_status != "valid":
                raise DomainError(
                    _("The file is kept, but its signature does not hold: %(status)s.")
                    % {"status": stored.get_signature_status_display()}
                )
    except DomainError as exc:
        messages.error(request, exc.message)
        context = _detail_context(
            request,
            selectors.get_document_for(request.user, pk),
            revoke_form=revoke_form,
            upload_form=upload_form or SignedUploadForm(),
        )
        return render(request, "staff/documents/detail.html", context, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": BY_ACTION[action].label})
    return redirect("staff:document_detail", pk=pk)


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int, certificate_pk: int) -> HttpResponse:
    """Revoke one certificate of the decision, with its grounds; the others stay valid."""
    document = selectors.get_document_for(request.user, pk)
    certificate = document.certificates.filter(pk=certificate_pk).first()
    if certificate is None:
        raise NotFound()
    form = RevokeForm(request.POST, prefix=f"c{certificate.pk}")
    try:
        if not form.is_valid():
            raise DomainError(_("Please give the grounds for revocation."))
        services.revoke_certificate(
            actor=request.user, certificate=certificate, grounds=form.cleaned_data["grounds"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        context = _detail_context(request, selectors.get_document_for(request.user, pk))
        return render(request, "staff/documents/detail.html", context, status=400)
    messages.success(
        request,
        _("Certificate no. %(serial)d (%(name)s) is revoked.")
        % {"serial": certificate.serial, "name": certificate.recipient_name},
    )
    return redirect("staff:document_detail", pk=pk)


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    document = selectors.get_document_for(request.user, pk)
    stored = document.files.filter(pk=file_pk).first()
    if stored is None:
        raise NotFound()
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)


@login_required
@require_GET
def document_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """All certificates of a decision as one ZIP, built inside the request: kept for links
    and scripts that fetch it directly. The page's buttons start a job instead
    (`document_certificates_job`), which shows its progress."""
    document = selectors.get_document_for(request.user, pk)
    mode = OVERLAY if request.GET.get("mode") == OVERLAY else FULL
    data = services.render_certificates_zip(actor=request.user, decision=document, mode=mode)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="giay-khen-{pk}-{mode}.zip"'
    return response


@login_required
@require_POST
def document_certificates_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Render the decision's certificates in the background; the job page shows the
    progress and then offers the ZIP."""
    document = selectors.get_document_for(request.user, pk)
    mode = OVERLAY if request.POST.get("mode") == OVERLAY else FULL
    try:
        job = start_certificates_zip(actor=request.user, decision=document, mode=mode)
    except DomainError as exc:
        refuse(request, exc)
        return redirect("staff:document_detail", pk=pk)
    return redirect("staff:job_detail", pk=job.pk)
