"""The one table of field labels: a field's path (indices taken out) → the Chinese name users read.

Paths are those of `FieldError` (``parties[1].id_number`` → key ``parties[].id_number``) and of the JSON
case file (``$.case.parties[1].id_number``, the same key). The dialogs take their captions from here,
the problem lists name a field with it, and the JSON import names a key with it, so that a field is
called the same everywhere. The wording is the law's and the printed forms' (人民调解员, PML Art. 19;
法定代表人或主要负责人, CPL Art. 51). A printed form's own captions stay in its form file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mediator_app.errors import FieldError

# A non-court referral's sender and its reference, as the register dialog names them for each source
# (the `CaseSource` value): the 12345 hotline's work order, a 110 linkage's police station, the grid.
REFERRAL_LABELS: dict[str, tuple[str, str]] = {
    "12345热线转办": ("转办单位", "工单编号"),
    "公安移送": ("移送的公安机关", "移送编号"),
    "网格员上报": ("上报的网格（网格员）", "上报编号"),
    "其他": ("转办（移送）单位", "来源编号"),
}

LABELS: dict[str, str] = {
    # the case (registration)
    "number": "案件编号",
    "dispute_type": "纠纷类型",
    "source": "案件来源",
    "source_ref": "来源编号",
    "referral_court": "委派（委托）法院",
    "referral_ref": "法院委派编号",
    "referral_deadline": "法院要求办结日期",
    "referral_body": "转办（移送）单位",
    "subject_location": "标的物所在地",
    "registered_on": "登记日期",
    "committee_id": "所属调委会",
    "accepted_on": "受理日期",
    "status": "办理状态",
    "mediators": "人民调解员",
    "recorder": "记录人",
    "facts": "纠纷简要情况",
    "claims": "申请事项",
    "title": "案件名称",
    "privacy_notice_on": "个人信息处理告知确认日期",
    "retention": "保管期限",
    "parties": "当事人",
    # one party
    "parties[].seq": "序号",
    "parties[].role": "身份",
    "parties[].kind": "类别",
    "parties[].name": "姓名",
    "parties[].id_type": "证件类型",
    "parties[].id_number": "证件号码",
    "parties[].sex": "性别",
    "parties[].birth_date": "出生日期",
    "parties[].ethnicity": "民族",
    "parties[].occupation": "职业",
    "parties[].address": "住址",
    "parties[].phone": "联系电话",
    "parties[].uscc": "统一社会信用代码",
    "parties[].legal_rep": "法定代表人或主要负责人",
    "parties[].legal_rep_title": "职务",
    "parties[].capacity": "民事行为能力",
    "parties[].representatives": "代理人",
    "parties[].representatives[].kind": "代理人类别",
    "parties[].representatives[].name": "代理人姓名",
    "parties[].representatives[].id_type": "代理人证件类型",
    "parties[].representatives[].id_number": "代理人证件号码",
    "parties[].representatives[].phone": "代理人电话",
    "parties[].representatives[].relation": "与当事人关系",
    # the agreement
    "agreement": "协议",
    "agreement.disputed_matters": "争议事项",
    "agreement.responsibilities": "各方责任",
    "agreement.breach_clause": "违约责任",
    "agreement.signed_on": "签订日期",
    "agreement.terms": "协议条款",
    "agreement.terms[].seq": "序号",
    "agreement.terms[].obligor": "义务人",
    "agreement.terms[].obligee": "权利人",
    "agreement.terms[].action": "履行内容",
    "agreement.terms[].amount": "金额（元）",
    "agreement.terms[].deadline": "履行期限",
    "agreement.terms[].manner": "履行方式",
    "agreement.terms[].place": "履行地点",
    # what the procedure recorded (printing a document needs it)
    "state.oral_content": "口头协议的内容",
    "state.decline_reason": "不予受理的理由",
    "state.declined_on": "不予受理日期",
    "state.termination_reason": "终止调解的原因",
    "state.terminated_on": "终止调解日期",
    "state.parties_signed_on": "各方签署日期",
    "court": "受理司法确认申请的人民法院",
    # the statistics of a case (domain/statistics.py)
    "stats.difficulty": "难度级别",
    "stats.people_involved": "涉及人数",
    "stats.amount": "涉及金额（元）",
    "stats.self_performed": "自动履行",
    "stats.migrant_worker": "涉及农民工",
    "stats.dispute_began_on": "纠纷发生日期",
    "stats.confirmation": "司法确认结果",
    "stats.confirmation_ruled_on": "裁定日期",
    "stats.confirmation_ruling": "裁定书文号",
    "stats.prevent_screened": "排查纠纷",
    "stats.prevent_dispute": "预防纠纷",
    "stats.prevent_suicide": "防止民间纠纷引起自杀",
    "stats.prevent_crime": "防止民转刑",
    "stats.prevent_petition": "防止群体性上访",
    "stats.prevent_fight": "防止群体性械斗",
    "stats.formed_incident": "形成群体性事件",
    "stats.formed_petition": "形成群体性上访",
    "stats.elderly": "老年人",
    "stats.disabled": "残疾人",
    "stats.seriously_ill": "重病患者",
    "stats.pregnant": "孕产妇",
    "stats.minor": "未成年人",
    "stats.low_income": "低收入群体",
    "stats.groups": "涉及特殊群体",
    "stats.closed_on": "办结日期",
    "stats.outcome": "调解结果",
    "stats.agreement_form": "协议形式",
}

COMMITTEE_LABELS: dict[str, str] = {
    "name": "委员会名称",
    "short_name": "简称（用于案件编号）",
    "address": "地址",
    "court": "所在地基层人民法院",
    "phone": "委员会联系电话",
    "case_number_pattern": "案件编号格式",
}

# The JSON case file's own envelope (docs/json-format.md), around the case.
FILE_LABELS: dict[str, str] = {"format": "格式标识", "version": "格式版本", "generator": "生成程序", "case": "案件"}

_INDEX = re.compile(r"\[(\d+)\]")


def field_key(path: str) -> str:
    """``$.case.parties[2].id_number`` or ``parties[2].id_number`` → ``parties[].id_number``."""
    return _INDEX.sub("[]", path.removeprefix("$.").removeprefix("case."))


def field_label(path: str) -> str:
    """The label of the field a path names; the path's last key when the table has none."""
    key = field_key(path)
    return LABELS.get(key) or FILE_LABELS.get(key) or key.rsplit(".", 1)[-1].removesuffix("[]")


