//! Demo disclosure requests: a dozen realistic requests of the demo county and two townships in
//! every state the dashboard shows (unconfirmed, running, due soon, overdue, extended, waiting
//! for a correction, a third party or a payment, decided and closed), with their letters, and
//! two reconsideration/litigation cases. Dates are counted back from today in working days, so
//! the dashboard always shows the same picture. Everything goes through the same service
//! (`gongkai_app::requests`) as the pages, so the demo's history and letters are real.

use anyhow::Context;
use chrono::NaiveDate;
use gongkai_app::requests::{self as svc, Intake};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::clock::{Channel, ConsultationKind};
use gongkai_domain::request::{
    Action, ApplicationInput, ConsultationResult, FeeMethod, Outcome, UnavailableReason, validate,
};
use gongkai_store::{Actor, CaseInput, CaseKind, CaseResult, RequestFilter, Store, User};
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

struct Person {
    kind: &'static str,
    name: &'static str,
    id_type: &'static str,
    id: &'static str,
}

const PEOPLE: &[Person] = &[
    Person { kind: "natural_person", name: "刘建国", id_type: "resident_id", id: "11010519491231002X" },
    Person { kind: "natural_person", name: "陈秀英", id_type: "resident_id", id: "110105199003070017" },
    Person {
        kind: "company",
        name: "示例县绿源农业科技有限公司",
        id_type: "credit_code",
        id: "91350100M000100Y43",
    },
    Person {
        kind: "legal_service",
        name: "示例律师事务所",
        id_type: "other",
        id: "执业许可证 31350000E12345678X",
    },
    Person { kind: "natural_person", name: "张伟", id_type: "passport", id: "E12345678" },
];

fn application(
    p: &Person,
    description: &str,
    form: &str,
    delivery: &str,
) -> anyhow::Result<gongkai_domain::request::Application> {
    validate(&ApplicationInput {
        kind: p.kind.into(),
        name: p.name.into(),
        id_type: p.id_type.into(),
        id_number: p.id.into(),
        phone: "13800138000".into(),
        email: "applicant@example.cn".into(),
        address: "示例县城关镇人民路88号".into(),
        description: description.into(),
        form: form.into(),
        delivery: delivery.into(),
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("demo application invalid: {e:?}"))
}

/// A demo request: applicant, what is asked, channel, submitted and received n working days ago.
struct Demo {
    who: usize,
    text: &'static str,
    channel: Channel,
    submitted: u32,
    received: Option<u32>,
}

/// The county's demo requests, from new to long finished.
fn demos() -> Vec<Demo> {
    vec![
        Demo {
            who: 1,
            text: "请公开示例县2025年城乡居民最低生活保障资金的发放总额和发放人数。",
            channel: Channel::Online,
            submitted: 1,
            received: None,
        },
        Demo {
            who: 0,
            text: "请公开城关镇人民路棚户区改造项目的征收补偿方案及批复文件。",
            channel: Channel::Online,
            submitted: 6,
            received: Some(5),
        },
        Demo {
            who: 2,
            text: "申请公开2025年示例县耕地地力保护补贴发放标准及资金拨付文件。",
            channel: Channel::InPerson,
            submitted: 18,
            received: Some(18),
        },
        Demo {
            who: 3,
            text: "请提供示例县人民政府2024年度重大行政决策目录及相关听证会记录。",
            channel: Channel::RegisteredMail,
            submitted: 27,
            received: Some(26),
        },
        Demo {
            who: 0,
            text: "请公开示例县2024年政府集中采购目录及限额标准的文件。",
            channel: Channel::Online,
            submitted: 23,
            received: Some(22),
        },
        Demo {
            who: 4,
            text: "请公开有关项目的文件。",
            channel: Channel::Online,
            submitted: 5,
            received: Some(4),
        },
        Demo {
            who: 2,
            text: "申请公开示例县2025年农业产业化龙头企业扶持资金的分配结果，含各企业获得金额。",
            channel: Channel::Online,
            submitted: 12,
            received: Some(11),
        },
        Demo {
            who: 3,
            text: "请提供2015年至2025年示例县全部行政处罚决定书的复印件。",
            channel: Channel::OrdinaryMail,
            submitted: 9,
            received: Some(8),
        },
        Demo {
            who: 1,
            text: "请公开示例县2024年财政预算执行情况和其他财政收支的审计工作报告。",
            channel: Channel::Online,
            submitted: 120,
            received: Some(119),
        },
        Demo {
            who: 0,
            text: "请公开示例县第二中学新校区建设项目的环境影响评价批复。",
            channel: Channel::Online,
            submitted: 80,
            received: Some(79),
        },
        Demo {
            who: 4,
            text: "请公开示例县2023年城市道路照明设施维护合同。",
            channel: Channel::Fax,
            submitted: 60,
            received: Some(60),
        },
    ]
}

/// The demo's people and dates.
struct Ctx<'a> {
    app: &'a gongkai_app::App,
    today: NaiveDate,
    cal: &'a gongkai_domain::calendar::WorkCalendar,
    editor: &'a User,
}

