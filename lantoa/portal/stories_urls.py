"""The public column: stories, their photos and feeds, places, search."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from lantoa.portal import views_media, views_meta, views_search
from lantoa.portal import views_stories as views
from lantoa.portal.feeds import StoriesAtom, StoriesRss
from lantoa.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("guong-sang/", views.story_list, name="story_list"),
    path("guong-sang/rss/", StoriesRss(), name="feed_rss"),
    path("guong-sang/atom/", StoriesAtom(), name="feed_atom"),
    path("guong-sang/<int:pk>/", views.story_detail, name="story"),
    path("guong-sang/<int:pk>-<slug:slug>/", views.story_detail, name="story_slug"),
    path(
        "guong-sang/<int:pk>/anh/<int:photo_pk>-<int:width>.jpg",
        views_media.story_photo,
        name="story_photo",
    ),
    path("dia-phuong/<slug:key>/", views.place_detail, name="place"),
    path("tim-kiem/", views_search.search, name="search"),
    path("ngon-ngu/<slug:code>/", views_meta.switch_language, name="language"),
    # The sections listed by /sitemap.xml (lantoa/urls.py).
    path("sitemap-<slug:section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
