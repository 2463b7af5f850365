"""The catalogue entry form (priority groups, fields of work)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.staff.forms.common import BootstrapMixin


class CatalogueEntryForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and underscores; used in addresses and exports."),
    )
    name = forms.CharField(label=_("Name in Vietnamese"), max_length=200)
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        help_text=_("Shown to users who read in English; the Vietnamese name otherwise."),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    is_active = forms.BooleanField(label=_("Offered in the forms"), required=False, initial=True)
