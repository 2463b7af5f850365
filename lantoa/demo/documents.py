"""Demo documents (docs/demo-data.md): a state issuer and a Party issuer with a year of
numbered documents, and one signed decision of the state issuer with its certificates.

`seed_documents()` runs after the demo tree (`lantoa.demo.orgs.seed_demo`). Everything goes
through the services, acted by the demo system administrator. The People's Committee of the
first commune is added to the tree as an organisation of its own (decision: a deciding body
that issues in the system is an organisation with its own officers). Server signing uses a
demo CA and organisation key written under settings.DOCUMENT_SIGNERS_DIR (dev only).
Idempotent: an issuer that already has documents is left alone.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from lantoa.accounts.models import User
from lantoa.demo.orgs import ensure_not_production
from lantoa.documents import services
from lantoa.documents.demo_pki import issue_cert, make_ca, write_root
from lantoa.documents.models import Issuer, IssuerStyle, NumberingPeriod
from lantoa.orgs.models import Organisation, OrganisationName, OrgKind, OrgLevel, child_path

ADMIN = "quantri"
PARTY_NAME = "Tỉnh ủy Lâm Đồng"
COMMUNE_PARTY = "Đảng ủy xã Hàm Thuận"
PEOPLES_COMMITTEE = "Ủy ban nhân dân xã Hàm Thuận"
SIGNING_KEY = "ubnd-xa-ham-thuan"
# The district level ended on 1 July 2025: a body of it issues no more (decision 197).
FORMER_DISTRICT = "Hội đồng Thi đua - Khen thưởng huyện Hàm Thuận Bắc"
YEAR = 2026

# (month, day, type, summary) of the state issuer's year; numbers follow from the order.
STATE_YEAR: tuple[tuple[int, int, str, str], ...] = (
    (1, 5, "plan", "Kế hoạch thực hiện phong trào thi đua yêu nước năm 2026"),
    (1, 9, "decision", "Về việc thành lập Hội đồng Thi đua - Khen thưởng xã"),
    (1, 20, "notice", "Thông báo lịch tiếp công dân quý I năm 2026"),
    (2, 2, "report", "Báo cáo kết quả công tác Tết Nguyên đán Bính Ngọ 2026"),
    (2, 25, "memo", "Đề nghị giới thiệu gương người tốt, việc tốt năm 2026"),
    (3, 5, "decision", "Về việc khen thưởng tập thể, cá nhân có thành tích trong cứu nạn"),
    (3, 27, "minutes", "Biên bản họp Hội đồng Thi đua - Khen thưởng xã quý I"),
    (4, 8, "plan", "Kế hoạch tuyên truyền gương điển hình tiên tiến năm 2026"),
    (4, 28, "report", "Báo cáo sơ kết phong trào thi đua quý I năm 2026"),
    (5, 15, "notice", "Thông báo kết luận của Chủ tịch UBND xã tại buổi làm việc"),
    (6, 3, "decision", "Về việc công nhận danh hiệu Gia đình văn hóa năm 2026"),
    (6, 30, "report", "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm"),
    (7, 10, "memo", "Về việc hướng dẫn hồ sơ đề nghị khen thưởng"),
    (8, 19, "decision", "Về việc khen thưởng gương người tốt, việc tốt đợt I năm 2026"),
    (9, 2, "notice", "Thông báo nghỉ lễ Quốc khánh 02/9"),
    (9, 21, "plan", "Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc"),
    (10, 14, "report", "Báo cáo kết quả xây dựng nông thôn mới 9 tháng"),
    (11, 5, "minutes", "Biên bản kiểm tra mô hình dân vận khéo"),
)
PARTY_YEAR: tuple[tuple[int, int, str, str], ...] = (
    (1, 12, "decision", "Về việc ban hành Quy chế làm việc của Ban Chấp hành nhiệm kỳ 2025-2030"),
    (2, 10, "plan", "Kế hoạch học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh"),
    (3, 18, "notice", "Thông báo kết luận của Ban Thường vụ về công tác dân vận"),
    (4, 22, "decision", "Về việc thành lập Ban Chỉ đạo nhân rộng điển hình tiên tiến"),
    (6, 16, "report", "Báo cáo sơ kết 6 tháng thực hiện Chỉ thị số 05-CT/TW"),
    (7, 24, "notice", "Thông báo ý kiến chỉ đạo về tuyên truyền gương người tốt, việc tốt"),
    (9, 9, "plan", "Kế hoạch kiểm tra, giám sát năm 2026"),
    (10, 28, "decision", "Về việc khen thưởng tổ chức cơ sở đảng tiêu biểu"),
)
# The certificate revoked in the demo, and why.
REVOKED_SERIAL = 5
REVOCATION_GROUNDS = (
    "Kiểm tra lại cho thấy số nhà đại đoàn kết kê khai không đúng thực tế (03 nhà, không phải 05)."
)
CERTIFICATE_HOLDERS: tuple[tuple[str, str, str], ...] = (
    ("Nguyễn Văn Tâm", "Thôn Ma Lâm", "Dũng cảm cứu hai học sinh đuối nước trên sông Cà Ty"),
    ("Trần Thị Hồng", "Thôn Thuận Minh", "Nhặt được tài sản và trả lại người đánh rơi"),
    ("Lê Quang Vinh", "Đoàn viên Chi đoàn thôn Hàm Đức", "Hiến 300 m² đất mở rộng đường liên thôn"),
    ("Phạm Thị Thu", "Hội viên Hội Phụ nữ xã", "Mô hình bếp ăn miễn phí cho bệnh nhân nghèo"),
    ("Đặng Văn Lực", "Cựu chiến binh thôn Ma Lâm", "Vận động xây 5 nhà đại đoàn kết"),
    (
        "Hồ Thị Ngọc Ánh",
        "Giáo viên Trường Tiểu học Hàm Đức",
        "Lớp học tình thương cho trẻ em khó khăn",
    ),
)


def seed_documents(*, skip: bool = False) -> int:
    """Create the demo issuers and their documents (and a former district's body, retired);
    return how many documents were issued."""
    if skip:
        return 0
    ensure_not_production()
    admin = User.objects.get(username=ADMIN)
    party_org = Organisation.objects.get(name=PARTY_NAME, parent__isnull=True)
    committee = _peoples_committee(party_org)
    can_sign = _demo_keys()
    created = 0
    state = Issuer.objects.filter(name=PEOPLES_COMMITTEE).first() or services.create_issuer(
        actor=admin,
        org=committee,
        name=PEOPLES_COMMITTEE,
        parent_name="Ủy ban nhân dân tỉnh Lâm Đồng",
        code="UBND",
        style=IssuerStyle.STATE,
        place="Hàm Thuận",
        signing_key=SIGNING_KEY,
    )
    if not state.documents.exists():
        created += _year(
            admin,
            state,
            STATE_YEAR,
            authority_of="ỦY BAN NHÂN DÂN",
            signer=("Chủ tịch", "Nguyễn Văn Hòa"),
        )
        created += _signed_decision(admin, state, sign=can_sign)
    if not Issuer.objects.filter(name=FORMER_DISTRICT).exists():
        former = services.create_issuer(
            actor=admin,
            org=committee,
            name=FORMER_DISTRICT,
            parent_name="Ủy ban nhân dân huyện Hàm Thuận Bắc",
            code="HĐTĐKT",
            style=IssuerStyle.STATE,
            place="Hàm Thuận Bắc",
            external=True,
        )
        services.set_issuer_retired(actor=admin, issuer=former, retired=True)
    party = Issuer.objects.filter(name=PARTY_NAME).first()
    if party is None:
        party = services.create_issuer(
            actor=admin,
            org=party_org,
            name=PARTY_NAME,
            parent_name="Đảng bộ tỉnh Lâm Đồng",
            code="TU",
            style=IssuerStyle.PARTY,
            place="Lâm Đồng",
            period=NumberingPeriod.TERM,
            per_type=True,
        )
        services.start_term(
            actor=admin, issuer=party, label="2025-2030", starts_on=datetime.date(2025, 10, 1)
        )
    if not party.documents.exists():
        created += _year(
            admin,
            party,
            PARTY_YEAR,
            authority_of="BAN THƯỜNG VỤ",
            signer=("Phó Bí thư Thường trực", "Trần Minh Đức"),
        )
    return created


def _year(
    admin: User,
    issuer: Issuer,
    plan: tuple[tuple[int, int, str, str], ...],
    *,
    authority_of: str,
    signer: tuple[str, str],
) -> int:
    for month, day, doc_type, summary in plan:
        with transaction.atomic():
            document = services.create_draft(
                actor=admin,
                issuer=issuer,
                doc_type=doc_type,
                summary=summary,
                body=f"{summary}.\nCác cơ quan, đơn vị liên quan căn cứ thực hiện.",
                authority="tm",
                authority_of=authority_of,
                signer_title=signer[0],
                signer_name=signer[1],
                recipients="Như trên\nLưu: VT",
            )
            services.issue_document(
                actor=admin, document=document, issued_on=datetime.date(YEAR, month, day)
            )
    return len(plan)


def _signed_decision(admin: User, issuer: Issuer, *, sign: bool) -> int:
    document = services.create_draft(
        actor=admin,
        issuer=issuer,
        doc_type="decision",
        summary="Về việc tặng Giấy khen cho các cá nhân là gương người tốt, việc tốt năm 2026",
        body=(
            "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 06 cá nhân (có danh "
            "sách kèm theo) đã có thành tích tiêu biểu trong phong trào người tốt, việc tốt.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "Điều 3. Văn phòng HĐND và UBND xã và các cá nhân có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này."
        ),
        authority="",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Văn Hòa",
        recipients="Như Điều 3\nỦy ban MTTQ Việt Nam xã\nLưu: VT",
        certificate_kind="giay_khen",
        certificates=[
            services.CertificateInput(name, achievement, title)
            for name, title, achievement in CERTIFICATE_HOLDERS
        ],
    )
    document = services.issue_document(
        actor=admin, document=document, issued_on=datetime.date(YEAR, 11, 20)
    )
    if sign:
        services.sign_document(actor=admin, document=document)
    # One certificate revoked on its own, as a verifier of the paper would find it: its
    # verification page says so, the decision and the five others stay in force.
    services.revoke_certificate(
        actor=admin,
        certificate=document.certificates.get(serial=REVOKED_SERIAL),
        grounds=REVOCATION_GROUNDS,
    )
    return 1


def _peoples_committee(party_org: Organisation) -> Organisation:
    parent = Organisation.objects.filter(name=COMMUNE_PARTY).first() or party_org
    org = Organisation.objects.filter(name=PEOPLES_COMMITTEE, parent=parent).first()
    if org is None:
        org = Organisation(
            name=PEOPLES_COMMITTEE,
            kind=OrgKind.OTHER,
            level=OrgLevel.COMMUNE,
            admin_unit=parent.admin_unit,
            parent=parent,
            path=f"/new-{parent.pk}-ubnd/",
            depth=parent.depth + 1,
        )
        org.save()
        org.path = child_path(parent.path, org.pk)
        org.save(update_fields=["path"])
        OrganisationName.objects.create(organisation=org, name=PEOPLES_COMMITTEE)
    return org


def _demo_keys() -> bool:
    """A demo CA (trusted) and the People's Committee's organisation key, once; False when
    no signing folders are configured (then the demo decision stays issued, unsigned)."""
    keys, roots = settings.DOCUMENT_SIGNERS_DIR, settings.DOCUMENT_TRUST_ROOTS_DIR
    if keys is None or roots is None:
        return False
    if not (Path(keys) / SIGNING_KEY / "key.pem").exists():
        ca = make_ca("Lan Toa Demo CA")
        org_key = issue_cert(ca, "UBND xa Ham Thuan (demo)")
        org_key.write(Path(keys) / SIGNING_KEY, chain=[ca.cert])
        write_root(ca, Path(roots))
    return True
