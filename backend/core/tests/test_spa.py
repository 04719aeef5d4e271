"""Django serves the built web app: its hashed assets with long caching and compression, and
index.html for every client route, never for /api/, /admin/ or /static/."""

import gzip

import pytest
from django.conf import settings
from django.test import Client, override_settings

INDEX = '<!doctype html><div id="root"></div><script type="module" src="/assets/index-Ab3_x-9Z.js"></script>'
SCRIPT = b"console.log('p2p');" * 200


@pytest.fixture
def dist(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-Ab3_x-9Z.js").write_bytes(SCRIPT)
    (tmp_path / "assets" / "index-Ab3_x-9Z.js.gz").write_bytes(gzip.compress(SCRIPT))
    (tmp_path / "favicon.svg").write_text("<svg/>")
    # WhiteNoise reads its root when the middleware is built: a new Client builds a new one.
    with override_settings(FRONTEND_DIST_DIR=tmp_path, WHITENOISE_ROOT=tmp_path):
        yield Client()


@pytest.mark.parametrize("path", ["/", "/login", "/purchase-requests/42", "/approvals?status=PENDING"])
def test_client_routes_answer_index_html_revalidated(dist, path):
    response = dist.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-cache"
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).decode() == INDEX


def test_hashed_assets_are_immutable_and_served_compressed(dist):
    response = dist.get("/assets/index-Ab3_x-9Z.js", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
    assert gzip.decompress(b"".join(response.streaming_content)) == SCRIPT
    plain = dist.get("/favicon.svg")
    assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]


@pytest.mark.django_db
def test_api_admin_and_static_paths_never_fall_back_to_the_app(dist):
    api = dist.get("/api/no-such-thing/")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    assert dist.get("/admin/").status_code == 302  # the admin's own login
    assert dist.get("/static/nothing.css").status_code == 404
    assert dist.get("/apix").status_code == 200  # only whole segments are reserved


def test_unsafe_methods_are_refused_and_a_missing_build_says_what_to_do(dist, tmp_path_factory):
    assert dist.post("/purchase-requests/").status_code == 405
    with override_settings(FRONTEND_DIST_DIR=tmp_path_factory.mktemp("empty"), WHITENOISE_ROOT=None):
        response = Client().get("/dashboard")
    assert response.status_code == 503 and b"make run" in response.content


def test_the_policy_is_the_gateways():
    """make run (Django) and production (Nginx) give the app the same Content-Security-Policy."""
    nginx = (settings.REPO_DIR / "deploy" / "nginx" / "security-headers.conf").read_text()
    assert f'add_header Content-Security-Policy "{settings.SPA_CONTENT_SECURITY_POLICY}" always;' in nginx
