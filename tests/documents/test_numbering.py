"""Numbering as data: consecutive numbers per scope, year restart, per-term numbering, and no
gap or duplicate when two threads issue at the same instant."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from lantoa.core.errors import DomainError
from lantoa.documents import services
from lantoa.documents.layouts import seed_defaults
from lantoa.documents.models import Document, Layout, NumberCounter
from tests.documents.conftest import draft, make_state_issuer
from tests.personas import build_world

D = datetime.date


def test_numbers_run_across_types_for_a_state_issuer(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    kinds = ["decision", "notice", "decision", "plan"]
    issued = [
        services.issue_document(
            actor=leader, document=draft(leader, state_issuer, kind), issued_on=D(2026, 3, 5)
        )
        for kind in kinds
    ]

    assert [d.number for d in issued] == [1, 2, 3, 4]
    assert [d.reference for d in issued] == ["1/QĐ-UBND", "2/TB-UBND", "3/QĐ-UBND", "4/KH-UBND"]


def test_a_per_year_issuer_restarts_at_one_on_the_first_of_january(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    days = [D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2)]
    numbers = [
        services.issue_document(
            actor=leader, document=draft(leader, state_issuer), issued_on=day
        ).number
        for day in days
    ]

    assert numbers == [1, 2, 1, 2]


def test_a_per_term_issuer_counts_per_type_through_the_new_year(
    world, party_issuer, party_leader
) -> None:
    def issue(kind: str, day: datetime.date) -> Document:
        document = draft(party_leader, party_issuer, kind, authority_of="BAN THƯỜNG VỤ")
        return services.issue_document(actor=party_leader, document=document, issued_on=day)

    first = issue("decision", D(2026, 12, 31))
    second = issue("decision", D(2027, 1, 2))
    notice = issue("notice", D(2027, 1, 3))

    assert (first.number, second.number, notice.number) == (1, 2, 1)
    assert second.reference == "2-QĐ/TU"
    assert notice.reference == "1-TB/TU"


def test_a_per_term_issuer_restarts_when_its_term_changes(world, party_issuer, party_leader):
    services.start_term(
        actor=world.user("quantri"),
        issuer=party_issuer,
        label="2030-2035",
        starts_on=D(2030, 10, 1),
    )

    def issue(day: datetime.date) -> int:
        document = draft(party_leader, party_issuer, authority_of="BAN THƯỜNG VỤ")
        number = services.issue_document(actor=party_leader, document=document, issued_on=day)
        return number.number or 0

    assert [issue(D(2030, 9, 30)), issue(D(2030, 9, 30)), issue(D(2030, 10, 1))] == [1, 2, 1]


def test_a_per_term_issuer_without_a_term_in_force_refuses(world, party_issuer, party_leader):
    document = draft(party_leader, party_issuer, authority_of="BAN THƯỜNG VỤ")

    with pytest.raises(DomainError) as error:
        services.issue_document(actor=party_leader, document=document, issued_on=D(2024, 1, 13))

    assert error.value.code == "no_term"
    assert "13/01/2024" in str(error.value.message)  # the day as users write it
    document.refresh_from_db()
    assert document.state == "draft" and document.number is None


def test_a_term_must_start_after_the_last_one(world, party_issuer) -> None:
    with pytest.raises(DomainError):
        services.start_term(
            actor=world.user("quantri"),
            issuer=party_issuer,
            label="2020-2025",
            starts_on=D(2020, 10, 1),
        )


@pytest.mark.django_db(transaction=True)
def test_twenty_documents_from_two_threads_get_twenty_consecutive_numbers() -> None:
    # A transactional test flushes the tables, including what data migrations put there.
    seed_defaults(Layout)
    world = build_world()
    issuer = make_state_issuer(world)
    leader = world.user("xa.mttq")
    drafts = [draft(leader, issuer) for _ in range(20)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def issue(batch: list[Document]) -> None:
        try:
            start.wait()
            for document in batch:
                services.issue_document(actor=leader, document=document, issued_on=D(2026, 5, 4))
        except BaseException as exc:  # reported to the test thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(drafts[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    numbers = sorted(Document.objects.filter(issuer=issuer).values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    assert NumberCounter.objects.get(issuer=issuer, period_key="2026").last_number == 20
