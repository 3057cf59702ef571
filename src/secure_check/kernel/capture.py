"""Watch what a cell prints and displays while it still shows live, then scan it."""

from __future__ import annotations

import sys
import threading
from typing import Any

from secure_check.core.notebook import Segment, output_segments
from secure_check.kernel.session import format_value
from secure_check.kernel.views import FINDINGS_MIME

_MAX_CAPTURE = 200_000
_NOTHING = object()  # marks "no instance attribute was there"


class OutputCapture:
    """Records display data and stdout text of one cell; outputs still reach the frontend."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self._displayed: list[dict[str, str]] = []
        self._printed: list[str] = []
        self._printed_chars = 0
        self._lock = threading.Lock()
        self._stream: Any = None
        self._hooked = False
        self._saved_publish: Any = None
        self._shadowed_publish: Any = _NOTHING
        self._shadowed_write: Any = _NOTHING
        self._write: Any = None

    def start(self) -> None:
        """Begin recording (clears what an earlier cell left)."""
        with self._lock:
            self._displayed, self._printed, self._printed_chars = [], [], 0
        if not self._hooked:
            self._hook_display(True)
        self._start_print_capture()

    def stop(self) -> None:
        """Stop recording; what was recorded stays until ``segments`` reads it."""
        if self._hooked:
            self._hook_display(False)
        self._stop_print_capture()

    def segments(self, value: Any = None) -> list[Segment]:
        """Return the recorded outputs (and ``value``, the cell's result) as segments."""
        segments: list[Segment] = []
        if value is not None:
            data = format_value(self.shell, value)
            segments += output_segments({"output_type": "execute_result", "data": data})
        with self._lock:
            displayed, printed = self._displayed, self._printed
            self._displayed, self._printed, self._printed_chars = [], [], 0
        for data in displayed:
            segments += output_segments({"output_type": "display_data", "data": data})
        if printed:
            segments.append(Segment("".join(printed), "output", "stream"))
        return segments

    def _record(self, data: Any) -> None:
        if isinstance(data, dict) and FINDINGS_MIME not in data:
            texts = {k: v for k, v in data.items() if isinstance(v, str) and k.startswith("text/")}
            with self._lock:
                self._displayed.append(texts)

    def _message_hook(self, msg: dict[str, Any]) -> dict[str, Any]:
        if msg.get("msg_type") in ("display_data", "update_display_data"):
            self._record(msg.get("content", {}).get("data"))
        return msg

    def _plain_publish(self, data: Any, *args: Any, **kwargs: Any) -> Any:
        self._record(data)
        return self._saved_publish(data, *args, **kwargs)

    def _hook_display(self, install: bool) -> None:
        pub = self.shell.display_pub
        self._hooked = install
        if hasattr(pub, "register_hook"):  # ipykernel: the supported message hook
            (pub.register_hook if install else pub.unregister_hook)(self._message_hook)
        elif install:
            # NOTE: plain IPython has no display hook API; shadow publish on this instance only.
            self._saved_publish = pub.publish
            self._shadowed_publish = pub.__dict__.get("publish", _NOTHING)
            pub.publish = self._plain_publish
        elif pub.__dict__.get("publish") == self._plain_publish:
            _restore(pub, "publish", self._shadowed_publish)

    def _start_print_capture(self) -> None:
        self._stop_print_capture()
        stream = sys.stdout
        original = stream.write
        shadowed = getattr(stream, "__dict__", {}).get("write", _NOTHING)

        def write(text: str) -> Any:
            with self._lock:
                # NOTE: a running count: training loops write thousands of small pieces.
                if isinstance(text, str) and self._printed_chars < _MAX_CAPTURE:
                    self._printed.append(text)
                    self._printed_chars += len(text)
            return original(text)

        try:
            # NOTE: an instance attribute shadows the method on this stream only, for one cell.
            setattr(stream, "write", write)  # noqa: B010 - mypy forbids assigning a method
        except (AttributeError, TypeError):
            return
        self._stream, self._shadowed_write, self._write = stream, shadowed, write

    def _stop_print_capture(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None and getattr(stream, "__dict__", {}).get("write") is self._write:
            _restore(stream, "write", self._shadowed_write)


def _restore(obj: Any, name: str, shadowed: Any) -> None:
    """Put back the instance attribute our wrapper shadowed (an outer capture's), or none."""
    if shadowed is _NOTHING:
        delattr(obj, name)
    else:
        setattr(obj, name, shadowed)
