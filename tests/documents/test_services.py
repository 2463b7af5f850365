"""The lifecycle through the services: who may do what, on which document, in which state."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents import selectors, services, workflow
from lantoa.documents.models import Document, DocumentState, FileKind
from tests.documents.conftest import draft, make_state_issuer

D = datetime.date


def test_the_workflow_table_walks_draft_issued_signed_revoked() -> None:
    S = DocumentState
    assert [t.action for t in workflow.transitions_from(S.DRAFT)] == ["issue"]
    assert [t.action for t in workflow.transitions_from(S.ISSUED)] == [
        "sign",
        "attach_signed",
        "revoke",
    ]
    assert [t.action for t in workflow.transitions_from(S.SIGNED)] == ["revoke"]
    assert workflow.transitions_from(S.REVOKED) == []
    reachable = {S.DRAFT}
    for _ in range(3):
        reachable |= {t.target for s in reachable for t in workflow.transitions_from(s)}
    assert reachable == set(S.values)


def test_issuing_takes_the_number_writes_both_files_and_is_audited(world, state_issuer):
    leader = world.user("xa.mttq")
    document = services.issue_document(
        actor=leader, document=draft(leader, state_issuer), issued_on=D(2026, 5, 4)
    )

    assert document.state == DocumentState.ISSUED
    assert sorted(document.files.values_list("kind", flat=True)) == ["docx", "pdf"]
    assert all(len(f.sha256) == 64 for f in document.files.all())
    assert len(document.verification_id) >= 32  # 24 random bytes, base64
    assert AuditEvent.objects.filter(action="documents.document.issued").count() == 1
    assert list(document.steps.values_list("action", flat=True)) == ["draft", "issue"]


def test_issuing_twice_is_refused_and_takes_no_second_number(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    document = draft(leader, state_issuer)
    services.issue_document(actor=leader, document=document, issued_on=D(2026, 5, 4))

    with pytest.raises(DomainError) as error:
        services.issue_document(actor=leader, document=document, issued_on=D(2026, 5, 4))

    assert error.value.code == "invalid_transition"
    assert Document.objects.get(pk=document.pk).number == 1
    next_one = services.issue_document(
        actor=leader, document=draft(leader, state_issuer), issued_on=D(2026, 5, 4)
    )
    assert next_one.number == 2


def test_a_reporter_drafts_but_does_not_issue(world) -> None:
    issuer = make_state_issuer(world, org=world.youth_a, name="Đoàn xã", code="ĐTN")
    reporter = world.user("xa.doan")
    document = draft(reporter, issuer)

    with pytest.raises(DomainError) as error:
        services.issue_document(actor=reporter, document=document)

    assert error.value.code == "forbidden"
    assert Document.objects.get(pk=document.pk).state == DocumentState.DRAFT


@pytest.mark.parametrize("username", ["xab.doan", "xa.doan", "bao.bientap"])
def test_outside_the_issuers_tree_everything_is_not_found(world, state_issuer, username):
    leader, outsider = world.user("xa.mttq"), world.user(username)
    document = draft(leader, state_issuer)

    with pytest.raises(NotFound):
        draft(outsider, state_issuer)
    with pytest.raises(NotFound):
        services.issue_document(actor=outsider, document=document)
    with pytest.raises(NotFound):
        selectors.get_document_for(outsider, document.pk)
    with pytest.raises(NotFound):
        selectors.get_issuer_for(outsider, state_issuer.pk)


def test_a_leader_above_the_issuer_may_issue(world, state_issuer) -> None:
    document = draft(world.user("xa.mttq"), state_issuer)

    issued = services.issue_document(actor=world.user("tinh.mttq"), document=document)

    assert issued.number == 1


def test_an_issued_document_is_frozen(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    document = services.issue_document(actor=leader, document=draft(leader, state_issuer))

    with pytest.raises(DomainError) as error:
        services.update_draft(actor=leader, document=document, summary="Khác")

    assert error.value.code == "frozen"
    assert Document.objects.get(pk=document.pk).summary.startswith("Về việc khen thưởng")


def test_a_draft_changes_and_invalid_input_is_refused(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    document = draft(leader, state_issuer)

    services.update_draft(actor=leader, document=document, summary="  Về việc mới ")
    assert Document.objects.get(pk=document.pk).summary == "Về việc mới"
    for bad in ({"summary": ""}, {"authority": "xx"}, {"number": 5}):
        with pytest.raises(DomainError):
            services.update_draft(actor=leader, document=document, **bad)
    with pytest.raises(DomainError):
        draft(leader, state_issuer, "certificate")


def test_revocation_needs_grounds_and_keeps_the_number_and_the_files(world, state_issuer, client):
    leader = world.user("xa.mttq")
    document = services.issue_document(actor=leader, document=draft(leader, state_issuer))
    with pytest.raises(DomainError) as error:
        services.revoke_document(actor=leader, document=document, grounds="  ")
    assert error.value.code == "note_required"

    services.revoke_document(actor=leader, document=document, grounds="Sai đối tượng khen thưởng")

    document.refresh_from_db()
    assert document.state == DocumentState.REVOKED and document.number == 1
    assert document.files.count() == 2
    assert list(document.steps.values_list("action", flat=True)) == ["draft", "issue", "revoke"]
    page = client.get(f"/xac-minh/{document.verification_id}/").content.decode()
    assert "Sai đối tượng khen thưởng" in page
    with pytest.raises(DomainError):
        services.revoke_document(actor=leader, document=document, grounds="Lần nữa")


def test_drafts_are_not_verifiable_and_unknown_ids_are_404(world, state_issuer, client):
    document = draft(world.user("xa.mttq"), state_issuer)

    assert client.get(f"/xac-minh/{document.verification_id}/").status_code == 404
    assert client.get("/xac-minh/not-a-real-id/").status_code == 404


def test_a_file_hash_finds_its_document(world, state_issuer, client) -> None:
    leader = world.user("xa.mttq")
    document = services.issue_document(actor=leader, document=draft(leader, state_issuer))
    pdf = document.files.get(kind=FileKind.PDF)

    response = client.get("/xac-minh/", {"q": pdf.sha256})

    assert response.status_code == 302
    assert response["Location"] == f"/xac-minh/{document.verification_id}/"
    assert client.get("/xac-minh/", {"q": "0" * 64}).status_code == 404


def test_the_verification_page_shows_no_personal_data_beyond_the_document(
    world, state_issuer, client
) -> None:
    leader = world.user("xa.mttq")
    document = services.issue_document(actor=leader, document=draft(leader, state_issuer))

    page = client.get(f"/xac-minh/{document.verification_id}/").content.decode()

    assert "1/QĐ-UBND" in page and "Ủy ban nhân dân xã Hàm Thuận" in page
    assert leader.full_name not in page  # who issued it in the system is not public
    assert leader.email not in page


def test_an_external_body_is_recorded_with_its_scan_not_numbered(world) -> None:
    issuer = make_state_issuer(world, name="Ủy ban nhân dân tỉnh Lâm Đồng", external=True)
    leader = world.user("xa.mttq")
    with pytest.raises(DomainError) as error:
        draft(leader, issuer)
    assert error.value.code == "external_issuer"

    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n% a scanned page\n%%EOF\n")
    document = services.record_external_document(
        actor=leader,
        issuer=issuer,
        doc_type="decision",
        number=1520,
        symbol="QĐ-UBND",
        issued_on=D(2026, 6, 1),
        summary="Về việc tặng Bằng khen",
        signer_title="Chủ tịch",
        signer_name="Hồ Văn Mười",
        scan=scan,
    )

    assert document.recorded and document.reference == "1520/QĐ-UBND"
    assert document.files.get().kind == FileKind.SCAN
    with pytest.raises(DomainError) as error:
        services.record_external_document(
            actor=leader,
            issuer=issuer,
            doc_type="decision",
            number=1520,
            symbol="QĐ-UBND",
            issued_on=D(2026, 7, 1),
            summary="Trùng số",
            signer_title="Chủ tịch",
            signer_name="Hồ Văn Mười",
            scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    assert error.value.code == "duplicate"


def test_only_an_org_admin_sets_up_an_issuer(world) -> None:
    with pytest.raises(NotFound):
        services.create_issuer(
            actor=world.user("xa.mttq"),
            org=world.front_a,
            name="X",
            code="X",
            style="state",
            place="X",
        )
    issuer = services.create_issuer(
        actor=world.user("xa.quantri"),
        org=world.front_a,
        name="Ban Thường trực",
        code="MTTQ",
        style="mass",
        place="Hàm Thuận",
    )
    assert issuer.org_path == world.front_a.path
