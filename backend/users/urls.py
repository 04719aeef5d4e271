from django.urls import path

from . import apis

urlpatterns = [
    path("auth/csrf/", apis.CsrfApi.as_view(), name="auth-csrf"),
    path("auth/login/", apis.LoginApi.as_view(), name="auth-login"),
    path("auth/refresh/", apis.RefreshApi.as_view(), name="auth-refresh"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/me/", apis.MeApi.as_view(), name="auth-me"),
    path("auth/token/", apis.TokenObtainApi.as_view(), name="auth-token"),
    path("users/", apis.UserListCreateApi.as_view(), name="user-list"),
    path("users/<id:user_id>/", apis.UserDetailApi.as_view(), name="user-detail"),
    path("departments/", apis.DepartmentListCreateApi.as_view(), name="department-list"),
    path("departments/<id:pk>/", apis.DepartmentDetailApi.as_view(), name="department-detail"),
    path("audit-events/", apis.AuditEventListApi.as_view(), name="audit-event-list"),
]