impl Ctx<'_> {
    fn ago(&self, n: u32) -> NaiveDate {
        workdays_ago(self.cal, self.today, n)
    }

    /// Performs `a` on request `id` as `who`, at its current version.
    async fn act_on(&self, who: &User, id: i64, a: Action) -> anyhow::Result<()> {
        let v = self.app.store.get_request(id).await?.context("demo request")?.version;
        svc::perform(self.app, who, id, v, a)
            .await
            .map_err(|e| anyhow::anyhow!("demo action on {id}: {}", e.message()))?;
        Ok(())
    }
}

/// Loads the demo requests once (when the county has none).
pub async fn load(store: Arc<dyn Store>) -> anyhow::Result<()> {
    let county = store.find_agency_by_name(crate::demo::COUNTY).await?.context("demo county missing")?;
    let existing = store
        .list_requests(&RequestFilter { agency_ids: vec![county.id], limit: 1, ..Default::default() })
        .await?;
    if existing.0 > 0 {
        return Ok(());
    }
    let app = gongkai_app::App::new(store.clone(), gongkai_app::AppSettings::default());
    let cal = svc::current_calendar(&app).await.map_err(|e| anyhow::anyhow!(e.message()))?;
    let today = svc::today(&app);
    let user = |name: &str| {
        let store = store.clone();
        let name = name.to_owned();
        async move { store.find_login(&name).await.map(|u| u.map(|(u, _)| u)) }
    };
    let editor: User = user("editor").await?.context("demo editor")?;
    let approver: User = user("approver").await?.context("demo approver")?;
    let chengguan: User = user("chengguan").await?.context("demo township account")?;
    let ctx = Ctx { app: &app, today, cal: &cal, editor: &editor };
    let ids = file_and_confirm(&ctx, &county).await?;
    progress(&ctx, &approver, &ids).await?;
    township_overdue(&ctx, &chengguan, county.id).await?;
    history_2025(&app, &county, &editor).await?;
    registers(&app, &county, &chengguan).await?;
    cases(&ctx, county.id, ids[9]).await
}

/// Publishes the county's 2025 report once the rest of the demo (requests, catalog, 留言,
/// 意见征集) is loaded, so its narrative counts them all. Skipped when already published.
pub async fn publish_report(store: Arc<dyn Store>) -> anyhow::Result<()> {
    let county = store.find_agency_by_name(crate::demo::COUNTY).await?.context("demo county")?;
    if store.annual_report(county.id, 2025).await?.is_some_and(|r| r.locked) {
        return Ok(());
    }
    let approver = store.find_login("approver").await?.map(|(u, _)| u).context("demo approver")?;
    let app = gongkai_app::App::new(store.clone(), gongkai_app::AppSettings::default());
    publish_2025(&app, &county, &approver).await
}

