"""An SMS backend for the worker test: the file backend, slowed down so that the test can kill
the worker in the middle of sending, and a log line per actual send call."""

import os
import time

from hjemvej.meetings.backends import FileSmsBackend, Message


class SlowFileSmsBackend(FileSmsBackend):
    def send(self, message: Message) -> str:
        name = super().send(message)
        with open(os.environ["HJEMVEJ_TEST_SEND_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{message.reference}\n")
        # The file is written; the transaction has not committed yet. A SIGKILL now is the
        # worst case: the row stays pending and the next run sends the same reminder again.
        time.sleep(float(os.environ.get("HJEMVEJ_TEST_SEND_SECONDS", "0.3")))
        return name
