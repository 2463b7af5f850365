from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.demo.orgs import seed_demo
from lantoa.demo.registry import (
    KEY_PREFIX,
    PUBLICATION_COUNT,
    RECORD_COUNT,
    demo_publications,
    demo_records,
    seed_records,
)
from lantoa.exemplars.models import (
    Consent,
    Honour,
    Milestone,
    Publication,
    Record,
    RecordState,
    RecordStep,
    Replication,
)
from lantoa.exemplars.publishing import PUBLISHABLE_STATES
from lantoa.exemplars.selectors import inbox_for, records_visible_to
from lantoa.exemplars.stories.live import live_publications
from lantoa.exemplars.stories.public import search_live_stories, story_honours, story_photos
from lantoa.exemplars.workflow import SHAREABLE_STATES
from lantoa.orgs.models import Organisation


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Record, RecordStep, Honour, Replication, Consent, Milestone, User)
    )


@pytest.mark.django_db
def test_demo_records() -> None:
    """One seeding (it takes seconds) checked from several sides, then seeded again."""
    seed_demo()
    assert seed_records() == RECORD_COUNT == 300
    check_states_and_overdue()
    check_timelines()
    check_visibility()
    check_publications()
    check_second_run_creates_nothing()


def check_second_run_creates_nothing() -> None:
    first = counts()
    events = AuditEvent.objects.count()

    call_command("seed_demo", "--skip-units", stdout=io.StringIO())

    assert counts() == first
    assert AuditEvent.objects.count() == events
    assert demo_records().count() == Record.objects.count() == 300
    assert set(demo_records().values_list("idempotency_key", flat=True)) == {
        f"{KEY_PREFIX}{i:03d}" for i in range(1, 301)
    }


def check_states_and_overdue() -> None:
    by_state = dict(Record.objects.values_list("state").annotate(n=Count("id")))
    assert set(by_state) == set(RecordState.values)
    assert all(n >= 10 for n in by_state.values()), by_state
    now = timezone.now()
    overdue = Record.objects.filter(due_at__lt=now)
    assert overdue.count() >= 20
    assert set(overdue.values_list("state", flat=True)) >= {
        RecordState.REPORTED, RecordState.UNDER_VERIFICATION, RecordState.PROPOSED,
    }  # fmt: skip
    assert RecordStep.objects.filter(was_overdue=True).exists()
    # Nurturing records have plans and milestones, recognised ones honours and replications.
    nurturing = Record.objects.filter(state=RecordState.NURTURING)
    assert all(hasattr(r, "nurture_plan") for r in nurturing)
    assert Milestone.objects.filter(plan__record__in=nurturing, done_on__isnull=True).exists()
    assert Milestone.objects.filter(done_on__isnull=False).exists()
    recognised = Record.objects.filter(state=RecordState.RECOGNISED)
    assert not recognised.filter(honours__isnull=True).exists()
    assert Replication.objects.filter(record__in=recognised).count() >= 30
    # Consents for some subjects, for each of the three purposes.
    purposes = set(Consent.objects.values_list("purpose", flat=True))
    assert purposes >= {"publish_story", "show_full_name", "show_photo"}
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()


def check_timelines() -> None:
    now = timezone.now()
    legacy = Record.objects.filter(created_at__year__in=[2014, 2015])
    assert legacy.count() >= 20
    legacy_party = Organisation.objects.get(name="Tỉnh ủy Bình Thuận")
    assert legacy.filter(org_path__under=legacy_party.path).count() == legacy.count()
    assert Record.objects.filter(place__contains="Phan Thiết").exists()
    assert Record.objects.filter(place__contains="Phú Qu").exists()
    assert Record.objects.filter(place__contains="La Gi").exists()
    assert Record.objects.filter(place__contains="Hàm Thuận").exists()
    for record in Record.objects.prefetch_related("steps"):
        steps = list(record.steps.all())
        assert steps[0].action == "report" and steps[0].at == record.created_at
        moments = [s.at for s in steps]
        assert moments == sorted(moments) and moments[-1] < now
        changes = [s for s in steps if s.from_state != s.to_state]
        assert record.state_since == (changes[-1].at if changes else record.created_at)
        assert record.deed_date is not None
        assert record.deed_date <= timezone.localtime(record.created_at).date()


def check_visibility() -> None:
    commune_a = Organisation.objects.get(name="Ủy ban MTTQ Việt Nam xã Hàm Thuận")
    a_records = Record.objects.filter(org_path__under=commune_a.path)
    unverified = a_records.exclude(state__in=SHAREABLE_STATES)
    assert unverified.count() >= 10

    xab = User.objects.get(username="xab.doan")
    visible = records_visible_to(xab)
    assert not visible.filter(pk__in=unverified).exists()
    assert visible.filter(pk__in=a_records.filter(state__in=SHAREABLE_STATES)).exists()

    xa_mttq = User.objects.get(username="xa.mttq")
    inbox = list(inbox_for(xa_mttq)[:50])
    assert inbox and inbox[0].due_at < timezone.now()  # the overdue come first
    assert all(r.handling_org_id == commune_a.pk for r in inbox)
    xa_doan = User.objects.get(username="xa.doan")
    assert records_visible_to(xa_doan).filter(reporter=xa_doan).exists()


def check_publications() -> None:
    """About 40 stories on the portal, every display choice, photos in their variants,
    honours and replications shown, the search index built: the portal is never empty."""
    stories = list(demo_publications().select_related("record", "record__subject"))
    assert len(stories) == PUBLICATION_COUNT == 40
    assert live_publications().count() == 40
    assert {(s.name_display, s.place_display) for s in stories} == {
        (name, place)
        for name in Publication.NameDisplay.values
        for place in Publication.PlaceDisplay.values
    }
    assert all(s.record.state in PUBLISHABLE_STATES for s in stories)
    assert sum(1 for s in stories if s.featured) == 4
    # The display follows the choice: a hidden name shows nothing, initials are not the name.
    for story in stories:
        subject = story.record.subject
        assert subject is not None
        if story.name_display == Publication.NameDisplay.HIDDEN:
            assert story.display_name == ""
        elif story.name_display == Publication.NameDisplay.INITIALS:
            assert story.display_name and story.display_name != subject.full_name
        else:
            assert story.display_name == subject.full_name
    with_photos = [s for s in stories if s.show_photos]
    assert len(with_photos) >= 15
    for story in with_photos:
        photos = story_photos(story)
        assert len(photos) >= 2
        # Generated 800 px wide: the 320 and 640 px copies exist, stored under their names.
        assert all(set(p.variants) == {"320", "640"} for p in photos)
        assert all(p.content_type == "image/jpeg" and p.width == 800 for p in photos)
    assert all(story_photos(s) == [] for s in stories if not s.show_photos)
    assert sum(1 for s in stories if story_honours(s)) >= 10
    assert Replication.objects.filter(record__publication__in=stories).exists()
    # The index is built: a word of a published title finds it.
    first = stories[0]
    found = search_live_stories(first.title)
    assert first.pk in [story.pk for story in found.stories]
