//! `gongkai user import FILE` (issue 14): a county creates its staff accounts from a spreadsheet
//! (`.csv` or `.xlsx`, header row 登录名, 姓名, 所属机关, 角色). All or nothing: every row is checked
//! against the file and the database first — login name shape and uniqueness, a known agency,
//! known roles, a proper name — and any bad row is reported as `第N行：…` (the header is row 1)
//! with nothing written. Each account gets a random temporary password, printed once, which the
//! person must replace at the first sign-in.

use std::collections::HashMap;

use gongkai_domain::role::Role;
use gongkai_store::{Agency, NewUser};

use crate::agency_import::Row;

/// A checked row, ready to create (the password is made when writing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedUser {
    pub line: usize,
    pub username: String,
    pub display_name: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub roles: Vec<Role>,
}

/// A role from its Chinese label (管理员, 信息员, 保密审查员, 审签领导, 主管部门监督员), a common
/// short form (保密审查, 监督员, 上级监督) or its key (`editor`, …).
fn role_of(s: &str) -> Option<Role> {
    let s = s.trim();
    let alias = match s {
        "保密审查" | "审查员" => Some(Role::Reviewer),
        "监督员" | "上级监督" | "监督" => Some(Role::Supervisor),
        "审签" => Some(Role::Approver),
        _ => None,
    };
    Role::parse(s).or(alias).or_else(|| Role::ALL.iter().copied().find(|r| r.label() == s))
}

/// Whether a login name has the allowed shape (as `user add`): 1–32 letters, digits, `. _ -`.
pub fn login_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

