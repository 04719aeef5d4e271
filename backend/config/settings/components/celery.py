"""Celery: settings that keep work from being lost (late acks, reject on worker lost, prefetch 1,
results in the database). Redis is the broker when REDIS_URL is set, else kombu's filesystem
transport (with messages written whole: core.broker) under $DATA_DIR, which needs no server."""

from kombu import Queue

from ..environment import DATA_DIR, REDIS_URL, env

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_LOST_WAIT = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=660)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

CELERY_TASK_ALWAYS_EAGER = False
# The worker consumes every queue named here (no -Q needed), taking them in turn: a document
# uploaded by someone with a batch in flight goes to documents_bulk, so a single upload waits
# behind at most every other bulk document, not behind the whole batch.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue("celery"), Queue("documents"), Queue("documents_bulk")]

if REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Must exceed the longest task (hard limit) or a running task is redelivered while it
        # still runs; it is also how long a task of a worker killed outright waits to be redelivered.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60),
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    }
else:
    # The folders are made by `manage.py prepare_data_dir` (run by migrate), not at import.
    BROKER_DIR = DATA_DIR / "broker"
    # kombu's filesystem transport with messages written whole (core.broker, registered as
    # atomicfs:// in config/celery.py): the stock one can hand a consumer half a message.
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="atomicfs://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # The exchange tables: by default kombu writes ./control in the working directory.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        # 0.1 s polling: ~50 ms from delay() to start instead of ~600 ms with the default.
        "polling_interval": 0.1,
    }
