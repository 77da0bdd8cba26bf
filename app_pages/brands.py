"""Record browser: famous_brand records with filters, counts, links and downloads."""

from qcapp import widgets

widgets.record_browser("famous_brand")
