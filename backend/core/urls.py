from django.urls import path

from . import views

urlpatterns = [
    path("health/", views.HealthApi.as_view(), name="health"),
    path("tasks/<str:task_id>/", views.TaskDetailApi.as_view(), name="task-detail"),
]
