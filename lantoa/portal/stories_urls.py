"""The public column: stories, their photos and feeds, places, search."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from lantoa.portal.feeds import StoriesAtom, StoriesRss
from lantoa.portal.sitemaps import SITEMAPS
from lantoa.portal.views import media, meta, search, stories

urlpatterns = [
    path("", stories.home, name="home"),
    path("guong-sang/", stories.story_list, name="story_list"),
    path("guong-sang/rss/", StoriesRss(), name="feed_rss"),
    path("guong-sang/atom/", StoriesAtom(), name="feed_atom"),
    path("guong-sang/<int:pk>/", stories.story_detail, name="story"),
    path("guong-sang/<int:pk>-<slug:slug>/", stories.story_detail, name="story_slug"),
    path(
        "guong-sang/<int:pk>/anh/<int:photo_pk>-<int:width>.jpg",
        media.story_photo,
        name="story_photo",
    ),
    path("dia-phuong/<slug:key>/", stories.place_detail, name="place"),
    path("tim-kiem/", search.search, name="search"),
    path("ngon-ngu/<slug:code>/", meta.switch_language, name="language"),
    # The sections listed by /sitemap.xml (lantoa/urls.py).
    path("sitemap-<slug:section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
