"""Forms of the registry's lists: the record list's and the inbox's filters, bulk steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lantoa.exemplars import catalogue_choices
from lantoa.exemplars.models import PriorityGroup, RecordKind, RecordState, Sector
from lantoa.staff.forms.common import BootstrapMixin
from lantoa.staff.forms.pickers import OrgPickerField


class RecordFilterForm(BootstrapMixin, forms.Form):
    """The record list's filters; each field narrows on its own."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Type with or without diacritics")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *RecordKind.choices]
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *RecordState.choices]
    )
    priority_group = forms.ModelChoiceField(
        label=_("Priority group"),
        queryset=PriorityGroup.objects.all(),
        required=False,
        empty_label=_("All groups"),
    )
    sector = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("All fields"),
    )
    org = OrgPickerField(
        label=_("Organisation"),
        required=False,
        url=reverse_lazy("staff:pick_record_org"),
        help_text=_("Type part of its name; leave empty for all."),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what the actor may choose resolves; the page never lists the organisations.
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
        # The catalogues offered from the cache (a chosen entry still resolves through
        # the field's queryset).
        for name, model in (("priority_group", PriorityGroup), ("sector", Sector)):
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.choices = catalogue_choices.choices(model, field.empty_label)


class InboxFilterForm(RecordFilterForm):
    """The inbox narrows what already waits for the officer: by state, kind, organisation,
    lateness and words (the catalogue filters belong to the record list)."""

    priority_group = None  # type: ignore[assignment]
    sector = None  # type: ignore[assignment]


BULK_ACTIONS = ("verify", "return")


class BulkForm(forms.Form):
    records = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    action = forms.ChoiceField(choices=[(a, a) for a in BULK_ACTIONS])
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id is acceptable here: each record is fetched through the actor's scope.
        posted = self.data.getlist("records") if hasattr(self.data, "getlist") else []
        self.fields["records"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in posted[:100] if str(value).isdigit()
        ]
