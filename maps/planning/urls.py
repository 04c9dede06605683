from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.WorkspaceView.as_view(), name="workspace"),
    path("zugang/", views.TokenCreateView.as_view(), name="token-create"),
    path("zugang/<int:pk>/widerrufen/", views.TokenRevokeView.as_view(), name="token-revoke"),
]
