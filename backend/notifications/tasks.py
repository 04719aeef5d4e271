from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    name="notifications.notification_email",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def notification_email_task(notification_id: int) -> bool:
    return services.notification_email(notification_id=notification_id)