/// Checks every row; the accounts to create, or every bad row named by its spreadsheet number.
pub fn plan(rows: &[Row], agencies: &[Agency], taken: &[String]) -> Result<Vec<PlannedUser>, Vec<String>> {
    let mut errors = Vec::new();
    if let Some(r) = rows.first() {
        for col in ["登录名", "姓名", "所属机关", "角色"] {
            if !r.cells.contains_key(col) {
                errors.push(format!("第1行：缺少“{col}”列（表头应为：登录名、姓名、所属机关、角色）"));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    let get = |r: &Row, k: &str| r.cells.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for r in rows {
        let before = errors.len();
        let mut bad = |m: String| errors.push(format!("第{}行：{m}", r.line));
        let username = get(r, "登录名");
        if !login_name_ok(&username) {
            bad(format!("登录名“{username}”应为 1–32 个字母、数字或 . _ -"));
        } else if taken.iter().any(|t| t == &username) {
            bad(format!("登录名“{username}”已被使用"));
        } else if let Some(first) = seen.insert(username.clone(), r.line) {
            bad(format!("登录名“{username}”与第{first}行重复"));
        }
        let display_name = get(r, "姓名");
        if display_name.is_empty() {
            bad("请填写姓名".into());
        } else if let Err(e) = gongkai_domain::text::check_name(&display_name) {
            bad(format!("姓名：{e}"));
        }
        let agency_name = get(r, "所属机关");
        let agency = agencies.iter().find(|a| a.name == agency_name);
        if agency.is_none() {
            bad(format!(
                "所属机关“{agency_name}”不存在（请先用 gongkai agency import 导入机关，并填写完整名称）"
            ));
        } else if agency.is_some_and(|a| !a.active) {
            bad(format!("所属机关“{agency_name}”已停用"));
        }
        let mut roles = Vec::new();
        for part in
            get(r, "角色").split(['、', ',', '，', ';', '；']).map(str::trim).filter(|p| !p.is_empty())
        {
            match role_of(part) {
                Some(role) if !roles.contains(&role) => roles.push(role),
                Some(_) => {}
                None => {
                    bad(format!("角色“{part}”应为 管理员、信息员、保密审查员、审签领导 或 主管部门监督员"))
                }
            }
        }
        if roles.is_empty() && get(r, "角色").is_empty() {
            bad("请填写角色".into());
        }
        if errors.len() == before
            && let Some(a) = agency
        {
            out.push(PlannedUser {
                line: r.line,
                username,
                display_name,
                agency_id: a.id,
                agency_name: a.name.clone(),
                roles,
            });
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The accounts as the store takes them, each with its temporary password (shown once).
pub fn accounts(plan: &[PlannedUser]) -> anyhow::Result<Vec<(NewUser, String)>> {
    plan.iter()
        .map(|p| {
            let password = gongkai_app::accounts::temporary_password();
            let hash = gongkai_app::accounts::hash_password(&password)
                .map_err(|e| anyhow::anyhow!("{}", e.message()))?;
            Ok((
                NewUser {
                    agency_id: p.agency_id,
                    username: p.username.clone(),
                    display_name: p.display_name.clone(),
                    roles: p.roles.clone(),
                    password_hash: hash,
                },
                password,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_domain::agency::{AgencyKind, AgencyLevel};

    fn row(line: usize, cells: &[(&str, &str)]) -> Row {
        Row { line, cells: cells.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect() }
    }

    fn county() -> Agency {
        Agency {
            id: 1,
            name: "示例县人民政府".into(),
            level: AgencyLevel::County,
            kind: AgencyKind::Government,
            code: None,
            parent_id: None,
            contact: Default::default(),
            created_at: chrono::Utc::now(),
            auto_confirm_online: false,
            letters: Default::default(),
            profile: Default::default(),
            site: Default::default(),
            active: true,
        }
    }

    #[test]
    fn good_rows_plan_with_roles_by_label_or_key() {
        let rows = [
            row(
                2,
                &[
                    ("登录名", "li"),
                    ("姓名", "李信息"),
                    ("所属机关", "示例县人民政府"),
                    ("角色", "信息员、审签领导"),
                ],
            ),
            row(
                3,
                &[
                    ("登录名", "wang"),
                    ("姓名", "王审查"),
                    ("所属机关", "示例县人民政府"),
                    ("角色", "reviewer"),
                ],
            ),
        ];
        let p = plan(&rows, &[county()], &[]).expect("plan");
        assert_eq!(p[0].roles, vec![Role::Editor, Role::Approver]);
        assert_eq!(p[1].roles, vec![Role::Reviewer]);
        let pw = gongkai_app::accounts::temporary_password();
        assert!(gongkai_app::accounts::check_password_policy(&pw).is_ok(), "{pw}");
        assert_ne!(pw, gongkai_app::accounts::temporary_password());
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_planned() {
        let rows = [
            row(
                2,
                &[("登录名", "li"), ("姓名", "李信息"), ("所属机关", "示例县人民政府"), ("角色", "信息员")],
            ),
            row(3, &[("登录名", "li"), ("姓名", "李二"), ("所属机关", "示例县人民政府"), ("角色", "信息员")]),
            row(4, &[("登录名", "张 三"), ("姓名", ""), ("所属机关", "不存在的局"), ("角色", "局长")]),
            row(5, &[("登录名", "admin"), ("姓名", "王"), ("所属机关", "示例县人民政府"), ("角色", "")]),
        ];
        let errs = plan(&rows, &[county()], &["admin".to_owned()]).expect_err("refused").join("\n");
        for want in [
            "第3行：登录名“li”与第2行重复",
            "第4行：登录名“张 三”应为",
            "第4行：请填写姓名",
            "第4行：所属机关“不存在的局”不存在",
            "第4行：角色“局长”应为",
            "第5行：登录名“admin”已被使用",
            "第5行：请填写角色",
        ] {
            assert!(errs.contains(want), "{want}\n{errs}");
        }
        let missing = plan(&[row(2, &[("登录名", "x")])], &[county()], &[]).expect_err("header").join("\n");
        assert!(missing.contains("第1行：缺少“姓名”列"), "{missing}");
    }
}
