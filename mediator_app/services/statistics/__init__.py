"""Statistics for the justice bureau (docs/statistics.md): a case's statistics (`facts`), the monthly,
quarterly and annual reports computed from SQL aggregates (`report`, queries in `storage.stats_query`),
their checks (`checks`), confirmed snapshots (`snapshots`) and the XLSX and PDF files (`xlsx`, `pdf`)."""
