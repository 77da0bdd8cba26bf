"""The import pipeline, in reading order: sources (a file into a RawTable or a notice), notices (a notice's
sections and names), columns (what kind of list a table is), models and bulk (every row validated), matching
(holders resolved to registered enterprises), report (what the import found), prepare (the rows to write),
commit (all or nothing; preview; rollback).

The app and the command line reach it through `qcbrand.services.imports`.
"""

from __future__ import annotations

from qcbrand.intake.columns import COLUMNS, KindUnclear
from qcbrand.intake.commit import commit, import_file, imports, preview, rollback, today
from qcbrand.intake.listrows import kind_catalogue, resolve_honour, title_honour
from qcbrand.intake.prepare import prepare, prepare_file, read
from qcbrand.intake.report import MODELS, NOTICE, ImportReport, Prepared

__all__ = [
    "COLUMNS", "KindUnclear", "commit", "import_file", "imports", "preview", "rollback", "today", "kind_catalogue",
    "prepare", "prepare_file", "read", "resolve_honour", "title_honour", "MODELS", "NOTICE", "ImportReport", "Prepared",
]
