//! A deterministic generator of realistic catalog items of a fictional county (示例县): 40
//! agencies (county departments, townships and 街道), 22 主题分类, dates 2015–2026, titles such as
//! `关于印发《示例县2024年耕地地力保护补贴实施方案》的通知`, 文号 such as `示政办发〔2024〕12号`,
//! 索引号 `{统一社会信用代码}/{yyyy}-{nnnnn}` and bodies of 3–10 clauses of real government
//! phrasing. Used by the benchmark and reusable for demo data: the same seed always gives the
//! same items. Contains no personal data (contact numbers are landlines).

use chrono::NaiveDate;
use gongkai_domain::ids::{credit_code_check_char, org_code_check_char};

use crate::SearchDoc;

/// SplitMix64: tiny, fast, and stable across versions (unlike a library RNG).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The fictional county.
pub const COUNTY: &str = "示例县";

/// The 40 agencies: (name, 文号 prefix).
pub const AGENCIES: [(&str, &str); 40] = [
    ("示例县人民政府办公室", "示政办发"),
    ("示例县人民政府", "示政发"),
    ("示例县发展和改革局", "示发改"),
    ("示例县教育局", "示教"),
    ("示例县科学技术局", "示科"),
    ("示例县工业和信息化局", "示工信"),
    ("示例县公安局", "示公"),
    ("示例县民政局", "示民"),
    ("示例县司法局", "示司"),
    ("示例县财政局", "示财"),
    ("示例县人力资源和社会保障局", "示人社"),
    ("示例县自然资源局", "示自然资"),
    ("示例县生态环境局", "示环"),
    ("示例县住房和城乡建设局", "示建"),
    ("示例县交通运输局", "示交"),
    ("示例县水利局", "示水"),
    ("示例县农业农村局", "示农"),
    ("示例县商务局", "示商"),
    ("示例县文化和旅游局", "示文旅"),
    ("示例县卫生健康局", "示卫健"),
    ("示例县退役军人事务局", "示退役军人"),
    ("示例县应急管理局", "示应急"),
    ("示例县审计局", "示审"),
    ("示例县市场监督管理局", "示市监"),
    ("示例县统计局", "示统"),
    ("示例县医疗保障局", "示医保"),
    ("示例县林业局", "示林"),
    ("示例县乡村振兴局", "示振兴"),
    ("示例县城市管理局", "示城管"),
    ("示例县行政审批服务局", "示审批"),
    ("示例县城关镇人民政府", "城政"),
    ("示例县青山镇人民政府", "青政"),
    ("示例县白沙镇人民政府", "白政"),
    ("示例县石桥镇人民政府", "石政"),
    ("示例县东坪镇人民政府", "东政"),
    ("示例县西溪镇人民政府", "西政"),
    ("示例县龙门乡人民政府", "龙政"),
    ("示例县桃源乡人民政府", "桃政"),
    ("示例县高岭乡人民政府", "高政"),
    ("示例县南岭街道办事处", "南街"),
];

/// The 22 top-level 主题分类 of the gov.cn taxonomy (regulation.md §3.4).
pub const CATEGORIES: [&str; 22] = [
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
];

/// Topics with their 主题分类 (`主类\子类`) and a law they are based on.
const TOPICS: [(&str, &str, &str); 36] = [
    ("耕地地力保护补贴", "农业、林业、水利\\农业、畜牧业、渔业", "农业法"),
    ("高标准农田建设", "农业、林业、水利\\农业、畜牧业、渔业", "农业法"),
    ("优化营商环境", "国民经济管理、国有资产监管\\经济体制改革", "优化营商环境条例"),
    ("农村人居环境整治", "城乡建设、环境保护\\城乡建设（含住房）", "环境保护法"),
    ("城乡居民基本医疗保险", "劳动、人事、监察\\社会保障", "社会保险法"),
    ("最低生活保障", "民政、扶贫、救灾\\社会福利", "社会救助暂行办法"),
    ("义务教育招生入学", "科技、教育\\教育", "义务教育法"),
    ("安全生产大检查", "市场监管、安全生产监管\\安全生产监管", "安全生产法"),
    ("森林防火", "农业、林业、水利\\林业", "森林法"),
    ("防汛抗旱", "农业、林业、水利\\水利", "防洪法"),
    ("生活垃圾分类", "城乡建设、环境保护\\环境监测、保护与治理", "固体废物污染环境防治法"),
    ("老旧小区改造", "城乡建设、环境保护\\城乡建设（含住房）", "城乡规划法"),
    ("乡村振兴衔接资金", "民政、扶贫、救灾\\扶贫", "乡村振兴促进法"),
    ("退役军人优待", "劳动、人事、监察\\军转安置", "退役军人保障法"),
    ("食品安全监督抽检", "市场监管、安全生产监管\\食品药品监管", "食品安全法"),
    ("困难群众救助", "民政、扶贫、救灾\\社会福利", "社会救助暂行办法"),
    ("就业创业补贴", "劳动、人事、监察\\劳动就业", "就业促进法"),
    ("残疾人两项补贴", "民政、扶贫、救灾\\社会福利", "残疾人保障法"),
    ("农村危房改造", "城乡建设、环境保护\\城乡建设（含住房）", "建筑法"),
    ("生态环境保护督察整改", "城乡建设、环境保护\\环境监测、保护与治理", "环境保护法"),
    ("重大建设项目", "国民经济管理、国有资产监管\\重大建设项目", "招标投标法"),
    ("部门预算", "财政、金融、审计\\财政", "预算法"),
    ("政府采购意向", "财政、金融、审计\\财政", "政府采购法"),
    ("行政处罚决定", "公安、安全、司法\\司法", "行政处罚法"),
    ("行政许可事项清单", "综合政务\\政务公开", "行政许可法"),
    ("秸秆综合利用", "农业、林业、水利\\农业、畜牧业、渔业", "大气污染防治法"),
    ("河长制工作", "农业、林业、水利\\水利", "水法"),
    ("全民健身", "卫生、体育\\体育", "体育法"),
    ("文物保护", "文化、广电、新闻出版\\文物", "文物保护法"),
    ("政务公开", "综合政务\\政务公开", "政府信息公开条例"),
    ("统计调查", "国民经济管理、国有资产监管\\统计", "统计法"),
    ("审计整改", "财政、金融、审计\\审计", "审计法"),
    ("民族团结进步创建", "民族、宗教\\民族事务", "民族区域自治法"),
    ("国防动员", "国防\\国防动员", "国防动员法"),
    ("妇女儿童发展规划", "人口与计划生育、妇女儿童工作\\妇女儿童", "妇女权益保障法"),
    ("侨务工作", "港澳台侨工作\\侨务工作", "归侨侨眷权益保护法"),
];

