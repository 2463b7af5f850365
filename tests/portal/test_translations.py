"""Every message of the public column has Vietnamese: in the catalogue or in portal_vi.py."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from tests.portal.portal_vi import VI, VI_PLURALS

ROOT = Path(__file__).resolve().parents[2] / "lantoa"
TEMPLATES = [
    p for p in (ROOT / "templates" / "portal").rglob("*.html") if "nominations" not in p.parts
] + sorted((ROOT / "templates" / "exemplars" / "story_article").glob("*.html"))  # story pages
PYTHON = [ROOT / "portal" / name for name in ("feeds.py", "views/common.py", "views/stories.py")]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _python_format(text: str) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", text)


def _messages() -> tuple[set[str], set[tuple[str, str]]]:
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in TEMPLATES:
        text = path.read_text()
        singles |= {m[1] for m in re.findall(r"\{% translate ([\"'])(.*?)\1", text)}
        for body in re.findall(
            r"\{% blocktranslate[^%]*%\}(.*?)\{% endblocktranslate %\}", text, re.S
        ):
            if "{% plural %}" in body:
                one, many = body.split("{% plural %}")
                plurals.add((_python_format(one), _python_format(many)))
            else:
                singles.add(_python_format(body))
    for path in PYTHON:
        singles |= {m[1] for m in re.findall(r"\b_\(([\"'])(.*?)\1\)", path.read_text())}
    return singles, plurals


def test_every_message_has_vietnamese() -> None:
    singles, plurals = _messages()
    assert singles and plurals
    with translation.override("vi"):
        missing = [m for m in singles if m not in VI and translation.gettext(m) == m]
        missing_plurals = [
            p for p in plurals if p not in VI_PLURALS and translation.ngettext(*p, 2) == p[1]
        ]
    assert not missing, missing
    assert not missing_plurals, missing_plurals


def test_the_translations_keep_the_placeholders() -> None:
    for english, vietnamese in VI.items():
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(vietnamese))
        assert vietnamese.strip() and vietnamese != english
    for (one, many), vietnamese in VI_PLURALS.items():
        assert set(PLACEHOLDER.findall(one)) == set(PLACEHOLDER.findall(vietnamese))
        assert set(PLACEHOLDER.findall(many)) == set(PLACEHOLDER.findall(vietnamese))


def test_nothing_listed_is_unused() -> None:
    singles, plurals = _messages()
    assert set(VI) <= singles
    assert set(VI_PLURALS) <= plurals
