"""Demo records: about 300 exemplars and good deeds across the demo tree (docs/demo-data.md).

`seed_records()` runs after `lantoa.orgs.demo.seed_demo()`. Every record goes through the
services (`report_record`, `transition_record`, `add_honour`, `add_replication`,
`record_consent`, …) with the persona who would act, so timelines, permissions and audit
events are the real ones. The services stamp everything "now"; afterwards the timestamps of
the record, its steps, plan, honours, replications, consents and shares are moved to the
planned moments (2014–2015 for the Bình Thuận records, July 2025 to now for the others),
and the due dates and "late" flags are recomputed from those moments with the same
policies (`timeliness.calendar.due_for`). The audit log is append-only and keeps the real
time of seeding.

Idempotent: records carry the idempotency keys `demo-001` … and are generated from a
fixed random seed, so a second run finds them (≥ 250 present: nothing to do; fewer: only
the missing ones are created). Refused in production, like the tree.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.models import (
    Consent,
    Honour,
    Milestone,
    Movement,
    NurturePlan,
    PriorityGroup,
    ProgressNote,
    Record,
    RecordKind,
    RecordShare,
    RecordSource,
    RecordState,
    RecordStep,
    Replication,
    Sector,
    Subject,
)
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.orgs.access import Grant, forget
from lantoa.orgs.demo import (
    CLOSED_ON,
    DEMO_COMMUNES,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    FIRST_COMMUNE,
    FRONT,
    LEGACY_PARTY,
    PARTY,
    ensure_not_production,
)
from lantoa.orgs.models import AdminUnit, Membership, Organisation, OrgKind, OrgLevel, Role
from lantoa.timeliness.calendar import VN_TZ, due_for

KEY_PREFIX = "demo-"
RECORD_COUNT = 300
# A second run does nothing once this many demo records exist.
DONE_THRESHOLD = 250
SEED = 20140909  # the day of the seed's meeting
LEGACY_COUNT = 30
# The current organisations exist from the 2025 reorganisation on.
CURRENT_FROM = datetime.datetime(2025, 7, 1, 8, 0, tzinfo=VN_TZ)

S = RecordState
K = RecordKind

# ---------------------------------------------------------------------------------------
# Vietnamese names. "Nguyễn" is about 40 % of surnames; the given name is the last word.

SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Phan", 4.5),
    ("Huỳnh", 3.0), ("Võ", 2.5), ("Hoàng", 2.1), ("Vũ", 2.0), ("Đặng", 2.0), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Trương", 1.0), ("Đinh", 0.8),
    ("Lý", 0.5), ("Lâm", 0.5), ("Mai", 0.5), ("Đoàn", 0.5), ("Cao", 0.4), ("Lương", 0.4),
    ("Châu", 0.3), ("Tạ", 0.3), ("Hà", 0.3), ("Tôn", 0.2),
)  # fmt: skip
MALE_MIDDLE: tuple[str, ...] = (
    "Văn", "Văn", "Văn", "Văn", "Minh", "Hữu", "Đức", "Quốc", "Thanh", "Công", "Ngọc", "Xuân",
    "Tấn", "Hoài", "Trung", "Anh",
)  # fmt: skip
FEMALE_MIDDLE: tuple[str, ...] = (
    "Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Bích",
    "Phương", "Thùy",
)  # fmt: skip
MALE_GIVEN: tuple[str, ...] = (
    "An", "Ân", "Bảo", "Bình", "Cường", "Công", "Chiến", "Danh", "Dũng", "Duy", "Đạt", "Định",
    "Đức", "Hải", "Hào", "Hậu", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khang",
    "Khánh", "Khoa", "Kiên", "Khải", "Lâm", "Lộc", "Lợi", "Long", "Luân", "Lực", "Mạnh", "Minh",
    "Nam", "Nghĩa", "Nhân", "Nhật", "Ninh", "Phát", "Phong", "Phú", "Phúc", "Phước", "Quang",
    "Quân", "Quý", "Sang", "Sơn", "Tài", "Tân", "Thái", "Thành", "Thắng", "Thiện", "Thịnh",
    "Thông", "Tiến", "Toàn", "Trí", "Trung", "Trường", "Tuấn", "Tùng", "Tú", "Tường", "Việt",
    "Vinh", "Vũ", "Vương", "Hiển", "Khôi", "Đông",
)  # fmt: skip
FEMALE_GIVEN: tuple[str, ...] = (
    "Anh", "Ánh", "Bích", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Đào", "Giang", "Hà", "Hạnh",
    "Hằng", "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Hường", "Kiều", "Lan", "Liên", "Liễu",
    "Linh", "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhi", "Nhung", "Oanh",
    "Phương", "Phượng", "Quyên", "Quỳnh", "Sen", "Tâm", "Thảo", "Thắm", "Thanh", "Thơ", "Thu",
    "Thủy", "Thúy", "Thư", "Trang", "Trâm", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân",
    "Yến", "Lệ", "Mơ", "Như", "Nhàn", "Hảo", "Hồng Nhung", "Kim Anh", "Bảo Ngọc", "Cúc",
    "Diệu", "Gấm", "Hoài", "Khánh", "Lài", "Lụa", "Mận", "Nương",
)  # fmt: skip
GIVEN_NAMES: tuple[str, ...] = MALE_GIVEN + FEMALE_GIVEN


_SURNAME_LIST = [s for s, _w in SURNAMES]
_SURNAME_CUM = list(itertools.accumulate(w for _s, w in SURNAMES))


def random_name(rng: random.Random, gender: str) -> str:
    """A plausible Vietnamese full name for "male" or "female"."""
    surname = rng.choices(_SURNAME_LIST, cum_weights=_SURNAME_CUM)[0]
    if gender == Subject.Gender.FEMALE:
        middle = rng.choice(FEMALE_MIDDLE)
        if middle == "Thị" and rng.random() < 0.15:
            middle += " " + rng.choice(("Bích", "Thu", "Kim", "Ngọc", "Mỹ"))
        given = rng.choice(FEMALE_GIVEN)
    else:
        middle = rng.choice(MALE_MIDDLE)
        given = rng.choice(MALE_GIVEN)
    if middle.split()[-1] == given.split()[0]:
        middle = "Thị" if gender == Subject.Gender.FEMALE else "Văn"
    return f"{surname} {middle} {given}"


# ---------------------------------------------------------------------------------------
# Places and people of the demo tree.


@dataclass(frozen=True)
class Commune:
    name: str  # the current administrative unit, as in lantoa.orgs.demo.DEMO_COMMUNES
    slug: str
    short: str  # how a report names it
    areas: tuple[str, ...]  # villages, residential groups
    spots: tuple[str, ...]  # public places
    water: tuple[str, ...]
    weight: float
    verifier: tuple[str, str]  # (username, full name) of the commune Front's chair
    reporters: tuple[tuple[str, str, str], ...]  # (username, full name, org kind)


COMMUNES: tuple[Commune, ...] = (
    Commune(
        "Xã Hàm Thuận", "hamthuan", "xã Hàm Thuận",
        ("thôn Phú Điền", "thôn Minh Tiến", "thôn Dân Hòa", "khu phố Lâm Giáo"),
        ("chợ Ma Lâm", "Quốc lộ 28 đoạn qua thôn Phú Điền", "trạm y tế xã"),
        ("hồ Sông Quao", "sông Cà Ty đoạn qua thôn Dân Hòa"), 30,
        ("xa.mttq", "Phạm Thị Lan"),
        (("xa.doan", "Nguyễn Văn Phúc", OrgKind.YOUTH_UNION),
         ("hamthuan.phunu", "Trần Thị Mỹ Hạnh", OrgKind.WOMENS_UNION),
         ("hamthuan.nongdan", "Lê Văn Tám", OrgKind.FARMERS_ASSOCIATION),
         ("hamthuan.ccb", "Huỳnh Văn Sáu", OrgKind.VETERANS_ASSOCIATION)),
    ),
    Commune(
        "Phường Phan Thiết", "phanthiet", "phường Phan Thiết",
        ("khu phố 1", "khu phố 3", "khu phố 7", "khu phố 9"),
        ("chợ Phan Thiết", "đường Trần Hưng Đạo", "bờ kè sông Cà Ty", "bến xe Phan Thiết"),
        ("biển Đồi Dương", "sông Cà Ty"), 20,
        ("phanthiet.mttq", "Nguyễn Thị Thu Sương"),
        (("xab.doan", "Võ Thị Bích Ngọc", OrgKind.YOUTH_UNION),
         ("phanthiet.phunu", "Đặng Thị Kim Oanh", OrgKind.WOMENS_UNION),
         ("phanthiet.nongdan", "Nguyễn Văn Bảy", OrgKind.FARMERS_ASSOCIATION),
         ("phanthiet.ccb", "Trương Công Lý", OrgKind.VETERANS_ASSOCIATION)),
    ),
    Commune(
        "Xã Hàm Thuận Bắc", "hamthuanbac", "xã Hàm Thuận Bắc",
        ("thôn 1", "thôn 2", "thôn 3", "thôn 4"),
        ("Quốc lộ 28", "chợ xã", "cổng trường tiểu học thôn 3"),
        ("hồ Sông Quao", "kênh thủy lợi thôn 4"), 10,
        ("hamthuanbac.mttq", "Lê Thị Hồng Vân"),
        (("hamthuanbac.doan", "Phan Minh Trí", OrgKind.YOUTH_UNION),
         ("hamthuanbac.phunu", "Nguyễn Thị Hoa", OrgKind.WOMENS_UNION),
         ("hamthuanbac.nongdan", "Bùi Văn Lợi", OrgKind.FARMERS_ASSOCIATION)),
    ),
    Commune(
        "Phường La Gi", "lagi", "phường La Gi",
        ("khu phố 2", "khu phố 5", "khu phố 6"),
        ("cảng cá La Gi", "chợ La Gi", "Dinh Thầy Thím"),
        ("biển Cam Bình", "cửa sông Dinh"), 10,
        ("lagi.mttq", "Trần Văn Hải"),
        (("lagi.doan", "Nguyễn Hoàng Long", OrgKind.YOUTH_UNION),
         ("lagi.phunu", "Phạm Thị Ngọc Dung", OrgKind.WOMENS_UNION),
         ("lagi.ccb", "Lê Văn Đông", OrgKind.VETERANS_ASSOCIATION)),
    ),
    Commune(
        "Đặc khu Phú Quý", "phuquy", "đặc khu Phú Quý",
        ("khu dân cư Tam Thanh", "khu dân cư Ngũ Phụng", "khu dân cư Long Hải"),
        ("cảng Phú Quý", "chợ Phú Quý", "Trung tâm Y tế Phú Quý"),
        ("vùng biển Phú Quý", "bãi Nhỏ Phú Quý"), 10,
        ("phuquy.mttq", "Ngô Văn Thà"),
        (("phuquy.doan", "Nguyễn Thị Kiều Trinh", OrgKind.YOUTH_UNION),
         ("phuquy.phunu", "Trần Thị Sen", OrgKind.WOMENS_UNION),
         ("phuquy.nongdan", "Đỗ Văn Lành", OrgKind.FARMERS_ASSOCIATION)),
    ),
    Commune(
        "Phường Xuân Hương - Đà Lạt", "xuanhuong", "phường Xuân Hương - Đà Lạt",
        ("tổ dân phố 3", "tổ dân phố 7", "tổ dân phố 11"),
        ("chợ Đà Lạt", "Quảng trường Lâm Viên", "đường Phan Đình Phùng"),
        ("hồ Xuân Hương",), 10,
        ("xuanhuong.mttq", "Hoàng Thị Thanh Tâm"),
        (("xuanhuong.doan", "Nguyễn Quốc Khánh", OrgKind.YOUTH_UNION),
         ("xuanhuong.phunu", "Lương Thị Diệu", OrgKind.WOMENS_UNION),
         ("xuanhuong.nongdan", "Vũ Đức Thịnh", OrgKind.FARMERS_ASSOCIATION)),
    ),
    Commune(
        "Phường Bắc Gia Nghĩa", "bacgianghia", "phường Bắc Gia Nghĩa",
        ("tổ dân phố 2", "tổ dân phố 5", "tổ dân phố 8"),
        ("chợ Gia Nghĩa", "đường Tôn Đức Thắng"),
        ("hồ Gia Nghĩa", "suối Đắk Nông"), 7,
        ("bacgianghia.mttq", "Đinh Văn Kha"),
        (("bacgianghia.doan", "Nguyễn Văn Thuận", OrgKind.YOUTH_UNION),
         ("bacgianghia.phunu", "Lê Thị Bích Liên", OrgKind.WOMENS_UNION),
         ("bacgianghia.ccb", "Cao Xuân Thủy", OrgKind.VETERANS_ASSOCIATION)),
    ),
)  # fmt: skip
assert tuple(c.name for c in COMMUNES) == DEMO_COMMUNES

# Reporters in the first commune's village branches and at the province.
VILLAGE_REPORTERS: tuple[tuple[str, str, str, str], ...] = (
    ("phudien.doan", "Nguyễn Thanh Tùng", "Chi đoàn thôn Phú Điền", "Bí thư Chi đoàn"),
    ("phudien.phunu", "Nguyễn Thị Mai", "Chi hội Phụ nữ thôn Phú Điền", "Chi hội trưởng"),
)
PROVINCE_REPORTERS: tuple[tuple[str, str, str], ...] = (
    ("tinh.doan", "Trần Quốc Việt", OrgKind.YOUTH_UNION),
    ("tinh.phunu", "Nguyễn Thị Thanh Xuân", OrgKind.WOMENS_UNION),
)
# Officers of Bình Thuận before 1 July 2025: memberships ended, no usable password. The
# seeding acts with the roles they held then.
LEGACY_OFFICERS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("hambac.mttq", "Trương Văn Thành", "legacy:district_front", (Role.REPORTER,),
     "Phó Chủ tịch Ủy ban MTTQ huyện Hàm Thuận Bắc"),
    ("binhthuan.mttq", "Nguyễn Thị Kim Phượng", "legacy:front",
     (Role.VERIFIER, Role.LEADER), "Phó Chủ tịch Ủy ban MTTQ tỉnh"),
    ("binhthuan.tuyengiao", "Lê Minh Hoàng", "legacy:party", (Role.VERIFIER, Role.LEADER),
     "Phó Trưởng Ban Tuyên giáo Tỉnh ủy"),
)  # fmt: skip

# Bình Thuận places of 2014–2015: (legacy district, its communes/wards, weight, areas,
# public places, water).
LEGACY_PLACES: tuple[
    tuple[str, tuple[str, ...], float, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...
] = (
    ("Huyện Hàm Thuận Bắc", ("Thị trấn Ma Lâm", "Xã Hàm Đức", "Xã Thuận Minh", "Xã Hàm Trí",
     "Xã Hàm Liêm"), 45, ("thôn Phú Điền", "thôn Minh Tiến", "khu phố Lâm Giáo"),
     ("chợ Ma Lâm", "Quốc lộ 28"), ("hồ Sông Quao",)),
    ("Thành phố Phan Thiết", ("Phường Mũi Né", "Phường Hàm Tiến", "Phường Phú Hài",
     "Phường Đức Long"), 25, ("khu phố 2", "khu phố 5", "làng chài Mũi Né"),
     ("chợ Phan Thiết", "bến cá Mũi Né"), ("biển Đồi Dương", "biển Mũi Né")),
    ("Thị xã La Gi", ("Phường Phước Hội", "Phường Tân An", "Xã Tân Hải"), 15,
     ("khu phố 5", "khu phố 8"), ("cảng cá La Gi", "chợ La Gi"), ("biển Cam Bình",)),
    ("Huyện Phú Quí", ("Xã Tam Thanh", "Xã Ngũ Phụng", "Xã Long Hải"), 15,
     ("làng chài Tam Thanh", "thôn Quý Thạnh"), ("cảng Phú Quý",), ("vùng biển Phú Quý",)),
)  # fmt: skip

# ---------------------------------------------------------------------------------------
# What the records say. Placeholders: {who} ("anh Ân"), {name} (full name), {spot},
# {water}, {place} (commune as a report names it), {n}, {money}.


@dataclass(frozen=True)
class Template:
    kind: str
    sector: str
    title: str
    summary: str
    group: str | None = None  # priority group code; None: by age
    gender: str | None = None  # None: either
    ages: tuple[int, int] = (18, 60)
    occupation: str = ""
    collective: str = ""  # a collective's name pattern ("" for a person)
    collective_kind: str = ""
    movement: int | None = None  # index into MOVEMENTS
    communes: tuple[str, ...] = ()  # restrict to these slugs
    replication: str = ""  # what a unit that learns from it does
    goal: str = ""  # a nurturing plan's goal (ideas and good practices)


MOVEMENTS: tuple[str, ...] = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Cả nước chung sức xây dựng nông thôn mới",
)
SEA = ("phanthiet", "lagi", "phuquy")

TEMPLATES: tuple[Template, ...] = (
    Template(K.GOOD_DEED, "security_order", "Nhặt được ví tiền trả lại người đánh rơi",
             "{Who} nhặt được chiếc ví có {money} đồng cùng giấy tờ tùy thân tại {spot}; đã "
             "tìm đến Công an {place} nhờ liên hệ và trả lại đầy đủ cho người đánh rơi.",
             ages=(10, 70), movement=0),
    Template(K.GOOD_DEED, "security_order", "Nhặt được điện thoại, trả lại người mất",
             "Trên đường đi học về, {who} nhặt được một chiếc điện thoại ở {spot}. Em nhờ cô "
             "giáo chủ nhiệm liên hệ và trả lại cho chủ nhân.",
             group="children", ages=(9, 15), occupation="Học sinh", movement=0),
    Template(K.GOOD_DEED, "security_order", "Trả lại số vàng nhặt được cho người đánh rơi",
             "{Who} nhặt được túi nilon đựng {n} chỉ vàng tại {spot}; đã giao Công an "
             "{place} để trả lại cho người đánh rơi là một tiểu thương.",
             ages=(25, 70), movement=0),
    Template(K.GOOD_DEED, "security_order", "Cứu người đuối nước ở {water}",
             "Thấy hai em nhỏ bị đuối nước ở {water}, {who} lao xuống cứu được cả hai em, "
             "sơ cứu và đưa vào trạm y tế kịp thời.",
             ages=(17, 55), gender=Subject.Gender.MALE),
    Template(K.GOOD_DEED, "security_order", "Cứu du khách bị sóng cuốn ở {sea}",
             "Trong lúc tắm biển, {who} phát hiện hai du khách bị dòng rip cuốn ra xa; đã bơi "
             "ra đưa vào bờ an toàn trước khi lực lượng cứu hộ đến.",
             ages=(17, 50), gender=Subject.Gender.MALE, communes=SEA),
    Template(K.GOOD_DEED, "security_order", "Dũng cảm giúp công an bắt đối tượng cướp giật",
             "{Who} đã truy đuổi, cùng người dân khống chế đối tượng giật túi xách của một phụ "
             "nữ tại {spot} và giao cho Công an {place}.",
             ages=(20, 60), gender=Subject.Gender.MALE, movement=0),
    Template(K.GOOD_DEED, "security_order", "Cứu người bị nạn trong vụ tai nạn giao thông",
             "{Who} dừng xe, gọi cấp cứu 115 và sơ cứu cầm máu cho nạn nhân một vụ tai nạn "
             "giao thông gần {spot}, giữ lại tài sản để giao cho gia đình.",
             ages=(20, 60)),
    Template(K.GOOD_DEED, "security_order", "Phát hiện cháy và cứu tài sản cho hàng xóm",
             "Lúc rạng sáng, {who} phát hiện nhà hàng xóm ở {area} bốc cháy; đã phá cửa đưa "
             "hai cụ già ra ngoài và cùng bà con dập tắt đám cháy.",
             ages=(20, 65)),
    Template(K.GOOD_DEED, "health", "Hiến máu tình nguyện {times} lần",
             "{Who} đã {times} lần hiến máu tình nguyện tại các đợt do Hội Chữ thập đỏ tổ chức, "
             "và vận động được nhiều đoàn viên cùng tham gia.",
             ages=(28, 58), movement=0),
    Template(K.GOOD_DEED, "health", "Nấu cơm miễn phí cho bệnh nhân nghèo",
             "Mỗi sáng thứ Bảy, {who} cùng các chị em nấu {n}0 suất cơm miễn phí cho bệnh nhân "
             "nghèo và người nhà đang điều trị tại bệnh viện.",
             group="women", gender=Subject.Gender.FEMALE, ages=(35, 65), movement=0,
             replication="Tổ chức bếp ăn miễn phí cho bệnh nhân nghèo mỗi tuần một lần"),
    Template(K.GOOD_DEED, "health", "Chở miễn phí bệnh nhân nghèo đi cấp cứu",
             "{Who} dùng xe riêng chở miễn phí bệnh nhân nghèo từ {area} đi cấp cứu, "
             "đã giúp hơn {n} trường hợp trong năm.",
             ages=(30, 60), gender=Subject.Gender.MALE, occupation="Lái xe"),
    Template(K.GOOD_DEED, "charity", "Nhận nuôi dưỡng hai cháu mồ côi",
             "Sau khi cha mẹ hai cháu mất vì tai nạn, {who} đã nhận về nuôi dưỡng, cho các "
             "cháu đi học đầy đủ dù hoàn cảnh gia đình còn khó khăn.",
             group="women", gender=Subject.Gender.FEMALE, ages=(40, 70)),
    Template(K.GOOD_DEED, "charity", "Sửa xe đạp miễn phí cho học sinh",
             "Hơn {n} năm nay, {who} sửa xe đạp miễn phí cho học sinh nghèo tại tiệm nhỏ ở "
             "{area}.",
             group="working_people", ages=(45, 75), gender=Subject.Gender.MALE,
             occupation="Thợ sửa xe", movement=0),
    Template(K.GOOD_DEED, "charity", "Giúp đỡ người già neo đơn",
             "Chi đoàn phân công đoàn viên thay phiên dọn dẹp nhà cửa, nấu cơm, đưa đi khám "
             "bệnh cho {k} cụ già neo đơn ở {area}.",
             group="youth_members", collective="Chi đoàn {area}", collective_kind="Chi đoàn",
             replication="Nhận chăm sóc người già neo đơn trên địa bàn"),
    Template(K.GOOD_DEED, "economy", "Giúp dân thu hoạch thanh long chạy mưa",
             "Trước đợt mưa lớn, đoàn viên thanh niên giúp các hộ ở {area} thu hoạch và vận "
             "chuyển gần {n} tấn thanh long, không nhận tiền công.",
             group="youth_members", collective="Đoàn viên thanh niên {area}",
             collective_kind="Nhóm đoàn viên", communes=("hamthuan", "hamthuanbac")),
    Template(K.GOOD_DEED, "new_rural", "Hiến đất làm đường giao thông nông thôn",
             "Gia đình {who} tự nguyện hiến {n}0 m² đất vườn để mở rộng đường bê tông ở "
             "{area}, góp phần xây dựng nông thôn mới.",
             group="farmers", ages=(45, 80), occupation="Nông dân", movement=2,
             replication="Vận động các hộ hiến đất mở rộng đường liên thôn"),
    Template(K.GOOD_DEED, "charity", "Doanh nhân hỗ trợ xây nhà Đại đoàn kết",
             "{Who} tài trợ {k}00 triệu đồng xây {k} căn nhà Đại đoàn kết cho hộ nghèo ở "
             "{place}.",
             group="business", ages=(35, 65), occupation="Giám đốc doanh nghiệp", movement=1),
    Template(K.GOOD_DEED, "charity", "Tặng bò giống giúp hộ nghèo thoát nghèo",
             "Từ tiền tiết kiệm của gia đình, {who} tặng {k} con bò giống cho hộ hội viên "
             "nghèo ở {area}, kèm hướng dẫn cách chăm sóc.",
             group="veterans", gender=Subject.Gender.MALE, ages=(60, 80),
             occupation="Cựu chiến binh", replication="Trao bò giống xoay vòng cho hội viên nghèo"),
    Template(K.GOOD_DEED, "environment", "Dập lửa cứu rừng phòng hộ",
             "{Who} phát hiện đám cháy ở rừng phòng hộ gần {area}, báo tin và cùng lực lượng "
             "kiểm lâm dập lửa suốt đêm, cứu được hàng chục hécta rừng.",
             group="hardship_cadres", gender=Subject.Gender.MALE, ages=(24, 50),
             occupation="Nhân viên bảo vệ rừng", communes=("hamthuanbac", "bacgianghia",
                                                            "xuanhuong")),
    Template(K.GOOD_DEED, "defence", "Chiến sĩ biên phòng cứu ngư dân gặp nạn trên biển",
             "Trong cơn áp thấp nhiệt đới, {who} cùng tổ công tác vượt sóng lớn ứng cứu "
             "{k} ngư dân trên tàu cá bị chết máy ở {sea}.",
             group="hardship_cadres", gender=Subject.Gender.MALE, ages=(22, 45),
             occupation="Chiến sĩ Bộ đội Biên phòng", communes=SEA),
    Template(K.GOOD_DEED, "security_order", "Ngư dân cứu hộ tàu cá gặp nạn",
             "Tàu của {who} đã lai dắt tàu cá bị hỏng máy cùng {k} thuyền viên vào bờ an "
             "toàn, không nhận tiền công.",
             group="working_people", gender=Subject.Gender.MALE, ages=(30, 60),
             occupation="Ngư dân", communes=SEA),
    Template(K.EXEMPLAR, "health", "Bác sĩ tình nguyện khám bệnh miễn phí cho người dân đảo",
             "{Who} tình nguyện ra công tác ở {place}, tổ chức {n} đợt khám bệnh, cấp thuốc "
             "miễn phí cho người già và trẻ em.",
             group="hardship_cadres", ages=(30, 55), occupation="Bác sĩ", communes=("phuquy",)),
    Template(K.EXEMPLAR, "education", "Giáo viên tận tụy dạy chữ cho trẻ em đồng bào dân tộc",
             "{Who} dạy lớp ghép ở điểm trường vùng sâu {area} suốt {n} năm, vận động các em "
             "đến lớp, không để học sinh nào bỏ học.",
             group="hardship_cadres", gender=Subject.Gender.FEMALE, ages=(25, 55),
             occupation="Giáo viên tiểu học", communes=("hamthuanbac", "bacgianghia"),
             movement=0),
    Template(K.EXEMPLAR, "economy", "Nông dân sản xuất kinh doanh giỏi, tạo việc làm cho {n} "
             "lao động",
             "{Who} trồng thanh long theo tiêu chuẩn VietGAP trên diện tích {n} ha, tạo việc "
             "làm thường xuyên cho lao động địa phương và chia sẻ kinh nghiệm cho hội viên.",
             group="farmers", ages=(35, 65), occupation="Nông dân", movement=2,
             communes=("hamthuan", "hamthuanbac"),
             replication="Học tập mô hình trồng thanh long VietGAP"),
    Template(K.EXEMPLAR, "economy", "Cựu chiến binh làm kinh tế giỏi, giúp đồng đội thoát nghèo",
             "Từ mô hình nuôi bò và trồng điều, {who} có thu nhập ổn định và cho {n} hội viên "
             "mượn vốn không lấy lãi.",
             group="veterans", gender=Subject.Gender.MALE, ages=(58, 78),
             occupation="Cựu chiến binh", movement=0,
             replication="Giúp hội viên vay vốn không lãi để phát triển chăn nuôi"),
    Template(K.EXEMPLAR, "education", "Học sinh nghèo vượt khó học giỏi",
             "Nhà nghèo, mồ côi cha, {who} vẫn đạt học sinh giỏi {k} năm liền và giúp các "
             "bạn cùng xóm học bài mỗi tối.",
             group="children", ages=(11, 17), occupation="Học sinh", movement=0),
    Template(K.EXEMPLAR, "economy", "Hợp tác xã thanh long đạt chuẩn xuất khẩu",
             "Hợp tác xã liên kết {n}0 hộ sản xuất thanh long đạt chuẩn xuất khẩu, bao tiêu "
             "sản phẩm cho xã viên.",
             group="farmers", collective="Hợp tác xã thanh long {area}",
             collective_kind="Hợp tác xã", communes=("hamthuan", "hamthuanbac"), movement=2,
             replication="Thành lập tổ hợp tác sản xuất theo chuỗi liên kết"),
    Template(K.EXEMPLAR, "environment", "Trồng cây xanh phủ xanh đồi cát",
             "{Who} kiên trì trồng và chăm sóc hơn {n}.000 cây phi lao, keo lá tràm trên đồi "
             "cát ở {area}, chắn cát bay cho khu dân cư.",
             group="working_people", ages=(45, 75), communes=("phanthiet", "lagi",
                                                               "hamthuanbac"),
             replication="Trồng cây chắn cát dọc khu dân cư ven biển"),
    Template(K.GOOD_PRACTICE, "education", "Dạy bơi miễn phí cho trẻ em làng chài",
             "Mỗi hè, {who} mở lớp dạy bơi miễn phí cho trẻ em ở {area}; đã có hơn {n}0 em "
             "biết bơi, phòng chống đuối nước.",
             group="youth_members", ages=(20, 45), communes=(*SEA, "hamthuan"), movement=0,
             replication="Mở lớp dạy bơi miễn phí cho trẻ em trong hè",
             goal="Nhân rộng lớp dạy bơi ra các khu phố ven biển"),
    Template(K.GOOD_PRACTICE, "culture", "Mô hình tủ sách thôn",
             "{Who} vận động quyên góp được {n}00 đầu sách, lập tủ sách tại nhà văn hóa "
             "{area}, mở cửa các tối cuối tuần cho thiếu nhi.",
             group="youth_members", ages=(20, 40), movement=1,
             replication="Lập tủ sách tại nhà văn hóa khu dân cư",
             goal="Mỗi thôn có một tủ sách, có người trông coi"),
    Template(K.GOOD_PRACTICE, "economy", "Tổ phụ nữ tiết kiệm giúp nhau thoát nghèo",
             "Tổ gồm {k}0 chị em góp vốn tiết kiệm hằng tháng, cho hội viên nghèo vay không "
             "lãi; đã giúp nhiều hộ thoát nghèo.",
             group="women", collective="Tổ phụ nữ tiết kiệm {area}", collective_kind="Tổ hội",
             replication="Thành lập tổ phụ nữ tiết kiệm", goal="Mở rộng ra các chi hội"),
    Template(K.GOOD_PRACTICE, "security_order", "Mô hình camera an ninh tự quản khu dân cư",
             "Người dân góp tiền lắp {n} camera ở các tuyến đường {area}, kết nối với công an "
             "{place}; trộm cắp vặt giảm rõ rệt.",
             collective="Tổ an ninh tự quản {area}", collective_kind="Tổ tự quản",
             replication="Lắp camera an ninh tự quản tại các tuyến đường",
             goal="Phủ camera ở các tuyến đường chính"),
    Template(K.GOOD_PRACTICE, "new_rural", "Mô hình Thắp sáng đường quê",
             "Đoàn viên thanh niên lắp {n}0 bóng đèn năng lượng mặt trời dọc đường {area}, "
             "góp phần giữ an ninh và an toàn giao thông.",
             group="youth_members", collective="Chi đoàn {area}", collective_kind="Chi đoàn",
             movement=2, replication="Lắp đèn năng lượng mặt trời trên tuyến đường quê",
             goal="Thắp sáng toàn bộ các tuyến đường liên thôn"),
    Template(K.GOOD_PRACTICE, "new_rural", "Chi hội phụ nữ 5 không 3 sạch",
             "Chi hội vận động {n}0 hộ hội viên thực hiện tiêu chí nhà sạch, bếp sạch, ngõ "
             "sạch; tổ chức thu gom rác thải mỗi tuần.",
             group="women", collective="Chi hội Phụ nữ {area}", collective_kind="Chi hội",
             movement=2, replication="Ra quân thực hiện tiêu chí 3 sạch",
             goal="Toàn bộ hộ hội viên đạt tiêu chí 3 sạch"),
    Template(K.GOOD_PRACTICE, "environment", "Thu gom rác thải trên bãi biển mỗi sáng chủ nhật",
             "Chi đoàn duy trì ra quân nhặt rác ở {sea} vào mỗi sáng chủ nhật, mỗi buổi thu "
             "gom khoảng {n}0 kg rác thải nhựa.",
             group="youth_members", collective="Chi đoàn {area}", collective_kind="Chi đoàn",
             communes=SEA, replication="Ra quân làm sạch bãi biển hằng tuần",
             goal="Duy trì ra quân hằng tuần, lập điểm phân loại rác"),
    Template(K.GOOD_PRACTICE, "education", "Lớp học tình thương cho trẻ em có hoàn cảnh khó khăn",
             "{Who} mở lớp học tình thương tại nhà ở {area}, dạy miễn phí cho {k}0 em có hoàn "
             "cảnh khó khăn.",
             group="working_people", gender=Subject.Gender.FEMALE, ages=(25, 65), movement=0,
             replication="Mở lớp học tình thương buổi tối",
             goal="Duy trì lớp học, có thêm tình nguyện viên"),
    Template(K.GOOD_PRACTICE, "economy", "Nông nghiệp công nghệ cao trồng rau trong nhà kính",
             "{Who} trồng rau thủy canh trong nhà kính, năng suất gấp đôi và hướng dẫn {n} hộ "
             "hội viên làm theo.",
             group="farmers", ages=(28, 55), occupation="Nông dân",
             communes=("xuanhuong", "bacgianghia"), movement=2,
             replication="Chuyển đổi sang trồng rau trong nhà kính",
             goal="Chuyển giao kỹ thuật cho các hộ hội viên"),
    Template(K.IDEA, "economy", "Ý tưởng sấy thanh long bằng năng lượng mặt trời",
             "{Who} đề xuất chế tạo máy sấy thanh long dùng năng lượng mặt trời, giảm chi phí "
             "và giúp nông dân bán được quả loại hai.",
             group="youth_members", ages=(20, 35), communes=("hamthuan", "hamthuanbac"),
             goal="Chế tạo máy mẫu và thử nghiệm với 5 hộ"),
    Template(K.IDEA, "environment", "Ý tưởng thu gom rác thải nhựa đổi quà",
             "{Who} đề xuất mô hình đổi {k} kg rác thải nhựa lấy một cây xanh hoặc đồ dùng "
             "học tập cho học sinh.",
             group="youth_members", ages=(16, 30),
             goal="Tổ chức điểm đổi rác lấy quà mỗi tháng"),
    Template(K.IDEA, "economy", "Ý tưởng ứng dụng mã QR hướng dẫn thủ tục hành chính",
             "{Who} đề xuất dán mã QR tại bộ phận một cửa của {place}, giúp người dân tra "
             "cứu hồ sơ, thủ tục ngay trên điện thoại.",
             group="youth_members", ages=(20, 32),
             goal="Làm bộ mã QR cho 20 thủ tục thường gặp"),
    Template(K.IDEA, "charity", "Ý tưởng phiên chợ 0 đồng cho người nghèo",
             "{Who} đề xuất tổ chức phiên chợ 0 đồng mỗi quý ở {area}, với quần áo, gạo và "
             "nhu yếu phẩm do bà con quyên góp.",
             group="women", gender=Subject.Gender.FEMALE, ages=(25, 55), movement=1,
             goal="Tổ chức phiên chợ đầu tiên và vận động nhà tài trợ"),
    Template(K.IDEA, "economy", "Ý tưởng nuôi tôm tuần hoàn tiết kiệm nước",
             "{Who} đề xuất nuôi tôm theo hệ thống tuần hoàn, tái sử dụng nước và hạn chế xả "
             "thải ra biển.",
             group="farmers", ages=(25, 50), communes=("lagi", "phuquy", "phanthiet"),
             goal="Thử nghiệm một ao mẫu trong một vụ"),
    Template(K.IDEA, "health", "Ý tưởng tủ thuốc cộng đồng ở khu dân cư",
             "{Who} đề xuất đặt tủ thuốc sơ cứu tại nhà văn hóa {area}, có tình nguyện viên "
             "được tập huấn sơ cấp cứu trực.",
             group="working_people", ages=(25, 60),
             goal="Đặt tủ thuốc và tập huấn 10 tình nguyện viên"),
)  # fmt: skip

# Reasons and notes officers write.
RETURN_NOTES: tuple[str, ...] = (
    "Đề nghị bổ sung ảnh và xác nhận của Ban điều hành thôn.",
    "Cần ghi rõ ngày, địa điểm và người được giúp đỡ.",
    "Bổ sung số điện thoại liên hệ của người được nêu gương.",
    "Đề nghị làm rõ số tiền, tài sản được trả lại và biên bản giao nhận của công an.",
)
REJECT_NOTES: tuple[str, ...] = (
    "Trùng với hồ sơ đã báo cáo trước đó.",
    "Không xác minh được thông tin; người được nêu không đồng ý công khai.",
    "Việc làm thuộc trách nhiệm công vụ, không thuộc diện biểu dương đột xuất.",
    "Qua xác minh, sự việc không đúng như báo cáo.",
)
DECLINE_NOTES: tuple[str, ...] = (
    "Đề nghị cấp xã biểu dương; chưa đủ điều kiện đề nghị cấp tỉnh.",
    "Hồ sơ đề nghị chưa có báo cáo thành tích.",
)
RESUBMIT_NOTES: tuple[str, ...] = (
    "Đã bổ sung ảnh và xác nhận của thôn.",
    "Đã bổ sung thông tin theo yêu cầu.",
)
PROGRESS_NOTES: tuple[str, ...] = (
    "Đã họp chi hội, thống nhất cách làm và phân công người phụ trách.",
    "Đã có thêm ba hộ đăng ký tham gia; đang vận động kinh phí.",
    "Đoàn xã đã hỗ trợ kinh phí ban đầu và cử cán bộ theo dõi.",
    "Kết quả bước đầu tốt, bà con đồng tình ủng hộ.",
)
MILESTONES: tuple[str, ...] = (
    "Xây dựng kế hoạch chi tiết và phân công người phụ trách",
    "Triển khai thí điểm",
    "Sơ kết, đánh giá kết quả thí điểm",
    "Đề xuất nhân rộng",
)
STORY_ENDINGS: tuple[str, ...] = (
    "Việc làm đẹp ấy được bà con trong khu dân cư ghi nhận và lan tỏa.",
    "Câu chuyện được chia sẻ trong buổi sinh hoạt chi hội để đoàn viên, hội viên học tập.",
    "Nhiều người dân nói rằng họ muốn làm theo.",
)
CITIZEN_PREFIX = "Người dân báo tin: "


# ---------------------------------------------------------------------------------------
# The plan of one record: what happens, who acts, when.


@dataclass
class SubjectSpec:
    full_name: str
    kind: str = Subject.Kind.INDIVIDUAL
    gender: str = ""
    birth_year: int | None = None
    occupation: str = ""
    group: str | None = None
    collective_kind: str = ""
    consents: tuple[str, ...] = ()
    withdraw: str = ""  # a purpose withdrawn later


@dataclass
class Act:
    """One call to a service that writes a timeline step."""

    action: str  # a workflow action, or honour / replicate / milestone / progress
    actor: str
    at: datetime.datetime
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Spec:
    key: str
    kind: str
    title: str
    summary: str
    story: str
    place: str
    deed_date: datetime.date
    created: datetime.datetime
    reporter: str
    org_ref: str
    sector: str
    movement: int | None
    source: str
    unit_name: tuple[str, str] | None  # (legacy district, commune) for Bình Thuận records
    subject: SubjectSpec | None
    subject_of: str = ""  # the key of an earlier record about the same subject
    acts: list[Act] = field(default_factory=list)
    plan: dict[str, Any] | None = None
    shares: list[tuple[str, datetime.datetime]] = field(default_factory=list)
    historical: bool = False


class _Planner:
    """Lays out every record from a seeded random generator (no database access)."""

    def __init__(self, now: datetime.datetime) -> None:
        self.rng = random.Random(SEED)
        self.now = now
        self.specs: list[Spec] = []

    # -- helpers -------------------------------------------------------------------------

    def _working_hour(self, moment: datetime.datetime) -> datetime.datetime:
        local = moment.astimezone(VN_TZ)
        return local.replace(
            hour=self.rng.randint(7, 17), minute=self.rng.randint(0, 59), second=0, microsecond=0
        )

    def _after(self, moment: datetime.datetime, lo: float, hi: float) -> datetime.datetime:
        nxt = self._working_hour(moment + datetime.timedelta(days=self.rng.uniform(lo, hi)))
        if nxt <= moment:
            nxt = moment + datetime.timedelta(minutes=self.rng.randint(20, 180))
        return nxt

    def _person(self, template: Template, year_of_deed: int) -> SubjectSpec:
        rng = self.rng
        if template.collective:
            return SubjectSpec(
                full_name="",
                kind=Subject.Kind.COLLECTIVE,
                group=template.group,
                collective_kind=template.collective_kind,
            )
        gender = template.gender or rng.choice((Subject.Gender.MALE, Subject.Gender.FEMALE))
        age = rng.randint(*template.ages)
        group = template.group
        if group is None:
            group = "children" if age < 16 else "youth_members" if age <= 30 else "working_people"
        return SubjectSpec(
            full_name=random_name(rng, gender),
            gender=gender,
            birth_year=year_of_deed - age,
            occupation=template.occupation,
            group=group,
        )

    @staticmethod
    def _honorific(subject: SubjectSpec, year: int) -> str:
        if subject.kind == Subject.Kind.COLLECTIVE or subject.birth_year is None:
            return ""
        age = year - subject.birth_year
        given = subject.full_name.split()[-1]
        if age < 16:
            return f"em {given}"
        female = subject.gender == Subject.Gender.FEMALE
        if age < 45:
            return f"{'chị' if female else 'anh'} {given}"
        return f"{'bà' if female else 'ông'} {given}"

    def _texts(
        self,
        template: Template,
        subject: SubjectSpec,
        where: tuple[str, str, str, str],
        place: str,
        year: int,
    ) -> tuple[str, str, str, str]:
        """Title, summary, story, and the area or public place the record happened at."""
        rng = self.rng
        area, spot, water, sea = where
        if subject.kind == Subject.Kind.COLLECTIVE:
            subject.full_name = template.collective.format(area=area, place=place)
        who = self._honorific(subject, year) or "tập thể"
        values = {
            "who": who,
            "Who": who[:1].upper() + who[1:],
            "name": subject.full_name,
            "area": area,
            "spot": spot,
            "water": water,
            "sea": sea,
            "place": place,
            "n": rng.randint(3, 25),
            "k": rng.randint(2, 6),
            "times": rng.randint(10, 45),
            "money": f"{rng.randint(2, 40) * 500_000:,}".replace(",", "."),
        }
        title = template.title.format(**values)
        summary = template.summary.format(**values)
        story = (
            f"<p>{summary}</p><p>{rng.choice(STORY_ENDINGS)}</p>" if template.kind != K.IDEA else ""
        )
        uses_spot = "{spot}" in template.summary + template.title
        return title, summary, story, spot if uses_spot else area

    def _consents(self, subject: SubjectSpec, state: str) -> tuple[str, ...]:
        if state not in {S.VERIFIED, S.PROPOSED, S.NURTURING, S.RECOGNISED}:
            return ()
        roll = self.rng.random()
        if roll < 0.35:
            return (
                Consent.Purpose.PUBLISH_STORY,
                Consent.Purpose.SHOW_FULL_NAME,
                Consent.Purpose.SHOW_PHOTO,
            )
        if roll < 0.55:
            return (Consent.Purpose.PUBLISH_STORY, Consent.Purpose.SHOW_FULL_NAME)
        if roll < 0.62:
            return (Consent.Purpose.PUBLISH_STORY,)
        return ()

    # -- current records -----------------------------------------------------------------

    def current(self, index: int, state: str, overdue: bool) -> Spec:
        rng = self.rng
        templates = [
            t for t in TEMPLATES if state != S.NURTURING or t.kind in {K.IDEA, K.GOOD_PRACTICE}
        ]
        template = rng.choice(templates)
        communes = [c for c in COMMUNES if not template.communes or c.slug in template.communes]
        province_level = not template.communes and state != S.PROPOSED and rng.random() < 0.04
        commune = rng.choices(communes, weights=[c.weight for c in communes])[0]
        # Who reports: the organisation matching the priority group when there is one.
        wanted = {
            "youth_members": OrgKind.YOUTH_UNION,
            "children": OrgKind.YOUTH_UNION,
            "women": OrgKind.WOMENS_UNION,
            "farmers": OrgKind.FARMERS_ASSOCIATION,
            "veterans": OrgKind.VETERANS_ASSOCIATION,
        }.get(template.group or "")
        if province_level:
            username, _name, org_kind = rng.choice(PROVINCE_REPORTERS)
            reporter, org_ref = username, f"{org_kind}:province"
            verifier = leader = "tinh.mttq"
        else:
            matching = [r for r in commune.reporters if r[2] == wanted] or list(commune.reporters)
            username, _name, org_kind = rng.choice(matching)
            reporter, org_ref = username, f"{org_kind}:{commune.name}"
            if commune.name == FIRST_COMMUNE and rng.random() < 0.2:
                username, _name, branch, _title = rng.choice(VILLAGE_REPORTERS)
                reporter, org_ref = username, f"village:{branch}"
            verifier = leader = commune.verifier[0]

        span = (self.now - CURRENT_FROM).total_seconds() / 86400
        if state in {S.REPORTED, S.UNDER_VERIFICATION}:
            age = rng.uniform(20, 120) if overdue else rng.uniform(3.5, 9)
        elif state == S.RETURNED:
            age = rng.uniform(25, 100) if overdue else rng.uniform(6, 11)
        elif state == S.PROPOSED:
            age = rng.uniform(60, 150) if overdue else rng.uniform(12, 20)
        elif state == S.NURTURING:
            age = rng.uniform(60, min(span, 300))
        else:
            age = rng.uniform(25, span - 5)
        created = self._working_hour(self.now - datetime.timedelta(days=age))
        if created >= self.now:
            created = self.now - datetime.timedelta(hours=3)
        deed = (created - datetime.timedelta(days=rng.randint(0, 20))).astimezone(VN_TZ).date()

        subject = self._person(template, deed.year)
        where = (
            rng.choice(commune.areas),
            rng.choice(commune.spots),
            rng.choice(commune.water),
            _sea(commune.water),
        )
        title, summary, story, spot = self._texts(
            template, subject, where, commune.short, deed.year
        )
        source = RecordSource.OFFICER
        if rng.random() < 0.1:
            source = RecordSource.CITIZEN
            summary = CITIZEN_PREFIX + summary
        subject.consents = self._consents(subject, state)
        spec = Spec(
            key=f"{KEY_PREFIX}{index:03d}",
            kind=template.kind,
            title=title,
            summary=summary,
            story=story,
            place=f"{spot}, {commune.short}",
            deed_date=deed,
            created=created,
            reporter=reporter,
            org_ref=org_ref,
            sector=template.sector,
            movement=template.movement,
            source=source,
            unit_name=None,
            subject=subject,
        )
        self._script(spec, template, state, verifier, leader, overdue, province_level)
        self._clamp(spec)
        return spec

    def _clamp(self, spec: Spec) -> None:
        """Move a record whose planned steps run past now back in time, all of it at once."""
        moments = [a.at for a in spec.acts] + [when for _a, when in spec.shares]
        limit = self.now - datetime.timedelta(hours=1)
        if not moments or max(moments) < limit:
            return
        shift = max(moments) - limit + datetime.timedelta(minutes=self.rng.randint(5, 240))
        spec.created -= shift
        for a in spec.acts:
            a.at -= shift
        spec.shares = [(audience, when - shift) for audience, when in spec.shares]
        spec.deed_date = min(spec.deed_date, spec.created.astimezone(VN_TZ).date())

    def _script(
        self,
        spec: Spec,
        template: Template,
        state: str,
        verifier: str,
        leader: str,
        overdue: bool,
        province_level: bool,
    ) -> None:
        rng = self.rng
        acts = spec.acts
        t = spec.created

        def act(
            action: str, actor: str, lo: float, hi: float, note: str = "", **extra: Any
        ) -> None:
            nonlocal t
            t = self._after(t, lo, hi)
            acts.append(Act(action, actor, t, note, extra))

        if state == S.REPORTED:
            return
        if state == S.UNDER_VERIFICATION:
            act("start_verification", verifier, 0.5, 3)
            return
        if state == S.RETURNED:
            if rng.random() < 0.5:
                act("start_verification", verifier, 0.5, 2)
            act("return", verifier, 1, 4, rng.choice(RETURN_NOTES))
            return
        if state == S.REJECTED:
            act("start_verification", verifier, 0.5, 3)
            act("reject", verifier, 1, 8, rng.choice(REJECT_NOTES))
            return
        # Verified by the level above, sometimes after a round of questions; sometimes late.
        path = rng.random()
        if path < 0.2:
            act("return", verifier, 1, 5, rng.choice(RETURN_NOTES))
            act("resubmit", spec.reporter, 1, 6, rng.choice(RESUBMIT_NOTES))
            act("verify", verifier, 1, 7)
        elif path < 0.75:
            act("start_verification", verifier, 0.3, 3)
            act("verify", verifier, 1, 18 if rng.random() < 0.25 else 9)
        else:
            act("verify", verifier, 0.5, 6)
        if state == S.VERIFIED:
            if not province_level and rng.random() < 0.1:
                act("propose", verifier, 1, 10)
                act("decline_proposal", "tinh.mttq", 2, 12, rng.choice(DECLINE_NOTES))
            self._spread(spec, template, t, verifier, leader, replications=rng.random() < 0.3)
            return
        if state == S.PROPOSED:
            act("propose", leader, 1, 7)
            return
        if state == S.NURTURING:
            self._nurture(spec, template, t, verifier, finish=False, overdue=overdue)
            return
        # Recognised: by the commune, or by the province after a proposal, or after nurturing.
        route = rng.random()
        province_honour = rng.choice(
            (
                "Bằng khen của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng",
                "Bằng khen của Chủ tịch UBND tỉnh Lâm Đồng",
            )
        )
        commune_honour = (
            province_honour
            if province_level
            else f"Giấy khen của Ủy ban MTTQ Việt Nam {self._commune_of(spec)}"
        )
        if template.kind in {K.IDEA, K.GOOD_PRACTICE} and route < 0.3 and (self.now - t).days > 120:
            t = self._nurture(spec, template, t, verifier, finish=True, overdue=False)
            act("recognise", leader, 1, 10)
            honour_by, honour = leader, commune_honour
        elif not province_level and route < 0.55:
            act("propose", leader, 1, 8)
            act("verify", "tinh.mttq", 2, 12)
            act("recognise", "tinh.mttq", 3, 25)
            honour_by, honour = "tinh.mttq", province_honour
        else:
            act("recognise", leader, 1, 15)
            honour_by, honour = leader, commune_honour
        act("honour", honour_by, 0, 12, extra_text=honour)
        self._spread(spec, template, t, verifier, leader, replications=True)

    def _commune_of(self, spec: Spec) -> str:
        for commune in COMMUNES:
            if spec.place.endswith(commune.short):
                return commune.short
        return "tỉnh Lâm Đồng"

    def _nurture(
        self,
        spec: Spec,
        template: Template,
        t: datetime.datetime,
        verifier: str,
        *,
        finish: bool,
        overdue: bool,
    ) -> datetime.datetime:
        """A plan of 3–4 milestones. `finish`: all done (recognition follows); otherwise
        some done and the rest open, the first open one past due when `overdue`."""
        rng = self.rng
        start = self._after(t, 1, 7)
        spec.acts.append(Act("start_nurturing", verifier, start))
        begin = start.astimezone(VN_TZ).date()
        today = self.now.astimezone(VN_TZ).date()
        count = rng.randint(3, 4)
        if finish:
            last = min(begin + datetime.timedelta(days=200), today - datetime.timedelta(days=25))
            gap = max(5, (last - begin).days // count)
            dues = [begin + datetime.timedelta(days=gap * (i + 1)) for i in range(count)]
            n_done = count
        else:
            n_done = rng.randint(1, count - 1)
            gap = max(7, (today - begin).days // (n_done + 1))
            dues = [begin + datetime.timedelta(days=gap * (i + 1)) for i in range(count)]
            for i in range(n_done, count):  # the open ones lie ahead...
                dues[i] = max(dues[i], today + datetime.timedelta(days=10 + 30 * (i - n_done)))
            if overdue:  # ...except one that should have been done already
                n_done -= 1
                dues[n_done] = min(dues[n_done], today - datetime.timedelta(days=5))
        spec.plan = {
            "mentor": spec.org_ref,
            "goal": template.goal or "Hỗ trợ để trở thành điển hình",
            "milestones": [(MILESTONES[i], d) for i, d in enumerate(dues)],
        }
        t = start
        for i in range(n_done):
            done = datetime.datetime.combine(
                dues[i] - datetime.timedelta(days=rng.randint(0, 4)),
                datetime.time(rng.randint(8, 16)),
                tzinfo=VN_TZ,
            )
            if done <= t:
                done = t + datetime.timedelta(hours=rng.randint(2, 30))
            if done >= self.now:
                break
            if rng.random() < 0.5:
                note_at = t + (done - t) * rng.uniform(0.3, 0.7)
                spec.acts.append(
                    Act("progress", spec.reporter, note_at, rng.choice(PROGRESS_NOTES))
                )
            spec.acts.append(Act("milestone", verifier, done, extra={"index": i}))
            t = done
        return t

    def _spread(
        self,
        spec: Spec,
        template: Template,
        t: datetime.datetime,
        verifier: str,
        leader: str,
        *,
        replications: bool,
    ) -> None:
        rng = self.rng
        subject = spec.subject
        if (
            subject is not None
            and Consent.Purpose.SHOW_FULL_NAME in subject.consents
            and leader != "tinh.mttq"
            and rng.random() < 0.5
        ):
            when = self._after(t, 1, 20)
            if when < self.now:
                spec.shares.append((RecordShare.Audience.PUBLIC, when))
        if not replications or not template.replication:
            return
        own = spec.org_ref
        units = [(u, f"{k}:{c.name}") for c in COMMUNES for u, _n, k in c.reporters]
        units = [u for u in units if u[1] != own]
        for username, org_ref in rng.sample(units, rng.randint(1, 4)):
            when = self._after(t, 5, 120)
            if when >= self.now:
                continue
            spec.acts.append(
                Act(
                    "replicate",
                    username,
                    when,
                    template.replication,
                    {
                        "org": org_ref,
                        "result": rng.choice(
                            (
                                "",
                                "Bước đầu được người dân hưởng ứng.",
                                f"Đã có {rng.randint(5, 60)} hộ tham gia.",
                                "Đưa vào nội dung sinh hoạt định kỳ của chi hội.",
                            )
                        ),
                    },
                )
            )
        spec.acts.sort(key=lambda a: a.at)

    # -- Bình Thuận, 2014–2015 -------------------------------------------------------------

    def legacy(self, index: int, state: str) -> Spec:
        rng = self.rng
        binh_thuan = {"hamthuan", "hamthuanbac", *SEA}
        templates = [
            t
            for t in TEMPLATES
            if t.kind != K.IDEA and (not t.communes or set(t.communes) & binh_thuan)
        ]
        template = rng.choice(templates)
        places = list(LEGACY_PLACES)
        if template.communes:
            wanted = {
                "hamthuan": "Huyện Hàm Thuận Bắc",
                "hamthuanbac": "Huyện Hàm Thuận Bắc",
                "phanthiet": "Thành phố Phan Thiết",
                "lagi": "Thị xã La Gi",
                "phuquy": "Huyện Phú Quí",
            }
            allowed = {wanted[c] for c in template.communes if c in wanted}
            places = [p for p in LEGACY_PLACES if p[0] in allowed] or places
        district, communes, _weight, areas, spots, waters = rng.choices(
            places, weights=[p[2] for p in places]
        )[0]
        commune = rng.choice(communes)
        place_short = commune[:1].lower() + commune[1:]
        if district == "Huyện Hàm Thuận Bắc":
            reporter, org_ref, verifier = "hambac.mttq", "legacy:district_front", "binhthuan.mttq"
        else:
            reporter, org_ref, verifier = "binhthuan.mttq", "legacy:front", "binhthuan.tuyengiao"
        created = datetime.datetime(2014, 9, 15, 8, tzinfo=VN_TZ) + datetime.timedelta(
            days=rng.uniform(0, 200)
        )
        created = self._working_hour(created)
        deed = (created - datetime.timedelta(days=rng.randint(1, 40))).astimezone(VN_TZ).date()
        subject = self._person(template, deed.year)
        where = (rng.choice(areas), rng.choice(spots), rng.choice(waters), _sea(waters))
        title, summary, story, spot = self._texts(template, subject, where, place_short, deed.year)
        district_short = district[:1].lower() + district[1:]
        spec = Spec(
            key=f"{KEY_PREFIX}{index:03d}",
            kind=template.kind,
            title=title,
            summary=summary,
            story=story,
            place=f"{spot}, {place_short}, {district_short}",
            deed_date=deed,
            created=created,
            reporter=reporter,
            org_ref=org_ref,
            sector=template.sector,
            movement=template.movement,
            source=RecordSource.PRESS if rng.random() < 0.1 else RecordSource.OFFICER,
            unit_name=(district, commune),
            subject=subject,
            historical=True,
        )
        t = created

        def act(
            action: str, actor: str, lo: float, hi: float, note: str = "", **extra: Any
        ) -> None:
            nonlocal t
            t = self._after(t, lo, hi)
            spec.acts.append(Act(action, actor, t, note, extra))

        if state == S.REJECTED:
            act("start_verification", verifier, 1, 5)
            act("reject", verifier, 2, 12, rng.choice(REJECT_NOTES))
            return spec
        act("start_verification", verifier, 1, 6)
        act("verify", verifier, 2, 14)
        if state == S.VERIFIED:
            return spec
        # Recognised on the 40th anniversaries the seed names (19/4 and 30/4/2015).
        day = rng.choice((datetime.date(2015, 4, 19), datetime.date(2015, 4, 30)))
        moment = datetime.datetime.combine(day, datetime.time(rng.randint(8, 10)), tzinfo=VN_TZ)
        if moment <= t:
            moment = self._after(t, 1, 20)
            day = moment.date()
        spec.acts.append(Act("recognise", verifier, moment))
        occasion = (
            "40 năm Ngày giải phóng quê hương Bình Thuận (19/4/1975 - 19/4/2015)"
            if day == datetime.date(2015, 4, 19)
            else "40 năm Ngày giải phóng hoàn toàn miền Nam, thống nhất đất nước "
            "(30/4/1975 - 30/4/2015)"
        )
        honour = rng.choice(
            (
                "Bằng khen của Ủy ban MTTQ Việt Nam tỉnh Bình Thuận",
                "Bằng khen của UBND tỉnh Bình Thuận",
            )
        )
        spec.acts.append(
            Act(
                "honour",
                verifier,
                moment + datetime.timedelta(minutes=30),
                extra={"extra_text": f"{honour} nhân kỷ niệm {occasion}", "date": day},
            )
        )
        if template.replication and rng.random() < 0.6:
            # Learned from ten years later, by today's units.
            units = [(u, f"{k}:{c.name}") for c in COMMUNES[:5] for u, _n, k in c.reporters]
            for username, ref in rng.sample(units, rng.randint(1, 3)):
                when = self._working_hour(
                    CURRENT_FROM
                    + datetime.timedelta(days=rng.uniform(10, (self.now - CURRENT_FROM).days - 2))
                )
                spec.acts.append(
                    Act(
                        "replicate",
                        username,
                        when,
                        template.replication,
                        {
                            "org": ref,
                            "result": "Học tập kinh nghiệm từ gương "
                            "điển hình được biểu dương năm 2015.",
                        },
                    )
                )
        return spec

    # -- the whole set -------------------------------------------------------------------

    def plan(self) -> list[Spec]:
        rng = self.rng
        legacy_states = [S.RECOGNISED] * 18 + [S.VERIFIED] * 8 + [S.REJECTED] * 4
        current_states = (
            [(S.REPORTED, i < 20) for i in range(38)]
            + [(S.UNDER_VERIFICATION, i < 10) for i in range(24)]
            + [(S.RETURNED, i < 6) for i in range(14)]
            + [(S.REJECTED, False)] * 14
            + [(S.VERIFIED, False)] * 48
            + [(S.PROPOSED, i < 8) for i in range(20)]
            + [(S.NURTURING, i < 5) for i in range(26)]
            + [(S.RECOGNISED, False)] * 82
        )
        assert len(legacy_states) == LEGACY_COUNT
        assert len(current_states) + LEGACY_COUNT + len(HANDWRITTEN) == RECORD_COUNT
        rng.shuffle(current_states)
        specs = [self.handwritten(i, h) for i, h in enumerate(HANDWRITTEN, start=1)]
        index = len(specs)
        for legacy_state in legacy_states:
            index += 1
            specs.append(self.legacy(index, legacy_state))
        for state, overdue in current_states:
            index += 1
            specs.append(self.current(index, state, overdue))
        return specs

    def handwritten(self, index: int, h: dict[str, Any]) -> Spec:
        """The records the user guide's walk-through points at."""
        created = self._working_hour(self.now - datetime.timedelta(days=h["age"]))
        subject = SubjectSpec(**h["subject"]) if "subject" in h else None
        spec = Spec(
            key=f"{KEY_PREFIX}{index:03d}",
            kind=h["kind"],
            title=h["title"],
            summary=h["summary"],
            story=h.get("story", ""),
            place=h["place"],
            deed_date=(created - datetime.timedelta(days=2)).astimezone(VN_TZ).date(),
            created=created,
            reporter=h["reporter"],
            org_ref=h["org"],
            sector=h["sector"],
            movement=h.get("movement"),
            source=RecordSource.OFFICER,
            unit_name=None,
            subject=subject,
            subject_of=h.get("subject_of", ""),
        )
        t = created
        for action, actor, days, note, extra in h["acts"]:
            t = self._after(t, days, days + 1)
            spec.acts.append(Act(action, actor, t, note, dict(extra)))
        return spec


