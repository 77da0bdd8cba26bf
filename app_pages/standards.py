"""Record browser: standard records with filters, counts, links and downloads."""

import widgets

widgets.record_browser("standard")
