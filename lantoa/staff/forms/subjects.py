"""Forms of the subject pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lantoa.exemplars.models import SensitiveItem
from lantoa.staff.forms.common import BootstrapMixin
from lantoa.staff.forms.records import ConsentProofForm, PrefixedBootstrapMixin


class MergeForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Why they are the same"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log with the merge."),
    )


class SensitiveItemForm(PrefixedBootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SensitiveItem.Kind.choices)
    value = forms.CharField(label=_("Value"), max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "sensitive")
        super().__init__(*args, **kwargs)


class SensitiveConsentForm(ConsentProofForm):
    """A consent to share one sensitive item: who gave it, when, and its proof."""
