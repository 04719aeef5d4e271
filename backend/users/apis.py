import json

from django.conf import settings
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError
from core.exports import FORMAT_PARAMETER, Column, ExportableList, list_or_export
from core.idempotency import IDEMPOTENCY_HEADER, idempotent
from core.middleware import client_ip
from core.money import MONEY
from core.pagination import ListApiMixin, paginated_response
from core.selectors import audit_event_list
from core.serializers import IdField, StrictInputSerializer

from .authentication import bearer_token, enforce_csrf
from .models import Department, Role, User
from .permissions import IsAdmin, IsAuditor
from .selectors import department_list, user_list
from .serializers import DepartmentRefSerializer, MeOutputSerializer, UserOutputSerializer, UserRefSerializer
from .services import (
    TokenPair,
    auth_login,
    auth_logout,
    auth_refresh,
    department_create,
    department_update,
    user_create,
    user_update,
)

TokenPairSerializer = inline_serializer("TokenPair", {"access": serializers.CharField(), "refresh": serializers.CharField()})


def _set_auth_cookies(response: Response, tokens: TokenPair) -> None:
    jwt = settings.SIMPLE_JWT
    common = {"httponly": True, "secure": settings.JWT_COOKIE_SECURE, "samesite": settings.JWT_COOKIE_SAMESITE}
    response.set_cookie(
        settings.JWT_ACCESS_COOKIE,
        tokens.access,
        max_age=int(jwt["ACCESS_TOKEN_LIFETIME"].total_seconds()),
        path="/",
        **common,
    )
    response.set_cookie(
        settings.JWT_REFRESH_COOKIE,
        tokens.refresh,
        max_age=int(jwt["REFRESH_TOKEN_LIFETIME"].total_seconds()),
        path=settings.JWT_REFRESH_COOKIE_PATH,
        **common,
    )


def _clear_auth_cookies(response: Response) -> None:
    response.delete_cookie(settings.JWT_ACCESS_COOKIE, path="/", samesite=settings.JWT_COOKIE_SAMESITE)
    response.delete_cookie(
        settings.JWT_REFRESH_COOKIE, path=settings.JWT_REFRESH_COOKIE_PATH, samesite=settings.JWT_COOKIE_SAMESITE
    )


class CredentialsSerializer(StrictInputSerializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class CsrfApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("Csrf", {"csrftoken": serializers.CharField()}))
    def get(self, request):
        return Response({"csrftoken": get_token(request)})


class LoginApi(APIView):
    """Browser sign-in: sets the HttpOnly token cookies. CSRF is checked here too, although the
    caller is not signed in yet, so that another site cannot sign a browser into an account."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=CredentialsSerializer, responses=MeOutputSerializer)
    def post(self, request):
        enforce_csrf(request)
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user, tokens = auth_login(**credentials.validated_data, client=client_ip(request))
        response = Response(MeOutputSerializer(user).data)
        _set_auth_cookies(response, tokens)
        get_token(request)  # rotate the CSRF cookie along with the session
        return response


class TokenObtainApi(APIView):
    """Sign-in for non-browser clients: the tokens come back in the body, no cookies, no CSRF."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=CredentialsSerializer, responses=TokenPairSerializer)
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        _, tokens = auth_login(**credentials.validated_data, client=client_ip(request))
        return Response({"access": tokens.access, "refresh": tokens.refresh})


class RefreshInputSerializer(StrictInputSerializer):
    refresh = serializers.CharField(required=False, max_length=2000)


