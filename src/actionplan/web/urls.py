from django.contrib.auth import views as auth_views
from django.urls import path

from actionplan.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("o/<slug:org_key>/", views.strategy_tree, name="tree"),
    path(
        "o/<slug:org_key>/steps/<slug:strategy_key>/<slug:plan_key>/<slug:step_key>/",
        views.step_detail,
        name="step",
    ),
    path(
        "o/<slug:org_key>/occurrences/<int:occurrence_id>/done", views.occurrence_done, name="occurrence_done"
    ),
    path(
        "o/<slug:org_key>/occurrences/<int:occurrence_id>/reopen",
        views.occurrence_reopen,
        name="occurrence_reopen",
    ),
]
