"""Persistence: engine creation, SQLModel tables, Alembic migrations, repositories returning domain objects."""
