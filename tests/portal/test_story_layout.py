"""The story page is drawn without `{% extends %}` (decision 201): what it writes around its
own title, description, meta tags and content must be what portal/base.html writes around
them, in both languages, so that a change to the layout cannot leave the story page behind."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.template import engines
from django.test import Client, RequestFactory
from django.utils import translation

from lantoa.portal.views.common import story_path
from tests.personas import World
from tests.portal.helpers import publish

BLOCKS = ("title", "description", "meta", "content")
LAYOUT = '{% extends "portal/base.html" %}' + "".join(
    f"{{% block {name} %}}@{name}@{{% endblock %}}" for name in BLOCKS
)


def _layout(path: str, language: str) -> str:
    """portal/base.html around markers, for a request of `path`."""
    request = RequestFactory().get(path)
    with translation.override(language):
        return engines["django"].from_string(LAYOUT).render({}, request)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_story_page_is_laid_out_as_every_portal_page(
    world: World, client: Client, language: str
) -> None:
    story = publish(world, photos=1, show_photos=True)
    path = story_path(story)
    cache.clear()
    page = client.get(path, headers={"Accept-Language": language}).content.decode()
    pattern = re.escape(_layout(path, language))
    for name in BLOCKS:
        pattern = pattern.replace(re.escape(f"@{name}@"), f"(?P<{name}>.*?)")
    found = re.fullmatch(pattern, page, re.S)
    assert found is not None
    assert found["title"] == story.title
    assert found["content"].startswith('\n<article class="story">')
    assert 'property="og:title"' in found["meta"]
