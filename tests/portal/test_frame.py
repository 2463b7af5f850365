"""The portal's layout parts (`{% frame %}`) are rendered once per process and language."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError, engines
from django.template.base import NodeList
from django.utils import translation

from lantoa.portal.templatetags import portal_frame

FRAME = Template(
    '{% load i18n portal_frame %}{% frame "test" %}{% translate "Stories" %}'
    "|{{ page_value }}|{% url 'portal:story_list' %}{% endframe %}<{{ page_value }}>"
)


@pytest.fixture(autouse=True)
def _empty_memo():
    portal_frame._rendered.clear()
    yield
    portal_frame._rendered.clear()


def test_a_frame_is_rendered_once_and_sees_nothing_of_the_page():
    with translation.override("en"):
        first = FRAME.render(Context({"page_value": "one"}))
        second = FRAME.render(Context({"page_value": "two"}))

    assert first == "Stories||/guong-sang/<one>"
    assert second == "Stories||/guong-sang/<two>"


def test_a_frame_is_rendered_once_per_language():
    with translation.override("en"):
        english = FRAME.render(Context())
    with translation.override("vi"):
        vietnamese = FRAME.render(Context())

    assert english.startswith("Stories|") and not vietnamese.startswith("Stories|")
    assert set(portal_frame._rendered) == {("test", "en"), ("test", "vi")}


def test_a_frame_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load portal_frame %}{% frame name %}x{% endframe %}")


def test_a_frame_cannot_hold_a_block():
    # `{% extends %}` does not look inside frames for the blocks a child overrides.
    with pytest.raises(TemplateSyntaxError, match="cannot hold a block"):
        Template('{% load portal_frame %}{% frame "x" %}{% block b %}{% endblock %}{% endframe %}')


def test_a_block_around_a_frame_is_still_overridden():
    engine = engines["django"].engine
    parent = '{% load portal_frame %}<{% block b %}{% frame "p" %}P{% endframe %}{% endblock %}>'
    child = engine.from_string("{% extends parent %}{% block b %}C{% endblock %}")
    with translation.override("en"):
        assert child.render(Context({"parent": engine.from_string(parent)})) == "<C>"
        assert engine.from_string(parent).render(Context()) == "<P>"


def test_a_page_has_its_frame_in_the_language_asked(client, world):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert ">Report a good deed<" in english and ">Report a good deed<" not in vietnamese
    assert 'class="site-search"' in english and "site-footer" in vietnamese


def test_the_search_page_still_leaves_out_the_header_search(client, world):
    page = client.get("/tim-kiem/?q=abc", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'class="site-search"' not in page and "site-footer" in page


def test_an_edited_file_empties_the_memo_under_the_development_server(tmp_path):
    from django.utils.autoreload import file_changed

    with translation.override("en"):
        FRAME.render(Context())
    results = file_changed.send(sender=None, file_path=tmp_path / "base.html")

    assert portal_frame._rendered == {}
    ours = [result for receiver, result in results if receiver is portal_frame._forget_frames]
    assert ours == [None]  # nothing asks the server to restart


VALUED = Template(
    '{% load i18n portal_frame %}{% frame "valued" code=entry.code label=entry.label %}'
    '{% translate "Stories" %}:{{ code }}={{ label }}|{{ page_value }}{% endframe %}'
)


class CountedNodes(NodeList):
    renders = 0

    def render(self, context):
        CountedNodes.renders += 1
        return super().render(context)


def test_a_frame_with_values_is_rendered_once_per_values_and_sees_only_them(monkeypatch):
    (node,) = VALUED.nodelist.get_nodes_by_type(portal_frame.FrameNode)
    monkeypatch.setattr(node, "nodelist", CountedNodes(node.nodelist))
    monkeypatch.setattr(CountedNodes, "renders", 0)
    with translation.override("en"):
        first = VALUED.render(Context({"entry": {"code": "a", "label": "<A>"}, "page_value": 1}))
        again = VALUED.render(Context({"entry": {"code": "a", "label": "<A>"}, "page_value": 2}))
        renamed = VALUED.render(Context({"entry": {"code": "a", "label": "B"}}))

    assert first == again == "Stories:a=&lt;A&gt;|"  # escaped; the page's own value unseen
    assert renamed == "Stories:a=B|"  # the same entry shown under another name: a new key
    assert CountedNodes.renders == 2
    assert set(portal_frame._rendered) == {("valued", "en", "a", "<A>"), ("valued", "en", "a", "B")}


def test_a_frame_value_must_be_plain():
    with translation.override("en"), pytest.raises(TypeError, match="frame 'valued': label"):
        VALUED.render(Context({"entry": {"code": "a", "label": object()}}))


def test_a_frame_names_its_values():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load portal_frame %}{% frame "x" entry.code %}x{% endframe %}')


def test_the_frames_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(portal_frame, "MEMO_SIZE", 3)
    with translation.override("en"):
        for n in range(5):
            VALUED.render(Context({"entry": {"code": str(n), "label": "x"}}))
    assert len(portal_frame._rendered) <= 3
    assert ("valued", "en", "4", "x") in portal_frame._rendered
