"""RSS and Atom feeds of the latest live stories, with the list page's filters."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import gettext as _

from lantoa.exemplars.models import Publication
from lantoa.exemplars.stories import public as public_stories
from lantoa.exemplars.stories.public import StoryFilters
from lantoa.portal.views.common import story_path

ITEMS = 20


class StoriesRss(Feed[Publication, StoryFilters]):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    # The filters travel as the feed's "object"; the Feed instance is shared by all requests.
    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> StoryFilters:
        return StoryFilters.from_query(request.GET)

    def title(self, obj: StoryFilters) -> str:
        return _("Good people, good deeds")

    def description(self, obj: StoryFilters) -> str:
        return _("Stories of good people and good deeds, and the units that learned from them.")

    subtitle = description  # Atom's name for it

    def link(self, obj: StoryFilters) -> str:
        query = obj.as_query()
        return reverse("portal:story_list") + (f"?{query}" if query else "")

    def items(self, obj: StoryFilters) -> list[Publication]:
        return list(public_stories.filtered_stories(obj)[:ITEMS])

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        # Readers treat the description as HTML; the summary is plain text.
        return escape(item.summary)

    def item_link(self, item: Publication) -> str:
        return story_path(item)

    def item_pubdate(self, item: Publication) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: Publication) -> datetime.datetime:
        return item.published_at


class StoriesAtom(StoriesRss):
    feed_type = Atom1Feed
