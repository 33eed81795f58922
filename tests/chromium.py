"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``).

Standard library only: Chromium reads commands from fd 3 and writes replies
and events to fd 4, each a JSON object ended by a NUL byte.  Used by the
browser tests of the HTML report and by ``docs/screenshots.py``.

``find_chromium()`` returns the executable, installing Debian's ``chromium``
with apt-get when it is missing and we are root (serialised with a lock file so
parallel test workers do not race for dpkg), or raises :class:`Unavailable`
with the reason.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio"]
INSTALL_LOCK = Path(tempfile.gettempdir()) / "jixiao-chromium-install.lock"


class Unavailable(RuntimeError):
    """Chromium is not on this machine and could not be installed."""


def _which() -> str | None:
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def find_chromium(install: bool = True) -> str:
    path = _which()
    if path or not install:
        if path:
            return path
        raise Unavailable("chromium not found on PATH")
    if os.environ.get("JIXIAO_NO_BROWSER"):
        raise Unavailable("JIXIAO_NO_BROWSER is set")
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Unavailable("chromium not found, and installing it needs root and apt-get (apt-get install -y chromium)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(INSTALL_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test worker may be installing it right now
        path = _which()
        if path:
            return path
        cmd = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1200)
        if done.returncode != 0:  # stale package lists: refresh once and retry
            subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600)
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1200)
        path = _which()
        if not path:
            tail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or ["no output"]
            raise Unavailable(f"apt-get install chromium failed: {tail[0]}")
        return path


class Browser:
    """One headless Chromium with one page, driven by DevTools protocol commands."""

    def __init__(self, executable: str | None = None, width: int = 1280, height: int = 900) -> None:
        self.executable = executable or find_chromium()
        self.profile = tempfile.mkdtemp(prefix="jixiao-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Chromium's ends move above fd 9 so that the shell's "3<&N 4>&M" cannot clobber one with the other.
        to_chrome_r, from_chrome_w = (self._high(fd) for fd in (to_chrome_r, from_chrome_w))
        # bash puts our pipe ends on fds 3 and 4, where --remote-debugging-pipe expects them (dash
        # cannot name fds above 9).
        script = f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w} {to_chrome_r}<&- {from_chrome_w}>&-'
        args = [self.executable, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
                f"--window-size={width},{height}", "about:blank"]
        self.proc = subprocess.Popen([shutil.which("bash") or "/bin/bash", "-c", script, *args], pass_fds=(to_chrome_r, from_chrome_w),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, queue.Queue] = {}
        self.events: list[dict] = []
        self._event_signal = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.set_size(width, height)

    @staticmethod
    def _high(fd: int) -> int:
        high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return high

    # ------------------------------------------------------------------ protocol

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                for q in list(self._waiting.values()):
                    q.put({"error": {"message": "browser closed"}})
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw.decode("utf-8"))
                if "id" in msg:
                    q = self._waiting.pop(msg["id"], None)
                    if q is not None:
                        q.put(msg)
                else:
                    with self._event_signal:
                        self.events.append(msg)
                        self._event_signal.notify_all()

    def send(self, method: str, params: dict | None = None, session: bool = True, timeout: float = 30) -> dict:
        with self._lock:
            self._next += 1
            mid = self._next
            q: queue.Queue = queue.Queue()
            self._waiting[mid] = q
            msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = self.session
            os.write(self._to_chrome, json.dumps(msg).encode("utf-8") + b"\0")
        try:
            reply = q.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"{method}: no reply in {timeout}s") from None
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def wait_event(self, method: str, since: int = 0, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        with self._event_signal:
            while True:
                for ev in self.events[since:]:
                    if ev.get("method") == method:
                        return ev
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {method} event in {timeout}s")
                self._event_signal.wait(left)

    # ------------------------------------------------------------------ page

    def set_size(self, width: int, height: int) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def open(self, url: str, timeout: float = 30) -> None:
        mark = len(self.events)
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired", since=mark, timeout=timeout)

    def eval(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            raise RuntimeError(details.get("exception", {}).get("description") or details.get("text"))
        return reply.get("result", {}).get("value")

    def errors(self) -> list[str]:
        """Uncaught script exceptions, console errors and browser log errors (CSP violations) so far."""
        out = []
        for ev in self.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.exceptionThrown":
                d = params.get("exceptionDetails", {})
                out.append(d.get("exception", {}).get("description") or d.get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.append(params["entry"].get("text", ""))
        return out

    def allow_downloads(self, directory: str) -> None:
        self.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": directory,
                                                  "eventsEnabled": True}, session=False)

    def screenshot(self, path: str | Path, full_page: bool = True) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = self.send("Page.captureScreenshot", params, timeout=60)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def pdf(self, path: str | Path) -> None:
        data = self.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}, timeout=120)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
