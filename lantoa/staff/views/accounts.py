"""Accounts: one's own (password, API tokens, sign out everywhere) and, for org admins, the
accounts of their tree (one-time reset link, deactivation)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lantoa.accounts import services as accounts
from lantoa.accounts import sessions
from lantoa.accounts.models import ApiToken
from lantoa.core.errors import DomainError
from lantoa.orgs import accounts as org_accounts
from lantoa.staff.forms.common import BootstrapMixin


class PasswordChangeForm(BootstrapMixin, forms.Form):
    current_password = forms.CharField(
        label=gettext_lazy("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=gettext_lazy("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters, not only digits, not a common password."),
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, str]:
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            raise forms.ValidationError(_("The two passwords differ."), code="password_mismatch")
        return data


def _my_account_page(request: HttpRequest, form: PasswordChangeForm) -> HttpResponse:
    return render(
        request,
        "staff/accounts/me.html",
        {"form": form, "tokens": list(sessions.tokens_of(request.user))},  # type: ignore[arg-type]
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_account(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.change_password(
                actor=request.user,  # type: ignore[arg-type]
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(
                request,
                _("Your password is changed. Your other sessions and API tokens have ended."),
            )
            return redirect("staff:my_account")
    return _my_account_page(request, form)


@login_required
@require_POST
def my_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken(pk=pk)
    sessions.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("staff:my_account")


@login_required
@require_POST
def my_sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    sessions.end_all_access(
        actor=request.user,
        user=request.user,  # type: ignore[arg-type]
        reason="signed_out_everywhere",
    )
    # This browser too (the epoch changed under its session; say so at once).
    logout(request)
    messages.success(request, _("You are signed out everywhere, including here."))
    return redirect("accounts:login")


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, memberships = org_accounts.get_account_for(request.user, pk)
    return render(
        request,
        "staff/accounts/account.html",
        {"account": user, "memberships": memberships},
    )


@login_required
@require_POST
def account_reset_link(request: HttpRequest, pk: int) -> HttpResponse:
    user, _memberships = org_accounts.get_account_for(request.user, pk)
    try:
        issued = org_accounts.issue_reset_link(actor=request.user, user=user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("staff:account_detail", pk=user.pk)
    # Shown once, never stored: only its digest is kept.
    response = render(
        request, "staff/accounts/reset_link.html", {"account": user, "issued": issued}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def account_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user, _memberships = org_accounts.get_account_for(request.user, pk)
    try:
        org_accounts.deactivate_account(actor=request.user, user=user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(user)s can no longer sign in; their sessions and tokens have ended.")
            % {"user": user.display_name},
        )
    return redirect("staff:account_detail", pk=user.pk)


@login_required
@require_POST
def reset_approve(request: HttpRequest, pk: int) -> HttpResponse:
    link = org_accounts.get_reset_to_approve(request.user, pk)
    try:
        org_accounts.approve_reset_link(actor=request.user, link=link)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Approved: the reset link of %(user)s now works.") % {"user": link.user.display_name},
        )
    return redirect("staff:grants")
