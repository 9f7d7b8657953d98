"""kombu's filesystem transport (the embedded default broker), with whole messages only.

kombu 5's writer creates a message's file under its final name and then writes into it. A
worker polling the folder (another process under `make run`, another thread in the tests)
can move and read the file in between, find it empty and stop ("Unrecoverable error:
JSONDecodeError"), the message lost with it: seen about once in 2,000 messages. Here each
message is written under a name no reader looks for, then renamed to its final name whole
(a rename within one folder is atomic). config/celery.py makes `filesystem://` mean this.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

TRANSPORT = "config.broker:Transport"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put `payload` onto `queue`: written aside, then renamed into the queue's folder."""
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # Readers take files named "<anything>.<queue>.msg" (the part after the first dot);
        # this one's starts with a dot, so until the rename it is nobody's.
        partial = os.path.join(self.data_folder_out, f".{name}.partial")
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
