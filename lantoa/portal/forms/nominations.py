"""The public nomination form ("Báo tin gương tốt") and the tracking-code form.

The form parses the input and checks each photo from its content; the nomination service
decides (and is what the public API calls too). Province and commune are chosen among the
current units (scheme 2025) that are served (`lantoa.nominations.coverage`): the provinces
with a served commune, and the chosen province's served communes. Another commune, even in a
crafted POST, is an invalid choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lantoa.core.uploads import CleanFile, UploadRefused, clean_uploaded_file
from lantoa.nominations import coverage, guard
from lantoa.nominations.models import TRACKING_CODE
from lantoa.nominations.services import (
    NominationInvalid,
    consent_required_message,
    normalise_phone,
)
from lantoa.orgs.models import AdminUnit


def provinces() -> QuerySet[AdminUnit]:
    """The provinces offered: those with at least one served commune."""
    return coverage.served_provinces()


def communes_of(province: AdminUnit | None) -> QuerySet[AdminUnit]:
    """The communes offered: the province's served communes."""
    return coverage.served_communes(province)


def province_by_code(code: Any) -> AdminUnit | None:
    if not code or not isinstance(code, str) or len(code) > 10:
        return None
    return AdminUnit.objects.filter(
        scheme=AdminUnit.Scheme.CURRENT,
        level=AdminUnit.Level.PROVINCE,
        valid_to__isnull=True,
        code=code,
    ).first()


class UnitField(forms.ModelChoiceField[AdminUnit]):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return obj.name


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to NOMINATION_MAX_PHOTOS photos, each checked from its content (not its name)."""

    widget = MultiplePhotoInput

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        uploads = [
            d
            for d in (data if isinstance(data, list | tuple) else [data])
            if isinstance(d, UploadedFile)
        ]
        limit = guard.setting("NOMINATION_MAX_PHOTOS")
        if len(uploads) > limit:
            raise ValidationError(
                ngettext(
                    "At most %(n)d photo: you chose %(count)d.",
                    "At most %(n)d photos: you chose %(count)d.",
                    limit,
                )
                % {"n": limit, "count": len(uploads)},
                code="too_many_photos",
            )
        cleaned: list[CleanFile] = []
        problems: list[str] = []
        for upload in uploads:
            try:
                cleaned.append(clean_uploaded_file(upload, allowed={"photo"}))
            except UploadRefused as exc:
                problems.append(str(exc.message))
        if problems:
            raise ValidationError(problems)
        return cleaned


class NominationForm(forms.Form):
    """What, where, when, who, the citizen's own contact (optional) and photos."""

    what = forms.CharField(
        label=_("What did you see?"),
        help_text=_("Tell us about the good deed: who did what, how, and why it matters."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    province = UnitField(
        label=_("Province or city"),
        queryset=AdminUnit.objects.none(),
        to_field_name="code",
        empty_label=_("— Choose the province —"),
        error_messages={"required": _("Choose the province or city where it happened.")},
    )
    commune = UnitField(
        label=_("Commune, ward or special zone"),
        queryset=AdminUnit.objects.none(),
        to_field_name="code",
        empty_label=_("— Choose the commune —"),
        error_messages={
            "required": _("Choose the commune or ward where it happened."),
            "invalid_choice": _(
                "This commune is not in the chosen province: please choose the commune again."
            ),
        },
    )
    place = forms.CharField(
        label=_("Exact place (optional)"),
        help_text=_("Village, street, school, market…"),
        max_length=255,
        required=False,
    )
    when = forms.DateField(
        label=_("When did it happen? (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    who = forms.CharField(
        label=_("Who did it? (optional)"),
        help_text=_("The name of the person or group, if you know it."),
        max_length=200,
        required=False,
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_consent = forms.BooleanField(
        label=_(
            "I agree that officers of the Fatherland Front may contact me about this report. "
            "My contact details are not made public."
        ),
        required=False,
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        help_text=_("JPEG, PNG or WebP. Location data is removed from the photos."),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    # Where the service's checks land when they refuse a field.
    SERVICE_FIELDS = frozenset(
        {
            "what",
            "commune",
            "when",
            "who",
            "place",
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_consent",
            "photos",
        }
    )

    def __init__(self, *args: Any, province: AdminUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        max_chars, max_photos = (
            guard.setting("NOMINATION_MAX_CHARS"),
            guard.setting("NOMINATION_MAX_PHOTOS"),
        )
        self.fields["what"].widget.attrs["maxlength"] = str(max_chars)
        self.fields["what"].help_text = format_lazy(
            "{} {}",
            self.fields["what"].help_text,
            _("At most %(n)s characters.") % {"n": max_chars},
        )
        self.fields["photos"].help_text = format_lazy(
            "{} {}",
            ngettext("At most %(n)d photo.", "At most %(n)d photos.", max_photos)
            % {"n": max_photos},
            self.fields["photos"].help_text,
        )
        self.fields["province"].queryset = provinces()  # type: ignore[attr-defined]
        served = communes_of(province)
        self.fields["commune"].queryset = served  # type: ignore[attr-defined]
        self.fields["when"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.chosen_province = province
        self.unserved_in_province = coverage.unserved_count(province, served=served)
        for name, field in self.fields.items():
            if field.help_text or name == "commune":  # the commune's help is in its template
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None:
                continue
            widget = field.widget
            widget.attrs["aria-invalid"] = "true"
            described = [f"id_{name}_error"]
            if field.help_text or name == "commune":
                described.append(f"id_{name}_help")
            widget.attrs["aria-describedby"] = " ".join(described)

    def clean_when(self) -> Any:
        when = self.cleaned_data.get("when")
        if when and when > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future_date")
        return when

    def clean_what(self) -> str:
        what = (self.cleaned_data.get("what") or "").strip()
        limit = guard.setting("NOMINATION_MAX_CHARS")
        if len(what) > limit:
            raise ValidationError(
                _("Please keep it under %(limit)d characters (it has %(length)d).")
                % {"limit": limit, "length": len(what)},
                code="what_too_long",
            )
        return what

    def clean_contact_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data.get("contact_phone") or "")
        except NominationInvalid as exc:
            raise ValidationError(str(exc.message), code=exc.code) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # What was typed, even if it is invalid: the consent is missing either way.
        fields = ("contact_name", "contact_phone", "contact_email")
        contact = any(str(self.data.get(f) or "").strip() for f in fields)
        if contact and not cleaned.get("contact_consent") and "contact_consent" not in self.errors:
            self.add_error("contact_consent", consent_required_message())
        return cleaned

    @property
    def files_dropped(self) -> bool:
        """Photos were sent with a form shown again: browsers cannot keep them."""
        return bool(self.files and any(self.files.getlist("photos")))


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        help_text=_("It looks like LT-ABCDE-23456. Capitals, spaces and dashes do not matter."),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": "nom-code-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "aria-describedby": "id_code_help",
            }
        ),
    )

    def clean_code(self) -> str:
        normalised = TRACKING_CODE.normalise(self.cleaned_data.get("code"))
        if normalised is None:
            raise ValidationError(
                _(
                    "This does not look like a tracking code: it has 10 letters and digits "
                    "after “LT”, like LT-ABCDE-23456."
                ),
                code="invalid_code",
            )
        return normalised

    def full_clean(self) -> None:
        super().full_clean()
        if "code" in self.errors:
            attrs = self.fields["code"].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = "id_code_error id_code_help"
