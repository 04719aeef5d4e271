from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Department, User
from .permissions import Capability, permissions_for


class DepartmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name"]


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()


class UserOutputSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(allow_null=True)
    manager = UserRefSerializer(allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "role",
            "department",
            "manager",
            "spending_limit",
            "approval_limit",
            "is_active",
        ]


class MeOutputSerializer(UserOutputSerializer):
    permissions = serializers.SerializerMethodField()

    class Meta(UserOutputSerializer.Meta):
        fields = UserOutputSerializer.Meta.fields + ["permissions"]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Capability.choices)))
    def get_permissions(self, user) -> list[str]:
        return permissions_for(user)
