from django.urls import URLPattern

urlpatterns: list[URLPattern] = []  # filled by the nominations work
