//! Demo data: the fictional county 示例县 with its government, two departments and three
//! townships, and a staff account for each role. Loaded once (when the database has no
//! agencies); the accounts are printed on every `serve --demo` start.

use anyhow::Context;
use gongkai_domain::agency::{AgencyCode, AgencyKind, AgencyLevel};
use gongkai_domain::ids::{credit_code_check_char, org_code_check_char};
use gongkai_domain::role::Role;
use gongkai_store::{Actor, NewUser, Store};

/// One printed demo account.
pub struct DemoAccount {
    pub agency: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub roles: &'static [Role],
}

/// The county government, named exactly as the issue requires.
pub const COUNTY: &str = "示例县人民政府";

struct DemoAgency {
    name: &'static str,
    level: AgencyLevel,
    kind: AgencyKind,
    /// 8 body characters of the 组织机构代码.
    org_body: &'static str,
    office: &'static str,
    address: &'static str,
    phone: &'static str,
}

const AGENCIES: &[DemoAgency] = &[
    DemoAgency {
        name: COUNTY,
        level: AgencyLevel::County,
        kind: AgencyKind::Government,
        org_body: "MB100001",
        office: "示例县人民政府办公室（政务公开办）",
        address: "示例县人民路1号县政府大楼三楼",
        phone: "0999-1234500",
    },
    DemoAgency {
        name: "示例县发展和改革局",
        level: AgencyLevel::County,
        kind: AgencyKind::Department,
        org_body: "MB100002",
        office: "示例县发展和改革局办公室",
        address: "示例县人民路1号县政府大楼五楼",
        phone: "0999-1234510",
    },
    DemoAgency {
        name: "示例县教育局",
        level: AgencyLevel::County,
        kind: AgencyKind::Department,
        org_body: "MB100003",
        office: "示例县教育局办公室",
        address: "示例县文昌路18号",
        phone: "0999-1234520",
    },
    DemoAgency {
        name: "城关镇人民政府",
        level: AgencyLevel::Township,
        kind: AgencyKind::Government,
        org_body: "MB100004",
        office: "城关镇党政办公室",
        address: "示例县城关镇和平街2号",
        phone: "0999-1234530",
    },
    DemoAgency {
        name: "河西乡人民政府",
        level: AgencyLevel::Township,
        kind: AgencyKind::Government,
        org_body: "MB100005",
        office: "河西乡党政办公室",
        address: "示例县河西乡河西村",
        phone: "0999-1234540",
    },
    DemoAgency {
        name: "观水镇人民政府",
        level: AgencyLevel::Township,
        kind: AgencyKind::Government,
        org_body: "MB100006",
        office: "观水镇党政办公室",
        address: "示例县观水镇观水大街6号",
        phone: "0999-1234550",
    },
];

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount { agency: COUNTY, username: "admin", password: "demo-admin-2026", roles: &[Role::Admin] },
    DemoAccount { agency: COUNTY, username: "editor", password: "demo-editor-2026", roles: &[Role::Editor] },
    DemoAccount {
        agency: COUNTY,
        username: "reviewer",
        password: "demo-reviewer-2026",
        roles: &[Role::Reviewer],
    },
    DemoAccount {
        agency: COUNTY,
        username: "approver",
        password: "demo-approver-2026",
        roles: &[Role::Approver],
    },
    DemoAccount {
        agency: COUNTY,
        username: "supervisor",
        password: "demo-supervisor-2026",
        roles: &[Role::Supervisor],
    },
    DemoAccount {
        agency: "示例县发展和改革局",
        username: "fgj",
        password: "demo-fgj-2026",
        roles: &[Role::Admin, Role::Editor],
    },
    DemoAccount {
        agency: "示例县教育局",
        username: "jyj",
        password: "demo-jyj-2026",
        roles: &[Role::Admin, Role::Editor],
    },
    DemoAccount {
        agency: "城关镇人民政府",
        username: "chengguan",
        password: "demo-chengguan-2026",
        roles: &[Role::Admin, Role::Editor, Role::Reviewer, Role::Approver],
    },
    DemoAccount {
        agency: "河西乡人民政府",
        username: "hexi",
        password: "demo-hexi-2026",
        roles: &[Role::Admin, Role::Editor, Role::Reviewer, Role::Approver],
    },
    DemoAccount {
        agency: "观水镇人民政府",
        username: "guanshui",
        password: "demo-guanshui-2026",
        roles: &[Role::Admin, Role::Editor, Role::Reviewer, Role::Approver],
    },
];

/// A valid 统一社会信用代码 for a 机关 (登记管理部门 1, 机构类别 1) in the fictional region 999999.
fn credit_code(org_body: &str) -> Option<AgencyCode> {
    let org = format!("{org_body}{}", org_code_check_char(org_body)?);
    let body = format!("11999999{org}");
    let code = format!("{body}{}", credit_code_check_char(&body)?);
    AgencyCode::parse(&code).ok()
}

