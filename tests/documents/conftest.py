from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from lantoa.documents import services
from lantoa.documents.models import Document, Issuer, IssuerStyle, NumberingPeriod
from lantoa.orgs.models import Role
from tests.personas import World, make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://lantoa.example.vn"


def make_state_issuer(world: World, **kwargs) -> Issuer:
    values = {
        "org": world.front_a,
        "name": "Ủy ban nhân dân xã Hàm Thuận",
        "parent_name": "Ủy ban nhân dân tỉnh Lâm Đồng",
        "code": "UBND",
        "style": IssuerStyle.STATE,
        "place": "Hàm Thuận",
        **kwargs,
    }
    return services.create_issuer(actor=world.user("quantri"), **values)


def make_party_issuer(world: World) -> Issuer:
    return services.create_issuer(
        actor=world.user("quantri"),
        org=world.party,
        name="Tỉnh ủy Lâm Đồng",
        parent_name="Đảng bộ tỉnh Lâm Đồng",
        code="TU",
        style=IssuerStyle.PARTY,
        place="Lâm Đồng",
        period=NumberingPeriod.TERM,
        per_type=True,
    )


@pytest.fixture
def state_issuer(world: World) -> Issuer:
    return make_state_issuer(world)


@pytest.fixture
def party_issuer(world: World) -> Issuer:
    issuer = make_party_issuer(world)
    services.start_term(
        actor=world.user("quantri"),
        issuer=issuer,
        label="2025-2030",
        starts_on=datetime.date(2025, 10, 1),
    )
    return issuer


@pytest.fixture
def party_leader(world: World):
    user = make_user("tinh.uy", (world.party, Role.LEADER), full_name="Hồ Văn Tỉnh")
    world.users["tinh.uy"] = user
    return user


def draft(actor, issuer: Issuer, doc_type: str = "decision", **kwargs) -> Document:
    values = {
        "summary": "Về việc khen thưởng gương người tốt, việc tốt năm 2026",
        "body": "Điều 1. Tặng Giấy khen cho các cá nhân có thành tích xuất sắc.\n"
        "Điều 2. Văn phòng và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành.",
        "authority": "tm",
        "authority_of": "ỦY BAN NHÂN DÂN",
        "signer_title": "Chủ tịch",
        "signer_name": "Nguyễn Thị Ấn",
        "recipients": "Như Điều 2\nLưu: VT",
        **kwargs,
    }
    return services.create_draft(actor=actor, issuer=issuer, doc_type=doc_type, **values)


def issued_commendation(
    world: World,
    *certificates: services.CertificateInput,
    issued_on: datetime.date | None = None,
    **kwargs,
) -> Document:
    """A decision of the commune's People's Committee (no superior body named) giving a
    Giấy khen for each of `certificates`, drafted and issued by xa.mttq."""
    issuer = make_state_issuer(world, parent_name="")
    leader = world.user("xa.mttq")
    document = services.create_draft(
        actor=leader,
        issuer=issuer,
        doc_type="decision",
        summary="Về việc tặng Giấy khen",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Thị Ấn",
        certificate_kind="giay_khen",
        certificates=list(certificates),
        **kwargs,
    )
    dated = {} if issued_on is None else {"issued_on": issued_on}
    return services.issue_document(actor=leader, document=document, **dated)
