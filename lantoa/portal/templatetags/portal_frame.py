"""`{% frame "name" %}…{% endframe %}`: a part of the portal's layout that is the same on
every page in a language (the stylesheets, the brand and menu, the search form, the
footer), rendered once per process and language and replayed (issue 15, decision 121).

What goes inside must read nothing from the page or the request: no variable of the
view, no `request`, no `{% block %}` (a child template could not override it), no CSRF
token. URLs, static paths and translations are fine: they do not change while a process
runs (tests that swap settings, and an edited file under `make run`, empty the memo).
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString

register = template.Library()

_rendered: dict[tuple[str, str | None], SafeString] = {}


@receiver(setting_changed)
@receiver(file_changed)  # `make run` keeps the process when a template is edited
def _forget_frames(**_kwargs: object) -> None:
    _rendered.clear()


class FrameNode(template.Node):
    def __init__(self, name: str, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        key = (self.name, translation.get_language())
        html = _rendered.get(key)
        if html is None:
            # A context without the page's values (nor the context processors'): what is
            # inside cannot depend on the page by accident.
            html = _rendered[key] = self.nodelist.render(context.new())  # already safe
        return html


@register.tag
def frame(parser: Parser, token: Token) -> FrameNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage: {% frame "name" %}…{% endframe %}')
    nodelist = parser.parse(("endframe",))
    parser.delete_first_token()
    return FrameNode(bits[1][1:-1], nodelist)
