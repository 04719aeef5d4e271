"""One error type for services and one handler that turns every error under /api/ into the
envelope of API.md: {"code", "detail", "fields"?}."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .constraints import integrity_error_violation, validation_error_fields

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    """A domain rule was broken. Services raise it; the API answers with the envelope."""

    def __init__(self, code: str, message: str, *, fields: dict | None = None, status_code: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields
        self.status_code = status_code


def invalid_field(field: str, message: str) -> ApplicationError:
    """400 validation_error with `message` under `field`."""
    return ApplicationError("validation_error", message, fields={field: [message]})


def conflict(message: str, code: str = "invalid_transition") -> ApplicationError:
    return ApplicationError(code, message, status_code=status.HTTP_409_CONFLICT)


def envelope(code: str, detail: str, fields: dict | None = None) -> dict:
    body = {"code": code, "detail": detail}
    if fields is not None:
        body["fields"] = fields
    return body


def _first_code(codes) -> str | None:
    if isinstance(codes, str):
        return codes
    if isinstance(codes, dict):
        codes = codes.get("code") or next(iter(codes.values()), None)
        return _first_code(codes)
    if isinstance(codes, list) and codes:
        return _first_code(codes[0])
    return None


def _detail_text(detail) -> str:
    if isinstance(detail, dict):
        detail = detail.get("detail", next(iter(detail.values()), ""))
    if isinstance(detail, list):
        detail = detail[0] if detail else ""
    return str(detail)


def _suspicious_operation_response(exc: SuspiciousOperation) -> Response:
    """Django's request-parsing limits (raised lazily, when a view first reads request.data) and
    any other SuspiciousOperation: the client's fault, as Django itself answers them outside DRF."""
    logging.getLogger(f"django.security.{exc.__class__.__name__}").warning("%s", exc)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        detail = f"The request body is too large (more than {limit} bytes outside uploaded files)."
        return Response(envelope("request_too_large", detail), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, TooManyFilesSent):
        detail = f"The request sends more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files."
        return Response(envelope("too_many_files", detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, TooManyFieldsSent):
        detail = f"The request sends more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields."
        return Response(envelope("too_many_fields", detail), status=status.HTTP_400_BAD_REQUEST)
    return Response(envelope("bad_request", "The request could not be understood."), status=status.HTTP_400_BAD_REQUEST)


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(envelope(exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, SuspiciousOperation):
        return _suspicious_operation_response(exc)
    if isinstance(exc, (OverflowError, DataError)):
        # A number or text the database column cannot hold (an id beyond BIGINT, say): the
        # client's value is wrong, not the server.
        logger.info("value out of range for the database: %s", exc)
        return Response(envelope("invalid_value", "A value in the request is out of range."), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        # A constraint of a model that full_clean() checked but a concurrent save got past: the
        # same answer as when full_clean() finds it. Any other integrity error is a bug (500).
        violation = integrity_error_violation(exc)
        if violation is not None:
            logger.info("constraint violated in the database: %s", exc)
            exc = exceptions.ValidationError({violation.field: [violation.message]})
    if isinstance(exc, DjangoValidationError):
        # Constraint violations under the field they guard, with a sentence, never Django's
        # 'Constraint "..." is violated.' (core/constraints.py).
        exc = exceptions.ValidationError(validation_error_fields(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API exception: a bug. Log it whole and answer with the envelope, never HTML.
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__)
        return Response(
            envelope("server_error", "An unexpected error occurred. It has been logged."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        response.data = envelope("validation_error", "Some fields are invalid.", fields)
        return response

    code = _first_code(exc.get_codes()) or "error"
    expired = code == "token_not_valid"
    detail = "Your session is not valid or has expired. Sign in again." if expired else _detail_text(exc.detail)
    response.data = envelope(code, detail)
    return response
