from django.urls import path

from . import apis

urlpatterns = [
    path("documents/", apis.DocumentListApi.as_view(), name="document-list"),
    path("documents/upload/", apis.DocumentUploadApi.as_view(), name="document-upload"),
    path("documents/<id:pk>/", apis.DocumentDetailApi.as_view(), name="document-detail"),
    path("documents/<id:pk>/download/", apis.DocumentDownloadApi.as_view(), name="document-download"),
    path("documents/<id:pk>/pages/<int:number>/", apis.DocumentPageImageApi.as_view(), name="document-page-image"),
]
