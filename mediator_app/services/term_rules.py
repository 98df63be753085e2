"""The word lists the term checker reads with: the shipped defaults plus a committee's own file.

The defaults are `resources/legal/term_rules.json`; a committee whose court reads terms more strictly
(or less) puts a file of the same format, named `term_rules.json`, in its data folder: each list it
names (``payment_verbs``, ``vague``, ``status``, ``title``) replaces the shipped one, the others stay.
A damaged file is reported in Chinese with its place, never ignored silently.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from mediator_app.domain.term_check import TermRules
from mediator_app.errors import UserFacingError
from mediator_app.paths import resource_path, user_data_dir

USER_FILE = "term_rules.json"
LISTS = ("payment_verbs", "vague", "status", "title")


def _read(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("文件内容应为一个对象")
    return data


@lru_cache(maxsize=4)
def term_rules(user_dir: Path | None = None) -> TermRules:
    """The rules in force (cached: the files are read once per process and data folder)."""
    shipped = resource_path("legal", "term_rules.json")
    user = (user_dir or user_data_dir()) / USER_FILE
    where = shipped
    try:
        data = _read(shipped)
        if user.exists():
            where = user
            own = _read(user)
            data.update({key: own[key] for key in LISTS if key in own})
        return TermRules.from_mapping(data)
    except (OSError, ValueError) as exc:
        raise UserFacingError(f"协议条款检查词表无法读取（{where}）：{exc}") from exc
