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
    """Checks passwords and limits failed attempts per account: after `limit` failures the account
    waits `lockout` seconds, doubling on each further failure. Shared by every session of the server."""

    def __init__(self, editors: Mapping[str, str], limit: int = 5, lockout: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.editors = dict(editors)
        self.limit, self.lockout, self.clock = limit, lockout, clock
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return bool(self.editors)

    def wait_seconds(self, name: str) -> float:
        with self._lock:
            return max(0.0, self._locked_until.get(name, 0.0) - self.clock())

    def login(self, name: str, password: str) -> Editor | None:
        """The editor, or None; raises LockedOut while the account is waiting after failures."""
        name = name.strip()
        waiting = self.wait_seconds(name)
        if waiting > 0:
            raise LockedOut(waiting)
        encoded = self.editors.get(name)
        # verify even for an unknown name, so timing does not tell which names exist
        ok = verify_password(password, encoded or hash_password("", salt=b"\0" * 16, iterations=1_000)) and encoded is not None
        with self._lock:
            if ok:
                self._failures.pop(name, None)
                self._locked_until.pop(name, None)
                return Editor(name)
            failures = self._failures.get(name, 0) + 1
            self._failures[name] = failures
            if failures >= self.limit:
                self._locked_until[name] = self.clock() + self.lockout * 2 ** (failures - self.limit)
        return None


class LockedOut(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"locked for {seconds:.0f} s")
        self.seconds = seconds
