"""The embedded default used by `make run` and `make dev`: works with no environment at all."""

import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY

if not SECRET_KEY:
    # Never a hard-coded key: one random key per installation, kept under $DATA_DIR.
    _key_file = DATA_DIR / "secret_key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    SECRET_KEY = _key_file.read_text().strip()
