from django.contrib.auth import views as auth_views
from django.urls import path

from actionplan.web import checkins, my_steps, reviews, scorecard, views, workload

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
        "o/<slug:org_key>/steps/<slug:strategy_key>/<slug:plan_key>/<slug:step_key>/edit",
        views.step_edit,
        name="step_edit",
    ),
    path(
        "o/<slug:org_key>/steps/<slug:strategy_key>/<slug:plan_key>/<slug:step_key>/preview",
        views.step_preview,
        name="step_preview",
    ),
    path(
        "o/<slug:org_key>/strategies/<slug:strategy_key>/start", views.strategy_start, name="strategy_start"
    ),
    path(
        "o/<slug:org_key>/plans/<slug:strategy_key>/<slug:plan_key>/start",
        views.plan_start,
        name="plan_start",
    ),
    path("o/<slug:org_key>/mine/", my_steps.my_steps, name="my_steps"),
    path("o/<slug:org_key>/workload/", workload.workload_page, name="workload"),
    path("o/<slug:org_key>/scorecard/", scorecard.scorecard_page, name="scorecard"),
    path("o/<slug:org_key>/reviews/", reviews.review_list, name="reviews"),
    path("o/<slug:org_key>/reviews/new", reviews.review_new, name="review_new"),
    path("o/<slug:org_key>/reviews/<int:review_id>/", reviews.review_minutes, name="review_minutes"),
    path(
        "o/<slug:org_key>/reviews/<int:review_id>/minutes.md", reviews.review_markdown, name="review_markdown"
    ),
    path(
        "o/<slug:org_key>/workload/suggestions/<slug:suggestion_id>/apply",
        workload.apply_suggestion,
        name="apply_suggestion",
    ),
    path("o/<slug:org_key>/workload/<slug:party_key>/<slug:week>/", workload.cell_page, name="workload_cell"),
    path(
        "o/<slug:org_key>/occurrences/<int:occurrence_id>/done", views.occurrence_done, name="occurrence_done"
    ),
    path(
        "o/<slug:org_key>/occurrences/<int:occurrence_id>/reopen",
        views.occurrence_reopen,
        name="occurrence_reopen",
    ),
    path(
        "o/<slug:org_key>/occurrences/<int:occurrence_id>/checkin",
        checkins.occurrence_checkin,
        name="occurrence_checkin",
    ),
]
