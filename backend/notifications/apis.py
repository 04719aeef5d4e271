from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import ListApiMixin, paginated_response

from . import selectors, services
from .models import Notification


class NotificationOutputSerializer(serializers.ModelSerializer):
    read_at = serializers.DateTimeField(allow_null=True, help_text="Null while unread.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "url", "created_at", "read_at"]


class NotificationListApi(ListApiMixin, APIView):
    class FilterSerializer(serializers.Serializer):
        unread = serializers.BooleanField(required=False, default=False, help_text="Only the unread ones (the bell's count).")

    @extend_schema(parameters=[FilterSerializer], responses=NotificationOutputSerializer(many=True))
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        notifications = selectors.notification_list(user=request.user, **filters.validated_data)
        return paginated_response(self, request, notifications, NotificationOutputSerializer)


class NotificationReadApi(APIView):
    @extend_schema(request=None, responses=NotificationOutputSerializer)
    def post(self, request, pk: int):
        notification = services.notification_read(notification=selectors.notification_get(user=request.user, pk=pk))
        return Response(NotificationOutputSerializer(notification).data)


class NotificationReadAllApi(APIView):
    class ReadAllOutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField(help_text="How many were unread.")

    @extend_schema(request=None, responses=ReadAllOutputSerializer)
    def post(self, request):
        return Response({"marked": services.notifications_read_all(user=request.user)})
