"""Forms of the publishing section of the record page."""

from __future__ import annotations

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
        label=gettext_lazy("Public title (optional)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leave empty to use the record's title."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Public summary (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Leave empty to use the record's description."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "publish")
        super().__init__(*args, **kwargs)


class UnpublishForm(forms.Form):
    reason = forms.CharField(required=False, max_length=255)