/// The county's 2025 annual report, written and published through the same use case as the
/// report editor's 锁定并发布, so the portal, the catalog and search show a published report.
/// Problems and plans come from the registers (`registers`), so section 五 is not written here.
async fn publish_2025(
    app: &gongkai_app::App,
    county: &gongkai_store::Agency,
    approver: &User,
) -> anyhow::Result<()> {
    let written = serde_json::json!({
        "overview": "2025年，示例县人民政府认真贯彻《中华人民共和国政府信息公开条例》，围绕群众关注的惠民政策、财政资金和重大项目推进政府信息公开工作。",
        "other": "本年度无其他需要报告的事项。"
    });
    let actor = Actor::user(approver);
    app.store.save_report_draft(&actor, county.id, 2025, written.to_string()).await?;
    let today = svc::today(app);
    let Some(jan20) = chrono::NaiveDate::from_ymd_opt(2026, 1, 20) else { return Ok(()) };
    if today <= jan20 {
        return Ok(());
    }
    gongkai_app::annual::publish(app, &actor, county, 2025, jan20)
        .await
        .map_err(|e| anyhow::anyhow!("demo 2025 report: {}", e.message()))?;
    Ok(())
}

/// Files the demo requests (online ones by the public) and confirms and assigns those received.
async fn file_and_confirm(ctx: &Ctx<'_>, county: &gongkai_store::Agency) -> anyhow::Result<Vec<i64>> {
    let public = Actor { name: "public:portal".into(), user_id: None, agency_id: Some(county.id) };
    let editor = ctx.editor;
    let mut ids = Vec::new();
    for d in &demos() {
        let p = &PEOPLE[d.who];
        let (form, delivery) =
            if d.channel == Channel::InPerson { ("paper", "pickup") } else { ("electronic", "email") };
        let intake = Intake {
            agency: county.clone(),
            application: application(p, d.text, form, delivery)?,
            channel: d.channel,
            submitted_on: ctx.ago(d.submitted),
            received_on: if d.channel == Channel::RegisteredMail || d.channel == Channel::InPerson {
                d.received.map(|n| ctx.ago(n))
            } else {
                None
            },
            files: vec![],
        };
        let actor = if d.channel == Channel::Online { public.clone() } else { Actor::user(editor) };
        let (rec, _code) =
            svc::submit(ctx.app, &actor, intake).await.map_err(|e| anyhow::anyhow!(e.message()))?;
        // Confirm the online / fax / ordinary-mail ones that were received; assign them.
        if let Some(on) = d.received.map(|n| ctx.ago(n)) {
            if rec.facts.received_on.is_none() {
                ctx.act_on(editor, rec.id, Action::ConfirmReceipt { on }).await?;
            }
            let assign = Action::Assign { handler_id: editor.id, handler_name: editor.display_name.clone() };
            ctx.act_on(editor, rec.id, assign).await?;
        }
        ids.push(rec.id);
    }
    Ok(ids)
}

