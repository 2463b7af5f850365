"""Numbering as data: which scope a document's number is taken in, and taking it.

A scope is (issuer, period, type): the period is the calendar year or the committee term in
force on the date of issue; the type is the document type when the issuer numbers per type,
"" when it numbers across types. Each scope has one counter row; taking a number locks it,
so two documents issued at the same instant wait for each other and get consecutive numbers.
A unique constraint on the documents is the last guard against a duplicate.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lantoa.core.errors import DomainError
from lantoa.documents.models import Issuer, NumberCounter, NumberingPeriod


def scope_of(issuer: Issuer, doc_type: str, day: datetime.date) -> tuple[str, str]:
    """(period_key, scope_type) of a document of `doc_type` issued on `day`."""
    if issuer.period == NumberingPeriod.TERM:
        term = issuer.term_on(day)
        if term is None:
            raise DomainError(
                _("This issuer numbers per term and has no term in force on %(day)s.")
                % {"day": day.strftime("%d/%m/%Y")},
                code="no_term",
            )
        period_key = f"term:{term.label}"
    else:
        period_key = str(day.year)
    return period_key, (doc_type if issuer.per_type else "")


def take_number(*, issuer: Issuer, period_key: str, scope_type: str) -> int:
    """The next number of the scope. Must run inside the caller's transaction, which
    holds the counter's lock until it commits: a number is never taken twice nor lost."""
    assert transaction.get_connection().in_atomic_block, "take_number needs a transaction"
    counter = _locked_counter(issuer, period_key, scope_type)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _locked_counter(issuer: Issuer, period_key: str, scope_type: str) -> NumberCounter:
    scope: dict[str, Any] = {"issuer": issuer, "period_key": period_key, "scope_type": scope_type}
    counter = NumberCounter.objects.select_for_update().filter(**scope).first()
    if counter is not None:
        return counter
    # The first document of a scope creates its row; if another transaction created it in
    # the meantime, the savepoint rolls back and the row is read (and locked) again.
    try:
        with transaction.atomic():
            NumberCounter.objects.create(**scope)
    except IntegrityError:
        pass
    return NumberCounter.objects.select_for_update().get(**scope)
