"""`{% open_graph title=… description=… path=… [type=…] [image=…] %}`: a public page's
canonical link and Open Graph tags, absolute on the host asked (read and checked once).

Written with `format_html` rather than as an included template: through the template
engine the nine tags cost a story page's cache miss ~500 Python calls, a fifteenth of it
(a variable ~30, the include and its `with` ~175; issue 15), for HTML that never changes
shape. The values are escaped as the template escaped them (`conditional_escape`: a value
already safe, such as a translation taken with `as`, is not escaped twice).
"""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# The description is cut as the page's own description is (`truncatewords:40`).
DESCRIPTION_WORDS = 40
TAGS = (
    '\n<link rel="canonical" href="{url}">'
    '\n<meta property="og:site_name" content="Lan Tỏa">'
    '\n<meta property="og:title" content="{title}">'
    '\n<meta property="og:description" content="{description}">'
    '\n<meta property="og:type" content="{type}">'
    '\n<meta property="og:url" content="{url}">'
    '\n<meta property="og:locale" content="{locale}">\n'
)
IMAGE = '<meta property="og:image" content="{}">'


@register.simple_tag(takes_context=True)
def open_graph(
    context: Context,
    *,
    title: str,
    description: str,
    path: str,
    type: str = "",
    image: str = "",
) -> SafeString:
    request = context["request"]
    base = f"{request.scheme}://{request.get_host()}"
    tags = format_html(
        TAGS,
        url=base + path,
        title=title,
        description=truncatewords(description, DESCRIPTION_WORDS),
        type=type or "website",
        locale="en_GB" if get_language() == "en" else "vi_VN",
    )
    return format_html("{}{}\n", tags, format_html(IMAGE, base + image) if image else "")
