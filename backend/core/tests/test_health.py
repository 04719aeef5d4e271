import pytest

pytestmark = pytest.mark.django_db


def test_health_is_200_when_everything_is_up(api_client):
    response = api_client.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}


def test_health_is_503_when_the_cache_is_down(api_client, settings):
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    response = api_client.get("/api/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "service_unavailable" and body["checks"]["cache"] == "unavailable"
    assert body["checks"]["database"] == "ok"


def test_health_is_503_when_the_broker_is_down(api_client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = api_client.get("/api/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"
