"""Citizen nominations, under /bao-tin/ (see docs/nominations.md)."""

from django.urls import path

from lantoa.portal.views import nominations as views

urlpatterns = [
    path("", views.nominate, name="nominate"),
    path("xa/", views.communes, name="nomination_communes"),
    path("anh-tam/<str:token>/", views.held_photo, name="nomination_held_photo"),
    path("theo-doi/", views.track, name="nomination_track"),
    path("theo-doi/<str:code>/", views.status, name="nomination_status"),
]
