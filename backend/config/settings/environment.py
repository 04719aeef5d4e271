"""The environment every settings module reads from (django-environ)."""

from pathlib import Path

import environ

BACKEND_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = BACKEND_DIR.parent

env = environ.Env()

# Nothing is created here: `manage.py prepare_data_dir` (run by migrate) makes the folders.
DATA_DIR = Path(env.str("DATA_DIR", default=str(REPO_DIR / "var"))).resolve()

REDIS_URL = env.str("REDIS_URL", default="")
