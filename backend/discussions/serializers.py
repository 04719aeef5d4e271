from rest_framework import serializers

from core.serializers import IdField, StrictInputSerializer
from users.serializers import UserRefSerializer

from .models import Comment


class CommentDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_filename = serializers.CharField()


class CommentOutputSerializer(serializers.ModelSerializer):
    author = UserRefSerializer()
    mentions = UserRefSerializer(many=True)
    documents = CommentDocumentSerializer(many=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "mentions", "documents", "created_at"]


class CommentInputSerializer(StrictInputSerializer):
    body = serializers.CharField(max_length=5000, help_text="The message; @someone@example.com mentions a person.")
    documents = serializers.ListField(
        child=IdField(), required=False, default=list, max_length=20, help_text="Documents you uploaded, to attach."
    )
