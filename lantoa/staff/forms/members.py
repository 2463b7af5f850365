"""Forms of the member pages: add a member, import a member list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.orgs.models import Role
from lantoa.staff.forms.common import BootstrapMixin

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
