"""Revoking one certificate of a decision on its own: its verification page (and the API's)
says revoked with the grounds; the decision and the other certificates stay in force."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents import services
from lantoa.documents.models import Certificate, Document, DocumentState
from lantoa.documents.services import CertificateInput
from tests.documents.conftest import draft

D = datetime.date
NAMES = ["Nguyễn Văn Ân", "Trần Thị Bích Ngọc", "Lê Đức Thọ Hùng"]
GROUNDS = "Khai man thành tích cứu người"


@pytest.fixture
def decision(world, state_issuer) -> Document:
    leader = world.user("xa.mttq")
    document = draft(leader, state_issuer)
    services.add_certificates(
        actor=leader,
        decision=document,
        kind="giay_khen",
        rows=[CertificateInput(name, "Cứu người đuối nước") for name in NAMES],
    )
    return services.issue_document(actor=leader, document=document, issued_on=D(2026, 3, 5))


def second(decision: Document) -> Certificate:
    return decision.certificates.get(serial=2)


def test_one_certificate_is_revoked_and_the_others_stay_valid(world, decision, client) -> None:
    leader = world.user("xa.mttq")

    services.revoke_certificate(actor=leader, certificate=second(decision), grounds=GROUNDS)

    revoked = client.get(f"/xac-minh/{second(decision).verification_id}/").content.decode()
    assert "Giấy khen, bằng khen này đã bị thu hồi" in revoked and GROUNDS in revoked
    assert "Trần Thị Bích Ngọc" in revoked
    other = decision.certificates.get(serial=1)
    valid = client.get(f"/xac-minh/{other.verification_id}/").content.decode()
    assert "thu hồi" not in valid and "đang có hiệu lực" in valid
    whole = client.get(f"/xac-minh/{decision.verification_id}/").content.decode()
    assert "thu hồi" not in whole
    assert Document.objects.get(pk=decision.pk).state == DocumentState.ISSUED


def test_the_revocation_is_audited_and_on_the_decisions_history(world, decision) -> None:
    leader = world.user("xa.mttq")

    services.revoke_certificate(actor=leader, certificate=second(decision), grounds=GROUNDS)

    event = AuditEvent.objects.get(action="documents.certificate.revoked")
    assert event.actor == leader
    assert event.changes["grounds"] == [None, GROUNDS]
    assert event.changes["serial"] == [None, 2]
    last = decision.steps.order_by("at", "pk").last()
    assert last.action == "revoke_certificate" and GROUNDS in last.note
    assert "Trần Thị Bích Ngọc" in last.note


def test_the_api_verification_says_revoked_for_that_certificate_only(
    world, decision, client
) -> None:
    services.revoke_certificate(
        actor=world.user("xa.mttq"), certificate=second(decision), grounds=GROUNDS
    )

    revoked = client.get("/api/v1/documents/verify", {"id": second(decision).verification_id})
    other = client.get(
        "/api/v1/documents/verify", {"id": decision.certificates.get(serial=3).verification_id}
    )

    assert revoked.json()["revoked"] is True
    assert revoked.json()["revocation_grounds"] == GROUNDS
    assert revoked.json()["revoked_at"] is not None
    assert other.json()["revoked"] is False and other.json()["revocation_grounds"] == ""


def test_revoking_twice_is_refused_and_keeps_the_first_grounds(world, decision) -> None:
    leader = world.user("xa.mttq")
    services.revoke_certificate(actor=leader, certificate=second(decision), grounds=GROUNDS)

    with pytest.raises(DomainError) as error:
        services.revoke_certificate(actor=leader, certificate=second(decision), grounds="Lần 2")

    assert error.value.code == "already_revoked"
    assert second(decision).revocation_grounds == GROUNDS
    assert AuditEvent.objects.filter(action="documents.certificate.revoked").count() == 1


def test_grounds_are_required(world, decision) -> None:
    with pytest.raises(DomainError) as error:
        services.revoke_certificate(
            actor=world.user("xa.mttq"), certificate=second(decision), grounds="   "
        )
    assert error.value.code == "note_required"
    assert second(decision).revoked_at is None


def test_a_reporter_may_not_revoke(world, decision) -> None:
    from lantoa.orgs.models import Role
    from tests.personas import make_user

    reporter = make_user("xa.mttq.reporter", (world.front_a, Role.REPORTER))

    with pytest.raises(DomainError) as error:
        services.revoke_certificate(actor=reporter, certificate=second(decision), grounds=GROUNDS)

    assert error.value.code == "forbidden"
    assert second(decision).revoked_at is None


@pytest.mark.parametrize("username", ["xab.doan", "bao.bientap"])
def test_another_organisations_officer_gets_not_found(world, decision, username) -> None:
    with pytest.raises(NotFound):
        services.revoke_certificate(
            actor=world.user(username), certificate=second(decision), grounds=GROUNDS
        )
    assert second(decision).revoked_at is None


def test_a_certificate_of_a_draft_or_revoked_decision_is_refused(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    document = draft(leader, state_issuer)
    services.add_certificates(
        actor=leader, decision=document, kind="giay_khen", rows=[CertificateInput("Ai Đó", "X")]
    )
    with pytest.raises(DomainError) as error:
        services.revoke_certificate(
            actor=leader, certificate=document.certificates.get(), grounds=GROUNDS
        )
    assert error.value.code == "invalid_transition"

    issued = services.issue_document(actor=leader, document=document)
    services.revoke_document(actor=leader, document=issued, grounds="Sai quyết định")
    with pytest.raises(DomainError) as error:
        services.revoke_certificate(
            actor=leader, certificate=document.certificates.get(), grounds=GROUNDS
        )
    assert error.value.code == "invalid_transition"


def test_the_zip_leaves_a_revoked_certificate_out(world, decision) -> None:
    leader = world.user("xa.mttq")
    services.revoke_certificate(actor=leader, certificate=second(decision), grounds=GROUNDS)

    data = services.render_certificates_zip(actor=leader, decision=decision)

    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert sorted(names) == ["1-qd-ubnd-0001.pdf", "1-qd-ubnd-0003.pdf"]
