"""Record browser: quality_award records with filters, counts, links and downloads."""

from qcapp import widgets

widgets.record_browser("quality_award")
