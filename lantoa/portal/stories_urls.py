from django.urls import path

from lantoa.portal import views_stories as views

urlpatterns = [
    path("", views.home, name="home"),
]
