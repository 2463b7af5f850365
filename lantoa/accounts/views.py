from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lantoa.core import ratelimit
from lantoa.core.middleware import client_ip


class LoginForm(AuthenticationForm):
    """Username or e-mail; attempts are limited per account and per IP address."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip().lower()
        ip = client_ip(self.request) if self.request else None
        window = settings.LOGIN_RATE_WINDOW
        allowed_ip = ratelimit.hit(
            f"login-ip:{ip}", limit=settings.LOGIN_RATE_LIMIT_PER_IP, window=window
        )
        allowed_user = ratelimit.hit(
            f"login:{ip}:{username}", limit=settings.LOGIN_RATE_LIMIT, window=window
        )
        if not (allowed_ip and allowed_user):
            raise ValidationError(
                _("Too many sign-in attempts. Please wait %(minutes)d minutes and try again."),
                code="rate_limited",
                params={"minutes": window // 60},
            )
        cleaned = super().clean()
        ratelimit.clear(f"login:{ip}:{username}", window=window)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
