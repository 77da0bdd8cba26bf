"""Who holds a ledger: the process DuckDB's lock message names, described from /proc."""

from __future__ import annotations

import re
from pathlib import Path

from qcbrand import i18n

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


def describe_holder(message: str) -> tuple[str, str]:
    """Name the process that holds the file, from DuckDB's lock message and /proc."""
    m = _LOCK_HOLDER.search(message)
    if not m:
        return i18n.pair("msg.store.another_process")
    pid = m.group("pid")
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        cmd = m.group("exe")
    if "streamlit" in cmd:
        return i18n.pair("msg.store.qcbrand_app_server_pid", pid=pid, v2=cmd[:80])
    return i18n.pair("msg.store.process_pid", pid=pid, v2=cmd[:80])