# Records the demo walk-through relies on: a near-duplicate pair (Ân / An, same year, same
# commune) for the duplicate suggestions, one subject with two records, a fresh report in
# `xa.mttq`'s inbox.
HANDWRITTEN: tuple[dict[str, Any], ...] = (
    {
        "age": 40, "kind": K.GOOD_DEED, "sector": "security_order", "movement": 0,
        "title": "Cứu hai em nhỏ đuối nước ở hồ Sông Quao",
        "summary": "Anh Ân lao xuống hồ Sông Quao cứu hai em nhỏ bị đuối nước, rồi chở các "
                   "em đến trạm y tế.",
        "story": "<p>Chiều chủ nhật, anh Nguyễn Văn Ân đang câu cá thì nghe tiếng kêu cứu. "
                 "Anh lao xuống hồ, lần lượt đưa hai em nhỏ vào bờ và sơ cứu.</p>",
        "place": "hồ Sông Quao, xã Hàm Thuận", "reporter": "xa.doan",
        "org": f"{OrgKind.YOUTH_UNION}:{FIRST_COMMUNE}",
        "subject": {"full_name": "Nguyễn Văn Ân", "gender": Subject.Gender.MALE,
                    "birth_year": 1995, "occupation": "Nông dân", "group": "youth_members",
                    "consents": (Consent.Purpose.PUBLISH_STORY, Consent.Purpose.SHOW_FULL_NAME,
                                 Consent.Purpose.SHOW_PHOTO),
                    "withdraw": Consent.Purpose.SHOW_PHOTO},
        "acts": [("start_verification", "xa.mttq", 1, "", {}), ("verify", "xa.mttq", 3, "", {}),
                 ("recognise", "xa.mttq", 5, "", {}),
                 ("honour", "xa.mttq", 2, "", {
                     "extra_text": "Giấy khen của Ủy ban MTTQ Việt Nam xã Hàm Thuận"})],
    },
    {
        "age": 6, "kind": K.GOOD_DEED, "sector": "environment",
        "title": "Cùng thanh niên dọn rác sau lũ ở thôn Minh Tiến",
        "summary": "Anh An cùng 20 hội viên nông dân dọn bùn đất, rác thải ở trường tiểu "
                   "học thôn Minh Tiến sau trận lũ.",
        "place": "thôn Minh Tiến, xã Hàm Thuận", "reporter": "hamthuan.nongdan",
        "org": f"{OrgKind.FARMERS_ASSOCIATION}:{FIRST_COMMUNE}",
        "subject": {"full_name": "Nguyễn Văn An", "gender": Subject.Gender.MALE,
                    "birth_year": 1995, "group": "youth_members"},
        "acts": [],
    },
    {
        "age": 3, "kind": K.GOOD_DEED, "sector": "health", "movement": 0,
        "title": "Hiến máu tình nguyện lần thứ 20",
        "summary": "Anh Ân vừa hiến máu lần thứ 20 tại đợt hiến máu của xã.",
        "place": "nhà văn hóa thôn Minh Tiến, xã Hàm Thuận", "reporter": "xa.doan",
        "org": f"{OrgKind.YOUTH_UNION}:{FIRST_COMMUNE}", "subject_of": f"{KEY_PREFIX}001",
        "acts": [],
    },
    {
        "age": 30, "kind": K.GOOD_PRACTICE, "sector": "culture", "movement": 1,
        "title": "Mô hình tủ sách thôn Phú Điền",
        "summary": "Chi đoàn thôn Phú Điền lập tủ sách 500 đầu sách tại nhà văn hóa thôn, mở "
                   "cửa tối thứ Bảy và chủ nhật.",
        "place": "nhà văn hóa thôn Phú Điền, xã Hàm Thuận", "reporter": "phudien.doan",
        "org": "village:Chi đoàn thôn Phú Điền",
        "subject": {"full_name": "Chi đoàn thôn Phú Điền", "kind": Subject.Kind.COLLECTIVE,
                    "collective_kind": "Chi đoàn", "group": "youth_members"},
        "acts": [("verify", "xa.mttq", 2, "", {}),
                 ("replicate", "xab.doan", 6, "Lập tủ sách tại nhà văn hóa khu phố 3", {
                     "org": f"{OrgKind.YOUTH_UNION}:Phường Phan Thiết",
                     "result": "Mỗi tháng khoảng 120 lượt mượn sách."})],
    },
)  # fmt: skip


