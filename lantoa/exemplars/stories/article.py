"""A story's article, rendered when the story or what it shows changes, not on every view.

The public story page on a cache miss spent most of its time rendering the same HTML from
the same rows: the title, the shown name and place, the summary, the story's body, the
number of units that followed it (the record's replication rows) and its honours (issue 15,
story miss). Those parts are stored per language in `StoryArticle.parts`, as HTML:

- `head`: the kind, title, shown name and place and date (before the officer's link);
- `middle`: the end of the header and the summary (before the photos);
- `body`: the story's text, the spread and the honours (before the names and places).

What the page still renders itself depends on the request or on rows other writers change:
the officer's link, the photos (`Evidence`), and the catalogue names and places
(`exemplars.names`).

An article is used only while its `key` is `article_key(story)`: the templates and
translations it was rendered with (`BUILD`) and the story's version (publication time and
share). Anything else is rendered on the fly, with the same templates: a page never depends
on whether its article was stored. The article is rendered again, after the commit:

- when a publication is saved (every publishing service saves it), and
- when a replication or an honour of its record is saved or deleted (signals, so the admin
  and the shell are covered too);

`manage.py render_story_articles` renders the stored ones again (after a deploy that changes
the templates or translations: until then those pages are rendered on the fly).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from lantoa.exemplars.models import Honour, Publication, RecordKind, Replication, StoryArticle
from lantoa.exemplars.stories import public
from lantoa.exemplars.stories.live import live_publications

PARTS = ("head", "middle", "body")
TEMPLATES = {part: f"exemplars/story_article/{part}.html" for part in PARTS}
_HERE = Path(__file__).resolve().parent.parent.parent


def _build() -> str:
    """A digest of what an article's HTML depends on besides the rows: its templates and the
    project's translations (a deploy that changes either makes every stored article stale)."""
    digest = hashlib.sha256()
    for part in PARTS:
        digest.update((_HERE / "templates" / TEMPLATES[part]).read_bytes())
    for language, _name in settings.LANGUAGES:
        po = _HERE / "locale" / language / "LC_MESSAGES" / "django.po"
        digest.update(po.read_bytes() if po.exists() else b"")
    return digest.hexdigest()[:16]


BUILD = _build()


def article_key(story: Publication) -> str:
    """The key an article of `story` must carry to be used (its version as cached pages
    record it: `stories.public.version`)."""
    return f"{BUILD}/{public.version(story)}"


def render_parts(story: Publication, language: str) -> dict[str, str]:
    """The article's parts for `story` in `language`, rendered now (two queries)."""
    context: dict[str, Any] = {
        "story": story,
        "spread": public.spread_of_story(story),
        "honours": public.story_honours(story),
    }
    with translation.override(language):
        context["kind"] = dict(RecordKind.choices).get(story.kind, "")
        return {part: get_template(TEMPLATES[part]).render(context) for part in PARTS}


def article_parts(story: Publication, language: str) -> dict[str, SafeString]:
    """The article's parts for the story page: stored when they are current (no query),
    else rendered on the fly. `story` comes from `public.get_live_story(for_page=True)`:
    with its article, and without the fields only the article shows (read here if needed)."""
    stored: StoryArticle | None = getattr(story, "article", None)
    parts = stored.parts.get(language) if stored and stored.key == article_key(story) else None
    if parts is None:
        deferred = story.get_deferred_fields()
        if deferred:  # the body, kind, shown name and place: one query
            fields = story._meta.concrete_fields
            story.refresh_from_db(fields=[f.name for f in fields if f.attname in deferred])
        parts = render_parts(story, language)
    # Rendered by our own templates, autoescaped (the story's body is sanitised at save).
    return {part: mark_safe(parts[part]) for part in PARTS}  # noqa: S308


def store_articles(publication_ids: Iterable[int]) -> int:
    """Render and store the articles of those of `publication_ids` that are live (and drop
    the others'); returns how many were stored."""
    ids = list(publication_ids)
    stored = 0
    live = live_publications().filter(pk__in=ids).order_by()
    seen: set[int] = set()
    with transaction.atomic():
        for story in live:
            seen.add(story.pk)
            parts = {code: render_parts(story, code) for code, _name in settings.LANGUAGES}
            StoryArticle.objects.update_or_create(
                publication=story, defaults={"key": article_key(story), "parts": parts}
            )
            stored += 1
        StoryArticle.objects.filter(publication_id__in=set(ids) - seen).delete()
    return stored


def _after_commit(publication_ids: Iterable[int]) -> None:
    ids = [pk for pk in publication_ids if pk is not None]
    if ids:
        transaction.on_commit(lambda: store_articles(ids))


def _publication_saved(sender: type, instance: Publication, **kwargs: Any) -> None:
    _after_commit([instance.pk])


def _record_row_changed(sender: type, instance: Honour | Replication, **kwargs: Any) -> None:
    # Its record's story shows the row (spread or honours): render it again.
    stories = Publication.objects.filter(record_id=instance.record_id).values_list("pk", flat=True)
    _after_commit(list(stories))


def register() -> None:
    """Connect the writes that change what an article shows (`ExemplarsConfig.ready`)."""
    post_save.connect(_publication_saved, sender=Publication, dispatch_uid="story_article_pub")
    for model in (Honour, Replication):
        for signal in (post_save, post_delete):
            signal.connect(
                _record_row_changed, sender=model, dispatch_uid=f"story_article_{model.__name__}"
            )


def stale_story_ids(*, every: bool = False) -> list[int]:
    """The live stories whose stored article is missing or not current (all with `every`)."""
    stories = live_publications().select_related("article").order_by("pk")
    if every:
        return list(stories.values_list("pk", flat=True))
    fields = ("pk", "published_at", "share_id", "article__key")
    return [
        story.pk
        for story in stories.only(*fields)
        if getattr(story, "article", None) is None or story.article.key != article_key(story)
    ]
