"""The form that completes a returned record: every field of the report, the subject's
contact, new photos and documents. It parses; `services.completion` checks and writes."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.core.html import from_plain_text, to_plain_text
from lantoa.core.uploads import CleanFile, UploadRefused, clean_uploaded_file
from lantoa.exemplars.models import Movement, Record, Sector
from lantoa.exemplars.services import ReportChanges, SubjectInput
from lantoa.staff.forms.records import DATE_INPUT, MultipleFileInput, PrefixedBootstrapMixin

CONTACT = ("phone", "email", "address")
MORE = ("deed_date", "place", "sector", "movement", "story")


class FilesField(forms.FileField):
    """Several files in one input, each checked from its content (photo or PDF)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        cleaned: list[CleanFile] = []
        problems: list[str] = []
        for upload in uploads:
            if not isinstance(upload, UploadedFile):
                continue
            try:
                cleaned.append(clean_uploaded_file(upload))
            except UploadRefused as exc:
                problems.append(f"{upload.name}: {exc.message}")
        if problems:
            raise ValidationError(problems)
        return cleaned


class ResubmitForm(PrefixedBootstrapMixin, forms.Form):
    """Shown filled with what the record holds; only what the reporter changes is sent to
    the service (a story typed as plain text would otherwise lose its links each time)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Short description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    full_name = forms.CharField(
        label=_("Person or collective"),
        max_length=200,
        required=False,
        help_text=_("Full name of the person, or name of the collective."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    uploads = FilesField(
        label=_("New photos or documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("JPEG, PNG or WebP photos (up to 6 in all) or PDF documents."),
    )
    deed_date = forms.DateField(
        label=_("Date of the deed"), required=False, widget=forms.DateInput(attrs=DATE_INPUT)
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    sector = forms.ModelChoiceField(
        label=_("Field"), queryset=Sector.objects.filter(is_active=True), required=False
    )
    movement = forms.ModelChoiceField(
        label=_("Emulation movement"),
        queryset=Movement.objects.filter(is_active=True),
        required=False,
    )
    story = forms.CharField(
        label=_("Story"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Leave a blank line between paragraphs."),
    )
    note = forms.CharField(
        label=_("What you completed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, record: Record, personal: bool, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "resubmit")
        subject = record.subject
        initial = {
            "title": record.title,
            "summary": record.summary,
            "deed_date": record.deed_date,
            "place": record.place,
            "sector": record.sector_id,
            "movement": record.movement_id,
            "story": to_plain_text(record.story),
        }
        if subject is not None and personal:
            initial.update({name: getattr(subject, name) for name in CONTACT})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["deed_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.has_subject = subject is not None
        if subject is not None:
            # The record names its subject; only a subject's own tree writes its contact.
            del self.fields["full_name"]
            if not personal:
                for name in CONTACT:
                    del self.fields[name]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in MORE and name != "note"]

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MORE]

    def more_open(self) -> bool:
        return any(self[name].errors for name in MORE)

    def clean_deed_date(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("deed_date")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date of the deed cannot be in the future."))
        return day

    def changes(self) -> ReportChanges:
        """What the reporter changed, as the service takes it."""
        data, changed = self.cleaned_data, set(self.changed_data)

        def given(name: str) -> Any:
            return data.get(name) if name in changed else None

        story = given("story")
        new_subject = None
        if not self.has_subject and (data.get("full_name") or "").strip():
            new_subject = SubjectInput(full_name=data["full_name"])
        return ReportChanges(
            title=given("title"),
            summary=given("summary"),
            story=None if story is None else from_plain_text(story),
            place=given("place"),
            deed_date=given("deed_date"),
            sector=given("sector"),
            movement=given("movement"),
            phone=given("phone"),
            email=given("email"),
            address=given("address"),
            new_subject=new_subject,
            files=data.get("uploads") or [],
        )
