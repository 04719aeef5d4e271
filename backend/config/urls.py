from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.spa import spa_index
from core import views as core_views
from core.converters import IdConverter

register_converter(IdConverter, "id")

api_patterns = [
    path("", include("core.urls")),
    path("", include("users.urls")),
    path("", include("currencies.urls")),
    path("", include("purchases.urls")),
    path("", include("reports.urls")),
    path("", include("documents.urls")),
    path("", include("invoices.urls")),
    path("", include("payments.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    # Everything else is a client route of the web app (never /api/, /admin/, /static/, /media/).
    re_path(r"^(?!(?:api|admin|static|media)(?:/|$))(?P<path>.*)$", spa_index, name="spa"),
]

handler404 = core_views.not_found
handler500 = core_views.server_error
handler400 = core_views.bad_request
handler403 = core_views.permission_denied
