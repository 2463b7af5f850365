"""Forms of the organisation pages: create, edit, move, merge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.orgs.models import OrgKind, OrgLevel
from lantoa.staff.forms.common import BootstrapMixin
from lantoa.staff.forms.pickers import OrgPickerField, UnitPickerField


class OrganisationForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=OrgLevel.choices)
    admin_unit = UnitPickerField(
        label=_("Administrative unit"),
        required=False,
        help_text=_("Leave it empty for the parent organisation's unit."),
    )
    valid_from = forms.DateField(
        label=_("Established on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, units: Any = None, url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["admin_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["admin_unit"].url = url  # type: ignore[attr-defined]


class OrganisationEditForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    admin_unit = UnitPickerField(label=_("Administrative unit"), required=False)
    effective_date = forms.DateField(
        label=_("New name takes effect on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only used when the name changes. Records keep the name as issued."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=255,
        help_text=_("For example: Quyết định số 12/QĐ-UBND ngày 01/7/2025."),
    )

    def __init__(self, *args: Any, units: Any = None, url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["admin_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["admin_unit"].url = url  # type: ignore[attr-defined]


class MoveForm(BootstrapMixin, forms.Form):
    new_parent = OrgPickerField(
        label=_("New parent organisation"),
        help_text=_("Type part of its name, with or without diacritics."),
    )

    def __init__(self, *args: Any, parents: Any, url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["new_parent"].url = url  # type: ignore[attr-defined]


class MergeForm(BootstrapMixin, forms.Form):
    into = OrgPickerField(
        label=_("Merge into"), help_text=_("Type part of its name, with or without diacritics.")
    )
    effective_date = forms.DateField(
        label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False)

    def __init__(self, *args: Any, targets: Any, url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets  # type: ignore[attr-defined]
        self.fields["into"].url = url  # type: ignore[attr-defined]
