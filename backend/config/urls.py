from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, re_path, register_converter
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.spa import spa_index
from core import views as core_views
from core.converters import IdConverter

register_converter(IdConverter, "id")

# An internal business app: no crawler indexes any of it (Nginx answers the same, deploy/nginx/).
ROBOTS_TXT = "User-agent: *\nDisallow: /\n"


@require_safe
def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8", headers={"Cache-Control": "public, max-age=86400"})


api_patterns = [
    path("", include("core.urls")),
    path("", include("users.urls")),
    path("", include("currencies.urls")),
    path("", include("purchases.urls")),
    path("", include("reports.urls")),
    path("", include("documents.urls")),
    path("", include("invoices.urls")),
    path("", include("payments.urls")),
    path("", include("notifications.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Everything else is a client route of the web app (never /api/, /admin/, /static/, /media/).
    re_path(r"^(?!(?:api|admin|static|media)(?:/|$))(?P<path>.*)$", spa_index, name="spa"),
]

handler404 = core_views.not_found
handler500 = core_views.server_error
handler400 = core_views.bad_request
handler403 = core_views.permission_denied
