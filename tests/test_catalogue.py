"""One message catalogue (issue 19, in part): every key of qcbrand/i18n.py is used somewhere, by its name or by a
prefix the code completes (f"status.{s}", "rule." + rule); a key nobody uses is a message nobody reads."""

from __future__ import annotations

import re

from qcbrand.i18n import MESSAGES

from .conftest import REPO

SOURCES = [*(REPO / "qcbrand").rglob("*.py"), *(REPO / "app_pages").glob("*.py"), REPO / "app.py", *(REPO / "qcapp").glob("*.py")]


def test_every_key_of_the_catalogue_is_used() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES if p.name != "i18n.py")
    catalogue = (REPO / "qcbrand" / "i18n.py").read_text(encoding="utf-8")
    code += catalogue.split("\n}\n", 1)[1]  # the catalogue module's own functions (status words)
    prefixes = set(re.findall(r"""f["']([a-z_]+\.[a-z_.]*)\{""", code)) | set(re.findall(r"""["']([a-z_]+\.[a-z_.]*)["'] \+""", code))
    unused = [k for k in MESSAGES
              if f'"{k}"' not in code and f"'{k}'" not in code and not any(k.startswith(p) for p in prefixes)]
    assert not unused, unused
