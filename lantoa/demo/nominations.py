"""Demo citizen nominations: ten, two in each state a citizen can track, with their codes.

Each one is sent through `nominations.services.submit_nomination` (the portal form's own
service: checks, rate limits, the record in the commune Front's inbox) and then moved by
that Front's chair through `exemplars.services.transition_record`, so the tracking page
shows what a citizen would see. `manage.py demo_logins` (what `make run` prints) lists the
codes beside the logins.

Idempotent: each record gets the key `nomination-demo-NN` once sent (citizens' records have
no reporter, so the key marks the demo's own); a key already present is not sent again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from lantoa.accounts.models import User
from lantoa.demo.orgs import DEMO_COMMUNES, ensure_not_production
from lantoa.exemplars import services
from lantoa.exemplars.models import Record
from lantoa.nominations import services as nominations
from lantoa.nominations.models import Nomination
from lantoa.orgs.models import AdminUnit, Membership, Role

KEY_PREFIX = "nomination-demo-"


@dataclass(frozen=True)
class DemoNomination:
    commune: str
    what: str
    who: str
    steps: tuple[tuple[str, str], ...]  # (action, note) taken by the Front's chair
    contact: tuple[str, str, str] = ("", "", "")  # name, phone, e-mail (with consent)


def _n(
    commune: int,
    what: str,
    who: str,
    *steps: tuple[str, str],
    contact: tuple[str, str, str] = ("", "", ""),
) -> DemoNomination:
    return DemoNomination(DEMO_COMMUNES[commune], what, who, steps, contact)


START = ("start_verification", "")
NOMINATIONS: tuple[DemoNomination, ...] = (
    _n(
        0,
        "Chú Tư chạy xe ôm ở chợ Ma Lâm nhặt được ví có 5 triệu đồng và giấy tờ, đã "
        "mang lên công an xã trả lại người mất.",
        "Chú Tư xe ôm",
    ),
    _n(
        1,
        "Nhóm sinh viên tình nguyện dọn rác ở bãi biển Đồi Dương mỗi sáng Chủ nhật suốt "
        "ba tháng nay.",
        "",
        contact=("Trần Thu", "0900 000 101", ""),
    ),
    _n(
        0,
        "Cô giáo Hạnh dạy thêm miễn phí buổi tối cho các em học sinh nghèo trong thôn.",
        "Cô giáo Hạnh",
        START,
    ),
    _n(
        1,
        "Anh thợ sửa xe ở khu phố 3 vá xe miễn phí cho học sinh và người già.",
        "",
        START,
        contact=("Lê Minh", "", "le.minh@example.org"),
    ),
    _n(
        0,
        "Bà con góp tiền và ngày công làm lại cây cầu tre qua suối cho học sinh đi học.",
        "Tổ tự quản thôn",
        START,
        ("verify", "Đã xác minh với Ban điều hành thôn."),
    ),
    _n(
        1,
        "Em học sinh lớp 9 nhảy xuống sông Cà Ty cứu một em nhỏ bị đuối nước.",
        "",
        START,
        ("verify", "Đã gặp gia đình và nhân chứng."),
        contact=("Phạm Văn Hòa", "0900 000 102", ""),
    ),
    _n(
        0,
        "Có người nói ông ấy giúp đỡ hàng xóm nhưng tôi không nhớ rõ là ai.",
        "",
        START,
        ("reject", "Không xác định được người và việc làm sau khi liên hệ thôn."),
    ),
    _n(
        1,
        "Một người lạ đã giúp tôi đẩy xe bị hỏng trên đường, tôi không biết tên.",
        "",
        ("reject", "Không đủ thông tin để xác minh."),
    ),
    _n(
        0,
        "Hội phụ nữ thôn nấu cơm miễn phí cho bệnh nhân nghèo ở trạm y tế xã.",
        "",
        ("return", "Đề nghị cho biết tên chi hội và thời gian bắt đầu."),
        contact=("Nguyễn Thị Mai", "0900 000 103", ""),
    ),
    _n(
        1,
        "Một bác cựu chiến binh tự sửa đường hẻm lầy lội cho cả xóm đi lại.",
        "Bác Ba",
        START,
        ("return", "Đề nghị cho biết địa chỉ cụ thể để cán bộ đến gặp."),
    ),
)


def demo_nominations() -> list[Nomination]:
    return list(
        Nomination.objects.filter(record__idempotency_key__startswith=KEY_PREFIX)
        .select_related("record")
        .order_by("record__idempotency_key")
    )


def _verifier_for(record: Record) -> User:
    """The verifier nearest above the record's handling organisation: the commune Front's
    chair once the records are seeded (`phanthiet.mttq`), else the province Front's."""
    assert record.handling_org is not None
    path = record.handling_org.path
    rows = Membership.objects.filter(
        role=Role.VERIFIER, ended_at__isnull=True, organisation__valid_to__isnull=True
    ).select_related("user", "organisation")
    mine = [m for m in rows if path.startswith(m.organisation.path)]
    return max(mine, key=lambda m: len(m.organisation.path)).user


def seed_nominations(today: datetime.date | None = None) -> int:
    """Send the demo nominations (after the tree); return how many were sent."""
    ensure_not_production()
    done = set(
        Record.objects.filter(idempotency_key__startswith=KEY_PREFIX).values_list(
            "idempotency_key", flat=True
        )
    )
    sent = 0
    with transaction.atomic():
        for number, plan in enumerate(NOMINATIONS, start=1):
            key = f"{KEY_PREFIX}{number:02d}"
            if key in done:
                continue
            commune = AdminUnit.objects.get(
                scheme=AdminUnit.Scheme.CURRENT, level=AdminUnit.Level.COMMUNE, name=plan.commune
            )
            name, phone, email = plan.contact
            nomination = nominations.submit_nomination(
                what=plan.what,
                commune=commune,
                when=today,
                who=plan.who,
                contact_name=name,
                contact_phone=phone,
                contact_email=email,
                contact_consent=bool(name),
                # A documentation address (RFC 5737) per sender: nobody's real address.
                ip=f"192.0.2.{number}",
            )
            Record.objects.filter(pk=nomination.record_id).update(idempotency_key=key)
            verifier = _verifier_for(nomination.record)
            for action, note in plan.steps:
                services.transition_record(
                    actor=verifier, record=nomination.record, action=action, note=note
                )
            sent += 1
    return sent
