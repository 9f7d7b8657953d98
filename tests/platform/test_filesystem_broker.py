"""The embedded broker (kombu's filesystem transport) hands a worker whole messages only:
kombu's own writer made the file under its final name before writing it, and a worker
polling the folder at that moment read it empty, stopped with "Unrecoverable error:
JSONDecodeError", and the message was lost (config/broker.py)."""

import json
import threading
from queue import Empty

import pytest
from kombu import Connection
from kombu.transport import resolve_transport

import config.celery  # noqa: F401 (it makes filesystem:// the whole-message transport)
from config import broker

QUEUE = "whole-messages"


@pytest.fixture
def folder(tmp_path):
    return {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "store_processed": False}


def test_filesystem_urls_use_the_whole_message_transport():
    assert resolve_transport("filesystem") is broker.Transport


def test_a_message_is_nobodys_until_it_is_whole(folder, monkeypatch, tmp_path):
    """At the moment a message gets its final name, its file already holds all of it, and no
    reader could have taken it before."""
    renames = []
    real_replace = broker.os.replace

    def replace(source, target):
        assert list(tmp_path.glob(f"*.{QUEUE}.msg")) == []  # nothing a reader would take yet
        with open(source) as partial:
            renames.append(json.load(partial))
        real_replace(source, target)

    monkeypatch.setattr(broker.os, "replace", replace)
    with Connection("filesystem://localhost//", transport_options=folder) as connection:
        channel = connection.default_channel
        channel._put(QUEUE, {"body": "x" * 10_000})
        assert renames == [{"body": "x" * 10_000}]
        assert channel._get(QUEUE) == {"body": "x" * 10_000}


def test_a_reader_racing_a_writer_gets_every_message_whole_and_in_order(folder):
    """What a worker and beat do under `make run`: one writes while the other polls. Kombu's
    own transport failed about once in 2,000 messages here."""
    count = 3000
    received, broken = [], []

    def write():
        with Connection("filesystem://localhost//", transport_options=folder) as connection:
            for number in range(count):
                connection.default_channel._put(QUEUE, {"number": number, "padding": "x" * 2000})

    def read():
        with Connection("filesystem://localhost//", transport_options=folder) as connection:
            channel = connection.default_channel
            while len(received) + len(broken) < count:
                try:
                    received.append(channel._get(QUEUE)["number"])
                except json.JSONDecodeError as error:
                    broken.append(error)
                except Empty:
                    continue

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    write()
    reader.join(timeout=60)
    assert broken == []
    assert sorted(received) == list(range(count))