/// Moves the demo requests along: an extension, a correction, a consultation, a fee, and three
/// finished ones.
async fn progress(ctx: &Ctx<'_>, approver: &User, ids: &[i64]) -> anyhow::Result<()> {
    let (today, editor) = (ctx.today, ctx.editor);
    let ago = |n: u32| ctx.ago(n);
    let act = |i: usize, a: Action| ctx.act_on(editor, ids[i], a);
    let act_as = |who: &User, i: usize, a: Action| {
        let who = who.clone();
        async move { ctx.act_on(&who, ids[i], a).await }
    };
    // 3: extended by the approver.
    act_as(
        approver,
        3,
        Action::Extend {
            on: ago(8),
            workdays: 20,
            reason: "所需信息涉及多个部门的档案，需要调取和核对".into(),
        },
    )
    .await?;
    // 5: unclear → correction notice.
    act(
        5,
        Action::RequestCorrection {
            on: ago(3),
            deadline: today + chrono::Duration::days(10),
            items: "请写明所需文件涉及的具体项目名称、年份，以及文号或其他便于查找的特征。".into(),
        },
    )
    .await?;
    // 6: company information → third party consulted.
    act(
        6,
        Action::StartConsultation {
            kind: ConsultationKind::ThirdParty,
            party: "示例县丰收食品有限公司".into(),
            matter: "分配结果中该企业获得的扶持金额".into(),
            on: ago(6),
        },
    )
    .await?;
    // 7: ten years of penalty decisions → fee by pages.
    act(7, Action::IssueFeeNotice { on: ago(2), method: FeeMethod::PerPage, quantity: 260 }).await?;
    // 8, 9, 10: finished last months.
    act(8, Action::Decide { on: ago(110), outcome: Outcome::Granted, basis: String::new(), reasoning: "该信息已在本机关门户网站“财政预决算”栏目主动公开，链接见附件说明；现将电子文本发送至您的电子邮箱。".into() }).await?;
    act(8, Action::Deliver { on: ago(110), method: "电子邮件".into(), sensitive_override: None }).await?;
    act(8, Action::Close { on: ago(109) }).await?;
    act(
        9,
        Action::StartConsultation {
            kind: ConsultationKind::Agency,
            party: "示例县生态环境局".into(),
            matter: "环境影响评价批复文件".into(),
            on: ago(76),
        },
    )
    .await?;
    act(
        9,
        Action::EndConsultation {
            index: 0,
            on: ago(70),
            result: ConsultationResult::Agreed,
            opinion: "同意公开，但附件中的个人联系方式应遮盖。".into(),
        },
    )
    .await?;
    act(9, Action::Decide { on: ago(66), outcome: Outcome::PartlyGranted, basis: String::new(), reasoning: "批复文件予以公开；附件中涉及个人的联系电话属于个人隐私，依照条例第十五条不予公开，已作遮盖处理。".into() }).await?;
    act(9, Action::Deliver { on: ago(65), method: "电子邮件".into(), sensitive_override: None }).await?;
    act(9, Action::Close { on: ago(65) }).await?;
    act(10, Action::Decide { on: ago(50), outcome: Outcome::Unavailable(UnavailableReason::NotHeld), basis: String::new(), reasoning: "经检索，道路照明设施维护由示例县城市管理局负责，本机关不掌握该合同。该局联系电话：0599-1234500。".into() }).await?;
    act(10, Action::Deliver { on: ago(49), method: "邮寄".into(), sensitive_override: None }).await?;
    act(10, Action::Close { on: ago(49) }).await?;

    Ok(())
}

/// A township request that is overdue, for the supervisor's view.
async fn township_overdue(ctx: &Ctx<'_>, chengguan: &User, county_id: i64) -> anyhow::Result<()> {
    let ago = |n: u32| ctx.ago(n);
    let public = Actor { name: "public:portal".into(), user_id: None, agency_id: Some(county_id) };
    let app = ctx.app;
    let store = &app.store;
    let township = store.get_agency(chengguan.agency_id).await?.context("township")?;
    let intake = Intake {
        agency: township,
        application: application(
            &PEOPLE[0],
            "请公开城关镇2025年村级公益事业一事一议财政奖补项目清单。",
            "electronic",
            "email",
        )?,
        channel: Channel::Online,
        submitted_on: ago(26),
        received_on: None,
        files: vec![],
    };
    let (rec, _) = svc::submit(app, &public, intake).await.map_err(|e| anyhow::anyhow!(e.message()))?;
    svc::perform(app, chengguan, rec.id, rec.version, Action::ConfirmReceipt { on: ago(25) })
        .await
        .map_err(|e| anyhow::anyhow!(e.message()))?;

    Ok(())
}

