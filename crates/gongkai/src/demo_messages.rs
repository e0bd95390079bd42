//! Demo 留言 and 找错 (issue 16) of the demo county: answered and published, answered but
//! private, open, overdue, transferred to 示例县教育局 (a second clock) and answered there, a
//! 找错, and one marked 无效留言. Every one goes through `gongkai_app::messages` with the app's
//! clock set to the day it happens (counted back from today in working days), so receipts, due
//! dates, hops, masking and audit entries are the real ones.

use anyhow::Context;
use chrono::NaiveDate;
use gongkai_app::messages::{self as svc, StaffAction};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::message::{MessageInput, validate};
use gongkai_store::{Actor, MessageFilter, Store, User};
use std::sync::Arc;

/// The day `n` working days before `today`.
fn workdays_ago(cal: &WorkCalendar, today: NaiveDate, n: u32) -> NaiveDate {
    let mut d = today;
    let mut left = n;
    while left > 0 {
        d = d.pred_opt().unwrap_or(d);
        if cal.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// An app whose clock reads `day`.
fn app_on(store: &Arc<dyn Store>, day: NaiveDate) -> gongkai_app::App {
    gongkai_app::App::new(
        store.clone(),
        gongkai_app::AppSettings { fixed_today: Some(day), ..gongkai_app::AppSettings::default() },
    )
}

struct Demo {
    kind: &'static str,
    subject: &'static str,
    body: &'static str,
    name: &'static str,
    phone: &'static str,
    public: bool,
    /// Filed this many working days ago.
    filed: u32,
    /// What happens next, each `n` working days ago.
    steps: &'static [(u32, Step)],
}

#[derive(Clone, Copy)]
enum Step {
    Reply(&'static str),
    /// To 示例县教育局, with the note.
    Transfer(&'static str),
    Spam,
    Publish,
}

const DEMOS: &[Demo] = &[
    Demo {
        kind: "message",
        subject: "建议在人民路与解放路口增设人行横道信号灯",
        body: "人民路与解放路交叉口早晚高峰车流量大，学生过马路很危险。建议增设人行横道信号灯。我的电话13912345678，方便时请联系。",
        name: "王建华",
        phone: "13912345678",
        public: true,
        filed: 30,
        steps: &[
            (
                24,
                Step::Reply(
                    "您好！您反映的情况已转县公安局交警大队现场查看，拟于下月在该路口增设人行横道信号灯，施工期间请注意出行安全。感谢您对我县工作的关心和支持。",
                ),
            ),
            (23, Step::Publish),
        ],
    },
    Demo {
        kind: "message",
        subject: "城关镇老旧小区改造什么时候开始报名？",
        body: "听说今年有老旧小区改造计划，我家住城关镇幸福路8号院，请问怎么报名，需要准备什么材料？",
        name: "李秀兰",
        phone: "",
        public: true,
        filed: 25,
        steps: &[
            (
                22,
                Step::Reply(
                    "您好！2025年老旧小区改造项目名单已在本网站“政府信息公开目录—重点领域信息”栏目公布，由社区统一组织申报，居民无需个人报名。具体可咨询所在社区居委会。",
                ),
            ),
            (21, Step::Publish),
        ],
    },
    Demo {
        kind: "message",
        subject: "学校课后服务收费标准咨询",
        body: "请问我县义务教育阶段学校课后服务是否收费，收费标准是多少？在哪里可以查到相关文件？",
        name: "赵敏",
        phone: "13800001111",
        public: true,
        filed: 18,
        steps: &[
            (17, Step::Transfer("课后服务由县教育局主管，转县教育局答复。")),
            (
                12,
                Step::Reply(
                    "您好！我县义务教育学校课后服务按照自愿原则开展，收费标准见县教育局、县发展和改革局联合印发的通知，已在本网站政府信息公开目录公开。",
                ),
            ),
            (11, Step::Publish),
        ],
    },
    Demo {
        kind: "error_report",
        subject: "“机构职能”页面的联系电话打不通",
        body: "县人民政府办公室机构职能页面上的联系电话是空号，请核实更新。",
        name: "",
        phone: "",
        public: true,
        filed: 6,
        steps: &[
            (4, Step::Reply("您好！经核实，该号码已于近期调整，页面已更新为最新号码。感谢您的纠错。")),
            (4, Step::Publish),
        ],
    },
    Demo {
        kind: "message",
        subject: "反映河西乡垃圾清运不及时",
        body: "河西乡集镇垃圾桶经常满溢，已经一周没有清运，气味很大，请相关部门尽快处理。",
        name: "周先生",
        phone: "13700002222",
        public: false,
        filed: 14,
        steps: &[],
    },
    Demo {
        kind: "message",
        subject: "咨询失业保险金申领条件",
        body: "我去年底被公司裁员，请问申领失业保险金需要什么条件，去哪里办理？",
        name: "孙磊",
        phone: "",
        public: true,
        filed: 3,
        steps: &[],
    },
    Demo {
        kind: "message",
        subject: "高价回收各类发票，联系微信",
        body: "高价回收各类发票，代开发票，联系微信xxxx。",
        name: "",
        phone: "",
        public: true,
        filed: 9,
        steps: &[(8, Step::Spam)],
    },
];

/// Loads the demo messages once (when the county has none).
pub async fn load(store: Arc<dyn Store>) -> anyhow::Result<()> {
    let county = store.find_agency_by_name(crate::demo::COUNTY).await?.context("demo county missing")?;
    let existing = store
        .list_messages(&MessageFilter { agency_ids: vec![county.id], limit: 0, ..Default::default() })
        .await?;
    if existing.0 > 0 {
        return Ok(());
    }
    let bureau = store.find_agency_by_name("示例县教育局").await?.context("demo bureau missing")?;
    let now = gongkai_app::App::new(store.clone(), gongkai_app::AppSettings::default());
    let cal =
        gongkai_app::requests::current_calendar(&now).await.map_err(|e| anyhow::anyhow!(e.message()))?;
    let today = now.today();
    let login = |name: &str| {
        let store = store.clone();
        let name = name.to_owned();
        async move { store.find_login(&name).await.map(|u| u.map(|(u, _)| u)) }
    };
    let editor: User = login("editor").await?.context("demo editor")?;
    let jyj: User = login("jyj").await?.context("demo bureau account")?;
    let actor = Actor { name: "public:portal".into(), user_id: None, agency_id: Some(county.id) };
    for d in DEMOS {
        let input = MessageInput {
            kind: d.kind.into(),
            subject: d.subject.into(),
            body: d.body.into(),
            name: d.name.into(),
            phone: d.phone.into(),
            public: d.public,
            ..MessageInput::default()
        };
        let submission =
            validate(&input).map_err(|e| anyhow::anyhow!("demo message {}: {}", d.subject, e[0].message))?;
        let app = app_on(&store, workdays_ago(&cal, today, d.filed));
        let (rec, _) = svc::submit(&app, &actor, &county, submission)
            .await
            .map_err(|e| anyhow::anyhow!("demo message {}: {}", d.subject, e.message()))?;
        let mut who = &editor;
        for (ago, step) in d.steps {
            let app = app_on(&store, workdays_ago(&cal, today, *ago));
            let action = match step {
                Step::Reply(text) => StaffAction::Reply { text: (*text).into() },
                Step::Transfer(note) => StaffAction::Transfer { to: bureau.id, note: (*note).into() },
                Step::Spam => StaffAction::Spam,
                Step::Publish => StaffAction::Publish,
            };
            let version = store.get_message(rec.id).await?.context("demo message")?.version;
            svc::perform(&app, who, rec.id, version, action)
                .await
                .map_err(|e| anyhow::anyhow!("demo message {}: {}", d.subject, e.message()))?;
            if matches!(step, Step::Transfer(_)) {
                who = &jyj;
            }
        }
    }
    Ok(())
}
