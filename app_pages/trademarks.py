"""Record browser: trademark records with filters, counts, links and downloads."""

from qcapp import widgets

widgets.record_browser("trademark")
