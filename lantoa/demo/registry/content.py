"""Places, people and words of the demo records.

The current communes of the demo tree with their villages, public places, waters, Front
chair and reporters; the village and province reporters; the Bình Thuận officers and
places of 2014–2015; the notes officers write when they return, reject, decline or follow
up a record; and the handwritten records the user guide's walk-through points at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lantoa.demo.orgs import DEMO_COMMUNES, FIRST_COMMUNE
from lantoa.demo.registry.specs import KEY_PREFIX
from lantoa.exemplars.models import Consent, RecordKind, Subject
from lantoa.orgs.models import OrgKind, Role

K = RecordKind

# ---------------------------------------------------------------------------------------
# Places and people of the demo tree.


@dataclass(frozen=True)
class Commune:
    name: str  # the current administrative unit, as in lantoa.demo.orgs.DEMO_COMMUNES
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
