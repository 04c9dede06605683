from django.urls import path

from . import api

urlpatterns = [
    path("<slug:module_slug>/", api.PollDetailApi.as_view(), name="poll-detail"),
    path("<slug:module_slug>/vote/", api.VoteApi.as_view(), name="vote"),
    path("<slug:module_slug>/result/", api.ResultApi.as_view(), name="result"),
]
