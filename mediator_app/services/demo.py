"""Demo data: realistic, deterministic dispute files for trying the program, screenshots and load tests.

`generate_cases(n, seed)` depends only on its arguments (its own `random.Random(seed)`, fixed dates
2025-01-01..2026-11-20, never today's date). Every generated case passes the registration rules:
valid citizen ID numbers of real counties (GB 11643 check character), valid unified social credit
codes (GB 32100), a guardian for every minor, deadlines after the signing date.

Each case comes with the investigation and mediation records (调查记录、调解记录) its stage implies
(`iter_demo`), so that facts and records give the search realistic amounts of text (a few hundred
characters per case).

`fill_demo` writes them through the bulk path (`storage.bulk`: multi-row inserts, a few large
transactions, the search index built once at the end): 100,000 cases in about a minute and a half.
`fill_demo_per_case` writes the same content through the ordinary repository functions, one case at
a time; the tests check that both give the same database. The texts are templates; amounts, names and
places vary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from mediator_app.domain.ids import id_check_char, uscc_check_char
from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    Mediator,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import ProcedureState, RecordKind, StepRecord
from mediator_app.domain.stages import Stage
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage import search as search_index
from mediator_app.storage.bulk import BulkWriter
from mediator_app.storage.database import Database
from mediator_app.storage.tables import CaseRow

S = Stage
FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2026, 11, 20)
BATCH_SIZE = 5000  # cases per transaction
AUDIT_ACTION = "生成演示案件"

DEMO_COMMITTEE = Committee(
    name="青山镇桃源村人民调解委员会（演示）",
    short_name="桃源村",
    address="湖北省阳新县青山镇桃源村村民委员会",
    court="阳新县人民法院青山人民法庭",
)
MEDIATORS = ("王桂兰", "李建国", "张淑芬", "陈志刚", "赵德明", "刘秀英")

# ---------------------------------------------------------------- people and places

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "𠮷")  # 𠮷 (U+20BB7) is a real surname variant of 吉
_MALE_CHARS = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳国建志德文海春金立成永忠"
_FEMALE_CHARS = "芳娜敏静丽艳娟霞秀英桂玉兰红梅婷雪慧琳丹萍玲燕颖倩洁雯淑凤云珍彩菊翠"
# Rare characters seen in real names: Ext A 䶮, Ext B 𠮷, and others that old fonts and GBK lack.
_RARE_CHARS = ("䶮", "𠮷", "堃", "淼", "喆", "昇", "犇", "燚", "垚", "赟", "玥", "珺", "頔", "彧", "翀", "珏")

# Real county-level region codes (GB/T 2260). Most parties are local (阳新县); some were born elsewhere.
_LOCAL_REGION = "420222"  # 湖北省黄石市阳新县
_OTHER_REGIONS = (
    "420281",
    "420202",
    "421281",
    "360426",
    "110105",
    "330782",
    "320583",
    "410181",
    "430181",
    "510182",
    "530181",
    "610481",
    "152502",
    "350583",
    "441781",
    "450881",
    "500229",
    "522301",
    "130181",
    "341881",
)
_TOWNS = ("青山镇", "白沙镇", "龙港镇", "富池镇", "枫林镇", "王英镇", "排市镇", "浮屠镇")
_VILLAGES = (
    "桃源村",
    "柳湾村",
    "石门村",
    "杨家畈村",
    "黄泥坳村",
    "新屋村",
    "上畈村",
    "枫树湾村",
    "大塘村",
    "李家山村",
    "下湾村",
    "长岭村",
)
_PHONE_PREFIXES = (
    "138",
    "139",
    "158",
    "159",
    "136",
    "137",
    "186",
    "187",
    "188",
    "135",
    "150",
    "151",
    "152",
    "177",
    "180",
    "181",
    "189",
    "199",
    "133",
    "153",
    "191",
)
_OCCUPATIONS = ("农民", "农民", "农民", "务工人员", "个体工商户", "退休职工", "教师", "货车司机", "无业", "个体经营")
_MINORITIES = ("土家族", "苗族", "回族", "壮族", "侗族", "蒙古族", "满族")
_BRANDS = ("鑫源", "恒通", "华达", "宏盛", "顺发", "兴旺", "金桥", "立信", "楚天", "富川")
_MONEY_MANNERS = ("一次性现金支付", "银行转账", "微信转账", "在本委员会调解室当场支付")

_SOURCES = (
    CaseSource.APPLICATION,
    CaseSource.OWN_INITIATIVE,
    CaseSource.HOTLINE_12345,
    CaseSource.COURT,
    CaseSource.POLICE,
    CaseSource.GRID,
    CaseSource.OTHER,
)
_SOURCE_WEIGHTS = (50, 18, 9, 5, 7, 9, 2)


@dataclass(frozen=True)
class _Plan:
    """One kind of dispute: facts, claims and the terms an agreement usually has.

    Texts use {a}/{b} (applicant/respondent names), {village}, {group}, {month}, {amount}, {n}.
    A term is (action, obligor 'a'/'b', obligee 'a'/'b'/None, (min, max) yuan or None).
    """

    dispute_type: str
    facts: str
    claims: str
    matters: str
    terms: tuple[tuple[str, str, str | None, tuple[int, int] | None], ...]
    respondent: str = "person"  # person / company / property / cooperative / village / clinic / travel
    minor_applicant: bool = False
    a_born: tuple[int, int] = (1950, 2000)
    b_born: tuple[int, int] = (1950, 2000)


_PLANS: tuple[tuple[_Plan, int], ...] = (
    (
        _Plan(
            "邻里纠纷",
            "{a}与{b}系{village}{group}组邻居。{month}，{b}在两家之间的公共通道上堆放柴草和建筑材料，{a}多次要求清理"
            "未果，双方发生口角并互有推搡。{a}认为通道被占影响出行，遂申请调解。",
            "请求{b}清理公共通道上的堆放物，并赔礼道歉。",
            "公共通道的占用及清理",
            (("清理堆放在公共通道上的柴草和建筑材料，恢复通道畅通", "b", "a", None), ("当面赔礼道歉", "b", "a", None)),
        ),
        12,
    ),
    (
        _Plan(
            "邻里纠纷",
            "{b}家饲养的狗多次窜入{a}家院内，{month}咬死{a}饲养的鸡{n}只，并咬伤{a}的小腿，{a}花去医疗费用若干。"
            "{a}要求赔偿，{b}认为损失不大，双方争执不下。",
            "请求{b}赔偿医疗费及家禽损失共计{amount}元，并拴养犬只。",
            "医疗费及家禽损失的赔偿",
            (("赔偿医疗费及家禽损失", "b", "a", (800, 5000)), ("拴养犬只，不得放任其进入他人院落", "b", None, None)),
        ),
        8,
    ),
    (
        _Plan(
            "邻里纠纷",
            "{a}与{b}两家房屋相邻。{b}新建房屋的滴水檐伸入{a}家院落上方，雨水直接落入{a}院内，墙体受潮，{a}要求{b}"
            "改建，双方多次协商未果。",
            "请求{b}改建滴水檐并修缮受损墙体。",
            "滴水檐改建及墙体修缮",
            (("改建滴水檐，使雨水落入本方宅基地范围内", "b", "a", None), ("修缮{a}家受潮墙体", "b", "a", None)),
        ),
        5,
    ),
    (
        _Plan(
            "婚姻家庭纠纷",
            "{a}年逾七旬，系{b}的{a_parent}，现独自居住在{village}{group}组。{a}称{b}近两年未支付赡养费，也很少探望，"
            "{a}生活困难，多次向村委会反映。",
            "请求{b}每月支付赡养费，并定期探望照料。",
            "赡养费的数额及照料方式",
            (
                ("支付本年度赡养费", "b", "a", (2400, 9600)),
                ("每月至少探望{a}两次，{a}患病时负责陪护就医", "b", "a", None),
            ),
            a_born=(1938, 1954),
            b_born=(1962, 1990),
        ),
        8,
    ),
    (
        _Plan(
            "婚姻家庭纠纷",
            "{a}与{b}系夫妻，婚后育有一子。近年来双方因家庭琐事经常争吵，{month}{b}搬出居住，双方对子女抚养和共同财产"
            "分割意见不一。",
            "请求协商离婚后子女抚养及共同财产分割事宜。",
            "子女抚养费及共同财产分割",
            (
                ("支付子女抚养费至子女年满十八周岁，本期先行支付", "b", "a", (6000, 24000)),
                ("协助办理共同所有房屋的过户手续", "b", "a", None),
            ),
        ),
        5,
    ),
    (
        _Plan(
            "房屋宅基地纠纷",
            "{a}与{b}宅基地相邻。{month}{b}翻建房屋时，新砌围墙占用{a}宅基地约{n}平方米，{a}认为侵占了本家宅基地，"
            "双方各执一词。经村委会测量，围墙确有越界。",
            "请求{b}拆除越界围墙，恢复宅基地原状。",
            "宅基地界址及越界围墙的处理",
            (
                ("拆除越界部分的围墙，按原界址重新砌筑", "b", "a", None),
                ("补偿{a}因施工造成的菜地损失", "b", "a", (500, 3000)),
            ),
        ),
        10,
    ),
    (
        _Plan(
            "合同纠纷",
            "{month}，{a}将自家房屋交由{b}装修，约定工程款{amount}元。完工后{a}认为部分墙面开裂、卫生间渗水，拒付尾款；"
            "{b}认为已按约完工，要求结清工程款。",
            "请求{b}返修渗水部位，并就尾款结算达成一致。",
            "装修质量及尾款结算",
            (
                ("对卫生间渗水及墙面开裂部位进行返修", "b", "a", None),
                ("返修验收合格后支付装修尾款", "a", "b", (3000, 20000)),
            ),
        ),
        6,
    ),
    (
        _Plan(
            "合同纠纷",
            "{a}于{month}向{b}购买建材一批，货款共计{amount}元，{a}已付部分货款。{b}称余款逾期未付，{a}称部分货物质量"
            "不合格，双方发生争执。",
            "请求{b}支付剩余货款。",
            "剩余货款的数额及支付期限",
            (("支付剩余货款", "b", "a", (5000, 60000)),),
            respondent="person",
        ),
        3,
    ),
    (
        _Plan(
            "生产经营纠纷",
            "{a}在{village}承包鱼塘养殖，{month}{b}在上游清洗设备排放污水，造成{a}鱼塘鱼类大量死亡，损失约{amount}元。",
            "请求{b}赔偿鱼苗及成鱼损失。",
            "鱼塘损失的赔偿数额",
            (("赔偿鱼塘养殖损失", "b", "a", (5000, 40000)),),
            respondent="company",
        ),
        4,
    ),
    (
        _Plan(
            "生产经营纠纷",
            "{a}于{year}年将自家承包地{n}亩流转给{b}种植油茶，约定每年流转费{amount}元。{b}以收成不好为由拖欠两年流转费，"
            "{a}多次催要未果。",
            "请求{b}支付拖欠的土地流转费。",
            "土地流转费的支付",
            (("支付拖欠的土地流转费", "b", "a", (2000, 20000)),),
            respondent="cooperative",
        ),
        2,
    ),
    (
        _Plan(
            "损害赔偿纠纷",
            "{month}，{a}在{village}路口被{b}驾驶的农用三轮车刮倒，造成左腿骨折，住院治疗{n}天，花费医疗费约{amount}元。"
            "双方对赔偿数额存在分歧。",
            "请求{b}赔偿医疗费、误工费、护理费等各项损失。",
            "人身损害赔偿的数额及支付方式",
            (("赔偿医疗费、误工费、护理费等各项损失", "b", "a", (8000, 60000)),),
        ),
        6,
    ),
    (
        _Plan(
            "损害赔偿纠纷",
            "{month}放学途中，{a}在{b}家门前被{b}饲养的狗咬伤，注射狂犬疫苗并清创治疗，花费医疗费{amount}元。"
            "{a}的监护人要求{b}赔偿，{b}认为孩子先挑逗犬只，双方发生争执。",
            "请求{b}赔偿医疗费、交通费及精神损失。",
            "被咬伤后的赔偿",
            (("赔偿医疗费、交通费等各项损失", "b", "a", (1500, 8000)),),
            minor_applicant=True,
        ),
        3,
    ),
    (
        _Plan(
            "山林土地纠纷",
            "{a}与{b}两家承包的山林相邻，{month}{b}砍伐杉木时越界砍伐{a}承包山林内杉木约{n}棵，{a}发现后要求赔偿，"
            "双方对山界位置认识不一。",
            "请求{b}赔偿被砍伐林木损失，并确认山界。",
            "山林界址及林木损失",
            (
                ("按林木市场价赔偿越界砍伐的杉木", "b", "a", (2000, 15000)),
                ("在村委会见证下共同埋设界桩", "b", "a", None),
            ),
        ),
        5,
    ),
    (
        _Plan(
            "征地拆迁纠纷",
            "{village}因修建村级公路占用{a}承包地约{n}分，{a}认为青苗补偿标准偏低，阻止施工，与村股份经济合作社发生争执。",
            "请求按实际种植情况提高青苗补偿。",
            "青苗补偿标准",
            (("支付青苗及附着物补偿款", "b", "a", (1000, 8000)),),
            respondent="village",
        ),
        3,
    ),
    (
        _Plan(
            "环境污染纠纷",
            "{b}在{village}附近设厂加工石材，夜间作业噪音和粉尘较大，{a}等村民多次投诉。{month}{a}家中老人因噪音"
            "无法休息，双方发生争吵。",
            "请求{b}夜间停止作业，并采取降尘措施。",
            "夜间作业噪音及粉尘的治理",
            (("每日22时至次日6时停止机械作业", "b", None, None), ("在厂区加装喷淋降尘设施", "b", None, None)),
            respondent="company",
        ),
        2,
    ),
    (
        _Plan(
            "消费纠纷",
            "{a}于{month}在{b}购买的电动车使用不足一个月即出现电池无法充电的问题，{a}要求退货，{b}只同意维修。",
            "请求{b}退货退款。",
            "商品质量问题的处理方式",
            (("退还购车款", "b", "a", (1800, 4500)),),
            respondent="company",
        ),
        3,
    ),
    (
        _Plan(
            "医疗纠纷",
            "{a}于{month}在{b}输液后出现过敏反应，转县医院治疗{n}天。{a}认为{b}未询问过敏史，存在过错。",
            "请求{b}赔偿医疗费、误工费。",
            "诊疗过错及赔偿数额",
            (("赔偿医疗费、误工费等损失", "b", "a", (3000, 30000)),),
            respondent="clinic",
        ),
        2,
    ),
    (
        _Plan(
            "道路交通事故纠纷",
            "{month}，{b}驾驶小型汽车在{village}村道与{a}驾驶的电动自行车相撞，致{a}受伤、车辆损坏。交警部门认定{b}"
            "负事故主要责任，{a}负次要责任。双方就赔偿数额未能达成一致。",
            "请求{b}赔偿医疗费、误工费、车辆损失等。",
            "交通事故损害赔偿",
            (("赔偿医疗费、误工费、车辆维修费等各项损失（保险理赔部分除外）", "b", "a", (3000, 50000)),),
        ),
        6,
    ),
    (
        _Plan(
            "物业纠纷",
            "{a}居住的小区由{b}提供物业服务。{month}{a}家楼上水管爆裂，导致{a}家吊顶和木地板受损，{a}认为物业公司"
            "未及时关闭总阀，要求赔偿。",
            "请求{b}赔偿房屋财产损失。",
            "财产损失的赔偿责任",
            (("赔偿吊顶及地板损失", "b", "a", (2000, 12000)), ("对小区供水管网进行一次全面检修", "b", None, None)),
            respondent="property",
        ),
        3,
    ),
    (
        _Plan(
            "旅游纠纷",
            "{a}参加{b}组织的旅游团，行程中旅行社擅自减少景点并安排购物，{a}要求退还部分团费。",
            "请求{b}退还减少景点的费用。",
            "团费退还数额",
            (("退还减少景点部分的团费", "b", "a", (300, 2000)),),
            respondent="travel",
        ),
        1,
    ),
    (
        _Plan(
            "互联网纠纷",
            "{b}在微信群中发布涉及{a}的不实言论，称{a}收受好处，在村里造成不良影响，{a}要求{b}删除并公开道歉。",
            "请求{b}删除不实言论并在原微信群内公开道歉。",
            "网络言论的删除与道歉",
            (("删除在微信群中发布的不实言论", "b", "a", None), ("在原微信群内公开赔礼道歉", "b", "a", None)),
        ),
        1,
    ),
    (
        _Plan(
            "其他纠纷",
            "{a}与{b}合伙购买农用收割机一台，{month}双方因收割机使用安排和维修费用分摊发生矛盾。",
            "请求明确收割机的使用安排和维修费用分摊。",
            "合伙财产的使用及费用分摊",
            (("分担收割机维修费用", "b", "a", (500, 4000)),),
        ),
        3,
    ),
)
_PLAN_CUM_WEIGHTS = tuple(itertools.accumulate(w for _, w in _PLANS))

_WAGE_FACTS = (
    "{n}名工人在{b}承建的{village}安置房项目务工，{month}至今的工资共计{amount}元未结清。工人多次催要无果，"
    "经网格员上报后，本委员会会同劳动保障所介入调解。"
)


# Second paragraphs of the facts: how the dispute developed. {a}/{b}/{village}/{month}/{k}.
_FACT_TAILS = (
    "此后双方曾自行协商{k}次，均因分歧较大未果。{a}称此事已严重影响家庭正常生活，希望通过调解解决；{b}表示愿意在"
    "查明事实的基础上协商处理，但认为{a}提出的要求过高。",
    "{month}，村民小组长曾到现场劝解，双方情绪有所缓和，但问题没有得到根本解决。为防止矛盾激化，网格员将情况"
    "报告村委会，村委会建议通过人民调解方式化解，双方均表示同意。",
    "{a}提供了现场照片、收据、证人证言等材料；{b}对部分事实有异议，认为事出有因，自己并无主要过错。双方因此多次"
    "发生口角，关系日趋紧张，周边群众反映强烈。",
    "双方系多年邻居，平时关系尚可。纠纷发生后，双方亲友多次从中说和，{b}一度同意处理，后又反悔，{a}遂到本委员会"
    "申请调解，请求依法公正处理。",
    "{month}以来，{a}多次找{b}协商，{b}以各种理由推托。{a}曾拨打12345热线反映情况，热线将工单转至本委员会办理，"
    "要求在规定期限内反馈处理结果。",
)
_WAGE_TAILS = (
    "工人们多次到项目部讨要，{b}称工程款尚未结算，无力支付。为防止工人集体上访，镇劳动保障所和派出所已到场"
    "做稳定工作，并要求{b}提供工资表和考勤记录。",
    "据工人反映，{b}承诺春节前结清工资，但一直未兑现。部分工人家庭困难，子女学费和老人医药费无着落，情绪激动，"
    "存在矛盾激化风险。",
)
_WITNESSES = (
    "邻居证实双方确曾多次发生争执",
    "村民小组长证实事情经过与申请人所述基本一致",
    "现场情况与申请人所述基本相符",
    "部分事实双方说法不一，尚需进一步核实",
    "周边群众反映双方矛盾已有较长时间",
)
_REPLIES = (
    "承认部分事实，但认为对方的要求过高，难以接受",
    "表示愿意协商解决，但经济上确有困难，希望分期履行",
    "认为责任不全在自己，对方也有过错，应当各自承担",
    "同意赔礼道歉，但对赔偿数额有异议",
    "称当时并非有意为之，事后也曾主动上门协商，被对方拒绝",
)
_LAW_POINTS = (
    "《中华人民共和国民法典》第二百八十八条的规定，不动产的相邻权利人应当按照有利生产、方便生活、团结互助、"
    "公平合理的原则，正确处理相邻关系",
    "《中华人民共和国民法典》第一千一百六十五条的规定，行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任",
    "《中华人民共和国民法典》第一千零六十七条的规定，成年子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，"
    "有要求成年子女给付赡养费的权利",
    "《中华人民共和国民法典》第五百零九条的规定，当事人应当按照约定全面履行自己的义务",
    "《中华人民共和国民法典》第一千一百七十九条的规定，侵害他人造成人身损害的，应当赔偿医疗费、护理费、交通费、"
    "营养费、住院伙食补助费等为治疗和康复支出的合理费用，以及因误工减少的收入",
)
_SESSION_RESULTS = {
    "agreement": "经调解，双方自愿达成调解协议，当场签署人民调解协议书。",
    "oral": "经调解，双方当场达成口头协议，调解员已记录协议内容。",
    "failed": "双方分歧较大，经多次调解未能达成协议，调解员已告知当事人可以依法通过仲裁、行政、司法等途径解决。",
    "pending": "双方同意回去再作考虑，约定另行安排时间继续调解。",
}


# ---------------------------------------------------------------- the generator


class _Gen:
    """Builds cases from one `random.Random`; nothing here reads the clock or global state."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    # -- names, numbers, places

    def given_name(self, sex: str) -> str:
        rng = self.rng
        pool = _MALE_CHARS if sex == "男" else _FEMALE_CHARS
        chars = [rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2)]
        if rng.random() < 0.05:
            chars[-1] = rng.choice(_RARE_CHARS)
        return "".join(chars)

    def surname(self) -> str:
        r = self.rng.random()
        return self.rng.choice(_COMPOUND_SURNAMES) if r < 0.02 else self.rng.choice(_SURNAMES)

    def id_number(self, birth: dt.date, sex: str) -> str:
        rng = self.rng
        region = _LOCAL_REGION if rng.random() < 0.8 else rng.choice(_OTHER_REGIONS)
        seq = rng.randrange(0, 1000, 2) + (1 if sex == "男" else 0)  # odd = male (GB 11643)
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        return first17 + id_check_char(first17)

    def phone(self) -> str:
        return self.rng.choice(_PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def address(self) -> str:
        rng = self.rng
        return f"湖北省阳新县{rng.choice(_TOWNS)}{rng.choice(_VILLAGES)}{rng.randint(1, 12)}组{rng.randint(1, 60)}号"

    def date_between(self, first: dt.date, last: dt.date) -> dt.date:
        return dt.date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))

    def uscc(self, prefix: str) -> str:
        rng = self.rng
        org = "".join(rng.choice("0123456789") for _ in range(8))
        # The organisation code (GB 11714) carries its own check character.
        total = sum(int(c) * w for c, w in zip(org, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
        check = (11 - total % 11) % 11
        first17 = prefix + _LOCAL_REGION + org + ("X" if check == 10 else str(check))
        return first17 + uscc_check_char(first17)

    # -- parties

    def person(
        self,
        seq: int,
        role: PartyRole,
        sex: str | None = None,
        *,
        born: tuple[int, int] = (1950, 2000),
        surname: str | None = None,
    ) -> Party:
        rng = self.rng
        sex = sex or rng.choice(("男", "女"))
        birth = self.date_between(dt.date(born[0], 1, 1), dt.date(born[1], 12, 28))
        party = Party(
            seq=seq,
            role=role,
            kind=PartyKind.PERSON,
            name=(surname or self.surname()) + self.given_name(sex),
            id_number=self.id_number(birth, sex),
            sex=sex,
            birth_date=birth,
            ethnicity="汉族" if rng.random() < 0.9 else rng.choice(_MINORITIES),
            occupation=rng.choice(_OCCUPATIONS),
            address=self.address(),
            phone=self.phone() if rng.random() < 0.95 else "",
        )
        if rng.random() < 0.08:
            party.representatives.append(self.agent(rng.choice(("儿子", "女儿", "侄子", "律师"))))
        return party

    def agent(
        self,
        relation: str,
        kind: RepresentativeKind = RepresentativeKind.AGENT,
        sex: str | None = None,
        surname: str | None = None,
    ) -> Representative:
        sex = sex or self.rng.choice(("男", "女"))
        birth = self.date_between(dt.date(1965, 1, 1), dt.date(1998, 12, 28))
        return Representative(
            kind=kind,
            name=(surname or self.surname()) + self.given_name(sex),
            id_number=self.id_number(birth, sex),
            phone=self.phone(),
            relation=relation,
        )

    def minor(self, seq: int) -> Party:
        """A child (born 2011-2017) who acts through a parent as guardian (Civil Code Arts. 23, 27)."""
        surname = self.surname()
        party = self.person(seq, PartyRole.APPLICANT, born=(2011, 2017), surname=surname)
        party.occupation, party.phone = "学生", ""
        parent_sex = self.rng.choice(("男", "女"))
        relation = ("父" if parent_sex == "男" else "母") + ("子" if party.sex == "男" else "女")
        guardian = self.agent(
            relation, RepresentativeKind.GUARDIAN, parent_sex, surname=surname if parent_sex == "男" else None
        )
        party.representatives = [guardian]
        return party

    def organisation(self, seq: int, role: PartyRole, kind: str, village: str) -> Party:
        rng = self.rng
        brand = rng.choice(_BRANDS)
        name, prefix, title = {
            "company": (
                f"阳新县{brand}{rng.choice(('建材', '石材', '建筑工程', '商贸', '农业开发'))}有限公司",
                "91",
                rng.choice(("执行董事", "总经理", "董事长")),
            ),
            "property": (f"阳新县{brand}物业服务有限公司", "91", "总经理"),
            "cooperative": (f"阳新县{village}{rng.choice(('油茶', '蔬菜', '水稻'))}种植专业合作社", "93", "理事长"),
            "village": (f"阳新县青山镇{village}股份经济合作社", "N2", "理事长"),
            "clinic": (f"阳新县{rng.choice(_TOWNS)}卫生院", "12", "院长"),
            "travel": (f"黄石{brand}国际旅行社有限公司", "91", "总经理"),
        }[kind]
        legal_sex = rng.choice(("男", "女"))
        party = Party(
            seq=seq,
            role=role,
            kind=PartyKind.ORGANISATION,
            name=name,
            uscc=self.uscc(prefix),
            legal_rep=self.surname() + self.given_name(legal_sex),
            legal_rep_title=title,
            address=f"湖北省阳新县{rng.choice(_TOWNS)}{brand}大道{rng.randint(1, 300)}号",
            phone=self.phone(),
        )
        if rng.random() < 0.5:
            party.representatives.append(self.agent(rng.choice(("公司员工", "法务专员", "律师"))))
        return party

    # -- cases

    def case(self, registered_on: dt.date) -> Case:
        rng = self.rng
        if rng.random() < 0.03:
            return self.wage_case(registered_on)
        plan = rng.choices(_PLANS, cum_weights=_PLAN_CUM_WEIGHTS)[0][0]
        village = rng.choice(_VILLAGES)
        married = plan.dispute_type == "婚姻家庭纠纷" and "夫妻" in plan.facts
        a_sex = rng.choice(("男", "女"))
        b_sex = ("女" if a_sex == "男" else "男") if married else None
        parties = [
            self.minor(1) if plan.minor_applicant else self.person(1, PartyRole.APPLICANT, a_sex, born=plan.a_born)
        ]
        if plan.respondent == "person":
            parties.append(self.person(2, PartyRole.RESPONDENT, b_sex, born=plan.b_born))
        else:
            parties.append(self.organisation(2, PartyRole.RESPONDENT, plan.respondent, village))
        for _ in range(rng.choices((0, 1, 2), weights=(70, 22, 8))[0]):
            role = rng.choice((PartyRole.APPLICANT, PartyRole.RESPONDENT))
            parties.append(self.person(len(parties) + 1, role))
        words = self.words(parties, village, registered_on)
        facts = plan.facts.format(**words) + rng.choice(_FACT_TAILS).format(**words)
        case = self.shell(plan.dispute_type, registered_on, parties, facts, plan.claims.format(**words))
        if rng.random() < 0.6:
            case.agreement = self.agreement(plan, words, case)
        self.set_stage(case)
        return case

    def words(self, parties: list[Party], village: str, day: dt.date) -> dict[str, str]:
        rng = self.rng
        month_day = day - dt.timedelta(days=rng.randint(5, 90))
        return {
            "a": parties[0].name,
            "b": parties[1].name,
            "village": village,
            "group": str(rng.randint(1, 12)),
            "month": f"{month_day.year}年{month_day.month}月",
            "year": str(day.year - rng.randint(2, 6)),
            "amount": str(rng.randrange(2000, 80000, 100)),
            "n": str(rng.randint(3, 40)),
            "a_parent": "父亲" if parties[0].sex == "男" else "母亲",
            "k": "两三四五"[rng.randrange(4)],
        }

    def shell(self, dispute_type: str, registered_on: dt.date, parties: list[Party], facts: str, claims: str) -> Case:
        rng = self.rng
        source = rng.choices(_SOURCES, weights=_SOURCE_WEIGHTS)[0]
        mediators = rng.sample(MEDIATORS, rng.choice((1, 1, 2)))
        recorder = rng.choice([m for m in MEDIATORS if m not in mediators])
        applicants = [p.name for p in parties if p.role is PartyRole.APPLICANT]
        respondents = [p.name for p in parties if p.role is PartyRole.RESPONDENT]
        title = f"{_names(applicants)}与{_names(respondents)}{dispute_type}"
        accepted = registered_on + dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
        return Case(
            dispute_type=dispute_type,
            source=source,
            registered_on=registered_on,
            facts=facts,
            claims=claims,
            title=title,
            source_ref=self.source_ref(source, registered_on),
            accepted_on=min(accepted, LAST_DAY),
            parties=parties,
            mediators=list(mediators),
            recorder=recorder,
        )

    def source_ref(self, source: CaseSource, day: dt.date) -> str:
        n = self.rng.randint(1, 9999)
        if source is CaseSource.HOTLINE_12345:
            return f"12345-{day:%Y%m%d}-{n:04d}"
        if source is CaseSource.COURT:
            return f"（{day.year}）鄂0222民诉前调{n}号"
        if source is CaseSource.POLICE:
            return f"阳公（青）调移字〔{day.year}〕{n}号"
        return ""

    def agreement(self, plan: _Plan, words: dict[str, str], case: Case) -> Agreement:
        rng = self.rng
        signed = min(case.registered_on + dt.timedelta(days=rng.randint(2, 30)), LAST_DAY)
        seq_of = {"a": 1, "b": 2}
        terms: list[Term] = []
        specs = plan.terms if len(plan.terms) == 1 or rng.random() < 0.7 else plan.terms[:1]
        for action, obligor, obligee, money in specs:
            amount = Money(rng.randrange(money[0], money[1] + 1, 100) * 100) if money else None
            terms.append(
                Term(
                    seq=len(terms) + 1,
                    obligor=seq_of[obligor],
                    obligee=seq_of[obligee] if obligee else None,
                    action=action.format(**words),
                    amount=amount,
                    deadline=signed + dt.timedelta(days=rng.choice((0, 7, 15, 30, 60, 90))),
                    manner=rng.choice(_MONEY_MANNERS) if amount else "",
                    place="本委员会调解室" if amount else "",
                )
            )
        if rng.random() < 0.15 and not any("道歉" in t.action for t in terms):
            terms.append(
                Term(
                    seq=len(terms) + 1,
                    obligor=2,
                    obligee=1,
                    action="当面向{a}赔礼道歉".format(**words),
                    deadline=signed,
                )
            )
        a, b = words["a"], words["b"]
        return Agreement(
            disputed_matters=f"双方就{plan.matters}发生争议。",
            responsibilities=rng.choice(
                (
                    f"{b}对纠纷的发生负主要责任，{a}负次要责任。",
                    f"{b}对纠纷的发生负全部责任。",
                    "双方均有过错，应相互谅解。",
                )
            ),
            breach_clause=rng.choice(("", f"如{b}未按期履行，{a}可就未履行部分向人民法院提起诉讼。")),
            signed_on=signed,
            terms=terms,
        )

    def wage_case(self, registered_on: dt.date) -> Case:
        rng = self.rng
        village = rng.choice(_VILLAGES)
        workers = rng.choice((8, 12, 15, 19, 27, 27, 30))
        parties = [
            self.person(i + 1, PartyRole.APPLICANT, rng.choice(("男", "男", "男", "女")), born=(1962, 2000))
            for i in range(workers)
        ]
        company = self.organisation(workers + 1, PartyRole.RESPONDENT, "company", village)
        parties.append(company)
        wages = [rng.randrange(4000, 30000, 100) for _ in range(workers)]
        words = {
            "n": str(workers),
            "b": company.name,
            "village": village,
            "amount": str(sum(wages)),
            "month": f"{registered_on.year - (registered_on.month < 4)}年{(registered_on.month - 4) % 12 + 1}月",
        }
        facts = _WAGE_FACTS.format(**words) + rng.choice(_WAGE_TAILS).format(**words)
        case = self.shell(
            "劳动争议纠纷", registered_on, parties, facts, f"请求{company.name}支付拖欠的工资共计{sum(wages)}元。"
        )
        case.source, case.source_ref = CaseSource.GRID, ""
        case.title = f"{parties[0].name}等{workers}人与{company.name}劳动争议纠纷"
        if rng.random() < 0.6:
            signed = min(registered_on + dt.timedelta(days=rng.randint(3, 20)), LAST_DAY)
            deadline = signed + dt.timedelta(days=rng.choice((7, 15, 30)))
            terms = [
                Term(
                    seq=i + 1,
                    obligor=workers + 1,
                    obligee=i + 1,
                    action=f"支付{p.name}拖欠的工资",
                    amount=Money(w * 100),
                    deadline=deadline,
                    manner="银行转账至本人账户",
                )
                for i, (p, w) in enumerate(zip(parties, wages, strict=False))
            ]
            case.agreement = Agreement(
                disputed_matters="双方就拖欠工资的数额及支付期限发生争议。",
                responsibilities=f"{company.name}应按时足额支付劳动报酬，对拖欠工资负全部责任。",
                breach_clause="逾期未支付的，工人可向劳动人事争议仲裁委员会申请仲裁。",
                signed_on=signed,
                terms=terms,
            )
        self.set_stage(case)
        return case

    def set_stage(self, case: Case) -> None:
        """A stage that fits the case's age and agreement; a case not (yet) accepted has no 受理日期."""
        rng, age = self.rng, (LAST_DAY - case.registered_on).days
        stages: tuple[Stage, ...]
        if case.agreement is not None:
            stages = (
                (S.WRITTEN_AGREEMENT, S.PERFORMING, S.CONFIRMATION_APPLIED)
                if age < 45
                else (S.PERFORMING, S.CONFIRMED, S.ARCHIVED, S.ARCHIVED, S.ARCHIVED)
            )
        elif age < 20:
            stages = (S.REGISTERED, S.ACCEPTED, S.INVESTIGATING, S.MEDIATING)
        elif age < 60:
            stages = (S.MEDIATING, S.MEDIATING, S.TERMINATED, S.TERMINATED, S.ORAL_AGREEMENT, S.DECLINED)
        else:
            stages = (S.TERMINATED, S.ARCHIVED, S.ARCHIVED, S.ARCHIVED, S.ORAL_AGREEMENT, S.DECLINED)
        stage = rng.choice(stages)
        case.status = stage
        if stage in (S.REGISTERED, S.DECLINED):
            case.accepted_on = None

    # -- records of the procedure

    def records(self, case: Case) -> list[StepRecord]:
        """The investigation and mediation records a case at its stage would have (none before 调查)."""
        stage = Stage(case.status)
        if stage in (S.REGISTERED, S.ACCEPTED, S.DECLINED):
            return []
        rng = self.rng
        start = case.accepted_on or case.registered_on
        end = (
            case.agreement.signed_on
            if case.agreement and case.agreement.signed_on
            else start + dt.timedelta(days=rng.randint(3, 25))
        )
        end = max(start, min(end, LAST_DAY))
        out: list[StepRecord] = []
        if stage is S.INVESTIGATING or rng.random() < 0.6:
            out.append(self.investigation(case, self.moment(start, end)))
        if stage is not S.INVESTIGATING:
            sessions = rng.choice((1, 1, 1, 1, 2, 2, 3))
            if stage is S.ORAL_AGREEMENT:
                final = "oral"
            elif stage is S.TERMINATED or (stage is S.ARCHIVED and case.agreement is None):
                final = "failed"
            elif case.agreement is not None:
                final = "agreement"
            else:
                final = "pending"
            for i in range(sessions):
                result = final if i == sessions - 1 else "pending"
                out.append(self.session(case, self.moment(start, end), result))
        return sorted(out, key=lambda r: r.held_at)

    def moment(self, first: dt.date, last: dt.date) -> dt.datetime:
        day = self.date_between(first, last)
        return dt.datetime(day.year, day.month, day.day, self.rng.randint(8, 16), self.rng.choice((0, 30)))

    def investigation(self, case: Case, held_at: dt.datetime) -> StepRecord:
        rng = self.rng
        a, b = case.parties[0], case.parties[-1] if case.dispute_type == "劳动争议纠纷" else case.parties[1]
        subject = rng.choice((a, b))
        place = rng.choice((f"{subject.name}家中", "纠纷现场", "本委员会调解室"))
        staff = "、".join(case.mediators)
        content = (
            f"{staff}到{place}了解纠纷情况。{subject.name}陈述：{case.claims}据其介绍，{case.facts[: rng.randint(30, 60)]}"
            f"……调查人员查看了现场，{rng.choice(_WITNESSES)}。{subject.name}表示愿意配合调解。"
        )
        return StepRecord(
            kind=RecordKind.INVESTIGATION,
            held_at=held_at,
            place=place,
            staff=staff,
            recorder=case.recorder,
            content=content,
            subject=subject.name,
        )

    def session(self, case: Case, held_at: dt.datetime, result: str) -> StepRecord:
        rng = self.rng
        a, b = case.parties[0], case.parties[-1] if case.dispute_type == "劳动争议纠纷" else case.parties[1]
        present = [p.name for p in case.parties]
        parties_present = "、".join(present[:4]) + (f"等{len(present)}人" if len(present) > 4 else "")
        content = (
            f"调解员告知双方当事人在调解活动中享有的权利和承担的义务，双方均表示清楚。"
            f"{a.name}陈述：{case.claims}{b.name}陈述：{rng.choice(_REPLIES)}。调解员根据{rng.choice(_LAW_POINTS)}，"
            f"劝导双方互谅互让。"
        )
        return StepRecord(
            kind=RecordKind.SESSION,
            held_at=held_at,
            place="本委员会调解室",
            staff="、".join(case.mediators),
            recorder=case.recorder,
            content=content,
            participants=rng.choice(("", "", "村民小组长", "网格员", "双方亲属各一人")),
            parties_present=parties_present,
            result=_SESSION_RESULTS[result],
        )


@dataclass
class DemoCase:
    """A generated case with the step records its stage implies."""

    case: Case
    records: list[StepRecord]


def _names(names: list[str]) -> str:
    return names[0] + ("等" if len(names) > 1 else "") if names else ""


def iter_demo(n: int, seed: int) -> Iterator[DemoCase]:
    """Yield `n` cases with their records in order of registration date; the same (n, seed) always
    yields the same cases."""
    gen = _Gen(seed)
    first, last = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
    days = sorted(gen.rng.randint(first, last) for _ in range(n))
    for day in days:
        case = gen.case(dt.date.fromordinal(day))
        yield DemoCase(case, gen.records(case))


def iter_cases(n: int, seed: int) -> Iterator[Case]:
    """Yield `n` cases in order of registration date; the same (n, seed) always yields the same cases."""
    return (d.case for d in iter_demo(n, seed))


def generate_cases(n: int, seed: int) -> list[Case]:
    return list(iter_cases(n, seed))


# ---------------------------------------------------------------- writing


def procedure_state(case: Case) -> ProcedureState:
    """What the procedure would have recorded to bring a generated case to its stage (no randomness).

    Enough for the case view to be consistent: rights notified on acceptance, the parties' choices,
    signing dates (hence the 30-day confirmation window), reasons for declining and termination.
    """
    stage = Stage(case.status)
    state = ProcedureState(stage=stage)
    if stage in (S.REGISTERED, S.DECLINED):
        if stage is S.DECLINED:
            state.decline_reason, state.handled_elsewhere = "该纠纷已由人民法院受理（《人民调解法》第十八条）", True
        return state
    state.rights_notified_on = case.accepted_on
    if stage in (S.ACCEPTED, S.INVESTIGATING):
        return state
    state.mediator_choice, state.publicity = f"当事人共同选择{case.mediators[0]}主持调解", "不公开"
    start = case.accepted_on or case.registered_on
    if stage is S.ORAL_AGREEMENT:
        state.oral_content = "双方当场达成口头协议，被申请人当面赔礼道歉，申请人表示谅解，不再追究。"
        state.oral_reached_on = min(start + dt.timedelta(days=3), LAST_DAY)
    if stage is S.TERMINATED or (stage is S.ARCHIVED and case.agreement is None):
        state.termination_reason, state.routes_notified = "双方分歧较大，经多次调解未能达成协议", True
    if case.agreement is not None and case.agreement.signed_on is not None:
        signed = case.agreement.signed_on
        state.parties_signed_on = state.mediator_signed_on = state.sealed_on = signed
        if stage in (S.CONFIRMATION_APPLIED, S.CONFIRMED):
            state.confirmation_court = DEMO_COMMITTEE.court
            state.confirmation_applied_on = min(signed + dt.timedelta(days=5), LAST_DAY)
        if stage is S.CONFIRMED and state.confirmation_applied_on is not None:
            state.confirmation_decided_on = min(state.confirmation_applied_on + dt.timedelta(days=10), LAST_DAY)
            state.court_case_number = f"（{signed.year}）鄂0222民特{signed.toordinal() % 900 + 100}号"
    if stage is S.ARCHIVED:
        state.archived_from = (S.VISITED if case.agreement is not None else S.TERMINATED).value
        last = case.agreement.signed_on if case.agreement and case.agreement.signed_on else start
        state.archived_on = min(last + dt.timedelta(days=60), LAST_DAY)
    return state


def case_count(db: Database) -> int:
    """How many cases the database holds (the CLI refuses to mix demo cases into real ones unasked)."""
    with db.reader() as session:
        return int(session.exec(select(func.count()).select_from(CaseRow)).one())


def ensure_demo_committee(db: Database) -> Committee:
    """The database's committee, or the demo committee (with its mediators) if it has none."""
    with db.unit_of_work() as session:
        committee = repo.first_committee(session)
        if committee is not None:
            return committee
        committee = repo.save_committee(session, dataclasses.replace(DEMO_COMMITTEE))
        assert committee.id is not None
        for name in MEDIATORS:
            repo.add_mediator(session, committee.id, Mediator(name=name))
        repo.add_audit(session, "设置委员会", None, f"{committee.name}（演示数据）")
        return committee


Progress = Callable[[int, int], None]


def fill_demo(
    db: Database,
    n: int,
    seed: int,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    index_progress: Progress | None = None,
) -> int:
    """Insert `n` generated cases through the bulk path, `batch_size` per transaction, then build the
    search index once; returns how many were written.

    `progress(done, n)` after each transaction; `index_progress(step, steps)` while the index is built.
    Interrupted, it leaves whole batches and a search index marked stale, rebuilt at the next open.
    """
    committee = ensure_demo_committee(db)
    now = repo.utcnow()
    done = 0
    items = iter_demo(n, seed)
    while batch := list(itertools.islice(items, batch_size)):
        with db.unit_of_work() as session:
            conn = session.connection()
            search_index.mark_stale(conn)  # first: takes the write lock before ids are read
            writer = BulkWriter(conn, committee, now)
            for item in batch:
                writer.add(item.case, procedure_state(item.case), item.records, AUDIT_ACTION)
            writer.flush()
        done += len(batch)
        if progress is not None:
            progress(done, n)
    with db.unit_of_work() as session:
        search_index.rebuild_fts(session.connection(), index_progress)
    return done


def fill_demo_per_case(db: Database, n: int, seed: int, batch_size: int = 500) -> int:
    """The same cases as `fill_demo`, written through the ordinary repository functions (slow: the
    reference the bulk path is tested against)."""
    committee = ensure_demo_committee(db)
    now = repo.utcnow()
    done = 0
    items = iter_demo(n, seed)
    while batch := list(itertools.islice(items, batch_size)):
        with db.unit_of_work() as session:
            for item in batch:
                saved = repo.insert_case(session, item.case, committee)
                assert saved.id is not None
                prepo.save_state(session, saved.id, procedure_state(saved), now)
                for record in item.records:
                    prepo.add_record(session, saved.id, record)
                repo.add_audit(session, AUDIT_ACTION, saved.id, saved.number)
        done += len(batch)
    return done
