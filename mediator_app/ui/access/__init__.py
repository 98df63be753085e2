"""Who is at the keyboard: logging in at start, the first administrator, the idle lock, 账户管理,
and the actions a role may not use (docs/privacy.md, "Accounts and roles")."""
