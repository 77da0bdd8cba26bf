"""Record browser: trademark records with filters, counts, links and downloads."""

import widgets

widgets.record_browser("trademark")
