"""Recording a document that a body outside the system issued on paper: the proposing
organisation types its number, symbol, date and summary, and uploads the scan
(`services.record_external_document`; docs/documents.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lantoa.core.errors import DomainError, NotFound
from lantoa.documents import selectors, services
from lantoa.documents.access import holds
from lantoa.documents.workflow import RECORD_ROLES
from lantoa.staff.forms.documents import RecordExternalForm
from lantoa.staff.views.documents_issuers import retired_answer


@login_required
def document_record(request: HttpRequest, pk: int) -> HttpResponse:
    issuer = selectors.get_issuer_for(request.user, pk)
    if not issuer.external or not holds(request.user, RECORD_ROLES, issuer.org_path):
        raise NotFound()
    if refused := retired_answer(request, issuer):
        return refused
    form = RecordExternalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.record_external_document(
                actor=request.user,
                issuer=issuer,
                doc_type=data["doc_type"],
                number=data["number"],
                symbol=data["symbol"],
                issued_on=data["issued_on"],
                summary=data["summary"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
                scan=data["scan"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Document %(reference)s is recorded in the register.")
                % {"reference": document.reference},
            )
            return redirect("staff:document_detail", pk=document.pk)
    return render(request, "staff/documents/record.html", {"issuer": issuer, "form": form})
