"""`Idempotency-Key` for creates: a retried POST with the same key returns the first answer
instead of creating a second object."""

import hashlib
import json
from functools import wraps

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from .exceptions import ApplicationError
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
# Declared on every create that takes the header (`@extend_schema(parameters=[IDEMPOTENCY_HEADER])`).
IDEMPOTENCY_HEADER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Retrying a create with the same key returns the first result instead of creating again.",
)


def _replay(record: IdempotencyRecord, digest: str) -> Response:
    if record.request_hash != digest:
        raise ApplicationError(
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different request.",
            status_code=422,
        )
    return Response(record.response_body, status=record.response_status, headers={"Idempotent-Replayed": "true"})


def idempotent(view_method):
    """Wrap an APIView `post`. Without the header it changes nothing. With it, the create and the
    record of its answer commit together; a concurrent duplicate loses on the record's unique
    constraint, rolls back its own create and answers with the winner's result."""

    @wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(view, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > 255:
            raise ApplicationError("invalid_idempotency_key", f"{HEADER} must be 1 to 255 characters.")
        digest = hashlib.sha256(json.dumps(request.data, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()
        lookup = {"user": request.user, "endpoint": request.path, "key": key}
        existing = IdempotencyRecord.objects.filter(**lookup).first()
        if existing:
            return _replay(existing, digest)
        try:
            with transaction.atomic():
                response = view_method(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotencyRecord.objects.create(
                        **lookup,
                        request_hash=digest,
                        response_status=response.status_code,
                        response_body=response.data,
                    )
                return response
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(**lookup).first()
            if existing is None:
                raise
            return _replay(existing, digest)

    return wrapper
