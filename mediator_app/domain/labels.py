"""The one table of field labels: a field's path (indices taken out) → the Chinese name users read.

Paths are those of `FieldError` (``parties[1].id_number`` → key ``parties[].id_number``) and of the JSON
case file (``$.case.parties[1].id_number``, the same key). The dialogs take their captions from here,
the problem lists name a field with it, and the JSON import names a key with it, so that a field is
called the same everywhere. The wording is the law's and the printed forms' (人民调解员, PML Art. 19;
法定代表人或主要负责人, CPL Art. 51). A printed form's own captions stay in its form file.
"""

from __future__ import annotations

import re

LABELS: dict[str, str] = {
    # the case (registration)
    "number": "案件编号",
    "dispute_type": "纠纷类型",
    "source": "案件来源",
    "source_ref": "来源编号",
    "registered_on": "登记日期",
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
    "state.termination_reason": "终止调解的原因",
    "state.parties_signed_on": "各方签署日期",
    "court": "受理司法确认申请的人民法院",
}

COMMITTEE_LABELS: dict[str, str] = {
    "name": "委员会名称",
    "short_name": "简称（用于案件编号）",
    "address": "地址",
    "court": "所在地基层人民法院",
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
