"""The record page's pieces, drawn once per what they show (issue 15, session 10).

Drawing the page through the template engine was a third of a view's Python: the record's
own fields, the person, the steps, the replications, the honours, the consents and the
next steps are the same HTML on every view until something they show changes. Each piece
is kept in this process's memory (`fragments.kept_many`) under a digest of every value it shows
— the record's fields and names, the person's fields, each step, replication, honour and
consent as stored, the actions the actor may take and the labels of their buttons, the
forms' drawn fields, whether the actor may see the person's data or confirm a
replication — with the template, the language and the time zone. Whatever changes on the
page therefore changes a key: no invalidation to forget, and two actors share a piece
only where it shows them the same thing (what they may see or do is part of what it
shows).

The pieces that show no personal data (the head, the next steps, the timeline, the
replications, the honours) are also kept in the shared cache, as list rows are: a process
that lacks some asks for them all in one round trip, and another process finds what one
drew instead of drawing it again (decision 181). The person's and the consents' pieces
carry personal data: only this process's memory, never Redis.

A piece with a form carries the CSRF input of a fixed token, replaced by the request's on
every view (a masked token of the request's secret, as `{% csrf_token %}` draws it). A
piece that shows a refusal or what was typed (a bound form, an error) is drawn every time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from lantoa.exemplars.models import (
    Consent,
    Evidence,
    Honour,
    Record,
    RecordStep,
    Replication,
    Subject,
)
from lantoa.staff.fragments import kept_many, request_token, template_digest

HEAD = "staff/records/_head.html"
SUBJECT = "staff/records/_subject.html"
TIMELINE = "staff/records/_timeline.html"
ACTIONS = "staff/records/_actions.html"
REPLICATIONS = "staff/records/_replications.html"
HONOURS = "staff/records/_honours.html"
CONSENTS = "staff/records/_consents.html"
# Included by a piece: its source is part of the piece's key (an edited include draws anew).
CONSENT_PROOF = "staff/records/_consent_proof.html"

# Drawn in place of the request's token, then replaced (module doc). Never typed by anyone:
# what people type is escaped, so `<input` cannot come from their text.
_MARK = "record-piece-csrf-token"
_MARKED_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_MARK}">'


@dataclass(frozen=True)
class Piece:
    """A piece to draw: its template, what it shows (None: drawn every time, for a refusal
    or what was typed), its context, and whether it shows personal data (kept only in this
    process's memory)."""

    name: str
    shown: Mapping[str, Any] | None
    context: Callable[[], dict[str, Any]]
    personal: bool = False

    def draw(self) -> str:
        return render_to_string(self.name, {**self.context(), "csrf_token": _MARK})


def drawn(request: HttpRequest, pieces: Mapping[str, Piece | None]) -> dict[str, SafeString]:
    """The page's pieces by name (None: nothing), each kept under what it shows (module doc:
    one round trip to the shared cache for those this process lacks), with the request's
    CSRF token in their forms."""
    named = [(key, piece) for key, piece in pieces.items() if piece is not None]
    html = kept_many([(p.name, p.shown, p.draw, not p.personal) for _key, p in named])
    found = {key: mark_safe("") for key, piece in pieces.items() if piece is None}
    for (key, _piece), kept in zip(named, html, strict=True):
        text = kept.replace(_MARKED_INPUT, _token_input(request)) if _MARK in kept else kept
        found[key] = mark_safe(text)  # noqa: S308  (drawn by a template with autoescaping)
    return found


def _token_input(request: HttpRequest) -> str:
    # As `{% csrf_token %}` draws it (the token is letters and digits: nothing to escape).
    token = request_token(request)
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def head(
    record: Record,
    *,
    overdue: bool,
    live_story: Any,
    photos: Sequence[Evidence],
    documents: Sequence[Evidence],
    error: Any,
) -> Piece:
    """The breadcrumb, the title, the badges, the summary, the files and the record's
    fields (`_head.html`)."""
    shown = {
        "pk": record.pk,
        "title": record.title,
        "kind": record.kind,
        "state": record.state,
        "overdue": overdue,
        "due_at": record.due_at,
        "live_story": live_story.pk if live_story else None,
        "summary": record.summary,
        "photos": [(e.pk, e.width, e.height) for e in photos],
        "documents": [(e.pk, e.original_name) for e in documents],
        "deed_date": record.deed_date,
        "place": record.place,
        "admin_unit": record.admin_unit.name if record.admin_unit else None,
        "sector": _str(record.sector),
        "movement": record.movement.name if record.movement else None,
        "org_name": record.org_name,
        "reporter": record.reporter.display_name if record.reporter else None,
        "created_at": record.created_at,
        "handling_org": record.handling_org.name,
    }
    context = {
        "record": record,
        "overdue": overdue,
        "live_story": live_story,
        "photos": photos,
        "documents": documents,
        "error": error,
    }
    return Piece(HEAD, None if error else shown, lambda: context)


def subject_piece(subject: Subject, *, personal: bool) -> Piece:
    """The person or collective (`_subject.html`); their contact only for those who may see
    the person's data (`personal`, part of the key)."""
    shown: dict[str, Any] = {
        "personal": personal,
        "pk": subject.pk,
        "kind": subject.kind,
        "full_name": subject.full_name,
        "birth_year": subject.birth_year,
        "gender": subject.gender,
        "priority_group": _str(subject.priority_group),
        "occupation": subject.occupation,
    }
    if personal:
        shown["contact"] = (subject.phone, subject.email, subject.address)
    return Piece(
        SUBJECT,
        shown,
        lambda: {"subject": subject, "personal": personal},
        personal=True,
    )


def timeline(steps: Sequence[RecordStep], rows: Callable[[], list[Any]]) -> Piece:
    """The steps, oldest first (`_timeline.html`); `rows` builds the timeline's rows (their
    labels and waits follow from each step's action and seconds, and the language)."""
    shown = {
        "steps": [
            (
                s.pk,
                s.action,
                s.was_overdue,
                s.actor_name,
                s.actor_org_name,
                s.at,
                s.seconds_in_previous,
                s.note,
            )
            for s in steps
        ]
    }
    return Piece(TIMELINE, shown, lambda: {"timeline": rows()})


def _labelled(transitions: Sequence[Any]) -> list[tuple[str, str]]:
    return [(t.action, str(t.label)) for t in transitions]


def actions(record: Record, context: Mapping[str, Any]) -> Piece:
    """The next steps the actor may take (`_actions.html`): the buttons, the proposal's
    targets, the nurturing plan's fields. Drawn every time with the completion form (the
    reporter's, rare) or with what was typed."""
    posted = context["posted"]
    propose, nurture = context["propose"], context["nurture"]
    shown = {
        "pk": record.pk,
        "quick": _labelled(context["quick"]),
        "noted": _labelled(context["noted"]),
        "propose": _str(propose.label) if propose else None,
        "targets": [(o.pk, o.name) for o in context["targets"]],
        "nurture": _str(nurture.label) if nurture else None,
        "plan_fields": str(context["plan_fields"]),
    }
    cacheable = not posted and context["resubmit"] is None and not _bound(context["plan_form"])
    return Piece(ACTIONS, shown if cacheable else None, lambda: dict(context))


def replications(record: Record, context: Mapping[str, Any]) -> Piece:
    """Who learned and followed (`_replications.html`), which of them the actor may
    confirm, and the form to record one (where the actor may)."""
    rows: list[Replication] = context["replications"]
    return _with_form(
        REPLICATIONS,
        "replication",
        record,
        context,
        units=context["spread"]["units"],
        rows=[
            (
                r.pk,
                r.org_name,
                r.org_id is None,
                r.outside_place,
                r.confirmed_at,
                r.date,
                r.learned_from_id,
                r.learned_from.org_name if r.learned_from else None,
                r.what,
                r.result,
                r.pk in context["confirmable"],
            )
            for r in rows
        ],
    )


def honours(record: Record, rows: Sequence[Honour], context: Mapping[str, Any]) -> Piece:
    """The honours and the form to record one (`_honours.html`)."""
    return _with_form(HONOURS, "honour", record, context, rows=[(h.text, h.date) for h in rows])


def consents(record: Record, rows: Sequence[Consent], context: Mapping[str, Any]) -> Piece:
    """The person's consents, their proofs and the forms to record or withdraw one
    (`_consents.html`), for those who see the person's data."""
    return _with_form(
        CONSENTS,
        "consent",
        record,
        context,
        personal=True,
        proof=template_digest(CONSENT_PROOF),
        can_consent=context["can_consent"],
        rows=[
            (
                c.pk,
                c.purpose,
                c.withdrawn_at,
                c.given_by,
                c.guardian_name,
                c.given_on,
                c.evidence_kind,
                _str(c.recorded_by),
                c.recorded_at,
                c.evidence_note,
            )
            for c in rows
        ],
    )


def _with_form(
    name: str,
    kind: str,
    record: Record,
    context: Mapping[str, Any],
    *,
    personal: bool = False,
    **shown: Any,
) -> Piece:
    """A section of rows and the form to add one (`{kind}_form`, its drawn fields
    `{kind}_fields`): kept under the record, what its rows show, whether there is a form
    and its fields; drawn every time with a bound form (what was typed, a refusal)."""
    form = context[f"{kind}_form"]
    shown.update(pk=record.pk, form=form is not None, fields=str(context[f"{kind}_fields"]))
    return Piece(name, None if _bound(form) else shown, lambda: dict(context), personal=personal)


def _bound(form: Any) -> bool:
    return form is not None and bool(form.is_bound)
