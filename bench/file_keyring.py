"""A stand-in for the system's credential store, for benchmarks only: a keyring backend over a JSON file.

The machines the benchmarks run on are headless Linux without a Secret Service, so the real stores
(Windows Credential Manager, the desktop keyring) cannot be measured here. This backend lets
bench/bench_encryption.py measure what the program itself costs when the key comes from a store (no
Argon2id derivation); a real store's own lookup adds its IPC on top. Selected in a child process with
``PYTHON_KEYRING_BACKEND=bench.file_keyring.FileKeyring`` and ``BENCH_KEYRING_FILE=…``. The file holds
the key in the clear: never use this backend outside a benchmark.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

FILE_ENV = "BENCH_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ[FILE_ENV])

    def _items(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self._items().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        items = self._items()
        items[f"{service}\x00{username}"] = password
        self._path().write_text(json.dumps(items), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        items = self._items()
        items.pop(f"{service}\x00{username}", None)
        self._path().write_text(json.dumps(items), encoding="utf-8")
