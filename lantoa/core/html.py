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
    """The text a reader sees of `html`: paragraphs and line breaks as blank lines and new
    lines, tags dropped, entities decoded (what the public-text check reads)."""
    import html as _html
    import re

    text = re.sub(r"(?i)<br\s*/?>", "\n", html or "")
    text = re.sub(r"(?i)</(p|li|h3|h4|blockquote)>", "\n\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = _html.unescape(text)
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    return "\n\n".join(
        "\n".join(" ".join(line.split()) for line in b.splitlines() if line.strip()) for b in blocks
    )
