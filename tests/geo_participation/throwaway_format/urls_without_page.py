from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("ergebnis/", lambda request, module_slug: HttpResponse("ok"), name="result")]
