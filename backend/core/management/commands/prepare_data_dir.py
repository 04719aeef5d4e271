"""Creates what the product writes under $DATA_DIR before it first runs: the folders (the
filesystem broker's, the upload spool, static and media) and, when the settings keep their key
in a file (SECRET_KEY_FILE: config/settings/local.py without SECRET_KEY), the installation's
random key. Importing the settings never writes anything; `migrate` (core's override), the
web containers (deploy/docker-compose*.yml) and the test conftest call this. Idempotent."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def _write_secret_key(path: Path) -> None:
    """Write a new key unless one exists; atomic, so processes starting together agree on one."""
    if path.exists():
        return
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    draft.write_text(secrets.token_urlsafe(50))
    draft.chmod(0o600)
    try:
        os.link(draft, path)  # fails if another process got there first: its key is kept
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def prepare_data_dir() -> list[Path]:
    """Create the folders and the key; return the folders."""
    folders = [
        Path(settings.DATA_DIR),
        Path(settings.FILE_UPLOAD_TEMP_DIR),
        Path(settings.STATIC_ROOT),
        Path(settings.MEDIA_ROOT),
    ]
    if settings.CELERY_BROKER_URL.startswith(("filesystem://", "atomicfs://")):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders += [Path(options[name]) for name in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    if getattr(settings, "SECRET_KEY_FILE", None):
        _write_secret_key(Path(settings.SECRET_KEY_FILE))
    return folders


class Command(BaseCommand):
    requires_system_checks = []  # they look for the folders this makes
    help = "Create the folders under $DATA_DIR and, for the local settings without SECRET_KEY, the secret key file."

    def handle(self, *args, **options):
        folders = prepare_data_dir()
        if options["verbosity"] > 1:
            for folder in folders:
                self.stdout.write(f"ready: {folder}")
