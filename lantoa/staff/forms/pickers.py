"""The organisation picker: a text box the server resolves, enhanced into a combobox.

Without JavaScript the officer types a name (with or without diacritics) or an id and
submits; the server resolves it within the picker's scope. When several organisations
match, the form comes back with them as radio buttons to choose from. With JavaScript
(`static/lantoa/picker.js`) the box asks the picker's JSON endpoint as the officer types and
fills a hidden `<name>_pick` with the chosen id; the server still checks that id against
the same scope (a crafted id outside it is refused like an unknown name).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lantoa.orgs.models import AdminUnit, Organisation
from lantoa.orgs.selectors import resolve_organisation, resolve_unit

PICK_SUFFIX = "_pick"


class OrgPickerInput(forms.Widget):
    """A text box and a hidden id; the candidates of an ambiguous name as radio buttons."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url: Any = ""  # a lazy reverse() in a class body: resolved when drawn
        self.candidates: list[Organisation] = []

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str]:
        return (str(data.get(name) or "")[:255], str(data.get(name + PICK_SUFFIX) or "")[:20])

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + PICK_SUFFIX not in data

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        text, picked = value if isinstance(value, tuple) else ("", "")
        final = self.build_attrs(self.attrs, attrs)
        final.pop("required", None)  # the server answers an empty box in the page's language
        return SafeString(
            render_to_string(
                "staff/includes/org_picker.html",
                {
                    "name": name,
                    "pick_name": name + PICK_SUFFIX,
                    "text": text,
                    "picked": picked,
                    "attrs": final,
                    "url": str(self.url),
                    "candidates": self.candidates,
                },
            )
        )


class OrgPickerField(forms.Field):
    """An organisation of `queryset` named by what was typed or picked (see the module)."""

    widget = OrgPickerInput
    model: type[Any] = Organisation
    default_error_messages = {
        "unknown": _("No organisation you may choose is named “%(text)s”."),
        "ambiguous": _("Several organisations match “%(text)s”: choose one of them."),
    }

    def __init__(self, *, queryset: Any = None, url: Any = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queryset: QuerySet[Any] = (
            queryset if queryset is not None else self.model.objects.none()
        )
        self.url = url

    def resolve(self, text: str, picked: str) -> tuple[Any, list[Any]]:
        return resolve_organisation(self.queryset, text, picked=picked)

    @property
    def url(self) -> Any:
        return self.widget.url

    @url.setter
    def url(self, value: Any) -> None:
        self.widget.url = value

    def prepare_value(self, value: Any) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        if isinstance(value, self.model):
            return value.name, str(value.pk)
        if value not in (None, "") and str(value).isdigit():
            org = self.queryset.filter(pk=int(value)).only("name").first()
            if org is not None:
                return org.name, str(org.pk)
        return "", ""

    def bound_data(self, data: Any, initial: Any) -> Any:
        return data

    def has_changed(self, initial: Any, data: Any) -> bool:
        text, picked = data if isinstance(data, tuple) else ("", "")
        return bool(text.strip() or picked)

    def clean(self, value: Any) -> Any:
        text, picked = value if isinstance(value, tuple) else ("", "")
        org, candidates = self.resolve(text, picked)
        self.widget.candidates = candidates
        if org is not None:
            return org
        if not text.strip():
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        code = "ambiguous" if len(candidates) > 1 else "unknown"
        raise ValidationError(
            self.error_messages[code], code=code, params={"text": text.strip()[:100]}
        )


class UnitPickerField(OrgPickerField):
    """An administrative unit of `queryset`, picked the same way: a province's communes are
    a few hundred options, the country's thousands (decision 115)."""

    model = AdminUnit
    default_error_messages = {
        "unknown": _("No administrative unit you may choose is named “%(text)s”."),
        "ambiguous": _("Several administrative units match “%(text)s”: choose one of them."),
    }

    def resolve(self, text: str, picked: str) -> tuple[Any, list[Any]]:
        return resolve_unit(self.queryset, text, picked=picked)
