"""The embedded broker writes each message whole: a consumer polling while a message is being
written finds nothing rather than half a message (kombu's own filesystem transport creates the
file first and writes it after, and a worker reading it then died with a JSONDecodeError)."""

import os
from queue import Empty

import pytest
from kombu import Connection

import config.celery  # noqa: F401 - registers atomicfs://


@pytest.fixture
def connection(tmp_path):
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    with Connection("atomicfs://", transport_options=options) as conn:
        yield conn


def test_a_message_being_written_is_invisible_until_it_is_whole(connection, monkeypatch):
    consumer = connection.SimpleQueue("jobs")
    producer = connection.SimpleQueue("jobs")
    seen_while_writing = []
    real_replace = os.replace

    def replace(source, target):
        # The payload is fully written to `source`; a consumer looks now, before the rename.
        seen_while_writing.append(sorted(os.listdir(os.path.dirname(source))))
        with pytest.raises(Empty):
            consumer.get_nowait()
        real_replace(source, target)

    monkeypatch.setattr("core.broker.os.replace", replace)
    producer.put({"n": 1, "pad": "x" * 100_000})
    assert seen_while_writing and all(name.startswith(".") for name in seen_while_writing[0])
    message = consumer.get(timeout=2)
    assert message.payload == {"n": 1, "pad": "x" * 100_000}
    message.ack()


def test_the_embedded_default_uses_it(settings):
    assert settings.CELERY_BROKER_URL.startswith("atomicfs://") or settings.REDIS_URL
