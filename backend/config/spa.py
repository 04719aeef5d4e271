"""The single-page app's client routes (/purchase-requests/42, /approvals, ...) all answer the
built index.html, which loads the app that then renders the route. Its files (/assets/...) are
served by WhiteNoise from FRONTEND_DIST_DIR before a request reaches this view."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.views.decorators.http import require_safe

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>P2P</title></head>
<body><h1>The web app is not built yet</h1>
<p>Run <code>make run</code> (or <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>) and reload.
The API is at <a href="/api/docs/">/api/docs/</a>.</p></body></html>"""


@require_safe
def spa_index(request, path: str = ""):
    index = settings.FRONTEND_DIST_DIR / "index.html"
    if not index.is_file():
        return HttpResponse(NOT_BUILT, status=503, headers={"Cache-Control": "no-store", "Retry-After": "60"})
    # Always revalidated: a new build must reach users on their next navigation.
    return FileResponse(
        index.open("rb"),
        content_type="text/html; charset=utf-8",
        headers={
            "Cache-Control": "no-cache",
            "Content-Security-Policy": settings.SPA_CONTENT_SECURITY_POLICY,
        },
    )
