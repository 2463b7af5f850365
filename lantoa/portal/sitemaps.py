"""sitemap.xml: an index of sections (Django splits a section into pages of 50,000 URLs)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from lantoa.exemplars.models import Publication
from lantoa.exemplars.stories import public as public_stories
from lantoa.orgs.models import AdminUnit
from lantoa.portal.views.common import story_path


class PagesSitemap(Sitemap[str]):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["portal:home", "portal:story_list"]

    def location(self, item: str) -> str:
        return reverse(item)


class StoriesSitemap(Sitemap[Publication]):
    changefreq = "monthly"

    def items(self) -> QuerySet[Publication]:
        return public_stories.live_stories().order_by("pk").only("pk", "title", "published_at")

    def location(self, item: Publication) -> str:
        return story_path(item)

    def lastmod(self, item: Publication) -> datetime.datetime:
        return item.published_at


class PlacesSitemap(Sitemap[AdminUnit]):
    changefreq = "weekly"

    def items(self) -> QuerySet[AdminUnit]:
        return public_stories.places_with_stories().only("pk", "code", "scheme")

    def location(self, item: AdminUnit) -> str:
        return reverse("portal:place", args=[public_stories.place_key(item)])


SITEMAPS: dict[str, Any] = {
    "pages": PagesSitemap,
    "stories": StoriesSitemap,
    "places": PlacesSitemap,
}
