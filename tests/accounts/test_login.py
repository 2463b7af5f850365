from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

from tests.personas import PASSWORD, World


def test_it_signs_in_with_the_username(client, world: World) -> None:
    response = client.post(reverse("accounts:login"), {"username": "xa.doan", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")


def test_it_signs_in_with_the_email_in_any_case(client, world: World) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "XA.DOAN@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_it_refuses_a_wrong_password_in_vietnamese(client, world: World) -> None:
    response = client.post(reverse("accounts:login"), {"username": "xa.doan", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập và mật khẩu chính xác" in response.content.decode()
    assert 'value="xa.doan"' in response.content.decode()


def test_it_rate_limits_attempts(client, world: World) -> None:
    url = reverse("accounts:login")
    for _ in range(settings.LOGIN_RATE_LIMIT):
        client.post(url, {"username": "xa.doan", "password": "sai"})
    response = client.post(url, {"username": "xa.doan", "password": PASSWORD})
    # Even the right password waits; 429 since issue 12 (the page said so with a 200 before).
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    env = {**os.environ, "LANTOA_ENV": "dev", "DJANGO_SETTINGS_MODULE": "lantoa.settings"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.PASSWORD_HASHERS[0])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "django.contrib.auth.hashers.Argon2PasswordHasher"
