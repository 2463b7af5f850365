"""Forms of the staff UI. They parse input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.audit.actions import describe
from lantoa.orgs.models import AdminUnit, Organisation, OrgKind, OrgLevel, Role


class BootstrapMixin:
    """Give every widget Bootstrap's classes and link errors for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            widget = field.widget
            widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"id_{name}_error"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return obj.name


class OrganisationForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=OrgLevel.choices)
    admin_unit = UnitChoiceField(
        label=_("Administrative unit"),
        queryset=AdminUnit.objects.none(),
        required=False,
        empty_label=_("Same as the parent organisation"),
    )
    valid_from = forms.DateField(
        label=_("Established on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["admin_unit"].queryset = units  # type: ignore[attr-defined]


class OrganisationEditForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    admin_unit = UnitChoiceField(
        label=_("Administrative unit"), queryset=AdminUnit.objects.none(), required=False
    )
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

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["admin_unit"].queryset = units  # type: ignore[attr-defined]


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class MoveForm(BootstrapMixin, forms.Form):
    new_parent = OrgChoiceField(
        label=_("New parent organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents  # type: ignore[attr-defined]


class MergeForm(BootstrapMixin, forms.Form):
    into = OrgChoiceField(label=_("Merge into"), queryset=Organisation.objects.none())
    effective_date = forms.DateField(
        label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False)

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets  # type: ignore[attr-defined]


MEMBER_ROLES = [(value, label) for value, label in Role.choices if value != Role.SYSTEM_ADMIN]


class MemberForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "An existing username adds a role to that person; a new one creates an account."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLES)
    title = forms.CharField(label=_("Position"), max_length=120, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        help_text=_("For a new account only. Leave empty to let the person set it later."),
    )


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Member list (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class AuditFilterForm(BootstrapMixin, forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions"))] + [  # type: ignore[attr-defined]
            (a, describe(a)) for a in actions
        ]
