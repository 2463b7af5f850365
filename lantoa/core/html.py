"""Safe rich text: a small subset of HTML, sanitised on save with nh3."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitise(html: str) -> str:
    """Keep paragraphs, emphasis, lists, quotes and links (http, https, mailto); drop the rest,
    including every script, event handler and style."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def from_plain_text(text: str) -> str:
    """Paragraphs from plain text typed on a phone (blank line = new paragraph)."""
    import html as _html

    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(f"<p>{_html.escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def to_plain_text(html: str) -> str:
    """The text of a sanitised story for a plain textarea: paragraphs become blank lines, line
    breaks new lines, every other tag is dropped (`from_plain_text` reads it back)."""
    import html as _html
    import re

    text = re.sub(r"<br\s*/?>", "\n", html)
    text = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return _html.unescape("\n\n".join(b.strip() for b in text.split("\n\n") if b.strip()))
