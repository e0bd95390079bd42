//! Bench helper: fills a Gongkai SQLite database with N synthetic disclosure requests of one
//! agency (97 % finished in earlier years, 3 % open with due dates around today), in one
//! transaction. Used by `bench/requests/run.sh` to measure the dashboard at 100,000 requests.
//!
//! Usage: `seed_requests <sqlite-url> <agency-id> <count>`, or
//! `seed_requests <sqlite-url> rollup <agencies> <per-agency>` to add that many townships under
//! agency 1, each with that many requests (the county roll-up benchmark).

use chrono::{Datelike, Duration, Utc};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::clock::{Channel, ClockSettings};
use gongkai_domain::request::{
    ApplicationInput, Decision, DisclosureRequest, Outcome, RequestState, validate,
};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() == 4,
        "usage: seed_requests <sqlite-url> <agency-id>|rollup <count>|<agencies>"
    );
    let url = args[1].as_str();
    // Migrate first through the real store.
    drop(gongkai_store_sql::sqlite::SqliteStore::open(url).await?);
    let mut conn = SqliteConnectOptions::from_str(url)?.connect().await?;
    if args[2] == "rollup" {
        let (agencies, per): (usize, usize) =
            (args[3].parse()?, std::env::var("PER_AGENCY").ok().and_then(|v| v.parse().ok()).unwrap_or(2000));
        let started = std::time::Instant::now();
        for a in 0..agencies {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO agencies (name, level, kind, parent_id, created_at) VALUES ($1, 'township', 'government', 1, $2) RETURNING id",
            )
            .bind(format!("基准测试第{a:03}乡人民政府"))
            .bind(Utc::now())
            .fetch_one(&mut conn)
            .await?;
            seed(&mut conn, id, per).await?;
        }
        println!("seeded {agencies} agencies x {per} requests in {:.1} s", started.elapsed().as_secs_f64());
        return Ok(());
    }
    let (agency_id, count): (i64, usize) = (args[2].parse()?, args[3].parse()?);
    let started = std::time::Instant::now();
    seed(&mut conn, agency_id, count).await?;
    println!("seeded {count} requests in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

async fn seed(conn: &mut sqlx::SqliteConnection, agency_id: i64, count: usize) -> anyhow::Result<()> {
    let cal = WorkCalendar::official();
    let today = Utc::now().date_naive();
    let settings = ClockSettings::default();
    let app = validate(&ApplicationInput {
        kind: "natural_person".into(),
        name: "测试申请人".into(),
        id_type: "resident_id".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
        email: "bench@example.cn".into(),
        description: "请公开示例县2024年耕地地力保护补贴发放名单及资金拨付文件".into(),
        form: "electronic".into(),
        delivery: "email".into(),
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut tx = conn.begin().await?;
    for i in 0..count {
        let open = i % 33 == 0;
        let submitted = if open {
            today - Duration::days((i % 40) as i64)
        } else {
            today - Duration::days(60 + (i % 3000) as i64)
        };
        let mut f = DisclosureRequest::new(app.clone(), Channel::Online, submitted, Some(submitted));
        f.application.applicant.id_number = format!("ID{:08}", i % 20_000);
        if !open {
            let on = submitted + Duration::days(15);
            f.decision = Some(Decision {
                on,
                outcome: Outcome::ALL[i % Outcome::ALL.len()],
                basis: String::new(),
                reasoning: "已答复".into(),
                decided_by: "seed".into(),
            });
            f.state = RequestState::Closed;
            f.closed_on = Some(on);
        }
        let due = f.current_due_on(&cal, &settings, today);
        let year = submitted.year();
        let number = format!("{year}-{agency_id:04}-9{i:07}");
        sqlx::query(
            "INSERT INTO requests (agency_id, number, tracking_hash, state, waiting_on, applicant_kind, \
             applicant_name, applicant_id_number, channel, handler_id, submitted_on, received_on, due_on, \
             decided_on, outcome, is_open, version, facts, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, \
             $6, $7, $8, $9, NULL, $10, $11, $12, $13, $14, $15, 1, $16, $17, $17)",
        )
        .bind(agency_id)
        .bind(&number)
        .bind("0".repeat(64))
        .bind(f.state.key())
        .bind(f.waiting_on().key())
        .bind(f.application.applicant.kind.key())
        .bind(format!("测试申请人{}", i % 5000))
        .bind(&f.application.applicant.id_number)
        .bind(f.channel.as_str())
        .bind(f.submitted_on)
        .bind(f.received_on)
        .bind(due)
        .bind(f.decided_on())
        .bind(f.outcome().map(|o| o.key()))
        .bind(f.state.is_open())
        .bind(serde_json::to_string(&f)?)
        .bind(Utc::now())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
