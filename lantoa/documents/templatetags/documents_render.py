"""`{% lines block %}`: a block's lines as paragraphs, each with its size and emphasis."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from lantoa.documents.render.blocks import Block, Line

register = template.Library()


def _style(line: Line) -> str:
    parts = [f"font-size:{line.size}pt", f"text-align:{line.align}"]
    if line.bold:
        parts.append("font-weight:bold")
    if line.italic:
        parts.append("font-style:italic")
    if line.underline:
        parts.append("text-decoration:underline")
    if line.space_before:
        parts.append(f"margin-top:{line.space_before}pt")
    return ";".join(parts)


@register.simple_tag
def lines(block: Block) -> SafeString:
    return format_html_join("", '<p style="{}">{}</p>', ((_style(x), x.text) for x in block.lines))
