"""Data exchange with other programs and committees: the versioned case file (JSON) and safe file writing.

Pure translation between files and domain objects; the use cases that touch the database live in
`mediator_app.services.transfer`.
"""
