from django.urls import path

from . import api

urlpatterns = [
    path("<slug:module_slug>/", api.SurveyDetailApi.as_view(), name="survey"),
    path("<slug:module_slug>/response/", api.ResponseApi.as_view(), name="response"),
    path("<slug:module_slug>/results/", api.ResultsApi.as_view(), name="results"),
    path("<slug:module_slug>/results/heatmap.geojson", api.HeatmapApi.as_view(), name="heatmap"),
    path("<slug:module_slug>/export.csv", api.ExportCsvApi.as_view(), name="export-csv"),
    path("<slug:module_slug>/marks.geojson", api.MarksApi.as_view(), name="marks"),
]
