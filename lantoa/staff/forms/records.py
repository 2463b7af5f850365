"""Forms of the registry pages. They parse input (and clean uploaded files); services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.core.uploads import CleanFile, UploadRefused, clean_uploaded_file
from lantoa.exemplars.models import (
    Consent,
    Movement,
    PriorityGroup,
    RecordKind,
    Sector,
    Subject,
)
from lantoa.orgs.models import Organisation
from lantoa.staff.forms.common import BootstrapMixin, OrgChoiceField
from lantoa.staff.forms.pickers import OrgPickerField

MAX_MILESTONES = 3
DATE_INPUT = {"type": "date"}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked from its content by `clean_upload`."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned: list[CleanFile] = []
        problems: list[str] = []
        for upload in uploads:
            if not isinstance(upload, UploadedFile):
                continue
            try:
                cleaned.append(clean_uploaded_file(upload, allowed={"photo"}))
            except UploadRefused as exc:
                problems.append(str(exc.message))
        if problems:
            raise ValidationError(problems)
        return cleaned


class PrefixedBootstrapMixin(BootstrapMixin):
    """BootstrapMixin for forms with a prefix: the help and error ids carry the prefix too
    (several forms share the record page)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_help"  # type: ignore[index]

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"  # type: ignore[index]


def _today() -> datetime.date:
    return timezone.localdate()


class ReportForm(BootstrapMixin, forms.Form):
    """A report from a phone: the few required fields first, the rest in "More details"."""

    idempotency_key = forms.CharField(max_length=80, required=False, widget=forms.HiddenInput)
    org = OrgChoiceField(label=_("Reporting organisation"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(
        label=_("What are you reporting?"),
        choices=RecordKind.choices,
        initial=RecordKind.GOOD_DEED,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A few words, e.g. “Saved two children from drowning”."),
    )
    summary = forms.CharField(
        label=_("Short description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who did what, where and when."),
    )
    full_name = forms.CharField(
        label=_("Person or collective"),
        max_length=200,
        required=False,
        help_text=_("Full name of the person, or name of the collective."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    subject_id = forms.ModelChoiceField(queryset=Subject.objects.none(), required=False)
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("JPEG, PNG or WebP, up to 6 photos. Location data is removed."),
    )
    # More details
    deed_date = forms.DateField(
        label=_("Date of the deed"), required=False, widget=forms.DateInput(attrs=DATE_INPUT)
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    subject_kind = forms.ChoiceField(
        label=_("Individual or collective"),
        choices=Subject.Kind.choices,
        required=False,
        initial=Subject.Kind.INDIVIDUAL,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Subject.Gender.choices], required=False
    )
    priority_group = forms.ModelChoiceField(
        label=_("Priority group"),
        queryset=PriorityGroup.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )
    occupation = forms.CharField(label=_("Occupation or position"), max_length=200, required=False)
    sector = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Sector.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )
    movement = forms.ModelChoiceField(
        label=_("Emulation movement"),
        queryset=Movement.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )
    story = forms.CharField(
        label=_("Story"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Optional. Leave a blank line between paragraphs."),
    )

    MAIN_FIELDS = ("org", "kind", "title", "summary", "full_name", "birth_year", "photos")
    MORE_FIELDS = (
        "deed_date",
        "place",
        "subject_kind",
        "gender",
        "priority_group",
        "occupation",
        "sector",
        "movement",
        "story",
    )

    def __init__(self, *args: Any, orgs: list[Organisation], subjects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in orgs]
        )
        self.fields["subject_id"].queryset = subjects  # type: ignore[attr-defined]
        self.fields["deed_date"].widget.attrs["max"] = _today().isoformat()
        self.fields["birth_year"].widget.attrs["max"] = _today().year
        self.fields["birth_year"].max_value = _today().year  # type: ignore[attr-defined]
        # Typing a name or a birth year asks for existing subjects that may be the same.
        suggest = {
            "hx-get": reverse_lazy("staff:subject_suggest"),
            # "input" rather than keyup/change: it also catches paste and autofill, and no
            # request fires on blur, when a finger is already on a suggestion.
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#subject-suggestions",
            "hx-include": "#id_full_name, #id_birth_year, #id_org, [name=subject_id]:checked",
            "hx-sync": "this:replace",
        }
        for name in ("full_name", "birth_year"):
            self.fields[name].widget.attrs.update(suggest)

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MAIN_FIELDS]

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MORE_FIELDS]

    def more_open(self) -> bool:
        return any(self[name].errors for name in self.MORE_FIELDS)

    def clean_deed_date(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("deed_date")
        if day and day > _today():
            raise ValidationError(_("The date of the deed cannot be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = (data.get("full_name") or "").strip()
        if not named and not data.get("subject_id"):
            for name in ("birth_year", "occupation"):
                if data.get(name):
                    self.add_error(
                        "full_name", _("Give the name of the person or collective as well.")
                    )
                    break
        return data


class TransitionForm(forms.Form):
    """One step of the workflow: the action (a button), a note, and what some actions need
    (completing a returned record has its own form, `completion.ResubmitForm`)."""

    action = forms.CharField(max_length=30)
    note = forms.CharField(required=False, max_length=2000)
    target_org = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_org"].queryset = targets  # type: ignore[attr-defined]


class PlanForm(PrefixedBootstrapMixin, forms.Form):
    """The mini nurturing plan asked for when nurturing starts: mentor, goal, 1–3 milestones."""

    mentor_org = OrgPickerField(
        label=_("Mentor unit"),
        url=reverse_lazy("staff:pick_mentor"),
        help_text=_("Type part of its name, with or without diacritics."),
    )
    goal = forms.CharField(
        label=_("Goal"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    m1_title = forms.CharField(label=_("Milestone 1"), max_length=200)
    m1_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs=DATE_INPUT))
    m2_title = forms.CharField(label=_("Milestone 2"), max_length=200, required=False)
    m2_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs=DATE_INPUT)
    )
    m3_title = forms.CharField(label=_("Milestone 3"), max_length=200, required=False)
    m3_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs=DATE_INPUT)
    )

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "plan")
        super().__init__(*args, **kwargs)
        self.fields["mentor_org"].queryset = mentors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(2, MAX_MILESTONES + 1):
            title, day = data.get(f"m{i}_title"), data.get(f"m{i}_date")
            if title and not day:
                self.add_error(f"m{i}_date", _("Give the due date of this milestone."))
            elif day and not title:
                self.add_error(f"m{i}_title", _("Name this milestone."))
        return data

    def milestones(self) -> list[tuple[str, datetime.date]]:
        data = self.cleaned_data
        return [
            (data[f"m{i}_title"], data[f"m{i}_date"])
            for i in range(1, MAX_MILESTONES + 1)
            if data.get(f"m{i}_title") and data.get(f"m{i}_date")
        ]


