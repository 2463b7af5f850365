"""`{% frame "name" %}…{% endframe %}`: a part of the portal's layout that is the same on
every page in a language (the stylesheets, the brand and menu, the search form, the
footer), rendered once per process and language and replayed (issue 15, decision 121).

What goes inside must read nothing from the page or the request: no variable of the
view, no `request`, no `{% block %}` (a child template could not override it), no CSRF
token. URLs, static paths and translations are fine: they do not change while a process
runs (tests that swap settings, and an edited file under `make run`, empty the memo).

`{% frame "name" code=story.sector.code label=story.sector.localized_name %}…{% endframe %}`
is a part that is the same for the same *values*: rendered once per process, language and
values, with those values only (a story page's priority group, field and year: the
template engine's per-variable and per-translation cost was a third of a cache miss,
issue 15). Values are plain strings, numbers or None, so that the key is what the part
shows (a catalogue entry renamed under the same id is a new key); each part a page shows
must be named by its values, as anything else is out of its reach.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString

register = template.Library()

# Parts kept by each process (emptied when full): the layout's few, and the valued ones,
# a few hundred bytes each.
MEMO_SIZE = 4096
# What a value may be: it is part of the key, and must be what the part shows.
PLAIN = (str, int, type(None))

_rendered: dict[tuple[Any, ...], SafeString] = {}


@receiver(setting_changed)
@receiver(file_changed)  # `make run` keeps the process when a template is edited
def _forget_frames(**_kwargs: object) -> None:
    _rendered.clear()


class FrameNode(template.Node):
    # Not searched for nodes: a frame holds no `{% block %}` (see above), and `{% extends %}`
    # looks for the parent's blocks through every node on each render (decision 193).
    child_nodelists = ()

    def __init__(self, name: str, nodelist: NodeList, values: dict[str, FilterExpression]) -> None:
        self.name = name
        self.nodelist = nodelist
        self.values = values

    def render(self, context: Context) -> SafeString:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        for name, value in values.items():
            if not isinstance(value, PLAIN):
                raise TypeError(
                    f"frame {self.name!r}: {name} is a {type(value).__name__}, "
                    "not a string, a number or None"
                )
        key = (self.name, translation.get_language(), *values.values())
        html = _rendered.get(key)
        if html is None:
            # A context with only the frame's values (not the page's, nor the context
            # processors'): what is inside cannot depend on the page by accident.
            html = self.nodelist.render(context.new(values))  # already safe
            if len(_rendered) >= MEMO_SIZE:
                _rendered.clear()
            _rendered[key] = html
        return html


@register.tag
def frame(parser: Parser, token: Token) -> FrameNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            'usage: {% frame "name" [value=expression …] %}…{% endframe %}'
        )
    values = token_kwargs(bits[2:], parser, support_legacy=False)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError(f"frame {bits[1]}: values are written name=value")
    nodelist = parser.parse(("endframe",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError(f"frame {bits[1]}: a frame cannot hold a block")
    return FrameNode(bits[1][1:-1], nodelist, values)
