"""The replication form: a unit of the system (searchable) or one outside it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lantoa.exemplars.models import Record, Replication
from lantoa.orgs.models import Organisation
from lantoa.staff.forms.common import OrgChoiceField
from lantoa.staff.forms.records import DATE_INPUT, PrefixedBootstrapMixin

IN_SYSTEM, OUTSIDE = "system", "outside"


class ReplicationForm(PrefixedBootstrapMixin, forms.Form):
    where = forms.ChoiceField(
        label=_("Which unit learned and followed?"),
        choices=[(IN_SYSTEM, _("A unit in Lan Tỏa")), (OUTSIDE, _("A unit outside Lan Tỏa"))],
        initial=IN_SYSTEM,
        required=False,  # a unit of the system unless "outside" is chosen
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    org_search = forms.CharField(
        label=_("Find the unit"),
        required=False,
        max_length=100,
        help_text=_("Type part of its name, with or without diacritics."),
    )
    # Any active organisation may be named; the select offers the officer's own units until
    # the search above fills it with matches.
    org = OrgChoiceField(
        label=_("Unit that learned and followed"),
        queryset=Organisation.objects.filter(valid_to__isnull=True),
        required=False,
    )
    outside_name = forms.CharField(label=_("Name of the unit"), max_length=255, required=False)
    outside_place = forms.CharField(
        label=_("Place of the unit"),
        max_length=255,
        required=False,
        help_text=_("Commune or ward, province."),
    )
    learned_from = forms.ModelChoiceField(
        label=_("Learned from (optional)"),
        queryset=Replication.objects.none(),
        required=False,
        empty_label=_("From the example itself"),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE_INPUT))
    what = forms.CharField(
        label=_("What the unit did"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.CharField(
        label=_("Result"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        own_orgs: list[Organisation],
        record: Record,
        replications: list[Replication],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "replication")
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        posted = self.data.get(self.add_prefix("org")) if self.is_bound else None
        offered = list(own_orgs)
        if posted and str(posted).isdigit() and all(str(o.pk) != posted for o in offered):
            # Keep a unit found by the search selectable when the form is shown again.
            offered += list(Organisation.objects.filter(pk=int(posted), valid_to__isnull=True))
        org.choices = [("", "—"), *((o.pk, o.name) for o in offered)]  # type: ignore[attr-defined]
        org.widget.attrs["id"] = "replication-org-select"
        # Choices from the rows the page already holds (no query to draw the select); the
        # queryset validates a posted id against this record's replications only.
        learned = self.fields["learned_from"]
        learned.queryset = Replication.objects.filter(record=record)  # type: ignore[attr-defined]
        learned.choices = [  # type: ignore[attr-defined]
            ("", _("From the example itself")),
            *((r.pk, r.org_name) for r in replications),
        ]
        self.fields["org_search"].widget.attrs.update(
            {
                "type": "search",
                "autocomplete": "off",
                "hx-get": reverse_lazy("staff:org_picker"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#replication-org-select",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("where") == OUTSIDE:
            data["org"] = None
            if not (data.get("outside_name") or "").strip():
                self.add_error("outside_name", _("Give the name of the unit."))
            if not (data.get("outside_place") or "").strip():
                self.add_error("outside_place", _("Say where the unit is."))
        else:
            data["outside_name"] = data["outside_place"] = ""
            if data.get("org") is None and "org" not in self.errors:
                self.add_error("org", _("Choose the unit."))
        return data
