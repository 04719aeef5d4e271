from django.http import JsonResponse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import permission_denied as django_permission_denied
from django.views.defaults import server_error as django_server_error
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .exceptions import envelope
from .health import health_report
from .selectors import task_status_get


class HealthApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("Health", {"status": serializers.CharField(), "checks": serializers.DictField()}))
    def get(self, request):
        healthy, checks = health_report()
        if healthy:
            return Response({"status": "ok", "checks": checks})
        body = envelope("service_unavailable", "A service the product needs is unavailable.")
        body.update(status="unavailable", checks=checks)
        return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE)


class TaskDetailApi(APIView):
    """A background task's state, for the user who started it or an admin (404 for anyone else).
    A document's processing task answers from the document: the same status and progress as
    GET /api/documents/{id}/."""

    # An app whose tasks keep their state on their own rows registers a source for it
    # (documents, from DocumentsConfig.ready); a task no source knows is a TrackedTask read from
    # the result backend (core.services.task_enqueue). A source is a function (task_id=, user=)
    # returning a status in the shape below, None if the id is not its task, or raising Http404
    # if it is but not the user's. Core imports no app: they register here.
    status_sources: list = []

    @classmethod
    def register_status_source(cls, source) -> None:
        if source not in cls.status_sources:
            cls.status_sources.append(source)

    class TaskStatusOutputSerializer(serializers.Serializer):
        task_id = serializers.CharField()
        state = serializers.ChoiceField(choices=["PENDING", "STARTED", "PROGRESS", "SUCCESS", "FAILURE", "RETRY"])
        progress = serializers.IntegerField(min_value=0, max_value=100)
        result = serializers.JSONField(allow_null=True)
        error = serializers.CharField(allow_null=True)

    @extend_schema(responses=TaskStatusOutputSerializer)
    def get(self, request, task_id: str):
        for source in self.status_sources:
            task_status = source(task_id=task_id, user=request.user)
            if task_status is not None:
                break
        else:
            task_status = task_status_get(task_id=task_id, user=request.user)
        return Response(self.TaskStatusOutputSerializer(task_status).data)


# --- Error pages: JSON envelope under /api/, Django's own pages elsewhere ---------------


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(envelope("not_found", "Not found."), status=404)
    return page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(envelope("server_error", "An unexpected error occurred. It has been logged."), status=500)
    return django_server_error(request)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse(envelope("bad_request", "The request could not be understood."), status=400)
    return django_bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(envelope("permission_denied", "You do not have permission to do this."), status=403)
    return django_permission_denied(request, exception)


def csrf_failure(request, reason=""):
    if _is_api(request):
        return JsonResponse(envelope("csrf_failed", f"CSRF check failed: {reason}"), status=403)
    return django_csrf_failure(request, reason)
