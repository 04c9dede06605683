from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.RaffleView.as_view(), name="module-detail"),
    path("lose.csv", views.PublishedFileView.as_view(kind="tickets"), name="tickets-csv"),
    path("ziehung.json", views.PublishedFileView.as_view(kind="draw"), name="draw-json"),
    # the staff page: the draw, then handovers and unclaimed prizes (a reserve moves up)
    path("ziehung/", views.StaffView.as_view(), name="staff"),
    re_path(r"^ziehung/gewinne/(?P<draw>[0-9]{1,4})/(?P<action>uebergeben|nicht-abgeholt)/$",
            views.WinnerActionView.as_view(), name="winner-action"),
]
