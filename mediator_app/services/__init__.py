"""Use cases called by the UI and the CLI. Each one is a single unit of work: validate, write, audit."""
