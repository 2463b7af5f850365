"""The import page: one bad row imports nothing and names the row and the column."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.accounts.models import User
from lantoa.orgs.models import Membership
from tests.personas import World

HEADER = "Tên đăng nhập,Họ và tên,Email,Số điện thoại,Vai trò\n"


def _post(client, world: World, body: str):
    upload = SimpleUploadedFile("thanh-vien.csv", (HEADER + body).encode(), "text/csv")
    return client.post(reverse("staff:member_import", args=[world.youth_a.pk]), {"file": upload})


def test_a_file_with_one_bad_row_imports_nothing_and_names_it(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    members_before = Membership.objects.count()
    response = _post(
        client,
        world,
        "an.nguyen,Nguyễn Văn An,an@example.vn,0912345678,Báo cáo viên\n"
        "binh.tran,Trần Thị Bình,khong-phai-email,0912345679,Báo cáo viên\n",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-errors"' in page
    assert "<td>3</td><td>Email</td>" in page  # row 3 (header is row 1), column Email
    assert Membership.objects.count() == members_before
    assert not User.objects.filter(username__in=["an.nguyen", "binh.tran"]).exists()


def test_a_good_file_imports_every_row(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    response = _post(
        client,
        world,
        "an.nguyen,Nguyễn Văn An,an@example.vn,0912345678,Báo cáo viên\n"
        "binh.tran,Trần Thị Bình,binh@example.vn,0912345679,Xác minh\n",
    )
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=world.youth_a).count() == 3


def test_the_other_commune_admin_gets_404(client, world: World) -> None:
    from tests.personas import make_user

    make_user("xab.quantri", (world.front_b, "org_admin"))
    client.login(username="xab.quantri", password="LanToa@2025")
    response = _post(client, world, "an.nguyen,Nguyễn Văn An,an@example.vn,0912345678,reporter\n")
    assert response.status_code == 404
    assert not User.objects.filter(username="an.nguyen").exists()
