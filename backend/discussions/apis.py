from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import ListApiMixin, paginated_response

from . import selectors, services
from .serializers import CommentInputSerializer, CommentOutputSerializer


class CommentsApi(ListApiMixin, APIView):
    """The discussion of one object. A subclass names the object (through the domain's own
    selector, so whoever may not see it gets 404), its followers and who may see it."""

    what = "object"

    def get_instance(self, request, pk: int):
        raise NotImplementedError

    def followers(self, instance) -> list:
        raise NotImplementedError

    def may_see(self, user, instance) -> bool:
        raise NotImplementedError

    def app_path(self, instance) -> str:
        raise NotImplementedError

    @extend_schema(responses=CommentOutputSerializer(many=True), description="The discussion, oldest first.")
    def get(self, request, pk: int):
        instance = self.get_instance(request, pk)
        return paginated_response(self, request, selectors.comment_list(instance=instance), CommentOutputSerializer)

    @extend_schema(
        request=CommentInputSerializer,
        responses={201: CommentOutputSerializer},
        description="Adds a comment (append-only); mentioned people and followers are notified.",
    )
    def post(self, request, pk: int):
        instance = self.get_instance(request, pk)
        body = CommentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = services.comment_create(
            instance=instance,
            author=request.user,
            body=body.validated_data["body"],
            documents=body.validated_data["documents"],
            may_see=lambda user: self.may_see(user, instance),
            followers=self.followers(instance),
            url=self.app_path(instance),
            what=self.what,
        )
        comment = selectors.comment_list(instance=instance).get(pk=comment.pk)
        return Response(CommentOutputSerializer(comment).data, status=status.HTTP_201_CREATED)
