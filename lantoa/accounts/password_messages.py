"""Django's password messages that its Vietnamese catalogue lacks.

Django 5.2 changed the "too short" message to `%d`; its Vietnamese file still translates the
older `%(min_length)d` text, so the new one reached Vietnamese users in English. Naming the
message here keeps its translation in our catalogue (`LOCALE_PATHS` wins over Django's) and
`makemessages` from dropping it. Nothing imports this module.
"""

from django.utils.translation import ngettext_lazy

MISSING_IN_DJANGO_VI = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
)
