"""Who may do what: the roles, the permissions, the one permission matrix, the acting person.

The matrix is data (`MATRIX`), read by the services (`services/access.require`) and by the screens
that disable what a role may not use; no service decides a permission with its own `if`. Why the
rows are as they are: docs/privacy.md, "Accounts and roles" (PIPL Arts. 28-31 and 51: sensitive
data only to those who need it; PML Art. 15: mediators must not disclose privacy). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from mediator_app.domain.model import Case
from mediator_app.domain.stages import Event
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen


class Role(StrEnum):
    ADMIN = "管理员"
    DIRECTOR = "调委会主任"
    MEDIATOR = "调解员"
    CLERK = "记录人/统计员"


class Permission(StrEnum):
    VIEW = "查看案件"
    REGISTER = "登记案件"
    EDIT = "办理案件"  # edit the file, the agreement's terms, the steps and facts of the procedure
    CONCLUDE = "结束调解"  # conclude an agreement (written or oral) or terminate the mediation
    ARCHIVE = "结案归档"
    REOPEN = "重新启用"
    VOID = "作废案件"
    EXPORT = "导出案件"
    PRINT = "打印文书"
    SENSITIVE = "查看敏感案件"  # minors, family and health matters (PIPL Art. 28)
    SETTINGS = "设置委员会"
    ACCOUNTS = "管理账户"
    BACKUP = "备份与恢复"
    REPORT = "统计报表"
    AUDIT = "查看审计记录"  # the director's view of who did what, and the chain check
    APPROVE = "审签回复"  # sign off a reply that leaves the committee (a 12345 work order's, docs/hotline.md)
    REVEAL = "查看完整号码"  # a party's full ID or phone number, shown on demand and recorded  # confirm (freeze) the bureau's reports and write them out as files


P = Permission
_EVERYTHING = frozenset(Permission)

# The one permission matrix. The administrator of a small room is usually its director or the one
# person who keeps the PC; the director answers for every dossier (archive, re-open, void, export);
# a mediator handles cases from registration to agreement and prints their papers; the clerk
# (记录人/统计员) registers and records, prints and counts (the reports), but does not see sensitive files.
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _EVERYTHING,
    Role.DIRECTOR: _EVERYTHING - {P.ACCOUNTS},
    Role.MEDIATOR: frozenset({P.VIEW, P.REGISTER, P.EDIT, P.CONCLUDE, P.PRINT, P.SENSITIVE, P.REVEAL}),
    Role.CLERK: frozenset({P.VIEW, P.REGISTER, P.EDIT, P.PRINT, P.REPORT}),
}

# Which permission a step of the procedure needs; every other step is P.EDIT.
STEP_PERMISSIONS: dict[Event, Permission] = {
    Event.CONCLUDE_WRITTEN: P.CONCLUDE,
    Event.CONCLUDE_ORAL: P.CONCLUDE,
    Event.TERMINATE: P.CONCLUDE,
    Event.ARCHIVE: P.ARCHIVE,
    Event.REOPEN: P.REOPEN,
}

LOCAL_USER = "本机用户"

# Dispute types whose files are sensitive personal information (PIPL Art. 28: health, family).
SENSITIVE_TYPES = frozenset({"婚姻家庭纠纷", "医疗纠纷"})
ADULT_AGE = 18


@frozen
class Actor:
    """The person a command or the window acts as. `role` None: 本机用户 on a database without
    accounts (the rule of docs/privacy.md, "Files without accounts"), who may do everything.
    `committee_id` None: the whole centre (sees every committee's cases); otherwise the one committee
    the person works in (docs/centre.md, "Several committees in one database")."""

    login: str
    display_name: str
    role: Role | None
    committee_id: int | None = None

    def sees_committee(self, committee_id: int | None) -> bool:
        """Whether a case or work order of this committee is this person's to see."""
        return self.committee_id is None or committee_id == self.committee_id

    @property
    def audit_name(self) -> str:
        """How the audit log names this person: `张三（zhangsan）`, or 本机用户."""
        if self.role is None:
            return LOCAL_USER
        return f"{self.display_name}（{self.login}）"

    def may(self, permission: Permission) -> bool:
        return self.role is None or permission in MATRIX[self.role]


LOCAL_ACTOR = Actor(LOCAL_USER, LOCAL_USER, None)


def step_permission(event: Event) -> Permission:
    return STEP_PERMISSIONS.get(event, P.EDIT)


def allowed_roles(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in MATRIX[role]]


def refusal(actor: Actor, permission: Permission) -> str:
    """The Chinese sentence for an action this person's role does not allow."""
    who = "、".join(allowed_roles(permission))
    return f"“{actor.display_name}”的角色是{actor.role}，不能{permission.value}；只有{who}可以。"


NOT_LOGGED_IN = "此数据文件已设置账户，请先登录"
OTHER_COMMITTEE = "此案件属于本中心的另一个调委会，您所在的调委会不能查看或办理；如需协办，请找中心主任"
OWN_COMMITTEE_ONLY = (
    "您的账户属于本中心的一个调委会，只能在本调委会登记案件、查看本调委会的统计；其他调委会的请找中心主任"
)


class PermissionDenied(UserFacingError):
    """The acting person's role does not allow the action (or nobody has logged in)."""


def check(actor: Actor | None, permission: Permission) -> Actor:
    """The acting person if the matrix allows `permission`; `PermissionDenied` otherwise."""
    if actor is None:
        raise PermissionDenied(NOT_LOGGED_IN)
    if not actor.may(permission):
        raise PermissionDenied(refusal(actor, permission))
    return actor


def check_case(actor: Actor | None, case: Case) -> None:
    """A case of another committee of the centre is refused to a person of one committee (PML Art. 15:
    a mediator keeps the parties' privacy, so a committee's files are its own); a sensitive case
    (minors, family, health) only for roles allowed to see one (PIPL Art. 28)."""
    if actor is not None and not actor.sees_committee(case.committee_id):
        raise PermissionDenied(OTHER_COMMITTEE)
    if is_sensitive(case):
        check(actor, Permission.SENSITIVE)


def check_committee(actor: Actor | None, committee_id: int) -> None:
    """Registering a case in a committee, or reading its statistics: a person of one committee only
    their own (PML Art. 15: a committee's files are its own); a centre-wide person any."""
    if actor is not None and not actor.sees_committee(committee_id):
        raise PermissionDenied(OWN_COMMITTEE_ONLY)


def is_sensitive(case: Case) -> bool:
    """A family or health dispute, or one with a party under 18 on the day of registration."""
    if case.dispute_type in SENSITIVE_TYPES:
        return True
    return any(_minor(p.birth_date, case.registered_on) for p in case.parties)


def _minor(birth: dt.date | None, day: dt.date) -> bool:
    if birth is None:
        return False
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return age < ADULT_AGE
