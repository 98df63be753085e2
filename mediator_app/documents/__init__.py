"""Printed documents: form definitions (forms/*.json) filled from a case and rendered to PDF bytes.

Pure: no Qt, no SQL, no storage. `compose` lays out forms, print jobs, the package and the dossier; `fonts`
owns the bundled fonts and per-character fallback; `layout` the Chinese line breaking and page
numbers; `forms` reads and checks the definitions. Modules are imported on demand (reportlab costs
~150 ms to import), so this package imports nothing itself.
"""
