"""Which form definition files exist and which one is used for each form id.

A form definition is one JSON file per form id and version: ``<form id>.v<version>.json``. The
program ships its versions in ``forms/``; a committee whose locality prints a form differently puts
its own file with the same form id in the override folder (the user data folder's ``forms/``, or an
explicit directory), and that file wins over the shipped one whatever its version. Within one
folder the highest version wins.

Cheap on purpose (no reportlab, no validation): the command line lists forms from here while it
builds its help text. Reading and checking a definition is `forms.load_form`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.paths import forms_path, user_data_dir

FORM_FILE_RE = re.compile(r"^([a-z][a-z0-9_]*)\.v([1-9][0-9]*)\.json$")

# The order forms are listed in: the order of the procedure and of the dossier (docs/legal-basis.md §6.1).
FORM_ORDER = (
    "mediation_application",
    "acceptance_register",
    "acceptance_receipt",
    "rights_notice",
    "power_of_attorney",
    "investigation_record",
    "session_record",
    "work_order",
    "mediation_agreement",
    "oral_agreement_register",
    "return_visit_record",
    "decline_notice",
    "termination_notice",
    "referral_result_notice",
    "legal_support_request",
    "confirmation_application",
    "mediation_certificate",
    "confirmation_materials",
    "dossier_cover",
    "dossier_contents",
    "dossier_note",
    "dossier_back",
)


class FormDefinitionError(UserFacingError):
    """A form definition file is missing or wrong: a setup problem, not a user's input error."""


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class FormFile:
    """A form definition file found for a form id: the shipped one or the committee's override."""

    form_id: str
    version: int
    path: Path
    overridden: bool  # found in the override folder, not among the shipped forms


@frozen(repr=False)
class FormInfo:
    """What the forms list shows of one form file, read without building the form."""

    form_id: str
    name: str  # the Chinese name (the title printed), or "" when the file cannot be read
    version: int
    path: Path
    overridden: bool
    problem: str = ""  # why the file could not be read, if it could not


def shipped_dir() -> Path:
    return forms_path()


def default_override_dir() -> Path:
    """The user data folder's forms/: a committee's own versions of forms."""
    return user_data_dir() / "forms"


def form_files(directory: Path, overridden: bool = False) -> dict[str, FormFile]:
    """The newest version of each form in `directory` (empty when the folder does not exist)."""
    found: dict[str, FormFile] = {}
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return found
    for path in entries:
        match = FORM_FILE_RE.match(path.name)
        if match is None or not path.is_file():
            continue
        form_id, version = match[1], int(match[2])
        if form_id not in found or version > found[form_id].version:
            found[form_id] = FormFile(form_id, version, path, overridden)
    return found


def _override(override_dir: Path | None) -> Path:
    return override_dir if override_dir is not None else default_override_dir()


def all_form_files(override_dir: Path | None = None) -> dict[str, FormFile]:
    files = form_files(shipped_dir())
    if not files:  # an installation without its forms would print nothing and say nothing
        raise FormDefinitionError(
            f"找不到程序自带的文书格式文件夹“{shipped_dir()}”或其中没有格式文件，请重新安装本程序"
        )
    files.update(form_files(_override(override_dir), overridden=True))
    return files


def locate(form_id: str, override_dir: Path | None = None, files: dict[str, FormFile] | None = None) -> FormFile:
    """The definition file used for `form_id`: the override folder's, else the shipped one (`files`:
    `all_form_files` as already listed)."""
    files = all_form_files(override_dir) if files is None else files
    if form_id not in files:
        known = "、".join(form_ids(override_dir))
        raise FormDefinitionError(f"没有名为“{form_id}”的文书格式（可用：{known}）")
    return files[form_id]


def _sort_key(form_id: str) -> tuple[int, str]:
    return (FORM_ORDER.index(form_id) if form_id in FORM_ORDER else len(FORM_ORDER), form_id)


def form_ids(override_dir: Path | None = None) -> list[str]:
    return sorted(all_form_files(override_dir), key=_sort_key)


def list_forms(override_dir: Path | None = None) -> list[FormInfo]:
    """Every form id with its Chinese name, in procedure order; a broken file is listed with its problem."""
    return [_info(file) for _, file in sorted(all_form_files(override_dir).items(), key=lambda kv: _sort_key(kv[0]))]


def form_info(form_id: str, override_dir: Path | None = None) -> FormInfo | None:
    """What `list_forms` says about one form (reading only its file); None for an unknown form id."""
    file = all_form_files(override_dir).get(form_id)
    return None if file is None else _info(file)


MAX_FORM_BYTES = 1_000_000  # the largest shipped definition is about 10 KB


def read_form_json(path: Path) -> object:
    """The JSON of a definition file, or a FormDefinitionError saying what is wrong with the file.

    An override file is edited by hand: it may be cut off, not UTF-8, huge, or nested thousands deep
    (Python's decoder then raises RecursionError, not ValueError) - each names the file, and nothing
    else stops: the command line builds its help from these files, `--version` included."""
    try:
        if path.stat().st_size > MAX_FORM_BYTES:
            raise FormDefinitionError(f"格式文件 {path} 过大（超过 1 MB），不像是文书格式文件")
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormDefinitionError(f"无法读取格式文件 {path}：{exc.strerror}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise FormDefinitionError(f"格式文件 {path} 不是有效的 JSON（UTF-8）：{exc}") from exc
    except RecursionError as exc:
        raise FormDefinitionError(f"格式文件 {path} 嵌套层次过深，不是有效的文书格式文件") from exc


def _info(file: FormFile) -> FormInfo:
    name, problem = "", ""
    try:
        data = read_form_json(file.path)
        name = str(data.get("name", "")) if isinstance(data, dict) else ""
    except FormDefinitionError as exc:
        problem = f"无法读取：{exc.message}"
    return FormInfo(file.form_id, name, file.version, file.path, file.overridden, problem)
