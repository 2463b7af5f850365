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


class CatalogueFilterField(forms.TypedChoiceField):
    """An entry of a catalogue (a priority group, a field) as a filter: its id, offered and
    checked against the catalogue's cached entries (`catalogue_choices`, set by the form),
    so a filtered list asks the database nothing to know the entry exists."""

    def __init__(self, model: type[Any], *, empty_label: Any, **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, required=False, **kwargs)
        self.model = model
        self.empty_label = empty_label


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
    priority_group = CatalogueFilterField(
        PriorityGroup, label=_("Priority group"), empty_label=_("All groups")
    )
    sector = CatalogueFilterField(Sector, label=_("Field"), empty_label=_("All fields"))
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
        for field in self.fields.values():
            if isinstance(field, CatalogueFilterField):
                field.choices = catalogue_choices.choices(field.model, field.empty_label)


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
