from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "nominations.contact.viewed": _("Viewed the contact a citizen left with a nomination"),
}
