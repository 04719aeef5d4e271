"""The embedded default used by `make run` and `make dev`: works with no environment at all."""

import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY

if not SECRET_KEY:
    # Never a hard-coded key: one random key per installation in $DATA_DIR/secret_key, written by
    # `manage.py prepare_data_dir` (run by migrate, which every start runs first). Importing the
    # settings only reads it; before it exists (that first migrate) the process gets a throwaway key.
    SECRET_KEY_FILE = DATA_DIR / "secret_key"
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else secrets.token_urlsafe(50)
