from csp.constants import NONCE, SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from geo_participation import formats
from geo_participation.core import moderation_views
from geo_participation.core import views as core_views
from geo_participation.projects import views as project_views

admin.site.site_header = _("Kaiserslautern MitWirkung – administration")
admin.site.site_title = _("MitWirkung administration")
admin.site.index_title = _("Projects, formats and moderation")

urlpatterns = [
    path("", project_views.home, name="home"),
    path("projekte/", include("geo_participation.projects.urls")),
    path("konto/", include("geo_participation.accounts.auth_urls")),
    path("profil/", include("geo_participation.accounts.urls")),
    path("seite/<slug:slug>/", core_views.page_detail, name="page"),
    path("sprache/", core_views.set_language, name="set-language"),
    path("favicon.ico", core_views.favicon),
    path("", include("maps.geo.urls")),
    path("moderation/", moderation_views.ModerationQueueView.as_view(), name="moderation-queue"),
    # Planners' data: the workspace, downloads and heatmaps, OGC API – Features, vector tiles (maps.planning).
    path("planung/", include("maps.planning.urls")),
    path("api/planning/", include("maps.planning.api_urls")),
    path("ogc/", include("maps.ogc.urls")),
    path("tiles/", include("maps.tiles.urls")),
    path("verwaltung/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The API docs' own policies: Swagger UI's page has an inline style (with the nonce; its start script is served
    # as a file by the split view); ReDoc's styled-components writes <style> elements at run time, which only
    # 'unsafe-inline' allows (and a nonce in style-src would switch it off), and runs its search in a blob: worker.
    path("api/docs/", csp_update({"style-src": [NONCE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
         name="api-docs"),
    path("api/redoc/", csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(SpectacularRedocView.as_view(url_name="api-schema")),
         name="api-redoc"),
]

# Each participation format brings its pages (/<url_prefix>/<module>/...) and its API (/api/<key>/...).
for fmt in formats.all_formats():
    urlpatterns.append(path(f"{fmt.url_prefix}/<slug:module_slug>/", include((fmt.urls, fmt.key), namespace=fmt.key)))
    if fmt.api_urls:
        urlpatterns.append(path(f"api/{fmt.key}/", include((fmt.api_urls, f"{fmt.key}-api"), namespace=f"{fmt.key}-api")))
    if fmt.site_urls:
        urlpatterns.append(path("", include((fmt.site_urls, f"{fmt.key}-site"), namespace=f"{fmt.key}-site")))

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.views.static import serve

    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
