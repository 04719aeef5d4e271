"""How every e-mail of the system is sent: both parts rendered from templates, one-line subject."""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

_SPACE_OR_CONTROL_RUN = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
SUBJECT_MAX_LENGTH = 150


def subject_line(text: str) -> str:
    """A subject that is one line whatever a user typed into the title: Django refuses a header
    with CR/LF (header injection), which would fail the task and leave the approver untold."""
    line = _SPACE_OR_CONTROL_RUN.sub(" ", text).strip()
    if len(line) > SUBJECT_MAX_LENGTH:
        line = line[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return line


def absolute_url(path: str) -> str:
    """`path` of the app (/purchase-requests/12) as a link an e-mail can carry."""
    return f"{settings.SITE_URL}{path}"


def send_mail(*, template: str, subject: str, to: list[str], context: dict, attachments=()) -> None:
    """Send `template` (a path without .txt/.html: both parts are rendered) to `to`."""
    context = {**context, "company_name": settings.COMPANY_NAME, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject_line(subject),
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()
    logger.info("mail %s sent to %s", template, ", ".join(to))