class RefreshApi(APIView):
    """Rotates the refresh token. From the cookie (browser; CSRF checked, new cookies set) or
    from the body (other clients; new pair in the body)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=RefreshInputSerializer, responses=TokenPairSerializer)
    def post(self, request):
        body = RefreshInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        raw = body.validated_data.get("refresh")
        if raw:
            _, tokens = auth_refresh(refresh=raw)
            return Response({"access": tokens.access, "refresh": tokens.refresh})
        enforce_csrf(request)
        raw = request.COOKIES.get(settings.JWT_REFRESH_COOKIE)
        if not raw:
            raise ApplicationError("not_authenticated", "No refresh token was sent. Sign in again.", status_code=401)
        user, tokens = auth_refresh(refresh=raw)
        response = Response(MeOutputSerializer(user).data)
        _set_auth_cookies(response, tokens)
        return response


class LogoutApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=RefreshInputSerializer, responses={204: None})
    def post(self, request):
        body = RefreshInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        raw = body.validated_data.get("refresh")
        access = bearer_token(request)
        if not raw:
            enforce_csrf(request)  # before anything is read from the cookies
            raw = request.COOKIES.get(settings.JWT_REFRESH_COOKIE)
            access = access or request.COOKIES.get(settings.JWT_ACCESS_COOKIE)
        auth_logout(refresh=raw, access=access)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        _clear_auth_cookies(response)
        return response


class MeApi(APIView):
    @extend_schema(responses=MeOutputSerializer)
    def get(self, request):
        return Response(MeOutputSerializer(request.user).data)


# --- User administration (admins only) -------------------------------------------------


class UserFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=100, help_text="Part of the email or name.")
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    department = IdField(required=False)
    # HTML-form parsing reads a missing boolean as False: default to None, meaning "any".
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class UserWriteSerializer(StrictInputSerializer):
    email = serializers.EmailField(max_length=254)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), allow_null=True, required=False)
    manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True, required=False)
    spending_limit = serializers.DecimalField(**MONEY, min_value=0, required=False)
    approval_limit = serializers.DecimalField(**MONEY, min_value=0, required=False)
    is_active = serializers.BooleanField(required=False)
    password = serializers.CharField(write_only=True, min_length=8, max_length=128, trim_whitespace=False)

    def validate_email(self, value: str) -> str:
        value = value.lower()
        others = User.objects.filter(email__iexact=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError("A user with this email already exists.")
        return value


class UserListCreateApi(ListApiMixin, APIView):
    permission_classes = [IsAdmin]

    @extend_schema(parameters=[UserFilterSerializer], responses=UserOutputSerializer(many=True))
    def get(self, request):
        filters = UserFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(self, request, user_list(filters=filters.validated_data), UserOutputSerializer)

    @extend_schema(request=UserWriteSerializer, responses={201: UserOutputSerializer})
    def post(self, request):
        body = UserWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = user_create(actor=request.user, **body.validated_data)
        return Response(UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class UserDetailApi(APIView):
    permission_classes = [IsAdmin]

    def _get(self, user_id: int) -> User:
        return get_object_or_404(user_list(), pk=user_id)

    @extend_schema(responses=UserOutputSerializer)
    def get(self, request, user_id: int):
        return Response(UserOutputSerializer(self._get(user_id)).data)

    @extend_schema(request=UserWriteSerializer, responses=UserOutputSerializer)
    def patch(self, request, user_id: int):
        user = self._get(user_id)
        body = UserWriteSerializer(instance=user, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        user = user_update(actor=request.user, user=user, **body.validated_data)
        return Response(UserOutputSerializer(user).data)


# --- Departments (every signed-in user reads them; admins write) --------------------------


class DepartmentOutputSerializer(DepartmentRefSerializer):
    manager = UserRefSerializer(allow_null=True)
    annual_budget = serializers.DecimalField(**MONEY)

    class Meta(DepartmentRefSerializer.Meta):
        fields = ["id", "code", "name", "annual_budget", "manager"]


class DepartmentInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=120)
    code = serializers.CharField(max_length=20)
    annual_budget = serializers.DecimalField(**MONEY, min_value=0)
    manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False, allow_null=True)


class _WriteForAdmin:
    def get_permissions(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return super().get_permissions()
        return [IsAdmin()]


class DepartmentListCreateApi(_WriteForAdmin, ListApiMixin, APIView):
    class DepartmentFilterSerializer(serializers.Serializer):
        search = serializers.CharField(required=False, max_length=100, help_text="Part of the name or code.")

    @extend_schema(parameters=[DepartmentFilterSerializer], responses=DepartmentOutputSerializer(many=True))
    def get(self, request):
        filters = self.DepartmentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(self, request, department_list(filters=filters.validated_data), DepartmentOutputSerializer)

    @extend_schema(
        request=DepartmentInputSerializer, responses={201: DepartmentOutputSerializer}, parameters=[IDEMPOTENCY_HEADER]
    )
    @idempotent
    def post(self, request):
        body = DepartmentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        department = department_create(actor=request.user, **body.validated_data)
        return Response(DepartmentOutputSerializer(department).data, status=status.HTTP_201_CREATED)


class DepartmentDetailApi(_WriteForAdmin, APIView):
    @extend_schema(responses=DepartmentOutputSerializer)
    def get(self, request, pk: int):
        return Response(DepartmentOutputSerializer(get_object_or_404(department_list(), pk=pk)).data)

    @extend_schema(request=DepartmentInputSerializer, responses=DepartmentOutputSerializer)
    def patch(self, request, pk: int):
        department = get_object_or_404(department_list(), pk=pk)
        body = DepartmentInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        department = department_update(actor=request.user, department=department, **body.validated_data)
        return Response(DepartmentOutputSerializer(department).data)


# --- The audit trail (finance and admins) -------------------------------------------------


class AuditEventListApi(ExportableList, ListApiMixin, APIView):
    permission_classes = [IsAuditor]
    export_name = "audit-events"
    export_columns = [
        Column("When", lambda e: e.created_at),
        Column("Who", lambda e: e.actor.email if e.actor else "system"),
        Column("Action", lambda e: e.action),
        Column("Object type", lambda e: e.object_type),
        Column("Object id", lambda e: e.object_id),
        Column("Object", lambda e: e.object_repr),
        Column("Before", lambda e: json.dumps(e.before, sort_keys=True, default=str) if e.before else ""),
        Column("After", lambda e: json.dumps(e.after, sort_keys=True, default=str) if e.after else ""),
        Column("IP address", lambda e: e.ip_address),
    ]

    class AuditEventFilterSerializer(serializers.Serializer):
        object_type = serializers.CharField(required=False, max_length=100)
        object_id = serializers.CharField(required=False, max_length=64)
        action = serializers.CharField(
            required=False, max_length=64, help_text='An action or its start: "purchase_order" finds every action on orders.'
        )
        actor = IdField(required=False)
        actor_email = serializers.CharField(required=False, max_length=254, help_text="Part of the actor's e-mail.")
        search = serializers.CharField(required=False, max_length=200, help_text="Part of the object's name (a number).")
        since = serializers.DateField(required=False, help_text="From this day (inclusive).")
        until = serializers.DateField(required=False, help_text="To this day (inclusive).")

        def validate(self, attrs):
            if attrs.get("since") and attrs.get("until") and attrs["until"] < attrs["since"]:
                raise serializers.ValidationError({"until": ["Must not be before since."]})
            return attrs

    class AuditEventOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        actor = serializers.IntegerField(source="actor_id", allow_null=True)
        actor_email = serializers.EmailField(source="actor.email", default=None)
        action = serializers.CharField()
        object_type = serializers.CharField()
        object_id = serializers.CharField()
        object_repr = serializers.CharField()
        before = serializers.DictField(allow_null=True, help_text="The audited fields before the change.")
        after = serializers.DictField(allow_null=True, help_text="The audited fields after the change.")
        ip_address = serializers.IPAddressField(allow_null=True)
        created_at = serializers.DateTimeField()

    @extend_schema(
        parameters=[AuditEventFilterSerializer, FORMAT_PARAMETER],
        responses=list_or_export(AuditEventOutputSerializer(many=True)),
    )
    def get(self, request):
        filters = self.AuditEventFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        events = audit_event_list(filters=filters.validated_data)
        return self.exported(request, events) or paginated_response(self, request, events, self.AuditEventOutputSerializer)
