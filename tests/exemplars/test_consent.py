"""Consent: per purpose, minors, immediate withdrawal that unshares — enforced in services."""

from __future__ import annotations

import datetime

import pytest

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import consent as consents
from lantoa.exemplars.models import Consent, RecordShare
from tests.exemplars.helpers import report, step
from tests.personas import World

TODAY = datetime.date(2026, 1, 10)


def _verified(world: World, **kwargs):
    record = report(world, **kwargs)
    step(world, record, "xa.mttq", "verify")
    record.refresh_from_db()
    return record


def _consent(world: World, subject, purpose: str, **kwargs) -> Consent:
    kwargs.setdefault("given_by", "subject")
    if "evidence" not in kwargs:
        kwargs.setdefault("evidence_kind", "in_person")
        kwargs.setdefault("evidence_note", "Đồng ý trực tiếp tại nhà văn hóa thôn.")
    return consents.record_consent(
        actor=world.user("xa.doan"),
        subject=subject,
        purpose=purpose,
        given_on=kwargs.pop("given_on", TODAY),
        **kwargs,
    )


def test_a_record_cannot_be_shared_without_consent(world: World) -> None:
    record = _verified(world)
    with pytest.raises(consents.ConsentMissing):
        consents.share_record(
            actor=world.user("xa.mttq"),
            record=record,
            audience="public",
            purposes=["show_full_name"],
        )
    assert not RecordShare.objects.exists()


def test_withdrawal_unshares_at_once_and_blocks_sharing_again(world: World) -> None:
    record = _verified(world)
    story = _consent(world, record.subject, "publish_story")
    _consent(world, record.subject, "show_full_name")
    share = consents.share_record(
        actor=world.user("xa.mttq"), record=record, audience="public", purposes=["show_full_name"]
    )
    assert share.is_active

    revoked = consents.withdraw_consent(
        actor=world.user("xa.doan"), consent=story, note="Gia đình không muốn công khai."
    )
    share.refresh_from_db()
    assert [s.pk for s in revoked] == [share.pk]
    assert not share.is_active
    with pytest.raises(consents.ConsentMissing):
        consents.share_record(
            actor=world.user("xa.mttq"), record=record, audience="press", purposes=[]
        )
    assert AuditEvent.objects.filter(action="exemplars.consent.withdrawn").count() == 1
    assert AuditEvent.objects.filter(action="exemplars.record.share_revoked").count() == 1


def test_withdrawing_an_unrelated_purpose_keeps_the_share(world: World) -> None:
    record = _verified(world)
    _consent(world, record.subject, "publish_story")
    photo = _consent(world, record.subject, "show_photo")
    share = consents.share_record(
        actor=world.user("xa.mttq"), record=record, audience="public", purposes=[]
    )
    consents.withdraw_consent(actor=world.user("xa.doan"), consent=photo)
    share.refresh_from_db()
    assert share.is_active


def test_a_child_of_ten_consents_with_the_guardian(world: World) -> None:
    from lantoa.exemplars.services import SubjectInput

    record = _verified(world, new_subject=SubjectInput(full_name="Lê Minh Khang", birth_year=2016))
    with pytest.raises(DomainError) as exc:
        _consent(world, record.subject, "publish_story", given_by="subject")
    assert exc.value.code == "wrong_consent_giver"
    with pytest.raises(DomainError):
        _consent(world, record.subject, "publish_story", given_by="both")  # no guardian name
    consent = _consent(
        world, record.subject, "publish_story", given_by="both", guardian_name="Lê Văn Hùng (cha)"
    )
    assert consent.is_active


def test_a_child_under_seven_is_represented(world: World) -> None:
    from lantoa.exemplars.services import SubjectInput

    record = _verified(world, new_subject=SubjectInput(full_name="Bé Na", birth_year=2021))
    with pytest.raises(DomainError):
        _consent(world, record.subject, "publish_story", given_by="both", guardian_name="Mẹ")
    assert _consent(
        world, record.subject, "publish_story", given_by="guardian", guardian_name="Trần Thị Mẹ"
    ).is_active


def test_the_other_commune_cannot_record_or_withdraw_consent(world: World) -> None:
    record = _verified(world)
    with pytest.raises(NotFound):
        consents.record_consent(
            actor=world.user("xab.doan"),
            subject=record.subject,
            purpose="publish_story",
            given_by="subject",
            given_on=TODAY,
            evidence_kind="in_person",
            evidence_note="Đồng ý trực tiếp.",
        )
    consent = _consent(world, record.subject, "publish_story")
    with pytest.raises(NotFound):
        consents.withdraw_consent(actor=world.user("xab.doan"), consent=consent)


def test_an_unverified_record_never_leaves_the_tree(world: World) -> None:
    record = report(world)
    _consent(world, record.subject, "publish_story")
    with pytest.raises(DomainError):
        consents.share_record(
            actor=world.user("xa.mttq"), record=record, audience="public", purposes=[]
        )