/// The demo's 机构信息 (条例 第二十条（二）) for the county and one township: 机构职能, 负责人,
/// 内设机构 (、-separated, as in the import sheet).
fn profile_of(name: &str) -> (&'static str, &'static str, &'static str) {
    match name {
        COUNTY => (
            "执行县人民代表大会及其常务委员会的决议，以及上级国家行政机关的决定和命令；管理本县的经济、教育、科学、文化、卫生、体育事业和财政、民政、公安、司法行政等行政工作；领导所属各工作部门和乡镇人民政府的工作。",
            "王某某（县长）",
            "县人民政府办公室、县政务服务中心、县政务公开办",
        ),
        "城关镇人民政府" => (
            "执行本级人民代表大会的决议和上级国家行政机关的决定和命令；管理本镇的经济、教育、科学、文化、卫生、体育事业和财政、民政、公安、司法行政、计划生育等行政工作。",
            "李某某（镇长）",
            "党政办公室、经济发展办公室、社会事务办公室、综合行政执法队",
        ),
        _ => ("", "", ""),
    }
}

/// Loads the demo county if the database has no agencies yet. Returns the accounts.
pub async fn load(store: &dyn Store) -> anyhow::Result<&'static [DemoAccount]> {
    if !store.list_agencies().await?.is_empty() {
        return Ok(ACCOUNTS);
    }
    let actor = Actor::system();
    // The demo's agencies go through the same import as a county's spreadsheet (issue 14).
    let county = AGENCIES[0].name;
    let rows: Vec<crate::agency_import::Row> = AGENCIES
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let cells = [
                ("名称", a.name.to_owned()),
                ("上级机关", if i == 0 { String::new() } else { county.to_owned() }),
                ("层级", a.level.label().to_owned()),
                ("类型", a.kind.label().to_owned()),
                (
                    "统一社会信用代码",
                    credit_code(a.org_body).map(|c| c.as_str().to_owned()).unwrap_or_default(),
                ),
                ("工作机构", a.office.to_owned()),
                ("办公地址", a.address.to_owned()),
                ("办公时间", "工作日上午 8:30—12:00，下午 14:30—17:30（法定节假日除外）".to_owned()),
                ("联系电话", a.phone.to_owned()),
                ("传真", a.phone.replace("-12345", "-12346")),
                ("电子邮箱", format!("gongkai{}@example.gov.cn", &a.org_body[5..])),
                ("机构职能", profile_of(a.name).0.to_owned()),
                ("负责人", profile_of(a.name).1.to_owned()),
                ("内设机构", profile_of(a.name).2.to_owned()),
            ];
            crate::agency_import::Row {
                line: i + 2,
                cells: cells.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            }
        })
        .collect();
    let plan = crate::agency_import::plan(&rows, &store.list_agencies().await?)
        .map_err(|errors| anyhow::anyhow!("demo agencies: {}", errors.join("；")))?;
    crate::agency_import::write(store, &actor, &plan).await.context("creating the demo agencies")?;
    for acc in ACCOUNTS {
        let agency = store.find_agency_by_name(acc.agency).await?.context("demo agency missing")?;
        let hash = gongkai_app::accounts::hash_password(acc.password)
            .map_err(|e| anyhow::anyhow!("{}", e.message()))?;
        store
            .create_user(
                &actor,
                NewUser {
                    agency_id: agency.id,
                    username: acc.username.into(),
                    display_name: demo_person(acc.username).into(),
                    roles: acc.roles.to_vec(),
                    password_hash: hash,
                },
            )
            .await
            .with_context(|| format!("creating demo account {}", acc.username))?;
    }
    Ok(ACCOUNTS)
}

fn demo_person(username: &str) -> &'static str {
    match username {
        "admin" => "王管理",
        "editor" => "李信息",
        "reviewer" => "赵审查",
        "approver" => "钱审签",
        "supervisor" => "孙监督",
        "fgj" => "周发改",
        "jyj" => "吴教育",
        "chengguan" => "郑城关",
        "hexi" => "冯河西",
        _ => "陈观水",
    }
}

pub fn print_accounts(accounts: &[DemoAccount]) {
    println!("Demo data: {COUNTY} (示例县) with two departments and three townships.");
    println!("Demo staff accounts (log in at /staff/login):");
    println!("  {:<12} {:<22} {:<18} roles", "login", "password", "agency");
    for a in accounts {
        let roles = a.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
        println!("  {:<12} {:<22} {:<18} {roles}", a.username, a.password, a.agency);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_codes_are_valid() {
        for a in AGENCIES {
            assert!(credit_code(a.org_body).is_some(), "{}", a.name);
        }
    }

    #[test]
    fn demo_passwords_meet_policy() {
        for a in ACCOUNTS {
            assert!(gongkai_app::accounts::check_password_policy(a.password).is_ok(), "{}", a.username);
        }
    }
}
