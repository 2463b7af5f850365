"""The subject page and the verifier's side-by-side merge."""

from __future__ import annotations

import datetime

from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.exemplars.consent import record_consent
from lantoa.exemplars.models import Record, SensitiveItem, Subject
from lantoa.exemplars.services import SubjectInput, add_honour
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.staff.helpers import page_text


def _twins(world: World) -> tuple[Record, Record]:
    first = report(world, new_subject=SubjectInput(full_name="Nguyễn Văn Ân", birth_year=1995))
    second = report(
        world,
        title="Giúp người già qua đường",
        new_subject=SubjectInput(full_name="Nguyễn Văn Ân", birth_year=1995, phone="0912345678"),
    )
    return first, second


def test_the_subject_page_shows_records_honours_consents_and_sensitive_items(
    login, world: World
) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    add_honour(actor=world.user("xa.mttq"), record=record, text="Giấy khen của xã")
    subject = record.subject
    record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
        actor=world.user("xa.doan"),
        subject=subject,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 1, 1),
    )
    SensitiveItem.objects.create(subject=subject, kind="ethnicity", value="Chăm")
    page = page_text(
        login("xa.doan").get(
            reverse("staff:subject_detail", args=[subject.pk]), headers={"Accept-Language": "en"}
        )
    )
    assert record.title in page and "Giấy khen của xã" in page
    assert "Publish the story" in page
    assert "Chăm" in page and "no consent: never shared" in page


def test_another_communes_subject_is_not_found(login, world: World) -> None:
    record = report(world)
    url = reverse("staff:subject_detail", args=[record.subject_id])
    assert login("xab.doan").get(url).status_code == 404


def test_a_verifier_compares_and_merges_two_subjects(login, world: World) -> None:
    first, second = _twins(world)
    keep, drop = first.subject, second.subject
    client = login("xa.mttq")
    page = page_text(client.get(reverse("staff:subject_detail", args=[keep.pk])))
    merge_url = reverse("staff:subject_merge", args=[keep.pk, drop.pk])
    assert merge_url in page
    side = page_text(client.get(merge_url))
    assert "0912345678" in side  # the other one's phone, side by side

    refused = client.post(merge_url, {"note": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["note"]
    assert client.post(merge_url, {"note": "Cùng một người"}).status_code == 302
    drop.refresh_from_db()
    keep.refresh_from_db()
    assert drop.merged_into == keep and keep.phone == "0912345678"
    assert set(keep.records.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert AuditEvent.objects.filter(action="exemplars.subject.merged").count() == 1
    # The merged one is gone from the scope: a second merge is not found.
    assert client.post(merge_url, {"note": "Lần nữa"}).status_code == 404


def test_a_reporter_cannot_merge(login, world: World) -> None:
    first, second = _twins(world)
    client = login("xa.doan")
    url = reverse("staff:subject_merge", args=[first.subject_id, second.subject_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "x"}).status_code == 404
    assert Subject.objects.filter(merged_into__isnull=False).count() == 0
    page = page_text(client.get(reverse("staff:subject_detail", args=[first.subject_id])))
    assert url not in page


def test_a_subject_cannot_be_merged_into_itself(login, world: World) -> None:
    record = report(world)
    url = reverse("staff:subject_merge", args=[record.subject_id, record.subject_id])
    response = login("xa.mttq").post(url, {"note": "x"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_an_officer_adds_a_sensitive_item_and_its_own_consent(login, world: World) -> None:
    from lantoa.exemplars.models import Consent

    record = report(world)
    subject = record.subject
    client = login("xa.doan")
    added = client.post(
        reverse("staff:subject_sensitive_add", args=[subject.pk]),
        {"sensitive-kind": "religion", "sensitive-value": " Phật   giáo "},
    )
    assert added.status_code == 302
    item = SensitiveItem.objects.get(subject=subject)
    assert item.value == "Phật giáo"
    event = AuditEvent.objects.get(action="exemplars.subject.sensitive_item_added")
    assert "Phật giáo" not in str(event.changes)  # the kind is logged, never the value

    url = reverse("staff:subject_sensitive_consent", args=[subject.pk, item.pk])
    missing = client.post(url, {f"item{item.pk}-given_by": "subject"})
    assert missing.status_code == 200
    p = f"item{item.pk}-"
    typed = {
        p + "given_by": "subject",
        p + "given_on": "2025-01-01",
        p + "evidence_kind": "in_person",
    }
    # No note for a consent heard in person: refused, what was typed kept.
    unproven = client.post(url, typed)
    assert unproven.status_code == 200
    assert unproven.context["consent_form"]["given_on"].value() == "2025-01-01"
    assert not Consent.objects.exists()
    consent = client.post(url, {**typed, p + "evidence_note": "Đồng ý tại buổi họp tổ."})
    assert consent.status_code == 302
    saved = Consent.objects.get(subject=subject)
    assert saved.purpose == Consent.Purpose.SENSITIVE_ITEM and saved.sensitive_item == item
    page = page_text(
        client.get(
            reverse("staff:subject_detail", args=[subject.pk]), headers={"Accept-Language": "en"}
        )
    )
    assert "1 consent to share it" in page


def test_sensitive_items_stay_in_the_subjects_tree(login, world: World) -> None:
    record = report(world)
    item = SensitiveItem.objects.create(subject=record.subject, kind="health", value="x")
    for username in ("xab.doan", "xa.quantri"):
        client = login(username)
        add = client.post(
            reverse("staff:subject_sensitive_add", args=[record.subject_id]),
            {"sensitive-kind": "health", "sensitive-value": "y"},
        )
        assert add.status_code == 404
        consent = client.post(
            reverse("staff:subject_sensitive_consent", args=[record.subject_id, item.pk]),
            {f"item{item.pk}-given_by": "subject", f"item{item.pk}-given_on": "2025-01-01"},
        )
        assert consent.status_code == 404
    assert SensitiveItem.objects.count() == 1


def test_an_item_of_another_subject_is_not_found(login, world: World) -> None:
    first, second = report(world), report(world)
    item = SensitiveItem.objects.create(subject=second.subject, kind="health", value="x")
    url = reverse("staff:subject_sensitive_consent", args=[first.subject_id, item.pk])
    assert login("xa.doan").post(url, {}).status_code == 404
