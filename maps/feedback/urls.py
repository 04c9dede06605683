from django.urls import path

from . import views

urlpatterns = [
    path("", views.FeedbackModuleView.as_view(), name="module-detail"),
    path("<slug:feature_slug>/", views.FeatureDetailView.as_view(), name="feature-detail"),
    path("<slug:feature_slug>/meinung/", views.OpinionSubmitView.as_view(), name="opinion-submit"),
    path("<slug:feature_slug>/meinung/zurueckziehen/", views.OpinionWithdrawView.as_view(), name="opinion-withdraw"),
    path("<slug:feature_slug>/meinungen/<int:pk>/melden/", views.OpinionReportView.as_view(), name="opinion-report"),
]
