"""Editor accounts: salted password hashes, where they come from, and a limit on failed logins.

Viewing needs no login. Editing needs an editor whose password hash is configured in the environment
(QCBRAND_EDITORS="name=hash;name2=hash2") or in Streamlit secrets ([editors] name = "hash"). There is no
default password anywhere; without any editor configured, editing is switched off. `qcbrand editor hash`
prints the line to configure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

ITERATIONS = 310_000  # PBKDF2-SHA256, OWASP's 2023 figure
SCHEME = "pbkdf2_sha256"
ENV_VAR = "QCBRAND_EDITORS"


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{SCHEME}${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, iterations, salt, digest = encoded.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def editors_from(env: Mapping[str, str] | None = None, secrets_section: Mapping[str, str] | None = None) -> dict[str, str]:
    """name -> password hash, from QCBRAND_EDITORS and/or Streamlit secrets' [editors] section."""
    env = os.environ if env is None else env
    found: dict[str, str] = {}
    for item in (env.get(ENV_VAR) or "").split(";"):
        if "=" in item:
            name, encoded = item.split("=", 1)
            if name.strip() and encoded.strip().startswith(SCHEME + "$"):
                found[name.strip()] = encoded.strip()
    for name, encoded in (secrets_section or {}).items():
        if isinstance(encoded, str) and encoded.startswith(SCHEME + "$"):
            found[str(name)] = encoded
    return found


@dataclass(frozen=True)
class Editor:
    """A logged-in editor. Only `Gate.login` makes one; write paths require it."""

    name: str


class Gate:
    """Checks passwords and limits failed attempts per account: after `limit` failures the account waits
    `lockout` seconds, doubling on each further failure up to `max_lockout`. Shared by every session of the server.

    An attempt is counted before its hash is checked, under the lock: N concurrent tries count N, and once an
    account has `limit` attempts pending or failed, the next waits instead of being tried. An unknown name costs
    the same hash as a known one (a dummy hash with the same iterations) and is counted in a table of bounded
    size, so guessing names neither tells which exist nor fills the memory."""

    MAX_TRACKED = 1_000  # names whose failures are remembered; the oldest are forgotten beyond it

    def __init__(self, editors: Mapping[str, str], limit: int = 5, lockout: float = 30.0,
                 clock: Callable[[], float] = time.monotonic, max_lockout: float = 3600.0) -> None:
        self.editors = dict(editors)
        self.limit, self.lockout, self.clock, self.max_lockout = limit, lockout, clock, max_lockout
        self._failures: dict[str, int] = {}  # insertion-ordered: the oldest first
        self._pending: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()
        iterations = max((_iterations(e) for e in self.editors.values()), default=ITERATIONS)
        self._dummy = hash_password("", salt=b"\0" * 16, iterations=iterations)

    @property
    def enabled(self) -> bool:
        return bool(self.editors)

    def wait_seconds(self, name: str) -> float:
        with self._lock:
            return self._waiting(name.strip())

    def _waiting(self, name: str) -> float:
        return max(0.0, self._locked_until.get(name, 0.0) - self.clock())

    def login(self, name: str, password: str) -> Editor | None:
        """The editor, or None; raises LockedOut while the account is waiting after failures (or while as many
        attempts as the limit allows are being checked)."""
        name = name.strip()
        with self._lock:  # the attempt is counted before the hash is checked
            waiting = self._waiting(name)
            if waiting > 0:
                raise LockedOut(waiting)
            # attempts left before the limit (one at a time once a lockout has run out), counting those being checked
            if self._pending.get(name, 0) >= max(self.limit - self._failures.get(name, 0), 1):
                raise LockedOut(1.0)
            self._pending[name] = self._pending.get(name, 0) + 1
        encoded = self.editors.get(name)
        try:
            ok = verify_password(password, encoded or self._dummy) and encoded is not None
        finally:
            with self._lock:
                self._pending[name] -= 1
                if not self._pending[name]:
                    del self._pending[name]
        with self._lock:
            if ok:
                self._failures.pop(name, None)
                self._locked_until.pop(name, None)
                return Editor(name)
            failures = self._failures.pop(name, 0) + 1
            self._failures[name] = failures  # moved to the end: the most recent
            while len(self._failures) > self.MAX_TRACKED:
                oldest = next(iter(self._failures))
                del self._failures[oldest]
                self._locked_until.pop(oldest, None)
            if failures >= self.limit:
                wait = self.lockout * 2 ** min(failures - self.limit, 20)
                self._locked_until[name] = self.clock() + min(wait, self.max_lockout)
        return None


def _iterations(encoded: str) -> int:
    try:
        return int(encoded.split("$")[1])
    except (IndexError, ValueError):
        return ITERATIONS


class LockedOut(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"locked for {seconds:.0f} s")
        self.seconds = seconds
