"""Subjects (the people and collectives records are about): duplicate suggestions.

Scoped by the caller's VIEW_RECORDS reach (lantoa.exemplars.duplicates); never contact data.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from lantoa.api.errors import ErrorOut
from lantoa.api.record_schemas import SubjectKind
from lantoa.api.security import actor
from lantoa.exemplars.duplicates import REASON_LABELS, suggest_subjects
from lantoa.orgs.models import AdminUnit

router = Router(tags=["subjects"])


class DuplicatesIn(Schema):
    name: str = Field(min_length=1, max_length=200, description="The name as typed")
    birth_year: int | None = Field(None, ge=1000, le=9999)
    unit: int | None = Field(None, description="Id of the administrative unit (commune)")
    kind: SubjectKind | None = None
    limit: int = Field(10, ge=1, le=50)


class SuggestedSubjectOut(Schema):
    id: int
    kind: str
    full_name: str
    birth_year: int | None
    admin_unit: str | None = Field(description="Name of the subject's commune")


class SuggestionOut(Schema):
    subject: SuggestedSubjectOut
    score: float
    reasons: list[str] = Field(description="Stable English codes, e.g. `same folded name`")
    reason_labels: list[str] = Field(description="The reasons in the request's language")


@router.get(
    "/duplicates",
    response={200: list[SuggestionOut], 401: ErrorOut, 422: ErrorOut},
    summary="Existing subjects that may be the person being reported, best first",
)
def duplicates(request: HttpRequest, filters: Query[DuplicatesIn]) -> list[dict[str, Any]]:
    user = actor(request)
    if filters.unit is not None and not AdminUnit.objects.filter(pk=filters.unit).exists():
        raise ValidationError(
            [
                {
                    "loc": ("query", "unit"),
                    "msg": _(
                        "Select a valid choice. That choice is not one of the available choices."
                    ),
                    "type": "invalid_choice",
                }
            ]
        )
    suggestions = suggest_subjects(
        actor=user,
        name=filters.name,
        birth_year=filters.birth_year,
        unit=filters.unit,
        limit=filters.limit,
        kind=filters.kind or None,
    )
    return [
        {
            "subject": {
                "id": s.subject.pk,
                "kind": s.subject.kind,
                "full_name": s.subject.full_name,
                "birth_year": s.subject.birth_year,
                "admin_unit": s.subject.admin_unit.name if s.subject.admin_unit else None,
            },
            "score": s.score,
            "reasons": list(s.reasons),
            "reason_labels": [str(REASON_LABELS.get(r, r)) for r in s.reasons],
        }
        for s in suggestions
    ]
