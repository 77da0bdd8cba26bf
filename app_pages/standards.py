"""Record browser: standard records with filters, counts, links and downloads."""

from qcapp import widgets

widgets.record_browser("standard")
