"""Alembic environment: always run programmatically by `storage.migrate` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import mediator_app.storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from mediator_app.storage.migrate import include_name

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the program never runs alembic from its CLI
    raise RuntimeError("Run migrations through mediator_app.storage.migrate, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
