from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lantoa.accounts import throttle
from lantoa.core.middleware import client_ip


class LoginForm(AuthenticationForm):
    """Username or e-mail; attempts are limited per account and per IP address
    (`lantoa.accounts.throttle`, shared with the API's token endpoint)."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        login = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request else None
        try:
            throttle.count_attempt(ip=ip, login=login)
        except throttle.SignInThrottled as exc:
            raise ValidationError(str(exc.message), code=exc.code) from None
        cleaned = super().clean()
        throttle.clear_failures(ip=ip, login=login)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
