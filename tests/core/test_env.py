"""Settings are parsed strictly: a bad value stops the start and names the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from lantoa.core.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_str,
    env_url,
)

VAR = "LANTOA_TEST_VALUE"


@pytest.fixture
def setenv(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)

    def _set(value: str) -> None:
        monkeypatch.setenv(VAR, value)

    return _set


def test_unset_variables_take_their_defaults(setenv):
    assert env_int(VAR, 7) == 7
    assert env_float(VAR, 0.5) == 0.5
    assert env_bool(VAR, True) is True
    assert env_list(VAR, "a, b") == ["a", "b"]
    assert env_choice(VAR, "dev", ("dev", "prod")) == "dev"
    assert env_str(VAR, "x") == "x"
    assert env_url(VAR, ("redis",)) == ""


def test_good_values_are_parsed(setenv):
    setenv(" 42 ")
    assert env_int(VAR, 0, minimum=1) == 42
    setenv("2.5")
    assert env_float(VAR, 0.0, maximum=3) == 2.5
    setenv(" Yes ")
    assert env_bool(VAR, False) is True
    setenv("off")
    assert env_bool(VAR, True) is False
    setenv(" a.vn ,, b.vn ")
    assert env_list(VAR, "") == ["a.vn", "b.vn"]
    setenv("prod")
    assert env_choice(VAR, "dev", ("dev", "prod")) == "prod"
    setenv("rediss://cache:6380/1")
    assert env_url(VAR, ("redis", "rediss")) == "rediss://cache:6380/1"


@pytest.mark.parametrize(
    ("parse", "raw", "says"),
    [
        (lambda: env_int(VAR, 5), "5x", "must be a whole number, not '5x'"),
        (lambda: env_int(VAR, 5), "", "must be a whole number, not ''"),
        (lambda: env_int(VAR, 5), "2.5", "must be a whole number"),
        (lambda: env_int(VAR, 5, minimum=1), "0", "must be at least 1, not '0'"),
        (lambda: env_int(VAR, 5, maximum=10), "11", "must be at most 10, not '11'"),
        (lambda: env_float(VAR, 1.0), "fast", "must be a number, not 'fast'"),
        (lambda: env_float(VAR, 1.0), "nan", "must be a finite number"),
        (lambda: env_float(VAR, 1.0), "inf", "must be a finite number"),
        (lambda: env_float(VAR, 1.0, minimum=0), "-0.1", "must be at least 0"),
        (lambda: env_bool(VAR, False), "maybe", "must be true or false, not 'maybe'"),
        (lambda: env_choice(VAR, "dev", ("dev", "prod")), "Prod", "one of dev, prod, not 'Prod'"),
        (
            lambda: env_url(VAR, ("redis",)),
            "localhost:6379",
            "must be a URL starting with redis://",
        ),
        (lambda: env_url(VAR, ("redis",)), "http://cache/", "must be a URL starting with redis://"),
    ],
)
def test_a_bad_value_raises_naming_the_variable(setenv, parse, raw, says):
    setenv(raw)

    with pytest.raises(ImproperlyConfigured) as raised:
        parse()

    assert str(raised.value).startswith(VAR)
    assert says in str(raised.value)


def test_a_required_variable_that_is_missing_is_named(setenv):
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_str(VAR)


def test_a_url_with_a_password_is_not_repeated_in_the_message(setenv):
    setenv("http://user:s3cret@cache:6379/0")

    with pytest.raises(ImproperlyConfigured) as raised:
        env_url(VAR, ("redis",))

    assert "s3cret" not in str(raised.value)


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter, as a start would."""
    return subprocess.run(
        [sys.executable, "-c", "import lantoa.settings"],
        env={**os.environ, "LANTOA_ENV": "test", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LOGIN_RATE_LIMIT", "five"),
        ("LOGIN_RATE_WINDOW", "0"),
        ("NOMINATION_RATE_PER_IP", "-1"),
        ("API_TOKEN_TTL_DAYS", "30d"),
        ("DB_CONN_MAX_AGE", "-5"),
        ("LOG_LEVEL", "verbose"),
        ("DEBUG", "perhaps"),
        ("REDIS_URL", "cache:6379"),
        ("DATABASE_URL", "mongodb://db/lantoa"),
    ],
)
def test_the_settings_refuse_to_start_on_a_bad_value(variable, value):
    result = load_settings(**{variable: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_the_settings_start_with_the_defaults():
    result = load_settings()

    assert result.returncode == 0, result.stderr


def database_settings(**env: str) -> list[str]:
    """The engine, connection age, health check and pool the settings give `default`."""
    shown = "from lantoa.settings import DATABASES as D; d = D['default']; " + (
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], 'pool' in d['OPTIONS'])"
    )
    return subprocess.run(
        [sys.executable, "-c", shown],
        env={**os.environ, "LANTOA_ENV": "test", **env},
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split()


def test_a_postgresql_url_runs_on_the_backend_that_trusts_a_connection_a_moment():
    # Decision 209: production keeps connections and checks them, through the project's
    # backend; without kept connections (tests, runserver) psycopg's pool checks them.
    url = "postgres://lantoa@db:5432/lantoa"

    kept = database_settings(DATABASE_URL=url, DB_CONN_MAX_AGE="600")
    pooled = database_settings(DATABASE_URL=url, DB_CONN_MAX_AGE="0")

    assert kept == ["lantoa.core.postgresql", "600", "True", "False"]
    assert pooled == ["lantoa.core.postgresql", "0", "False", "True"]
