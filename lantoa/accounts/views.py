from __future__ import annotations

import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from lantoa.accounts import links, services, throttle
from lantoa.core.errors import DomainError
from lantoa.core.intake.limits import Limit
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


class _Styled:
    """Bootstrap classes on every widget (the staff forms' mixin lives above this app)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.widget.attrs.setdefault("class", "form-control")


class NewPasswordForm(_Styled, forms.Form):
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            raise ValidationError(_("The two passwords differ."), code="password_mismatch")
        return data


class ResetRequestForm(_Styled, forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password with a one-time link (invitation or reset)."""
    found = links.open_link(token)
    if found is None:
        return render(request, "accounts/link_closed.html", status=404)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            links.set_password_with_link(raw=token, new_password=form.cleaned_data["new_password1"])
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your password is set. Sign in with it now."))
            return redirect("accounts:login")
    return render(
        request,
        "accounts/link.html",
        {"form": form, "account": found.user, "purpose": found.purpose},
    )


def reset_limit() -> Limit:
    return Limit("password-reset-ip", limit=10, window=3600)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link by e-mail. The answer is the same whether or not an account has
    the address."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hit = reset_limit().hit(client_ip(request) or "")
        if not hit.allowed:
            form.add_error(
                None,
                _("Too many requests. Please wait %(minutes)d minutes and try again.")
                % {"minutes": max(1, math.ceil(hit.retry_after / 60))},
            )
            return render(request, "accounts/password_reset.html", {"form": form}, status=429)
        links.request_reset_by_email(email=form.cleaned_data["email"])
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form})