const GENRES: [&str; 9] = ["通知", "意见", "公告", "公示", "方案", "报告", "解读", "决定", "办法"];

const CLAUSES: [&str; 24] = [
    "为深入贯彻落实党中央、国务院关于{t}的决策部署，进一步提高工作质量和效率，",
    "根据《中华人民共和国{law}》等法律法规和上级有关文件精神，结合我县实际，制定本方案。",
    "各乡（镇）人民政府、街道办事处，县直有关单位要高度重视，加强组织领导，明确责任分工，确保各项任务落到实处。",
    "{t}工作坚持以人民为中心的发展思想，坚持问题导向和目标导向，统筹推进，分类施策。",
    "到{y}年底，全县{t}工作取得明显成效，群众满意度进一步提升。",
    "县财政安排专项资金{n}万元，用于支持{t}相关项目建设，资金实行专账管理、专款专用。",
    "补贴对象为符合条件的农户和新型农业经营主体，补贴标准为每亩{n}元，通过“一卡通”发放。",
    "请各单位于{y}年{m}月{d}日前将工作进展情况和下一步计划报送县{a}。",
    "本方案自印发之日起施行，有效期{k}年。此前有关规定与本方案不一致的，以本方案为准。",
    "县{a}负责本方案的解释工作。联系电话：0598-{p}。",
    "对工作推进不力、群众反映强烈的单位，将予以通报批评并依法依规追究责任。",
    "加强政策宣传解读，通过政府网站、政务新媒体等渠道及时公开{t}相关信息，主动接受社会监督。",
    "建立健全工作台账，实行月调度、季通报、年考核制度，确保{t}各项指标按期完成。",
    "严格落实安全生产责任制，开展隐患排查治理，坚决遏制较大以上事故发生。",
    "优化审批流程，压缩办理时限，推行“一网通办”“最多跑一次”，持续优化营商环境。",
    "加强资金监管，严禁截留、挤占、挪用，对违规使用资金的，依法追回并严肃处理。",
    "统筹推进乡村振兴战略，巩固拓展脱贫攻坚成果，守住不发生规模性返贫底线。",
    "做好高标准农田建设项目的规划设计、招标投标、施工监理和竣工验收工作。",
    "现将{y}年度{t}有关情况予以公示，公示期为{k}个工作日。",
    "如对公示内容有异议，请在公示期内以书面形式向县{a}反映。",
    "强化部门协同，形成工作合力，发展和改革、财政、自然资源、生态环境等部门按职责分工做好相关工作。",
    "依法保护个人隐私，涉及个人信息的内容按规定进行去标识化处理后公开。",
    "全面落实耕地保护制度，严守耕地红线，坚决遏制耕地“非农化”、防止“非粮化”。",
    "深入开展城乡环境综合整治，推进农村生活污水治理和厕所革命，改善农村人居环境。",
];

const TITLES: [&str; 10] = [
    "关于印发《{c}{y}年{t}实施方案》的通知",
    "关于做好{y}年{t}工作的通知",
    "关于进一步加强{t}工作的实施意见",
    "{a}关于{y}年{t}情况的公示",
    "关于开展{t}专项行动的通知",
    "{c}{y}年{t}资金分配方案",
    "关于公布{y}年度{t}结果的公告",
    "{y}年{t}政策解读",
    "{a}{y}年{t}工作总结",
    "关于印发《{c}{t}管理办法》的通知",
];

