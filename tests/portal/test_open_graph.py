"""`{% open_graph %}` writes a page's canonical link and Open Graph tags as the included
template did: absolute on the host asked, values escaped once, the description cut."""

from __future__ import annotations

import pytest
from django.core.exceptions import DisallowedHost
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

TAG = Template(
    "{% load portal_meta %}"
    "{% open_graph title=title description=description path=path type=kind image=image %}"
)


def _render(**values: object) -> str:
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    context = {"title": "", "description": "", "path": "/", "kind": "", "image": "", **values}
    return TAG.render(Context({"request": request, **context}))


def test_the_tags_are_absolute_on_the_host_asked_and_escaped():
    with translation.override("vi"):
        html = _render(title='Cứu "em" <nhỏ>', path="/guong-sang/7-cuu-em/", kind="article")

    assert html == (
        '\n<link rel="canonical" href="http://testserver/guong-sang/7-cuu-em/">'
        '\n<meta property="og:site_name" content="Lan Tỏa">'
        '\n<meta property="og:title" content="Cứu &quot;em&quot; &lt;nhỏ&gt;">'
        '\n<meta property="og:description" content="">'
        '\n<meta property="og:type" content="article">'
        '\n<meta property="og:url" content="http://testserver/guong-sang/7-cuu-em/">'
        '\n<meta property="og:locale" content="vi_VN">\n\n'
    )


def test_a_page_without_a_type_is_a_website_and_english_is_british():
    with translation.override("en"):
        html = _render()

    assert '<meta property="og:type" content="website">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert "og:image" not in html


def test_the_image_is_absolute_and_ends_the_tags():
    html = _render(image="/guong-sang/7/anh/3-1280.jpg")

    assert html.endswith(
        '<meta property="og:image" content="http://testserver/guong-sang/7/anh/3-1280.jpg">\n'
    )


def test_the_description_is_cut_at_forty_words_and_a_safe_one_is_not_escaped_twice():
    words = " ".join(f"từ{n}" for n in range(60))
    cut = _render(description=words)
    safe = _render(description=mark_safe("Người &amp; việc tốt"))
    plain = _render(description="Người & việc tốt")

    assert f'content="{" ".join(f"từ{n}" for n in range(40))} …"' in cut
    assert 'content="Người &amp; việc tốt"' in safe and 'content="Người &amp; việc tốt"' in plain


def test_a_host_not_allowed_is_refused_not_written():
    request = RequestFactory().get("/", HTTP_HOST="evil.example")
    context = {"title": "", "description": "", "path": "/", "kind": "", "image": ""}
    with pytest.raises(DisallowedHost):
        TAG.render(Context({"request": request, **context}))
