"""Forms of the subject pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.staff.forms.common import BootstrapMixin


class MergeForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Why they are the same"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log with the merge."),
    )