# -- a FieldError in words (the dialogs' problem lists, the printing problems, the CLI) --------------


def split_path(path: str) -> tuple[str, tuple[int, ...]]:
    """``parties[2].id_number`` → (``parties[].id_number``, (2,))."""
    return _INDEX.sub("[]", path), tuple(int(i) for i in _INDEX.findall(path))


def list_prefixes(key: str) -> list[str]:
    """The lists a key lies in: ``parties[].representatives[].name`` → [parties, parties[].representatives]."""
    parts = key.split("[]")[:-1]
    return ["[]".join(parts[: n + 1]) for n in range(len(parts))]


def location(path: str, party_names: Sequence[str] = ()) -> str:
    """Where a path points, in words: 第2位当事人（吉𠮷祥）, 第1项条款, or '' for a top-level field."""
    key, idx = split_path(path)
    if key.startswith("parties[]"):
        name = party_names[idx[0]] if idx[0] < len(party_names) and party_names[idx[0]] else ""
        where = f"第{idx[0] + 1}位当事人" + (f"（{name}）" if name else "")
        return where + ("的代理人" if ".representatives" in key else "")
    if key.startswith("agreement.terms[]"):
        return f"第{idx[0] + 1}项条款"
    return ""


def describe(error: FieldError, party_names: Sequence[str] = (), labels: dict[str, str] = LABELS) -> str:
    """One line for a list of problems: 第1项条款：请填写履行期限…  /  纠纷简要情况不能为空."""
    where = location(error.path, party_names)
    if where:
        return f"{where}：{error.message}"
    label = labels.get(split_path(error.path)[0], "")
    return error.message if not label or label in error.message else f"{label}：{error.message}"


def describe_field(error: FieldError, party_names: Sequence[str] = (), labels: dict[str, str] = LABELS) -> str:
    """Like `describe`, and names the field inside a party or term too (for documents that cannot be
    printed): 第2位当事人（吉𠮷祥）的姓名：“𱈴”（U+31234）字在字库中没有…"""
    if ":" in error.path:  # fixed text of a form file (rights_notice:sections[3].text)
        return f"文书格式文件中的文字（{error.path}）：{error.message}"
    key = split_path(error.path)[0]
    where = location(error.path, party_names)
    label = labels.get(key, "")
    if not where or not label or label in error.message or key in ("parties[]", "agreement.terms[]"):
        return describe(error, party_names, labels)
    if where.endswith("的代理人") and label.startswith("代理人"):
        return f"{where}{label.removeprefix('代理人')}：{error.message}"
    return f"{where}的{label}：{error.message}"