CONSENT_PURPOSES = [
    (value, label)
    for value, label in Consent.Purpose.choices
    if value != Consent.Purpose.SENSITIVE_ITEM
]


# The proofs an officer may give (the legacy "none" is never offered).
EVIDENCE_KINDS = [
    (Consent.EvidenceKind.IN_PERSON, _("Recorded in person (I heard the consent myself)")),
    (Consent.EvidenceKind.SIGNED_FORM, _("Signed consent form (scan, photo or PDF)")),
]


class ConsentProofForm(PrefixedBootstrapMixin, forms.Form):
    """Who gave a consent, when, and its proof: a signed form or a note of hearing it in
    person. The service checks the same rules (the API goes there directly)."""

    given_by = forms.ChoiceField(label=_("Given by"), choices=Consent.GivenBy.choices)
    guardian_name = forms.CharField(
        label=_("Legal representative"),
        required=False,
        max_length=200,
        help_text=_("Required for a child under 18."),
    )
    given_on = forms.DateField(label=_("Date of consent"), widget=forms.DateInput(attrs=DATE_INPUT))
    evidence_kind = forms.ChoiceField(
        label=_("Proof of the consent"),
        choices=EVIDENCE_KINDS,
        initial=Consent.EvidenceKind.IN_PERSON,
    )
    evidence_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when recorded in person: where and how the person consented, "
            "who was present. You are recorded as the officer."
        ),
    )
    evidence = forms.FileField(
        label=_("Signed form (photo or PDF)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("Required for a signed form. A file cannot be kept if the form is refused."),
    )

    def clean_evidence(self) -> CleanFile | None:
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        try:
            return clean_uploaded_file(upload)
        except UploadRefused as exc:
            raise ValidationError(str(exc.message)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("evidence_kind")
        missing_file = not data.get("evidence") and "evidence" not in self.errors
        if kind == Consent.EvidenceKind.SIGNED_FORM and missing_file:
            self.add_error("evidence", _("Attach the signed consent form (a photo or a PDF)."))
        if kind == Consent.EvidenceKind.IN_PERSON:
            if not (data.get("evidence_note") or "").strip():
                self.add_error(
                    "evidence_note",
                    _("Write a note on how the person gave their consent in person."),
                )
            if data.get("evidence"):
                self.add_error(
                    "evidence",
                    _(
                        "A consent recorded in person has no file: choose “signed form” "
                        "to attach one."
                    ),
                )
        return data


class ConsentForm(ConsentProofForm):
    purpose = forms.ChoiceField(label=_("Consent to"), choices=CONSENT_PURPOSES)

    field_order = ["purpose"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)


class WithdrawConsentForm(forms.Form):
    note = forms.CharField(required=False, max_length=255)


class ProgressForm(PrefixedBootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "progress")
        super().__init__(*args, **kwargs)


class HonourForm(PrefixedBootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("Honour"),
        max_length=255,
        help_text=_("E.g. “Certificate of merit of the provincial Fatherland Front”."),
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs=DATE_INPUT)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "honour")
        super().__init__(*args, **kwargs)
