"""Public verification of issued documents and certificates (docs/documents.md)."""

from django.urls import path

from lantoa.portal.views import documents as views

urlpatterns = [
    path("", views.lookup, name="document_lookup"),
    path("<str:verification_id>/", views.verify, name="document_verify"),
]
