"""The default catalogues: priority groups (seed §2.2), fields of work and emulation movements.

Idempotent (got-or-created by code, movements by name) so that it can run on a database
where an administrator already added some of them; existing rows are left as they are.
Reversing it deletes nothing: records may already point at these rows.
"""

from typing import Any

from django.db import migrations

from lantoa.core.text import fold

PRIORITY_GROUPS = (
    ("working_people", "Nhân dân lao động"),
    ("youth_members", "Đoàn viên, thanh niên"),
    ("children", "Thiếu niên, nhi đồng"),
    ("hardship_cadres", "Cán bộ, công chức, chiến sĩ ở nơi khó khăn, nguy hiểm"),
    ("farmers", "Nông dân"),
    ("veterans", "Cựu chiến binh"),
    ("women", "Phụ nữ"),
    ("business", "Doanh nhân"),
    ("other", "Khác"),
)

SECTORS = (
    ("economy", "Kinh tế"),
    ("education", "Giáo dục"),
    ("health", "Y tế"),
    ("security_order", "An ninh, trật tự"),
    ("environment", "Môi trường"),
    ("charity", "Từ thiện, an sinh xã hội"),
    ("culture", "Văn hóa"),
    ("defence", "Quốc phòng"),
    ("new_rural", "Xây dựng nông thôn mới"),
)

MOVEMENTS = (
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Chỉ thị 05-CT/TW của Bộ Chính trị; chủ đề trung tâm của việc phát hiện, nhân rộng "
        "điển hình tiên tiến, gương người tốt, việc tốt.",
    ),
    (
        "Toàn dân đoàn kết xây dựng đời sống văn hóa",
        "Cuộc vận động do Ủy ban Trung ương MTTQ Việt Nam chủ trì.",
    ),
    (
        "Cả nước chung sức xây dựng nông thôn mới",
        "Phong trào thi đua do Thủ tướng Chính phủ phát động.",
    ),
)


def add_catalogues(apps: Any, schema_editor: Any) -> None:
    PriorityGroup = apps.get_model("exemplars", "PriorityGroup")
    Sector = apps.get_model("exemplars", "Sector")
    Movement = apps.get_model("exemplars", "Movement")
    for order, (code, name) in enumerate(PRIORITY_GROUPS, start=1):
        PriorityGroup.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for name, description in MOVEMENTS:
        # Historical models do not run Movement.save(): fill the folded name here.
        if not Movement.objects.filter(name=name).exists():
            Movement.objects.create(name=name, folded_name=fold(name), description=description)


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0001_records_subjects_consents"),
    ]

    operations = [
        migrations.RunPython(add_catalogues, migrations.RunPython.noop, elidable=False),
    ]
