//! The catalog's classification data: 主题分类 (the gov.cn 22-class taxonomy with its
//! sub-classes, regulation.md §3.4), 体裁分类 (a documented list of genres) and the statutory
//! categories of 条例 第二十条 and 第二十一条 (they feed 年报 表二; each has a stable key).

use serde::{Deserialize, Serialize};
use strum::{EnumMessage, VariantArray};

/// The 22 top-level 主题分类 with their 子类 (gov.cn 政策文件库). Shown as `主类\子类`.
pub const TOPICS: &[(&str, &[&str])] = &[
    (
        "国务院组织机构",
        &[
            "国务院",
            "国务院办公厅",
            "国务院组成部门",
            "国务院直属特设机构",
            "国务院直属机构",
            "国务院办事机构",
            "国务院直属事业单位",
            "国务院部委管理的国家局",
            "国务院议事协调机构",
            "其他",
        ],
    ),
    (
        "综合政务",
        &[
            "政务公开",
            "政务督查",
            "应急管理",
            "电子政务",
            "文秘工作",
            "保密工作",
            "信访",
            "参事、文史",
            "其他",
        ],
    ),
    (
        "国民经济管理、国有资产监管",
        &["宏观经济", "经济体制改革", "统计", "物价", "国有资产监管", "重大建设项目", "其他"],
    ),
    (
        "财政、金融、审计",
        &["财政", "税务", "银行", "货币（含外汇）", "证券", "保险", "社会信用体系建设", "审计", "其他"],
    ),
    ("国土资源、能源", &["土地", "矿产", "水资源", "海洋", "煤炭", "石油与天然气", "电力", "其他"]),
    ("农业、林业、水利", &["农业、畜牧业、渔业", "林业", "水利", "其他"]),
    (
        "工业、交通",
        &[
            "机械制造与重工业",
            "轻工纺织",
            "化工",
            "国防工业",
            "航天、航空",
            "信息产业（含电信）",
            "公路",
            "水运",
            "铁路",
            "民航",
            "邮政",
            "其他",
        ],
    ),
    ("商贸、海关、旅游", &["对外经贸合作", "国内贸易（含供销）", "海关", "检验、检疫", "旅游", "其他"]),
    ("市场监管、安全生产监管", &["工商", "质量监督", "标准", "食品药品监管", "安全生产监管", "其他"]),
    (
        "城乡建设、环境保护",
        &[
            "城市规划",
            "城乡建设（含住房）",
            "环境监测、保护与治理",
            "节能与资源综合利用",
            "气象、水文、测绘、地震",
            "其他",
        ],
    ),
    ("科技、教育", &["科技", "教育", "知识产权", "其他"]),
    ("文化、广电、新闻出版", &["文化", "文物", "新闻出版", "广播、电影、电视", "其他"]),
    ("卫生、体育", &["卫生", "医药管理", "体育", "其他"]),
    ("人口与计划生育、妇女儿童工作", &["人口与计划生育", "妇女儿童", "其他"]),
    (
        "劳动、人事、监察",
        &["劳动就业", "社会保障", "人事工作", "军转安置", "监察", "纠正行业不正之风", "其他"],
    ),
    ("公安、安全、司法", &["公安", "国家安全", "司法", "其他"]),
    ("民政、扶贫、救灾", &["减灾救灾", "优抚安置", "社会福利", "行政区划与地名", "社团管理", "扶贫", "其他"]),
    ("民族、宗教", &["民族事务", "宗教事务"]),
    ("对外事务", &["外交、外事", "国际条约、国际组织", "其他"]),
    ("港澳台侨工作", &["港澳工作", "对台工作", "侨务工作"]),
    ("国防", &["国防建设", "国防动员"]),
    ("其他", &[]),
];

/// Whether `topic` is a class (`主类`) or a sub-class (`主类\子类`) of [`TOPICS`].
pub fn topic_valid(topic: &str) -> bool {
    match topic.split_once('\\') {
        Some((main, sub)) => TOPICS.iter().any(|(m, subs)| *m == main && subs.contains(&sub)),
        None => TOPICS.iter().any(|(m, _)| *m == topic),
    }
}

/// The top-level class of a topic path.
pub fn topic_main(topic: &str) -> &str {
    topic.split_once('\\').map_or(topic, |(m, _)| m)
}

/// 1-based position of a top-level class (stable: used in feed URLs `/topics/{n}/feed.atom`).
pub fn topic_number(main: &str) -> Option<usize> {
    TOPICS.iter().position(|(m, _)| *m == main).map(|i| i + 1)
}

/// The top-level class with this 1-based number.
pub fn topic_by_number(n: usize) -> Option<&'static str> {
    n.checked_sub(1).and_then(|i| TOPICS.get(i)).map(|(m, _)| *m)
}

/// Every selectable topic path, classes first then their sub-classes, in taxonomy order.
pub fn topic_paths() -> Vec<String> {
    let mut out = Vec::new();
    for (main, subs) in TOPICS {
        out.push((*main).to_owned());
        out.extend(subs.iter().map(|s| format!("{main}\\{s}")));
    }
    out
}

