from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from lantoa.accounts import services, throttle
from lantoa.core.middleware import client_ip


class LoginForm(AuthenticationForm):
    """Username or e-mail; failed attempts are limited per account and per IP address
    (`lantoa.accounts.throttle`, shared with the API's token endpoint)."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )

    throttled: throttle.SignInThrottled | None = None
    attempt: throttle.Attempt | None = None

    def clean(self) -> dict[str, Any]:
        login = self.cleaned_data.get("username") or ""
        request = self.request
        ip = client_ip(request) if request else None
        device = request.COOKIES.get(throttle.DEVICE_COOKIE) if request else None
        try:
            self.attempt = throttle.count_attempt(ip=ip, login=login, device=device)
        except throttle.SignInThrottled as exc:
            self.throttled = exc
            raise ValidationError(str(exc.message), code=exc.code) from None
        try:
            cleaned = super().clean()
        except ValidationError:
            self.attempt.failed()
            services.record_failed_sign_in(login=login, channel="web")
            raise
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        services.record_sign_in(user=form.get_user(), channel="web")
        assert form.attempt is not None
        device = form.attempt.succeeded()
        response.set_cookie(
            throttle.DEVICE_COOKIE,
            device,
            max_age=settings.LOGIN_KNOWN_SOURCE_DAYS * 86400,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.throttled is not None:
            # 429 and Retry-After: a script or a proxy understands the wait as well as a person.
            response.status_code = 429
            response["Retry-After"] = str(form.throttled.retry_after)
        return response
