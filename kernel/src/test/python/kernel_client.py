"""A small client for tests that need more than jupyter_kernel_test offers: all the IOPub
messages of one cell, interrupts, and kernels started with their own environment."""
import time
from queue import Empty

import kernel_env
from jupyter_client.manager import start_new_kernel


class Cell:
    """The reply and IOPub messages of one executed cell."""

    def __init__(self, reply, messages):
        self.reply = reply
        self.messages = messages

    @property
    def status(self):
        return self.reply["content"]["status"]

    def of_type(self, msg_type):
        return [m for m in self.messages if m["msg_type"] == msg_type]

    def stdout(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream")
                       if m["content"]["name"] == "stdout")

    def stderr(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream")
                       if m["content"]["name"] == "stderr")

    def result(self, mime="text/plain"):
        results = self.of_type("execute_result")
        return results[-1]["content"]["data"].get(mime) if results else None

    def error(self):
        errors = self.of_type("error")
        return errors[-1]["content"] if errors else None


class Kernel:
    """One running course kernel."""

    def __init__(self, env=None, cwd=None):
        kwargs = {}
        if env:
            kwargs["env"] = env
        if cwd:
            kwargs["cwd"] = str(cwd)
        self.km, self.kc = start_new_kernel(kernel_name=kernel_env.KERNEL_NAME, **kwargs)

    def execute(self, code, timeout=60, interrupt_after=None):
        """Runs code; with interrupt_after (s), sends interrupt_request that long after starting."""
        msg_id = self.kc.execute(code)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            self.km.interrupt_kernel()
        reply = self._reply(msg_id, timeout)
        return Cell(reply, self._iopub_until_idle(msg_id, timeout))

    def _reply(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no execute_reply within %s s" % timeout)
            msg = self.kc.get_shell_msg(timeout=remaining)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def _iopub_until_idle(self, msg_id, timeout):
        messages = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return messages
            messages.append(msg)
        raise TimeoutError("no idle status within %s s" % timeout)

    def shutdown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
