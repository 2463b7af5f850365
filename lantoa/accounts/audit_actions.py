from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "accounts.user.created": _("Created an account"),
    "accounts.user.signed_in": _("Signed in"),
    "accounts.user.sign_in_failed": _("Failed to sign in (wrong password)"),
    "accounts.user.password_changed": _("Changed their password"),
    "accounts.user.signed_out_everywhere": _("Ended every session and API token of an account"),
    "accounts.user.deactivated": _("Deactivated an account"),
    "accounts.api_token.issued": _("Obtained an API token"),
    "accounts.api_token.revoked": _("Revoked an API token"),
    "accounts.invitation.issued": _("Sent an invitation link"),
    "accounts.invitation.used": _("Set their password with an invitation link"),
    "accounts.reset.issued": _("Made a one-time password reset link"),
    "accounts.reset.approved": _("Approved a password reset link"),
    "accounts.reset.used": _("Reset their password with a one-time link"),
}
