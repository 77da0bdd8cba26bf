"""One message catalogue (issue 19, in part): every key of qcbrand/i18n.py is used somewhere, by its name or by a
prefix the code completes (f"status.{s}", "rule." + rule); a key nobody uses is a message nobody reads."""

from __future__ import annotations

import ast
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


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _inline_pair(a: ast.AST, b: ast.AST) -> bool:
    zh, en = _text(a), _text(b)
    return zh is not None and en is not None and bool(_HAN.search(zh)) and not _HAN.search(en) and bool(re.search("[A-Za-z]{2}", en))


def test_no_message_pair_is_written_inline() -> None:
    # A Chinese text followed by its English (as a call's two arguments, or a two-text tuple) is a message: it
    # belongs in the catalogue (i18n.py or data/messages.toml), taken with i18n.t or i18n.pair.
    found = []
    for path in SOURCES:
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = (node.args if isinstance(node, ast.Call)
                     else node.elts if isinstance(node, ast.Tuple) and len(node.elts) == 2 else [])
            found += [f"{path.relative_to(REPO)}:{a.lineno}" for a, b in zip(items, items[1:]) if _inline_pair(a, b)]
    assert not found, found

