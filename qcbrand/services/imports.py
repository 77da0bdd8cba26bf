"""Imports, as the app and the command line see them: read a file, say what it is, prepare, preview, commit, roll
back, and the history of imports. The pipeline itself is qcbrand.intake."""

from __future__ import annotations

from qcbrand.intake import (
    COLUMNS,
    MODELS,
    NOTICE,
    ImportReport,
    KindUnclear,
    Prepared,
    commit,
    import_file,
    kind_catalogue,
    prepare,
    prepare_file,
    preview,
    read,
    resolve_honour,
    rollback,
    title_honour,
)
from qcbrand.intake import imports as history
from qcbrand.intake.columns import detect, fields_of, guess_mapping, header_key, ignored
from qcbrand.intake.matching import NEW

__all__ = [
    "COLUMNS", "MODELS", "NOTICE", "NEW", "ImportReport", "KindUnclear", "Prepared", "commit", "import_file",
    "kind_catalogue", "prepare", "prepare_file", "preview", "read", "resolve_honour", "rollback", "title_honour",
    "history", "detect", "fields_of", "guess_mapping", "header_key", "ignored",
]
