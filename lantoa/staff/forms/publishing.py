"""Forms of the publishing section of the record page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from lantoa.exemplars.models import Publication
from lantoa.staff.forms.records import PrefixedBootstrapMixin

Name = Publication.NameDisplay
Place = Publication.PlaceDisplay


class PublishForm(PrefixedBootstrapMixin, forms.Form):
    name_display = forms.ChoiceField(
        label=gettext_lazy("How the name is shown"), choices=Name.choices, widget=forms.RadioSelect
    )
    show_photos = forms.BooleanField(label=gettext_lazy("Show photos"), required=False)
    place_display = forms.ChoiceField(
        label=gettext_lazy("How the place is shown"),
        choices=Place.choices,
        widget=forms.RadioSelect,
    )
    featured = forms.BooleanField(
        label=gettext_lazy("Feature on the portal's home page"), required=False
    )
    title = forms.CharField(
        label=gettext_lazy("Public title"),
        max_length=200,
        help_text=gettext_lazy("Prefilled from the record: rewrite it for the public."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Public summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    story = forms.CharField(
        label=gettext_lazy("Public story"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Plain text; a blank line starts a new paragraph. Before publishing, the text is "
            "checked for names, places, phone numbers, e-mails and ID numbers that the "
            "consents do not allow."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "publish")
        super().__init__(*args, **kwargs)


class UnpublishForm(forms.Form):
    reason = forms.CharField(required=False, max_length=255)


# Each hit of the public-text check comes back as a checkbox "confirm-<i>" (its key) and a
# text "reason-<i>"; at most this many are read.
MAX_HITS = 100


def false_matches(data: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """({hit key: reason} confirmed as false matches, keys ticked without a reason)."""
    confirmed: dict[str, str] = {}
    missing: list[str] = []
    for index in range(MAX_HITS):
        key = str(data.get(f"publish-confirm-{index}", "")).strip()
        if not key:
            continue
        reason = " ".join(str(data.get(f"publish-reason-{index}", "")).split())[:255]
        if reason:
            confirmed[key] = reason
        else:
            missing.append(key)
    return confirmed, missing
