"""Citizen nominations, under /bao-tin/ (see docs/nominations.md)."""

from django.urls import path

from lantoa.portal.views import nominations as views

urlpatterns = [
    path("", views.nominate, name="nominate"),
    path("xa/", views.communes, name="nomination_communes"),
    path("theo-doi/", views.track, name="nomination_track"),
    path("theo-doi/<str:code>/", views.status, name="nomination_status"),
]
