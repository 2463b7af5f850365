"""Citizen nominations ("Báo tin gương tốt"): the public form, submitting through the form and
the service, and the Vietnamese of every message.

Expected texts go through `t()` (gettext in Vietnamese), so the tests read the same before
and after the lead merges tests/portal/nominations_vi.py into the catalogue.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation.template import templatize
from PIL import Image

from lantoa.audit.models import AuditEvent
from lantoa.core.uploads import clean_upload
from lantoa.exemplars.models import Evidence, Record, RecordSource, RecordState, RecordStep
from lantoa.exemplars.selectors import inbox_for
from lantoa.nominations import guard
from lantoa.nominations.models import TRACKING_CODE, Nomination
from lantoa.nominations.services import NominationInvalid, current_commune, submit_nomination
from lantoa.orgs.models import AdminUnit, Membership
from tests.personas import World
from tests.portal.nomination_helpers import URL, WHAT, code_of, data, send, t, text, token
from tests.portal.nominations_vi import VI, VI_PLURALS

pytestmark = pytest.mark.usefixtures("_nomination_settings")

ROOT = Path(__file__).resolve().parents[2]


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(out, "JPEG")
    return out.getvalue()


# --- The form --------------------------------------------------------------------------------


def test_the_form_is_public_light_and_accessible_by_design(client, world: World) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert 'name="what"' in page and 'name="province"' in page and 'name="commune"' in page
    assert 'accept="image/*"' in page and 'capture="environment"' in page and "multiple" in page
    assert (
        t(
            "I agree that officers of the Fatherland Front may contact me about this report. "
            "My contact details are not made public."
        )
        in page
    )
    # The honeypot: out of sight, out of the tab order, hidden from screen readers.
    assert re.search(
        r'<div class="visually-hidden nom-trap" aria-hidden="true">\s*<label for="id_website">',
        page,
    )
    assert re.search(
        r'<input type="text" name="website" [^>]*tabindex="-1" autocomplete="off"', page
    )
    # Only the province's communes, through HTMX; no inline script or style (CSP).
    assert f'<option value="{world.province_unit.code}">Lâm Đồng</option>' in page
    assert world.unit_a.name not in page
    assert 'hx-get="/bao-tin/xa/"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page and "<style" not in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_communes_of_the_chosen_province_come_as_a_fragment(client, world: World) -> None:
    response = client.get("/bao-tin/xa/", {"province": world.province_unit.code})
    page = text(response)
    assert response.status_code == 200
    assert f'<option value="{world.unit_a.code}">{world.unit_a.name}</option>' in page
    assert f'<option value="{world.unit_b.code}">{world.unit_b.name}</option>' in page
    assert "<html" not in page
    with translation.override("vi"):
        listed = translation.ngettext(
            "%(counter)s commune or ward of %(province)s is listed.",
            "%(counter)s communes and wards of %(province)s are listed.",
            2,
        ) % {"counter": 2, "province": "Lâm Đồng"}
    assert listed in page
    # Only current units: a pre-2025 commune never shows.
    AdminUnit.objects.create(
        scheme="pre2025", level="commune", code="23059", name="Xã Hàm Đức", parent=None
    )
    assert "Hàm Đức" not in text(client.get("/bao-tin/xa/", {"province": "68"}))
    assert "<option" in text(client.get("/bao-tin/xa/", {"province": "nope"}))  # empty choice


def test_without_javascript_the_province_button_lists_its_communes_and_keeps_the_text(
    client, world: World
) -> None:
    response = client.post(
        URL,
        {
            "what": WHAT,
            "province": world.province_unit.code,
            "started": token(),
            "choose_province": "1",
            "contact_consent": "on",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert WHAT in page
    assert f'<option value="{world.unit_a.code}">' in page
    assert re.search(r'<select name="commune"[^>]*autofocus', page)
    assert 'id="nomination-errors"' not in page  # not a failed send: no error shown
    assert Nomination.objects.count() == 0


# --- Submitting ------------------------------------------------------------------------------


def test_a_nomination_arrives_in_the_inbox_of_the_commune_front(client, world: World) -> None:
    response = send(client, world)
    assert response.status_code == 200
    code = code_of(response)
    nomination = Nomination.objects.get()
    assert nomination.display_code == code
    assert nomination.tracking_code == TRACKING_CODE.normalise(code)
    record = nomination.record
    assert record.source == RecordSource.CITIZEN
    assert record.org == world.front_a and record.handling_org == world.front_a
    assert record.org_path == world.front_a.path and record.org_name == world.front_a.name
    assert record.reporter is None and record.state == RecordState.REPORTED
    assert record.kind == "good_deed" and record.summary == WHAT
    assert record.title.startswith("Chị Lan nhặt được ví") and len(record.title) <= 80
    assert record.admin_unit == world.unit_a and record.place == "Chợ Hàm Thuận"
    assert record.deed_date == datetime.date(2026, 11, 20)
    assert record.due_at is not None and record.due_at > record.state_since
    assert record.subject is not None and record.subject.full_name == "Nguyễn Thị Lan"
    assert record.subject.org == world.front_a
    assert record in inbox_for(world.user("xa.mttq"))
    step = RecordStep.objects.get(record=record)
    assert (step.action, step.actor, step.actor_name) == ("report", None, "Người dân")
    event = AuditEvent.objects.get(action="exemplars.record.reported", object_id=str(record.pk))
    assert event.actor is None and event.actor_label == "system"
    assert event.changes["source"] == [None, "citizen"]
    # The IP address is never stored: a keyed hash in the nomination, nothing in the audit.
    assert nomination.ip_hash == guard.hash_ip("203.0.113.7") and len(nomination.ip_hash) == 64
    assert "203.0.113.7" not in nomination.ip_hash
    assert not AuditEvent.objects.filter(ip="203.0.113.7").exists()
    assert not any("203.0.113.7" in str(key) for key in cache._cache)  # type: ignore[attr-defined]


def test_without_a_commune_front_it_goes_to_the_province_front(client, world: World) -> None:
    lonely = AdminUnit.objects.create(
        scheme="2025",
        level="commune",
        code="23000",
        name="Xã Tân Thành",
        division_type="xã",
        parent=world.province_unit,
    )
    response = send(client, world, commune=lonely.code, who="")
    code_of(response)
    record = Record.objects.get()
    assert record.handling_org == world.front and record.org == world.front
    assert record.subject is None
    assert record in inbox_for(world.user("tinh.mttq"))
    assert record not in inbox_for(world.user("xa.mttq"))


def test_a_province_without_any_front_is_told_plainly(client, world: World) -> None:
    other = AdminUnit.objects.create(scheme="2025", level="province", code="01", name="Hà Nội")
    commune = AdminUnit.objects.create(
        scheme="2025", level="commune", code="00004", name="Phường Ba Đình", parent=other
    )
    # The form does not offer it; a crafted POST is refused like an invalid choice.
    assert f'value="{other.code}"' not in text(client.get(URL))
    response = send(client, world, province=other.code, commune=commune.code)
    assert response.status_code == 200
    assert 'id="id_province_error"' in text(response)
    assert WHAT in text(response)
    # The service refuses it too (the API's path), with where to send it instead.
    with pytest.raises(NominationInvalid) as info:
        submit_nomination(what=WHAT, commune=commune, when=None, ip=None)
    assert info.value.code == "commune_not_served" and info.value.field == "commune"
    assert str(info.value.message) == t(
        "Reports for this commune cannot be received online yet. Please take or send your "
        "report to the Fatherland Front committee of the commune (at the commune's People's "
        "Committee office) or of the province."
    )
    assert Record.objects.count() == 0


def test_photos_are_evidence_uploaded_by_the_citizen_portal_user(client, world: World) -> None:
    photos = [SimpleUploadedFile(f"anh{i}.jpg", jpeg(), "image/jpeg") for i in range(2)]
    code_of(send(client, world, photos=photos))
    record = Record.objects.get()
    evidence = list(Evidence.objects.filter(record=record))
    assert len(evidence) == 2
    uploader = evidence[0].uploaded_by
    assert uploader.username == "citizen-portal"
    assert not uploader.has_usable_password() and not uploader.is_active
    assert not Membership.objects.filter(user=uploader).exists()
    assert all(not e.file.name.endswith(("anh0.jpg", "anh1.jpg")) for e in evidence)
    # A second nomination reuses the same system user.
    code_of(send(client, world, photos=[SimpleUploadedFile("c.jpg", jpeg(), "image/jpeg")]))
    assert Evidence.objects.values("uploaded_by").distinct().count() == 1


def test_more_than_four_photos_are_refused(client, world: World) -> None:
    photos = [SimpleUploadedFile(f"anh{i}.jpg", jpeg(), "image/jpeg") for i in range(5)]
    response = send(client, world, photos=photos)
    assert response.status_code == 200
    with translation.override("vi"):
        message = translation.ngettext(
            "At most %(n)d photo: you chose %(count)d.",
            "At most %(n)d photos: you chose %(count)d.",
            4,
        ) % {"n": 4, "count": 5}
    assert message in text(response)
    assert Record.objects.count() == 0


def test_an_html_file_named_jpg_is_refused_and_the_text_is_kept(client, world: World) -> None:
    fake = SimpleUploadedFile(
        "anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    response = send(client, world, photos=[fake], contact_name="Trần Văn B")
    page = text(response)
    assert response.status_code == 200
    with translation.override("vi"):
        message = translation.gettext("“%(name)s” is not a photo (JPEG, PNG, WebP).") % {
            "name": "anh.jpg"
        }
    assert message.replace("“", "&ldquo;") in page or message in page
    assert WHAT in page and 'value="Nguyễn Thị Lan"' in page and 'value="Trần Văn B"' in page
    assert 'id="held-photos"' not in page  # a refused file is not held
    assert Record.objects.count() == Nomination.objects.count() == 0


def test_every_problem_of_the_form_is_shown_at_once(client, world: World) -> None:
    response = send(client, world, commune="", contact_phone="12")
    page = text(response)
    assert 'id="id_commune_error"' in page
    assert 'id="id_contact_phone_error"' in page
    assert 'id="id_contact_consent_error"' in page
    assert t("Enter a phone number of 9 to 15 digits, e.g. 0912 345 678.") in page
    assert re.search(r'<select name="commune"[^>]*aria-invalid="true"', page)
    assert Record.objects.count() == 0


def test_contact_details_need_consent(client, world: World) -> None:
    response = send(client, world, contact_phone="0912 345 678")
    assert t(
        "To leave your contact details, tick the box to agree to be contacted. "
        "Otherwise leave them empty."
    ) in text(response)
    assert 'value="0912 345 678"' in text(response)
    assert Record.objects.count() == 0
    code_of(send(client, world, contact_phone="+84 912 345 678", contact_consent="on"))
    nomination = Nomination.objects.get()
    assert nomination.contact_phone == "0912345678" and nomination.contact_consent


def test_a_long_report_keeps_every_word(world: World) -> None:
    long = ("Bà con xóm Gò cùng nhau sửa con đường đất vào mùa mưa. " * 60).strip()
    assert 2000 < len(long) <= 5000
    nomination = submit_nomination(what=long, commune=world.unit_a, when=None, ip=None)
    record = nomination.record
    assert len(record.summary) <= 2000 and record.summary.endswith("…")
    assert record.story.startswith("<p>") and long[-40:] in record.story
    with pytest.raises(NominationInvalid) as info:
        submit_nomination(what="x" * 5001, commune=world.unit_a, when=None, ip=None)
    assert info.value.field == "what"


def test_the_service_checks_what_the_api_may_send(world: World) -> None:
    cases = [
        ({"what": "  "}, "what"),
        ({"commune": world.province_unit}, "commune"),
        ({"when": timezone.localdate() + datetime.timedelta(days=1)}, "when"),
        ({"contact_email": "not-an-email", "contact_consent": True}, "contact_email"),
        ({"contact_phone": "12", "contact_consent": True}, "contact_phone"),
        ({"contact_name": "Lan"}, "contact_consent"),
        ({"photos": [clean_upload(name="a.jpg", data=jpeg())] * 5}, "photos"),
    ]
    for extra, field in cases:
        kwargs = {"what": WHAT, "commune": world.unit_a, "when": None, "ip": None, **extra}
        with pytest.raises(NominationInvalid) as info:
            submit_nomination(**kwargs)
        assert info.value.field == field, extra
    assert Record.objects.count() == 0


def test_the_same_form_sent_twice_makes_one_nomination(client, world: World) -> None:
    values = data(world)
    first = client.post(URL, values)
    second = client.post(URL, values)
    assert code_of(first) == code_of(second)
    assert Nomination.objects.count() == 1


def test_the_api_finds_current_communes_by_code(world: World) -> None:
    assert current_commune(world.unit_a.code) == world.unit_a
    assert current_commune(world.province_unit.code) is None  # a province is no commune
    assert current_commune("x' OR 1") is None and current_commune("99999") is None


# --- Messages --------------------------------------------------------------------------------

MINE = [
    "lantoa/core/intake/proof.py",
    "lantoa/nominations/coverage.py",
    "lantoa/nominations/holds.py",
    "lantoa/portal/views/nomination_attempt.py",
    "lantoa/nominations/guard.py",
    "lantoa/nominations/services.py",
    "lantoa/nominations/models.py",
    "lantoa/portal/forms/nominations.py",
    "lantoa/portal/views/nominations.py",
]
KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=ngettext:1,2",
    "--keyword=_",
    "--keyword=gettext",
]


def test_every_message_has_vietnamese_ready_for_the_catalogue() -> None:
    singles, plurals = _extract()
    missing = sorted(m for m in singles if m and m not in VI)
    missing_plurals = sorted(p for p in plurals if p not in VI_PLURALS)
    assert not missing, missing
    assert not missing_plurals, missing_plurals
    for msgid, msgstr in VI.items():
        assert set(re.findall(r"%\(\w+\)[sd]", msgid)) == set(re.findall(r"%\(\w+\)[sd]", msgstr))


def _extract() -> tuple[set[str], set[tuple[str, str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        files = [str(ROOT / name) for name in MINE]
        for template in sorted((ROOT / "lantoa/templates/portal/nominations").glob("*.html")):
            out = Path(tmp) / f"{template.name}.py"
            out.write_text(templatize(template.read_text(), origin=str(template)))
            files.append(str(out))
        pot = Path(tmp) / "out.pot"
        subprocess.run(
            [
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                "--no-location",
                "-o",
                str(pot),
                *KEYWORDS,
                *files,
            ],
            check=True,
        )
        content = pot.read_text()
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for block in content.split("\n\n"):
        msgid = _field(block, "msgid")
        plural = _field(block, "msgid_plural")
        if plural is not None and msgid is not None:
            plurals.add((msgid, plural))
        elif msgid:
            singles.add(msgid)
    return singles, plurals


def _field(block: str, name: str) -> str | None:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.MULTILINE)
    if match is None:
        return None
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
    return "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