/// The case register: one reconsideration pending, one lawsuit decided.
async fn cases(ctx: &Ctx<'_>, county_id: i64, reconsidered: i64) -> anyhow::Result<()> {
    let ago = |n: u32| ctx.ago(n);
    let store = &ctx.app.store;
    let system = Actor::system();
    store
        .create_case(
            &system,
            CaseInput {
                agency_id: county_id,
                request_id: Some(reconsidered),
                kind: CaseKind::Reconsideration,
                body: "示例市人民政府".into(),
                case_number: "示市府复〔2025〕17号".into(),
                applicant: PEOPLE[0].name.into(),
                filed_on: ago(40),
                closed_on: None,
                result: CaseResult::Pending,
                summary: "申请人认为遮盖联系电话不当，申请行政复议。".into(),
            },
        )
        .await?;
    store
        .create_case(
            &system,
            CaseInput {
                agency_id: county_id,
                request_id: None,
                kind: CaseKind::LitigationDirect,
                body: "示例县人民法院".into(),
                case_number: "（2025）示0101行初5号".into(),
                applicant: "示例县某建材有限公司".into(),
                filed_on: ago(150),
                closed_on: Some(ago(90)),
                result: CaseResult::Upheld,
                summary: "原告要求公开土地出让相关文件，法院判决驳回诉讼请求。".into(),
            },
        )
        .await?;
    Ok(())
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A year of finished requests (2025) for the county's annual report, two carried into 2026.
async fn history_2025(
    app: &gongkai_app::App,
    county: &gongkai_store::Agency,
    editor: &User,
) -> anyhow::Result<()> {
    use gongkai_domain::request::{NotProcessedReason as N, OtherReason as O, WithheldReason as W};
    let outcomes: [(Outcome, &str); 12] = [
        (Outcome::Granted, "该信息属于公开范围，现提供电子文本。"),
        (Outcome::Granted, "该信息已在本机关门户网站主动公开，获取途径见本答复。"),
        (Outcome::Granted, "现将所申请的文件复印件邮寄给您。"),
        (
            Outcome::PartlyGranted,
            "文件中涉及个人身份证号码、联系电话的内容属于个人隐私，依照条例第十五条不予公开，其余部分予以公开。",
        ),
        (
            Outcome::Withheld(W::ThirdPartyRights),
            "所申请信息涉及第三方商业秘密，经征求意见第三方不同意公开且理由合理。",
        ),
        (
            Outcome::Withheld(W::ProcessInformation),
            "所申请信息为研究讨论中的过程稿，依照条例第十六条第二款不予公开。",
        ),
        (Outcome::Unavailable(UnavailableReason::NotHeld), "经检索，本机关未制作或获取该信息。"),
        (
            Outcome::Unavailable(UnavailableReason::NeedsCreation),
            "所申请内容需对现有信息进行汇总、加工，依照条例第三十八条不予提供。",
        ),
        (Outcome::NotProcessed(N::Petition), "该申请实为投诉举报，已告知通过信访渠道反映。"),
        (Outcome::NotProcessed(N::Duplicate), "该申请与此前已答复的申请内容相同。"),
        (Outcome::Granted, "现提供所申请的名单（已对个人信息作遮盖处理）。"),
        (Outcome::Other(O::Other), "申请人主动撤回申请。"),
    ];
    let topics = [
        "2025年示例县农村危房改造补助资金分配情况",
        "示例县2024年度部门预算及“三公”经费",
        "城关镇人民路拓宽工程的规划许可文件",
        "示例县2025年义务教育阶段招生划片方案",
        "示例县河长制工作考核办法",
        "示例县2025年高标准农田建设项目招标文件",
        "示例县公共租赁住房分配名单",
        "示例县2025年度行政执法检查计划",
    ];
    for i in 0..26u32 {
        let p = &PEOPLE[(i as usize) % PEOPLE.len()];
        let month = 1 + (i % 12);
        let received = ymd(2025, month, 3 + (i % 20));
        let received = if i >= 24 { ymd(2025, 12, 15 + i - 24) } else { received };
        let intake = Intake {
            agency: county.clone(),
            application: application(
                p,
                &format!("请公开{}。", topics[(i as usize) % topics.len()]),
                "paper",
                "pickup",
            )?,
            channel: Channel::InPerson,
            submitted_on: received,
            received_on: Some(received),
            files: vec![],
        };
        let (rec, _) =
            svc::submit(app, &Actor::user(editor), intake).await.map_err(|e| anyhow::anyhow!(e.message()))?;
        let (outcome, reasoning) = outcomes[(i as usize) % outcomes.len()];
        let decided = if i >= 24 { ymd(2026, 1, 8) } else { received + chrono::Duration::days(12) };
        let action = if outcome == Outcome::Other(gongkai_domain::request::OtherReason::Other) {
            Action::Withdraw { on: decided, reason: reasoning.into() }
        } else {
            Action::Decide { on: decided, outcome, basis: String::new(), reasoning: reasoning.into() }
        };
        let r = svc::perform(app, editor, rec.id, rec.version, action)
            .await
            .map_err(|e| anyhow::anyhow!(e.message()))?;
        if r.0.facts.state == gongkai_domain::request::RequestState::Decided {
            let (r2, _) = svc::perform(
                app,
                editor,
                rec.id,
                r.0.version,
                Action::Deliver { on: decided, method: "当面领取".into(), sensitive_override: None },
            )
            .await
            .map_err(|e| anyhow::anyhow!(e.message()))?;
            svc::perform(app, editor, rec.id, r2.version, Action::Close { on: decided })
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
        }
    }
    Ok(())
}

/// The narrative registers: the county's 2025 work, and 城关镇's 2017 facts from the seed report
/// (one meeting/training with 19 attendees; website and notice boards).
async fn registers(
    app: &gongkai_app::App,
    county: &gongkai_store::Agency,
    township: &User,
) -> anyhow::Result<()> {
    use gongkai_store::NewRegisterEntry;
    let add = |agency_id: i64, kind: &str, year: i32, on: Option<NaiveDate>, data: serde_json::Value| {
        NewRegisterEntry { agency_id, kind: kind.into(), year, on, data: data.to_string() }
    };
    let system = Actor::system();
    let c = county.id;
    for e in [
        add(
            c,
            "training",
            2025,
            Some(ymd(2025, 4, 18)),
            serde_json::json!({"on": "2025-04-18", "title": "全县政务公开业务培训会", "attendees": 86}),
        ),
        add(
            c,
            "training",
            2025,
            Some(ymd(2025, 9, 12)),
            serde_json::json!({"on": "2025-09-12", "title": "依申请公开办理实务培训", "attendees": 42}),
        ),
        add(
            c,
            "security_check",
            2025,
            Some(ymd(2025, 6, 30)),
            serde_json::json!({"on": "2025-06-30", "scope": "县政府门户网站政府信息公开专栏", "findings": "发现2条历史信息附件含未遮盖的手机号码", "rectified_on": "2025-07-05"}),
        ),
        add(
            c,
            "messages",
            2025,
            None,
            serde_json::json!({"received": 214, "answered": 214, "average_reply_days": 3.6}),
        ),
        add(
            c,
            "outlet",
            2025,
            None,
            serde_json::json!({"name": "示例县人民政府门户网站", "count": 1286, "unit": "条"}),
        ),
        add(
            c,
            "outlet",
            2025,
            None,
            serde_json::json!({"name": "“示例发布”政务微信公众号", "count": 532, "unit": "条"}),
        ),
        add(c, "outlet", 2025, None, serde_json::json!({"name": "政务公开栏", "count": 48, "unit": "期"})),
        add(
            c,
            "leading_group",
            2025,
            None,
            serde_json::json!({"head": "县政府常务副县长", "adjusted": "是"}),
        ),
        add(
            c,
            "internal_rule",
            2025,
            None,
            serde_json::json!({"title": "示例县政府信息公开保密审查办法", "on": "2025-03-01"}),
        ),
        add(c, "problem", 2025, None, serde_json::json!({"text": "部分乡镇政务公开栏更新不及时"})),
        add(
            c,
            "plan",
            2025,
            None,
            serde_json::json!({"text": "推进基层政务公开标准化规范化，统一乡镇公开目录"}),
        ),
        add(
            township.agency_id,
            "training",
            2017,
            Some(ymd(2017, 3, 20)),
            serde_json::json!({"on": "2017-03-20", "title": "政务公开工作会议暨业务培训", "attendees": 19}),
        ),
        add(
            township.agency_id,
            "outlet",
            2017,
            None,
            serde_json::json!({"name": "示例县人民政府门户网站城关镇信息公开专栏", "count": 63, "unit": "条"}),
        ),
        add(
            township.agency_id,
            "outlet",
            2017,
            None,
            serde_json::json!({"name": "政务公开栏", "count": 12, "unit": "期"}),
        ),
    ] {
        app.store.add_register_entry(&system, e).await?;
    }
    Ok(())
}
