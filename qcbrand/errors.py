"""The exceptions qcbrand raises. One root class; each carries a Chinese and an English message."""

from __future__ import annotations


class QcbrandError(Exception):
    """Root of every error qcbrand raises on purpose. `zh` and `en` are the two messages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


class DatabaseBusyError(QcbrandError):
    """Another process holds the DuckDB file and did not let go in time."""


class SchemaVersionError(QcbrandError):
    """The database file was written by a newer qcbrand than this one."""


class PlanError(QcbrandError):
    """A plan file is malformed; the message names the line and key."""


class ImportRefused(QcbrandError):
    """An import was refused as a whole; `report` holds every problem found."""

    def __init__(self, zh: str, en: str, report: object = None) -> None:
        super().__init__(zh, en)
        self.report = report


class NotFound(QcbrandError):
    """A plan, goal, enterprise or record that was asked for does not exist."""
