from django.contrib.auth import views as auth_views
from django.urls import path

from lantoa.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reset/", views.password_reset, name="password_reset"),
    path("link/<str:token>/", views.link, name="link"),
]
