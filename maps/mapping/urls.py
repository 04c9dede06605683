from django.urls import path

from . import views

urlpatterns = [
    path("", views.ModuleDetailView.as_view(), name="module-detail"),
    path("beitraege/neu/", views.ContributionCreateView.as_view(), name="contribution-create"),
    path("beitraege/<int:pk>/", views.ContributionDetailView.as_view(), name="contribution-detail"),
    path("beitraege/<int:pk>/bearbeiten/", views.ContributionChangeView.as_view(), name="contribution-change"),
    path("beitraege/<int:pk>/zurueckziehen/", views.ContributionWithdrawView.as_view(), name="contribution-withdraw"),
    path("beitraege/<int:pk>/unterstuetzen/", views.SupportView.as_view(), name="contribution-support"),
    path("beitraege/<int:pk>/fotos/<int:photo_pk>.jpg", views.PhotoView.as_view(), name="photo"),
    path("beitraege/<int:pk>/fotos/<int:photo_pk>-klein.jpg", views.PhotoView.as_view(thumbnail=True),
         name="photo-thumbnail"),
    path("beitraege/<int:pk>/melden/", views.ReportView.as_view(), name="contribution-report"),
    path("beitraege/<int:pk>/kommentare/<int:comment_pk>/melden/", views.ReportView.as_view(), name="comment-report"),
]