/// An agency's 统一社会信用代码 (机关 `11`, region 350421), built with valid check characters.
#[must_use]
pub fn agency_credit_code(agency_index: usize) -> String {
    let body = format!("MB{:06}", 100 + agency_index);
    let org_check = org_code_check_char(&body).unwrap_or('0');
    let first17 = format!("11350421{body}{org_check}");
    let check = credit_code_check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

fn fill(template: &str, rng: &mut Rng, topic: &str, law: &str, agency: &str, year: i32) -> String {
    let short = agency.strip_prefix(COUNTY).unwrap_or(agency);
    let mut s = template
        .replace("{t}", topic)
        .replace("{law}", law)
        .replace("{c}", COUNTY)
        .replace("{y}", &year.to_string());
    s = s.replace("{a}", if template.starts_with("{a}") { agency } else { short });
    if s.contains("{n}") {
        s = s.replace("{n}", &(10 + rng.below(990)).to_string());
    }
    if s.contains("{m}") {
        s = s
            .replace("{m}", &(1 + rng.below(12)).to_string())
            .replace("{d}", &(1 + rng.below(28)).to_string());
    }
    if s.contains("{k}") {
        s = s.replace("{k}", &(2 + rng.below(4)).to_string());
    }
    if s.contains("{p}") {
        s = s.replace("{p}", &format!("{:07}", 5_000_000 + rng.below(999_999)));
    }
    s
}

/// `count` items with ids `1..=count`, the same for the same `seed`.
pub fn generate(seed: u64, count: usize) -> impl Iterator<Item = SearchDoc> {
    let mut rng = Rng::new(seed);
    let mut seq = vec![[0u32; 12]; AGENCIES.len()];
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default();
    (1..=count as i64).map(move |id| {
        let ai = rng.below(AGENCIES.len());
        let (agency, prefix) = AGENCIES[ai];
        let &(topic, category, law) = rng.pick(&TOPICS);
        let published_on = start + chrono::Days::new(rng.below(12 * 365 + 2) as u64);
        let year = chrono::Datelike::year(&published_on);
        let yi = (year - 2015).clamp(0, 11) as usize;
        seq[ai][yi] += 1;
        let n = seq[ai][yi];
        let index_number = format!("{}/{year}-{n:05}", agency_credit_code(ai));
        let template = TITLES[rng.below(TITLES.len())];
        let title = fill(template, &mut rng, topic, law, agency, year);
        let doc_number = rng.chance(70).then(|| format!("{prefix}〔{year}〕{n}号"));
        let clauses = 3 + rng.below(8);
        let mut body = String::new();
        for _ in 0..clauses {
            let clause = CLAUSES[rng.below(CLAUSES.len())];
            body.push_str(&fill(clause, &mut rng, topic, law, agency, year));
        }
        let attachments_text = if rng.chance(20) {
            let mut t = format!("附件：{year}年{topic}明细表\n序号\t乡镇\t项目名称\t金额（万元）\n");
            for i in 1..=(3 + rng.below(10)) {
                let (town, _) = AGENCIES[30 + rng.below(10)];
                t.push_str(&format!(
                    "{i}\t{}\t{topic}项目{i}\t{}\n",
                    town.strip_prefix(COUNTY).unwrap_or(town),
                    5 + rng.below(200)
                ));
            }
            t
        } else {
            String::new()
        };
        let validity = match rng.below(100) {
            0..=84 => "有效",
            85..=94 => "失效",
            _ => "废止",
        };
        let genre =
            GENRES.iter().find(|g| title.ends_with(**g)).copied().unwrap_or_else(|| *rng.pick(&GENRES));
        SearchDoc {
            id,
            index_number,
            title,
            doc_number,
            agency_id: ai as i64 + 1,
            agency_name: agency.to_owned(),
            category: category.to_owned(),
            genre: genre.to_owned(),
            validity: validity.to_owned(),
            published_on,
            body,
            attachments_text,
            url: format!("/xxgk/{}/{id}.html", ai + 1),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::ids::CreditCode;

    #[test]
    fn deterministic_and_valid() {
        let a: Vec<SearchDoc> = generate(7, 50).collect();
        let b: Vec<SearchDoc> = generate(7, 50).collect();
        assert_eq!(a, b);
        assert_ne!(a, generate(8, 50).collect::<Vec<_>>());
        for d in &a {
            let code = d.index_number.split('/').next().unwrap_or_default();
            assert!(CreditCode::parse(code).is_ok(), "{code}");
            assert!((2015..=2026).contains(&chrono::Datelike::year(&d.published_on)));
            assert!(gongkai_domain::pii::scan(&d.body, &Default::default()).is_empty(), "{}", d.body);
        }
    }
}
