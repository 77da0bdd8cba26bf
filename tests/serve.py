"""Start the real app server on loopback and a headless Debian Chromium: shared by the browser test
and scripts/screenshots.py."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_server(db: Path | None = None, extra_env: dict[str, str] | None = None, workers: int = 1) -> Iterator[str]:
    """The app on a free loopback port, yields its base URL: `streamlit run` itself for one process, or
    `qcbrand serve --workers N` (N processes behind nginx) for more."""
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    if db is not None:
        env["QCBRAND_DB"] = str(db)
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # a file, not a pipe: a full pipe would stall the server
    if workers == 1:
        command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
                   "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none"]
    else:
        command = [sys.executable, "-m", "qcbrand.cli", "serve", "--workers", str(workers), "--port", str(port),
                   "--address", "127.0.0.1"]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("the app server did not start:\n" + log.read())
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


async def visit(ws: Any, page: str, query: str, limit: float = 60.0, texts: bool = False) -> tuple[float, list[str], list[str]]:
    """Ask a Streamlit session (its websocket, as the browser speaks to it) for a page: the seconds until its
    script finished, any error or exception it showed, and (with `texts`) the text of every element it drew.
    (A load test runs on the server's machine: it reads only what it checks, not every element as text.)"""
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    problems: list[str] = []
    drawn: list[str] = []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=limit))
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            which = element.WhichOneof("type")
            said = ""
            if which == "exception":
                said = element.exception.message
                problems.append(f"exception on {page or 'overview'}: {said[:200]}")
            elif which == "alert":
                said = element.alert.body
                if element.alert.format == 1:  # Alert.Format.ERROR
                    problems.append(f"error on {page or 'overview'}: {said[:200]}")
            if texts:
                said = str(element)
                drawn.append(said)
            if "database is locked" in said or "Could not set lock" in said or "Conflicting lock" in said:
                problems.append(f"locked on {page or 'overview'}")
        elif kind == "page_not_found":
            problems.append(f"page not found: {page}")
        elif kind == "script_finished":
            return time.perf_counter() - started, problems, drawn


def session(base: str, cookie: str | None = None) -> Any:
    """A new Streamlit session's websocket (optionally with nginx's worker cookie, to choose its process)."""
    import websockets

    headers = {"Cookie": f"qcbrand_worker={cookie}"} if cookie else None
    return websockets.connect(base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                              max_size=2**27, additional_headers=headers)


@contextlib.contextmanager
def running_app(db: Path | None = None, extra_env: dict[str, str] | None = None) -> Iterator[tuple[str, object]]:
    from playwright.sync_api import sync_playwright

    with app_server(db, extra_env) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield base, browser
        finally:
            browser.close()


EDITOR_PASSWORD = "a long editor password"


def editor_accounts(name: str = "wang", password: str = EDITOR_PASSWORD) -> dict[str, str]:
    """The environment that switches on one editor account (a cheap hash: a test, not a server)."""
    from qcbrand.services import auth

    return {"QCBRAND_EDITORS": f"{name}=" + auth.hash_password(password, iterations=1000)}


def sign_in(page: Any, url: str, name: str = "wang", password: str = EDITOR_PASSWORD, timeout: float = 30_000) -> None:
    """Open the data page at `url` and sign in as a person does: name, password, the button; wait until it says so."""
    page.goto(url)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector(f'text="已登录：{name}"', timeout=timeout)
