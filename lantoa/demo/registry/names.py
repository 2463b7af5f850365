"""Vietnamese names for the demo's people and for the benchmark registry.

"Nguyễn" is about 40 % of surnames; the given name is the last word. `random_name` draws
a full name from a seeded generator, so the same seed always gives the same names.
"""

from __future__ import annotations

import itertools
import random

from lantoa.exemplars.models import Subject

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