# ---------------------------------------------------------------------------------------
# Writing it.


class _Writer:
    def __init__(self) -> None:
        self._hash = ""
        self.orgs: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.groups = {g.code: g for g in PriorityGroup.objects.all()}
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.movements = {m.name: m for m in Movement.objects.all()}
        self.subjects: dict[str, Subject] = {}

    def password_hash(self) -> str:
        if not self._hash:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash

    # -- organisations and officers ------------------------------------------------------

    def load_orgs(self) -> None:
        party = Organisation.objects.filter(name=PARTY, parent__isnull=True).first()
        if party is None:
            raise RuntimeError("The demo tree is missing: run seed_demo first.")
        front = Organisation.objects.get(parent=party, name=FRONT)
        self.orgs["front"] = front
        for child in Organisation.objects.filter(parent=front, level=OrgLevel.PROVINCE):
            self.orgs[f"{child.kind}:province"] = child
        communes = Organisation.objects.filter(
            parent=front,
            kind=OrgKind.FATHERLAND_FRONT,
            level=OrgLevel.COMMUNE,
            valid_to__isnull=True,
        ).select_related("admin_unit")
        for commune_front in communes:
            assert commune_front.admin_unit is not None
            name = commune_front.admin_unit.name
            self.orgs[f"front:{name}"] = commune_front
            for child in Organisation.objects.filter(parent=commune_front):
                self.orgs[f"{child.kind}:{name}"] = child
        first = self.orgs[f"front:{FIRST_COMMUNE}"]
        for village in Organisation.objects.filter(path__under=first.path, level=OrgLevel.VILLAGE):
            self.orgs[f"village:{village.name}"] = village
        legacy_party = Organisation.objects.get(parent=party, name=LEGACY_PARTY)
        legacy_front = Organisation.objects.get(parent=legacy_party, kind=OrgKind.FATHERLAND_FRONT)
        self.orgs["legacy:party"] = legacy_party
        self.orgs["legacy:front"] = legacy_front
        self.orgs["legacy:district_front"] = Organisation.objects.get(parent=legacy_front)

    def user(self, username: str, full_name: str, *, usable: bool = True) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, email=f"{username}@{EMAIL_DOMAIN}")
            if usable:
                user.password = self.password_hash()
            else:
                user.set_unusable_password()
            user.save()
        self.users[username] = user
        return user

    def grant(self, user: User, ref: str, role: str, title: str) -> None:
        org = self.orgs[ref]
        Membership.objects.get_or_create(
            user=user,
            organisation=org,
            role=role,
            ended_at=None,
            defaults={"org_path": org.path, "title": title},
        )

    def officers(self) -> None:
        for username in ("quantri", "tinh.mttq", "xa.mttq", "xa.doan", "xab.doan"):
            self.users[username] = User.objects.get(username=username)
        for commune in COMMUNES:
            username, full_name = commune.verifier
            if username != "xa.mttq":
                user = self.user(username, full_name)
                for front_role in (Role.VERIFIER, Role.LEADER):
                    self.grant(user, f"front:{commune.name}", front_role, "Chủ tịch")
            for username, full_name, kind in commune.reporters:
                if username in {"xa.doan", "xab.doan"}:
                    continue
                user = self.user(username, full_name)
                self.grant(user, f"{kind}:{commune.name}", Role.REPORTER, "Cán bộ chuyên trách")
        for username, full_name, branch, title in VILLAGE_REPORTERS:
            user = self.user(username, full_name)
            self.grant(user, f"village:{branch}", Role.REPORTER, title)
        for username, full_name, kind in PROVINCE_REPORTERS:
            user = self.user(username, full_name)
            self.grant(user, f"{kind}:province", Role.REPORTER, "Chuyên viên")
        ended = datetime.datetime.combine(CLOSED_ON, datetime.time(17), tzinfo=VN_TZ)
        for username, full_name, ref, roles, title in LEGACY_OFFICERS:
            user = self.user(username, full_name, usable=False)
            org = self.orgs[ref]
            for role in roles:
                if not Membership.objects.filter(user=user, organisation=org, role=role).exists():
                    Membership.objects.create(
                        user=user,
                        organisation=org,
                        org_path=org.path,
                        role=role,
                        title=title,
                        created_at=datetime.datetime(2010, 1, 4, 8, tzinfo=VN_TZ),
                        ended_at=ended,
                    )
            # Act with the roles held in 2014–2015 (the organisations were open then).
            user._lantoa_grants = [  # type: ignore[attr-defined]
                Grant(role=role, path=org.path, org_id=org.pk, org_kind=org.kind) for role in roles
            ]

    # -- one record ----------------------------------------------------------------------

    def _unit(self, spec: Spec) -> AdminUnit | None:
        if spec.unit_name is None:
            return None
        district, commune = spec.unit_name
        return AdminUnit.objects.filter(
            scheme=AdminUnit.Scheme.LEGACY, name=commune, parent__name=district
        ).first()

    def write(self, spec: Spec, existing_subjects: dict[str, Subject]) -> Record:
        reporter = self.users[spec.reporter]
        org = self.orgs[spec.org_ref]
        subject = existing_subjects.get(spec.subject_of) if spec.subject_of else None
        new_subject = None
        unit = self._unit(spec)
        if subject is None and spec.subject is not None:
            s = spec.subject
            new_subject = services.SubjectInput(
                full_name=s.full_name,
                kind=s.kind,
                gender=s.gender,
                birth_year=s.birth_year,
                occupation=s.occupation,
                priority_group=self.groups.get(s.group or ""),
                admin_unit=unit or org.admin_unit,
            )
        movement = None
        if spec.movement is not None:
            movement = self.movements.get(MOVEMENTS[spec.movement])
        record = services.report_record(
            actor=reporter,
            org=org,
            kind=spec.kind,
            title=spec.title,
            summary=spec.summary,
            story=spec.story,
            deed_date=spec.deed_date,
            place=spec.place,
            admin_unit=unit,
            sector=self.sectors.get(spec.sector),
            movement=movement,
            source=spec.source,
            subject=subject,
            new_subject=new_subject,
            idempotency_key=spec.key,
        )
        planned = spec.subject
        if new_subject is not None and record.subject is not None and planned is not None:
            fields: dict[str, Any] = {"created_at": spec.created}
            if planned.kind == Subject.Kind.COLLECTIVE:
                fields["collective_kind"] = planned.collective_kind
            Subject.objects.filter(pk=record.subject.pk).update(**fields)
            self._consents(record.subject, planned, spec)
        times = [spec.created]
        for act in spec.acts:
            self._act(record, act, spec)
            times.append(act.at)
        for audience, when in spec.shares:
            share = consent_services.share_record(
                actor=self._leader_for(record),
                record=record,
                audience=audience,
                purposes=[Consent.Purpose.SHOW_FULL_NAME],
            )
            RecordShare.objects.filter(pk=share.pk).update(shared_at=when)
        self._backdate(record, times)
        return record

    def _leader_for(self, record: Record) -> User:
        for commune in COMMUNES:
            if record.org_path.startswith(self.orgs[f"front:{commune.name}"].path):
                return self.users[commune.verifier[0]]
        return self.users["tinh.mttq"]

    def _consents(self, subject: Subject, s: SubjectSpec, spec: Spec) -> None:
        if not s.consents:
            return
        given_on = (spec.created + datetime.timedelta(days=1)).astimezone(VN_TZ).date()
        age = subject.age_on(given_on)
        given_by, guardian = Consent.GivenBy.SUBJECT, ""
        if s.kind == Subject.Kind.INDIVIDUAL and age is not None and age < 18:
            given_by = Consent.GivenBy.BOTH if age >= 7 else Consent.GivenBy.GUARDIAN
            surname = s.full_name.split()[0]
            guardian = f"{surname} Văn {_father_given(s.full_name)} (cha)"
        actor = self.users[spec.reporter]
        recorded = datetime.datetime.combine(given_on, datetime.time(15), tzinfo=VN_TZ)
        for purpose in s.consents:
            consent = consent_services.record_consent(
                actor=actor,
                subject=subject,
                purpose=purpose,
                given_by=given_by,
                given_on=given_on,
                guardian_name=guardian,
            )
            Consent.objects.filter(pk=consent.pk).update(recorded_at=recorded)
            if purpose == s.withdraw:
                consent_services.withdraw_consent(
                    actor=actor,
                    consent=consent,
                    note="Anh đề nghị không đăng ảnh cá nhân trên mạng.",
                )
                Consent.objects.filter(pk=consent.pk).update(
                    withdrawn_at=recorded + datetime.timedelta(days=20)
                )

    def _act(self, record: Record, act: Act, spec: Spec) -> None:
        actor = self.users[act.actor]
        if act.action == "honour":
            honour = services.add_honour(
                actor=actor,
                record=record,
                text=act.extra["extra_text"],
                date=act.extra.get("date") or act.at.astimezone(VN_TZ).date(),
            )
            Honour.objects.filter(pk=honour.pk).update(created_at=act.at)
        elif act.action == "replicate":
            replication = services.add_replication(
                actor=actor,
                record=record,
                org=self.orgs[act.extra["org"]],
                date=act.at.astimezone(VN_TZ).date(),
                what=act.note,
                result=act.extra.get("result", ""),
            )
            Replication.objects.filter(pk=replication.pk).update(created_at=act.at)
        elif act.action == "milestone":
            milestone = Milestone.objects.filter(plan__record=record).order_by("due_date", "id")[
                act.extra["index"]
            ]
            services.complete_milestone(
                actor=actor, milestone=milestone, done_on=act.at.astimezone(VN_TZ).date()
            )
        elif act.action == "progress":
            note = services.add_progress_note(actor=actor, record=record, text=act.note)
            ProgressNote.objects.filter(pk=note.pk).update(at=act.at)
        elif act.action == "start_nurturing":
            assert spec.plan is not None
            plan = services.PlanInput(
                mentor_org=self.orgs[spec.plan["mentor"]],
                goal=spec.plan["goal"],
                milestones=[
                    services.MilestoneInput(title, due) for title, due in spec.plan["milestones"]
                ],
            )
            services.transition_record(actor=actor, record=record, action=act.action, plan=plan)
            NurturePlan.objects.filter(record=record).update(created_at=act.at)
        else:
            changes = None
            if act.action == "resubmit":
                changes = {"summary": record.summary + " Đã có xác nhận của Ban điều hành thôn."}
            services.transition_record(
                actor=actor, record=record, action=act.action, note=act.note, changes=changes
            )

    # -- moving the timestamps -----------------------------------------------------------

    def _backdate(self, record: Record, times: list[datetime.datetime]) -> None:
        steps = list(RecordStep.objects.filter(record=record).order_by("id"))
        if len(steps) != len(times):
            raise RuntimeError(
                f"{record.idempotency_key}: {len(steps)} steps, {len(times)} planned moments"
            )
        milestones = list(Milestone.objects.filter(plan__record=record).order_by("due_date"))
        due: datetime.datetime | None = None
        since = times[0]
        state = ""
        for step, at in zip(steps, times, strict=True):
            step.at = at
            if step.action == "report":
                since, due, state = at, due_for("verification", at), step.to_state
                continue
            transition = BY_ACTION.get(step.action)
            if transition is None:
                continue  # a side step: no state change
            previous = _milestone_due(milestones, at) if state == S.NURTURING else due
            step.seconds_in_previous = int((at - since).total_seconds())
            step.previous_due_at = previous
            step.was_overdue = previous is not None and at > previous
            if transition.action == "start_verification":
                pass
            elif transition.due_step:
                due = due_for(transition.due_step, at)
            else:
                due = None
            since, state = at, step.to_state
        # One executemany: bulk_update's CASE expressions cost more than the rest of it.
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE exemplars_recordstep SET at = %s, seconds_in_previous = %s, "
                "previous_due_at = %s, was_overdue = %s WHERE id = %s",
                [
                    (
                        adapt(st.at),
                        st.seconds_in_previous,
                        adapt(st.previous_due_at),
                        st.was_overdue,
                        st.pk,
                    )
                    for st in steps
                ],
            )
        final_due = _milestone_due(milestones, times[-1]) if state == S.NURTURING else due
        Record.objects.filter(pk=record.pk).update(
            created_at=times[0], state_since=since, due_at=final_due, updated_at=max(times)
        )


