"""Forms of the documents pages: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.documents.models import (
    Authority,
    CertificateKind,
    DocumentState,
    DocumentType,
    IssuerStyle,
    NumberingPeriod,
)
from lantoa.documents.services import CertificateInput

TYPES = [(v, label) for v, label in DocumentType.choices if v != DocumentType.CERTIFICATE]


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
        field.widget.attrs.setdefault("class", css)


class RegisterFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=1990, max_value=2100
    )
    doc_type = forms.ChoiceField(
        label=gettext_lazy("Type"), required=False, choices=[("", "—"), *TYPES]
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", "—"), *[c for c in DocumentState.choices if c[0] != DocumentState.DRAFT]],
    )
    q = forms.CharField(label=gettext_lazy("Number or summary"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class DraftForm(forms.Form):
    doc_type = forms.ChoiceField(label=gettext_lazy("Type"), choices=TYPES)
    summary = forms.CharField(label=gettext_lazy("Summary"), max_length=500)
    body = forms.CharField(label=gettext_lazy("Content"), widget=forms.Textarea(attrs={"rows": 8}))
    authority = forms.ChoiceField(
        label=gettext_lazy("Authority formula"), choices=Authority.choices, required=False
    )
    authority_of = forms.CharField(
        label=gettext_lazy("On behalf of"), max_length=120, required=False
    )
    signer_title = forms.CharField(label=gettext_lazy("Signer's position"), max_length=120)
    signer_name = forms.CharField(label=gettext_lazy("Signer's name"), max_length=120)
    recipients = forms.CharField(
        label=gettext_lazy("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line."),
    )
    certificate_kind = forms.ChoiceField(
        label=gettext_lazy("Certificates awarded by this decision"),
        choices=[("", "—"), *CertificateKind.choices],
        required=False,
    )
    certificates = forms.CharField(
        label=gettext_lazy("Holders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One per line: name | title or unit | achievement."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def certificate_rows(self) -> list[CertificateInput]:
        rows = []
        for line in self.cleaned_data.get("certificates", "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) == 2:
                parts.insert(1, "")
            if len(parts) != 3:
                raise forms.ValidationError(
                    _("Write each holder as: name | title or unit | achievement.")
                )
            rows.append(CertificateInput(parts[0], parts[2], parts[1]))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            rows = self.certificate_rows()
        except forms.ValidationError as error:
            self.add_error("certificates", error)
            return data
        if rows and not data.get("certificate_kind"):
            self.add_error("certificate_kind", _("Choose the kind of certificate."))
        if rows and data.get("doc_type") != DocumentType.DECISION:
            self.add_error("certificates", _("Only a decision awards certificates."))
        return data


class RevokeForm(forms.Form):
    grounds = forms.CharField(
        label=gettext_lazy("Grounds for revocation"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


# A signed decision is a few hundred kB; a signed scan a few MB.
MAX_SIGNED_BYTES = 20 * 1024 * 1024


class SignedUploadForm(forms.Form):
    signed = forms.FileField(
        label=gettext_lazy("Signed PDF"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )

    def clean_signed(self) -> Any:
        upload = self.cleaned_data["signed"]
        if upload.size > MAX_SIGNED_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class RecordExternalForm(forms.Form):
    """A paper document of a body outside the system: its own number, symbol and date as
    printed on it, and the PDF scan."""

    doc_type = forms.ChoiceField(label=gettext_lazy("Type"), choices=TYPES)
    number = forms.IntegerField(label=gettext_lazy("Number"), min_value=1, max_value=999_999)
    symbol = forms.CharField(
        label=gettext_lazy("Symbol"),
        max_length=60,
        help_text=gettext_lazy("As printed after the number, for example QĐ-UBND."),
    )
    issued_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(label=gettext_lazy("Summary"), max_length=500)
    signer_title = forms.CharField(label=gettext_lazy("Signer's position"), max_length=120)
    signer_name = forms.CharField(label=gettext_lazy("Signer's name"), max_length=120)
    scan = forms.FileField(
        label=gettext_lazy("Scan (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean_scan(self) -> Any:
        upload = self.cleaned_data["scan"]
        if upload.size > MAX_SIGNED_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class IssuerDetailsForm(forms.Form):
    """What an issuer's documents print: set when it is added, corrected later
    (`services.update_issuer`)."""

    name = forms.CharField(
        label=gettext_lazy("Issuing body, as printed"),
        max_length=255,
        help_text=gettext_lazy("For example: Ủy ban nhân dân xã Hàm Thuận"),
    )
    parent_name = forms.CharField(
        label=gettext_lazy("Parent body, printed above it"), max_length=255, required=False
    )
    code = forms.CharField(
        label=gettext_lazy("Symbol code"),
        max_length=30,
        help_text=gettext_lazy("The issuer's part of a symbol: UBND, TU…"),
    )
    place = forms.CharField(label=gettext_lazy("Place name on documents"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class IssuerForm(IssuerDetailsForm):
    """A body that signs documents, for one of the organisations the officer administers
    (the server's signing key stays with the system administrators: the Django admin)."""

    org = forms.TypedChoiceField(label=gettext_lazy("Acting organisation"), coerce=int)
    style = forms.ChoiceField(label=gettext_lazy("Style"), choices=IssuerStyle.choices)
    period = forms.ChoiceField(
        label=gettext_lazy("Numbering period"), choices=NumberingPeriod.choices
    )
    per_type = forms.BooleanField(label=gettext_lazy("Numbered per document type"), required=False)
    external = forms.BooleanField(
        label=gettext_lazy("Outside the system: its paper documents are recorded with the scan"),
        required=False,
    )
    field_order = ["org", "name", "parent_name", "code", "style", "place", "period"]

    def __init__(self, *args: Any, orgs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = orgs  # type: ignore[attr-defined]
        for name in ("per_type", "external"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class TermForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Term"), max_length=30, help_text=gettext_lazy("For example: 2025-2030")
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
