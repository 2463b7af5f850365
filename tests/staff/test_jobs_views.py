"""The job pages: start the digest or the audit export, watch the progress, get the file."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.audit.models import AuditEvent
from lantoa.exemplars.digest import DIGEST_KIND
from lantoa.exemplars.models import Record, RecordState
from lantoa.jobs.models import Job, JobState
from lantoa.notifications.models import Notification
from tests.personas import World


def _overdue_report(world: World) -> Record:
    org = world.youth_a
    return Record.objects.create(
        kind="good_deed",
        title="Báo cáo quá hạn",
        summary="Tóm tắt",
        org=org,
        org_path=org.path,
        org_name=org.name,
        handling_org=world.front_a,
        reporter=world.user("xa.doan"),
        state=RecordState.REPORTED,
        state_since=timezone.now() - timezone.timedelta(days=20),
        due_at=timezone.now() - timezone.timedelta(days=2),
    )


def test_a_leader_sends_the_digest_now_and_sees_the_job_done(
    world: World, login, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    _overdue_report(world)
    client = login("xa.mttq")
    page = client.get(reverse("staff:digest_now"))
    assert page.status_code == 200
    assert 'id="digest-send"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:digest_now"))
    job = Job.objects.get()
    assert response["Location"] == reverse("staff:job_detail", args=[job.pk])
    assert job.owner == world.user("xa.mttq")
    assert job.state == JobState.DONE
    event = AuditEvent.objects.get(action="exemplars.digest.requested")
    assert (event.actor, event.object_id) == (world.user("xa.mttq"), str(job.pk))
    assert Notification.objects.filter(kind=DIGEST_KIND, user=world.user("xa.mttq")).exists()
    assert [m.to for m in mailoutbox] == [[world.user("xa.mttq").email]]
    html = client.get(response["Location"]).content.decode()
    assert 'data-state="done"' in html
    assert 'aria-valuenow="100"' in html
    assert "hx-trigger" not in html  # finished: the page stops asking


def test_sending_the_digest_twice_the_same_day_sends_it_once(
    world: World, login, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    _overdue_report(world)
    client = login("xa.mttq")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("staff:digest_now"))
    assert Job.objects.filter(state=JobState.DONE).count() == 2
    assert Notification.objects.filter(kind=DIGEST_KIND).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("persona", ["xa.doan", "xa.quantri", "bao.bientap"])
def test_who_does_not_decide_may_not_send_the_digest(world: World, login, persona) -> None:
    client = login(persona)
    assert client.get(reverse("staff:digest_now")).status_code == 404
    assert client.post(reverse("staff:digest_now")).status_code == 404
    assert not Job.objects.exists()


def test_the_digest_link_is_on_the_home_page_of_those_who_may_use_it(world, login) -> None:
    link = reverse("staff:digest_now")
    assert link in login("xa.mttq").get(reverse("staff:home")).content.decode()
    assert link not in login("xa.doan").get(reverse("staff:home")).content.decode()


def test_a_running_job_is_a_progress_bar_that_asks_again(world: World, login) -> None:
    job = Job.objects.create(
        owner=world.user("xa.quantri"),
        kind="audit.export",
        title="Xuất nhật ký",
        state=JobState.RUNNING,
        done=12,
        total=50,
    )
    html = login("xa.quantri").get(reverse("staff:job_progress", args=[job.pk])).content.decode()
    assert re.search(r'<progress[^>]*role="progressbar"', html)
    assert 'aria-valuenow="24"' in html and 'aria-valuemin="0"' in html
    assert 'aria-valuemax="100"' in html
    assert f'hx-get="{reverse("staff:job_progress", args=[job.pk])}"' in html
    assert "hx-trigger" in html
    assert 'id="job-result"' not in html


def test_the_audit_export_button_starts_a_job_that_offers_the_file(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    client = login("xa.quantri")
    page = client.get(reverse("staff:audit_log"), {"action": "orgs"}).content.decode()
    assert f'action="{reverse("staff:audit_export_job")}?action=orgs"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:audit_export_job") + "?action=orgs")
    job = Job.objects.get()
    assert response["Location"] == reverse("staff:job_detail", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    result = reverse("staff:job_result", args=[job.pk])
    assert f'href="{result}"' in html
    download = client.get(result)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith("\ufeff".encode())


def test_the_export_job_is_started_by_post_only(world: World, login) -> None:
    assert login("xa.quantri").get(reverse("staff:audit_export_job")).status_code == 405
    assert not Job.objects.exists()


def test_a_job_without_a_file_has_no_result_page(world: World, login) -> None:
    job = Job.objects.create(
        owner=world.user("xa.quantri"), kind="t", title="t", state=JobState.FAILED
    )
    assert login("xa.quantri").get(reverse("staff:job_result", args=[job.pk])).status_code == 404


def test_the_xlsx_button_starts_a_job_that_offers_a_workbook(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    client = login("xa.quantri")
    page = client.get(reverse("staff:audit_log"), {"action": "orgs"}).content.decode()
    assert f'formaction="{reverse("staff:audit_export_job")}?action=orgs&amp;format=xlsx"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:audit_export_job") + "?action=orgs&format=xlsx")
    assert Job.objects.get().result_name.endswith(".xlsx")
