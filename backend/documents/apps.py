from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documents"

    def ready(self):
        # GET /api/tasks/{task_id}/ answers for a document's processing task from the document.
        # Core does not import the apps: they register with it.
        from core.views import TaskDetailApi

        from .selectors import document_task_status

        TaskDetailApi.register_status_source(document_task_status)
