//! Demo 意见征集 (issue 16): a closed consultation of 2025 with its comments decided and the
//! feedback published, one closed and waiting for decisions, and one open now. Loaded once
//! (when the county has no consultation). Dates relative to today so the open one stays open.

use chrono::{Days, NaiveDate};
use gongkai_domain::public_consultation::{Adoption, PublicConsultationKind};
use gongkai_store::{Actor, NewPublicConsultation, Store};
use std::sync::Arc;

pub async fn load(store: Arc<dyn Store>, today: NaiveDate) -> anyhow::Result<()> {
    let county = store
        .find_agency_by_name(crate::demo::COUNTY)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo county"))?;
    if !store.list_consultations(&[county.id]).await?.is_empty() {
        return Ok(());
    }
    let actor = Actor { name: "李信息".into(), user_id: None, agency_id: Some(county.id) };
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(today);
    // 2025: decided and published.
    let done = store
        .create_consultation(
            &actor,
            NewPublicConsultation {
                agency_id: county.id,
                kind: PublicConsultationKind::NormativeDocument,
                title: "示例县城区公共停车场收费管理办法（征求意见稿）".into(),
                summary: "为规范城区公共停车场收费，拟调整夜间及节假日收费标准，现公开征求社会公众意见。"
                    .into(),
                body: "第一条 为规范城区公共停车场收费管理，根据有关法律法规，结合本县实际，制定本办法。\n\
                       第二条 本办法适用于本县城区政府投资建设的公共停车场。\n\
                       第三条 白天（8:00—20:00）首小时收费2元，之后每小时1元；夜间按次收费2元。\n\
                       第四条 本办法自印发之日起施行。"
                    .into(),
                opens_on: d("2025-05-06"),
                closes_on: d("2025-05-20"),
            },
        )
        .await?;
    let comments = [
        (
            "陈先生",
            "建议夜间停车前两小时免费，方便周边居民。",
            Adoption::PartlyAdopted,
            "采纳夜间免费时长建议，调整为首小时免费。",
        ),
        ("匿名", "新能源汽车充电期间应减免停车费。", Adoption::Adopted, ""),
        (
            "林女士",
            "建议取消所有停车收费。",
            Adoption::NotAdopted,
            "公共停车场运营维护需要费用，依照价格主管部门核定的标准收费。",
        ),
    ];
    for (name, body, decision, reason) in comments {
        let m = store
            .add_comment(done.id, name, body, &gongkai_domain::public_consultation::duplicate_key(body))
            .await?;
        store.decide_comment(&actor, m.id, decision, reason).await?;
    }
    store
        .publish_feedback(
            &actor,
            done.id,
            "本次征求意见共收到意见3条，其中采纳1条、部分采纳1条、未采纳1条。逐条采纳情况见下表。",
            None,
            d("2025-06-03"),
        )
        .await?;
    // Closed, decisions pending.
    let closed = store
        .create_consultation(
            &actor,
            NewPublicConsultation {
                agency_id: county.id,
                kind: PublicConsultationKind::MajorDecision,
                title: "示例县城乡公交一体化实施方案（征求意见稿）".into(),
                summary: "拟新开通3条城乡公交线路，统一票价为2元。".into(),
                body: "一、总体目标\n到2027年底，实现具备条件的行政村全部通公交。\n二、主要措施\n（一）新开通城关至河西、城关至东山、城关至南坪3条线路。\n（二）统一城乡公交票价为2元。"
                    .into(),
                opens_on: today.checked_sub_days(Days::new(45)).unwrap_or(today),
                closes_on: today.checked_sub_days(Days::new(10)).unwrap_or(today),
            },
        )
        .await?;
    for body in ["建议在河西镇增设早晚高峰班次。", "希望公交线路经过县人民医院。"]
    {
        store
            .add_comment(closed.id, "匿名", body, &gongkai_domain::public_consultation::duplicate_key(body))
            .await?;
    }
    // Open now.
    let open = store
        .create_consultation(
            &actor,
            NewPublicConsultation {
                agency_id: county.id,
                kind: PublicConsultationKind::NormativeDocument,
                title: "示例县农村生活垃圾分类管理办法（征求意见稿）".into(),
                summary: "为推进农村生活垃圾分类，明确村（居）委会和保洁员职责，现公开征求意见。".into(),
                body: "第一条 为推进农村生活垃圾分类减量和资源化利用，制定本办法。\n第二条 农村生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类。\n第三条 村（居）民委员会负责组织本村生活垃圾分类工作。"
                    .into(),
                opens_on: today,
                closes_on: today.checked_add_days(Days::new(30)).unwrap_or(today),
            },
        )
        .await?;
    let body = "建议每个自然村至少设置一处有害垃圾回收点。";
    store
        .add_comment(open.id, "张先生", body, &gongkai_domain::public_consultation::duplicate_key(body))
        .await?;
    Ok(())
}