/// 体裁分类. No national list exists (regulation.md §3.4, UNCONFIRMED); this is the documented
/// list of the 公文 kinds (党政机关公文处理工作条例 第八条) plus the catalog's usual extras.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Genre {
    #[strum(message = "通知")]
    Notice,
    #[strum(message = "决定")]
    Decision,
    #[strum(message = "意见")]
    Opinion,
    #[strum(message = "办法")]
    Measures,
    #[strum(message = "规定")]
    Provisions,
    #[strum(message = "公告")]
    Announcement,
    #[strum(message = "通告")]
    Circular,
    #[strum(message = "报告")]
    Report,
    #[strum(message = "批复")]
    Reply,
    #[strum(message = "函")]
    Letter,
    #[strum(message = "纪要")]
    Minutes,
    #[strum(message = "方案")]
    Programme,
    #[strum(message = "规划")]
    Planning,
    #[strum(message = "计划")]
    WorkPlan,
    #[strum(message = "总结")]
    Summary,
    #[strum(message = "政策解读")]
    Interpretation,
    #[default]
    #[strum(message = "其他")]
    Other,
}

impl Genre {
    pub const ALL: [Genre; 17] = crate::keys::all(Self::VARIANTS);
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn from_key(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.label_zh() == s.trim())
    }
}

/// Which article a statutory category comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatutoryArticle {
    /// 条例 第二十条: every 行政机关.
    Art20,
    /// 条例 第二十一条: 设区的市级、县级人民政府及其部门.
    Art21County,
    /// 条例 第二十一条: 乡（镇）人民政府.
    Art21Township,
}

/// One statutory category of proactively published information, with a stable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatutoryItem {
    /// Stable key (stored, and used by the annual report's 表二): `art20_01` … `art20_15`,
    /// `art21c_*`, `art21t_*`.
    pub key: &'static str,
    pub article: StatutoryArticle,
    /// Short label, e.g. `（一）行政法规、规章和规范性文件`.
    pub label: &'static str,
}

const fn item(key: &'static str, article: StatutoryArticle, label: &'static str) -> StatutoryItem {
    StatutoryItem { key, article, label }
}

/// 条例 第二十条（一）–（十五）and 第二十一条 (county and township lists).
pub const STATUTORY_ITEMS: &[StatutoryItem] = &[
    item("art20_01", StatutoryArticle::Art20, "（一）行政法规、规章和规范性文件"),
    item(
        "art20_02",
        StatutoryArticle::Art20,
        "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    ),
    item("art20_03", StatutoryArticle::Art20, "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    item("art20_04", StatutoryArticle::Art20, "（四）国民经济和社会发展统计信息"),
    item(
        "art20_05",
        StatutoryArticle::Art20,
        "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    ),
    item(
        "art20_06",
        StatutoryArticle::Art20,
        "（六）实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定",
    ),
    item("art20_07", StatutoryArticle::Art20, "（七）财政预算、决算信息"),
    item("art20_08", StatutoryArticle::Art20, "（八）行政事业性收费项目及其依据、标准"),
    item("art20_09", StatutoryArticle::Art20, "（九）政府集中采购项目的目录、标准及实施情况"),
    item("art20_10", StatutoryArticle::Art20, "（十）重大建设项目的批准和实施情况"),
    item(
        "art20_11",
        StatutoryArticle::Art20,
        "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    ),
    item("art20_12", StatutoryArticle::Art20, "（十二）突发公共事件的应急预案、预警信息及应对情况"),
    item(
        "art20_13",
        StatutoryArticle::Art20,
        "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    ),
    item("art20_14", StatutoryArticle::Art20, "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"),
    item(
        "art20_15",
        StatutoryArticle::Art20,
        "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    ),
    item("art21c_municipal", StatutoryArticle::Art21County, "市政建设"),
    item("art21c_public_service", StatutoryArticle::Art21County, "公共服务"),
    item("art21c_public_welfare", StatutoryArticle::Art21County, "公益事业"),
    item("art21c_land_expropriation", StatutoryArticle::Art21County, "土地征收"),
    item("art21c_housing_expropriation", StatutoryArticle::Art21County, "房屋征收"),
    item("art21c_public_security", StatutoryArticle::Art21County, "治安管理"),
    item("art21c_social_assistance", StatutoryArticle::Art21County, "社会救助"),
    item("art21t_rural_policy", StatutoryArticle::Art21Township, "贯彻落实农业农村政策"),
    item("art21t_irrigation", StatutoryArticle::Art21Township, "农田水利工程建设运营"),
    item("art21t_land_contract", StatutoryArticle::Art21Township, "农村土地承包经营权流转"),
    item("art21t_homestead", StatutoryArticle::Art21Township, "宅基地使用情况审核"),
    item("art21t_land_expropriation", StatutoryArticle::Art21Township, "土地征收"),
    item("art21t_housing_expropriation", StatutoryArticle::Art21Township, "房屋征收"),
    item("art21t_fundraising", StatutoryArticle::Art21Township, "筹资筹劳"),
    item("art21t_social_assistance", StatutoryArticle::Art21Township, "社会救助"),
];

/// The statutory item with this key.
pub fn statutory_item(key: &str) -> Option<&'static StatutoryItem> {
    STATUTORY_ITEMS.iter().find(|i| i.key == key.trim())
}

/// The items an agency of this kind may tick: 第二十条 always; 第二十一条 by level.
pub fn statutory_items_for(township: bool) -> Vec<&'static StatutoryItem> {
    STATUTORY_ITEMS
        .iter()
        .filter(|i| match i.article {
            StatutoryArticle::Art20 => true,
            StatutoryArticle::Art21County => !township,
            StatutoryArticle::Art21Township => township,
        })
        .collect()
}
