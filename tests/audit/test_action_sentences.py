"""The audit log reads as sentences in the reader's language; unknown codes stay codes."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from lantoa.accounts.models import LinkPurpose
from lantoa.audit import services as audit
from lantoa.audit.actions import describe, described
from lantoa.exemplars.workflow import TRANSITIONS
from lantoa.orgs.services import add_member
from tests.personas import make_user

LANTOA = Path(__file__).resolve().parents[2] / "lantoa"
CODE = re.compile(r'(?:action|audit_action)="([a-z_]+\.[a-z_]+\.[a-z_]+)"')


def written_actions() -> set[str]:
    """Every action code the source writes: literals, record transitions, link purposes."""
    codes = {m for path in LANTOA.rglob("*.py") for m in CODE.findall(path.read_text("utf-8"))}
    codes |= {f"exemplars.record.{t.action}" for t in TRANSITIONS}
    codes |= {f"accounts.{p}.{end}" for p in LinkPurpose.values for end in ("issued", "used")}
    return codes


def test_every_action_written_has_a_sentence() -> None:
    assert written_actions() - described() == set()


def test_a_sentence_follows_the_language_and_an_unknown_code_shows_itself() -> None:
    with translation.override("vi"):
        assert describe("orgs.membership.added") == "Đã cấp vai trò"
    with translation.override("en"):
        assert describe("orgs.membership.added") == "Gave a role"
    assert describe("someday.new.action") == "someday.new.action"


def test_the_log_page_shows_sentences_not_codes(client, world) -> None:
    admin = world.user("xa.quantri")
    add_member(actor=admin, org=world.youth_a, user=make_user("an"), role="reporter")
    audit.record(actor=admin, action="someday.new.action", obj=admin, org=world.front_a)
    client.force_login(admin)

    page = client.get(reverse("staff:audit_log"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    # The sentence first; the code stays beside it, small, for those who filter by it.
    assert ">Đã cấp vai trò<br>" in page
    assert ">someday.new.action<" in page  # described by nobody yet: shown as it is
    assert '<option value="orgs.membership.added">Đã cấp vai trò</option>' in page