def _father_given(full_name: str) -> str:
    """A father's given name for a child's consent, stable for the child's name."""
    return MALE_GIVEN[sum(map(ord, full_name)) % len(MALE_GIVEN)]


def _sea(waters: tuple[str, ...]) -> str:
    return next((w for w in waters if "biển" in w), waters[0])


def _milestone_due(
    milestones: Sequence[Milestone], at: datetime.datetime
) -> datetime.datetime | None:
    day = at.astimezone(VN_TZ).date()
    for milestone in milestones:
        if milestone.done_on is None or milestone.done_on > day:
            end = datetime.datetime.combine(milestone.due_date, datetime.time(23, 59, 59))
            return timezone.make_aware(end)
    return None


def demo_records() -> QuerySet[Record]:
    return Record.objects.filter(idempotency_key__startswith=KEY_PREFIX)


def seed_records(now: datetime.datetime | None = None) -> int:
    """Create the demo records (after `seed_demo()`); return how many were created."""
    ensure_not_production()
    if demo_records().count() >= DONE_THRESHOLD:
        return 0
    now = now or timezone.now()
    specs = _Planner(now).plan()
    with transaction.atomic():
        writer = _Writer()
        writer.load_orgs()
        writer.officers()
        done = {r.idempotency_key: r.subject for r in demo_records().select_related("subject")}
        subjects = {key: subject for key, subject in done.items() if key and subject}
        created = 0
        for spec in specs:
            if spec.key in done:
                continue
            record = writer.write(spec, subjects)
            if record.subject is not None:
                subjects[spec.key] = record.subject
            created += 1
        for username, *_rest in LEGACY_OFFICERS:
            forget(writer.users[username])
    return created
