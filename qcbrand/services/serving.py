"""Serving the app: one Streamlit process, or several behind Debian's nginx on one port.

One Python process renders every page of its sessions on one core (the interpreter lock): about ten pages a
second here, whatever the number of readers. More readers need more processes. Each app process reads the
ledger's published copy and holds nothing between pages (`qcbrand.ledger.published`), so any number of them
serve one ledger. nginx spreads the sessions over them: a browser keeps its process for as long as it keeps
its cookie (`qcbrand_worker`, set by nginx on the first answer), because a Streamlit session lives in one
process and a file upload must reach the process whose session asked for it; a client without cookies (the
load test's) is placed by its request's id. Websockets are passed through; the processes share one cookie
secret, so a cookie made by one is good in another.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from qcbrand import i18n
from qcbrand.errors import QcbrandError
from qcbrand.ledger.store import PROJECT_DIR, Store, resolve_db_path
from qcbrand.services import demo

APP_FILE = PROJECT_DIR / "app.py"
NGINX = "/usr/sbin/nginx"
COOKIE = "qcbrand_worker"


def streamlit_command(port: int, address: str) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP_FILE), "--server.headless", "true",
            "--server.address", address, "--server.port", str(port), "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none"]


def nginx_config(run_dir: Path, address: str, port: int, upstreams: Sequence[int]) -> str:
    """The reverse proxy: one port, the app processes behind it, websockets through, a session kept on its process."""
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=0;" for p in upstreams)
    user = "user root;\n" if os.geteuid() == 0 else ""  # the temporary folders are the caller's
    listen = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"""# written by `qcbrand serve`; nginx runs in the foreground with this file only
{user}worker_processes 1;
daemon off;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {run_dir}/body;
  proxy_temp_path {run_dir}/proxy;
  fastcgi_temp_path {run_dir}/fastcgi;
  uwsgi_temp_path {run_dir}/uwsgi;
  scgi_temp_path {run_dir}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # the process a browser is kept on: its cookie, or for a first request its request's id (then the cookie)
  map $cookie_{COOKIE} $qcbrand_worker {{ "" $request_id; default $cookie_{COOKIE}; }}
  map $cookie_{COOKIE} $qcbrand_set_cookie {{ "" "{COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax"; default ""; }}
  upstream qcbrand {{
    hash $qcbrand_worker consistent;
{servers}
  }}
  server {{
    listen {listen};
    client_max_body_size 200m;   # Streamlit's own upload limit
    location / {{
      proxy_pass http://qcbrand;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;   # with the port: Streamlit compares a websocket's origin with it
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_request_buffering off;        # an upload streams through, never to a temporary file
      proxy_read_timeout 1d;              # a session's websocket stays open while its reader reads
      proxy_send_timeout 1d;
      add_header Set-Cookie $qcbrand_set_cookie always;
      add_header X-Qcbrand-Worker $upstream_addr always;   # which process answered (for a test, or a look)
    }}
  }}
}}
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as answer:
            return bool(answer.read().decode().strip() == "ok")
    except OSError:
        return False


def prepare_ledger(db: str | os.PathLike[str] | None) -> Path:
    """The ledger to serve, built as the demo city if missing and published once, before any app process starts
    (so that N processes never build or publish it at the same moment)."""
    path = resolve_db_path(db)
    demo.ensure_demo(str(path))
    Store.open(path, shared=True, wait_seconds=30).close()
    return path


def serve(db: str | os.PathLike[str] | None, *, workers: int, port: int, address: str,
          announce: object = print) -> int:
    """Serve the app until interrupted (or a process stops); returns the exit status."""
    if workers < 1:
        raise QcbrandError(*i18n.pair("msg.serve.workers_at_least_one", workers=workers))
    if not APP_FILE.exists():
        raise QcbrandError(*i18n.pair("msg.serve.needs_checkout", path=APP_FILE))
    path = prepare_ledger(db)
    env = {**os.environ, "QCBRAND_DB": str(path)}
    if workers == 1:
        announce(i18n.pair("msg.serve.one_process", url=f"http://{address}:{port}"))  # type: ignore[operator]
        return subprocess.call(streamlit_command(port, address), cwd=PROJECT_DIR, env=env)
    if not shutil.which(NGINX) and not Path(NGINX).exists():
        raise QcbrandError(*i18n.pair("msg.serve.needs_nginx", nginx=NGINX))
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    run_dir = Path(tempfile.mkdtemp(prefix="qcbrand-serve-"))
    ports = [_free_port() for _ in range(workers)]
    children: list[subprocess.Popen[bytes]] = []
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for number, worker_port in enumerate(ports, 1):
            log = open(run_dir / f"worker-{number}.log", "wb")  # a file, not a pipe: a full pipe stalls a server
            children.append(subprocess.Popen(streamlit_command(worker_port, "127.0.0.1"), cwd=PROJECT_DIR, env=env,
                                             stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 90
        while not all(_healthy(f"http://127.0.0.1:{p}") for p in ports):
            if stopping or time.monotonic() > deadline or any(c.poll() is not None for c in children):
                raise QcbrandError(*i18n.pair("msg.serve.worker_did_not_start", log=run_dir))
            time.sleep(0.2)
        config = run_dir / "nginx.conf"
        config.write_text(nginx_config(run_dir, address, port, ports), encoding="utf-8")
        proxy = subprocess.Popen([NGINX, "-c", str(config), "-p", str(run_dir)],
                                 stdout=subprocess.DEVNULL, stderr=open(run_dir / "nginx.out", "wb"))
        children.append(proxy)
        url = f"http://{address}:{port}"
        while not _healthy(url):
            if stopping or proxy.poll() is not None or time.monotonic() > deadline:
                raise QcbrandError(*i18n.pair("msg.serve.nginx_did_not_start", log=run_dir))
            time.sleep(0.1)
        announce(i18n.pair("msg.serve.many_processes", workers=workers, url=url, log=run_dir))  # type: ignore[operator]
        while not stopping:
            if (gone := next((c for c in children if c.poll() is not None), None)) is not None:
                announce(i18n.pair("msg.serve.process_stopped", pid=gone.pid, code=gone.returncode,  # type: ignore[operator]
                                   log=run_dir))
                return 1
            time.sleep(0.5)
        return 0
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        for s, handler in previous.items():
            signal.signal(s, handler)
