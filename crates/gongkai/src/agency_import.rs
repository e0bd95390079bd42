//! `gongkai agency import FILE` and `gongkai agency list` (issue 14): a county sets up its agencies
//! from a spreadsheet. The header row is in Chinese (名称, 上级机关, 层级, 类型, 统一社会信用代码, and
//! optional contact columns, and 机构职能, 负责人, 内设机构); rows are created or, by name, updated. All or nothing: every row is
//! checked against the file and the database first, and any bad row — unknown parent, cycle, bad
//! checksum, duplicate name, a level that cannot sit under its parent — is reported as `第N行：…`
//! (the header is row 1, as a spreadsheet numbers it) and nothing is written.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, anyhow};
use gongkai_domain::agency::{
    AgencyCode, AgencyKind, AgencyLevel, AgencyProfile, OfficeContact, check_agency_name, check_parent_level,
};
use gongkai_store::{Actor, Agency, AgencyChange, NewAgency, Store};

/// One data row as read, with its spreadsheet row number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: HashMap<String, String>,
}

/// A checked row, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub line: usize,
    pub name: String,
    pub parent: Option<String>,
    pub level: AgencyLevel,
    pub kind: AgencyKind,
    pub code: Option<AgencyCode>,
    pub contact: OfficeContact,
    /// 机构信息 from the optional columns 机构职能, 负责人, 内设机构 (内设机构 separated by 、 or ；).
    pub profile: AgencyProfile,
    /// An agency of this name exists: its contacts are updated.
    pub existing: Option<i64>,
}

/// Where an optional contact column goes.
type ContactField = fn(&mut OfficeContact) -> &mut String;

const CONTACT_COLUMNS: [(&str, ContactField); 6] = [
    ("工作机构", |c| &mut c.office_name),
    ("办公地址", |c| &mut c.address),
    ("办公时间", |c| &mut c.hours),
    ("联系电话", |c| &mut c.phone),
    ("传真", |c| &mut c.fax),
    ("电子邮箱", |c| &mut c.email),
];

/// Reads a `.csv` (UTF-8, optional BOM) or `.xlsx` file (first sheet) into rows keyed by header.
pub fn read_rows(path: &Path) -> anyhow::Result<Vec<Row>> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let table: Vec<Vec<String>> = match ext.as_str() {
        "csv" => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("无法读取 {}", path.display()))?;
            parse_csv(text.trim_start_matches('\u{feff}'))
        }
        "xlsx" => {
            use calamine::{Reader, Xlsx, open_workbook};
            let mut wb: Xlsx<_> =
                open_workbook(path).map_err(|e| anyhow!("无法读取 {}：{e}", path.display()))?;
            let range = wb
                .worksheet_range_at(0)
                .ok_or_else(|| anyhow!("{} 中没有工作表", path.display()))?
                .map_err(|e| anyhow!("无法读取 {}：{e}", path.display()))?;
            range.rows().map(|r| r.iter().map(|c| c.to_string().trim().to_owned()).collect()).collect()
        }
        _ => return Err(anyhow!("{}：只能导入 .csv 或 .xlsx 文件", path.display())),
    };
    let mut lines = table.into_iter().enumerate();
    let Some((_, header)) = lines.next() else { return Ok(vec![]) };
    let header: Vec<String> = header.into_iter().map(|h| h.trim().to_owned()).collect();
    Ok(lines
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| Row {
            line: i + 1,
            cells: header.iter().cloned().zip(cells.into_iter().map(|c| c.trim().to_owned())).collect(),
        })
        .collect())
}

/// A small CSV reader: commas, double-quoted fields with `""` escapes and line breaks inside.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn level_of(s: &str) -> Option<AgencyLevel> {
    AgencyLevel::ALL.iter().copied().find(|l| l.label() == s || l.as_str() == s)
}

fn kind_of(s: &str) -> Option<AgencyKind> {
    AgencyKind::ALL.iter().copied().find(|k| k.label() == s || k.as_str() == s)
}

/// Checks every row against the file and the agencies already stored. `Err` lists every bad row.
pub fn plan(rows: &[Row], existing: &[Agency]) -> Result<Vec<Planned>, Vec<String>> {
    let mut errors = Vec::new();
    let mut planned: Vec<Planned> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let get = |r: &Row, k: &str| r.cells.get(k).cloned().unwrap_or_default();
    if let Some(r) = rows.first() {
        for col in ["名称", "上级机关", "层级", "类型"] {
            if !r.cells.contains_key(col) {
                errors.push(format!(
                    "第1行：缺少“{col}”列（表头应为：名称、上级机关、层级、类型、统一社会信用代码）"
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    for r in rows {
        let mut bad = |m: String| errors.push(format!("第{}行：{m}", r.line));
        let name = match check_agency_name(&get(r, "名称")) {
            Ok(n) => n,
            Err(e) => {
                bad(e.message);
                continue;
            }
        };
        if let Some(first) = seen.insert(name.clone(), r.line) {
            bad(format!("机关“{name}”与第{first}行重名"));
            continue;
        }
        let level = level_of(&get(r, "层级"));
        let kind = kind_of(&get(r, "类型"));
        if level.is_none() {
            bad(format!("层级“{}”应为 省级、市级、县级 或 乡镇级", get(r, "层级")));
        }
        if kind.is_none() {
            bad(format!("类型“{}”应为 人民政府、政府工作部门、街道办事处 或 其他机关", get(r, "类型")));
        }
        let code_text = get(r, "统一社会信用代码");
        let code = if code_text.is_empty() {
            None
        } else {
            match AgencyCode::parse(&code_text) {
                Ok(c) => Some(c),
                Err(e) => {
                    bad(format!("统一社会信用代码“{code_text}”不正确：{e}"));
                    None
                }
            }
        };
        let mut contact = OfficeContact::default();
        for (col, field) in CONTACT_COLUMNS {
            *field(&mut contact) = get(r, col);
        }
        let profile = AgencyProfile {
            functions: get(r, "机构职能"),
            head: get(r, "负责人"),
            departments: get(r, "内设机构")
                .split(['、', '；', ';'])
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        }
        .cleaned();
        let profile = match profile {
            Ok(p) => p,
            Err(e) => {
                bad(e.message);
                continue;
            }
        };
        let parent = Some(get(r, "上级机关")).filter(|p| !p.is_empty());
        let (Some(level), Some(kind)) = (level, kind) else { continue };
        let existing_id = existing.iter().find(|a| a.name == name).map(|a| a.id);
        planned.push(Planned {
            line: r.line,
            name,
            parent,
            level,
            kind,
            code,
            contact,
            profile,
            existing: existing_id,
        });
    }
    check_tree(&planned, existing, &mut errors);
    if errors.is_empty() { Ok(planned) } else { Err(errors) }
}

/// Parents known, one top agency, no cycle, levels that fit, existing agencies not moved.
fn check_tree(planned: &[Planned], existing: &[Agency], errors: &mut Vec<String>) {
    let in_file: HashMap<&str, &Planned> = planned.iter().map(|p| (p.name.as_str(), p)).collect();
    let stored: HashMap<&str, &Agency> = existing.iter().map(|a| (a.name.as_str(), a)).collect();
    let level_of =
        |name: &str| in_file.get(name).map(|p| p.level).or_else(|| stored.get(name).map(|a| a.level));
    let stored_top = existing.iter().find(|a| a.parent_id.is_none());
    for p in planned {
        let mut bad = |m: String| errors.push(format!("第{}行：{m}", p.line));
        match &p.parent {
            None => {
                if let Some(top) = stored_top.filter(|t| t.name != p.name) {
                    bad(format!("“上级机关”为空，但本平台已有最高层级机关“{}”；请填写上级机关", top.name));
                }
                if planned.iter().any(|q| q.parent.is_none() && q.line < p.line) {
                    bad("只能有一个机关的“上级机关”为空（最高层级机关）".to_owned());
                }
            }
            Some(parent) => match level_of(parent) {
                None => bad(format!("上级机关“{parent}”既不在本文件中，也不在本平台")),
                Some(pl) => {
                    if let Err(e) = check_parent_level(p.level, p.kind, pl) {
                        bad(format!("{}（上级机关“{parent}”为{}）", e.message, pl.label()));
                    }
                }
            },
        }
        // A cycle: following parents inside the file comes back to this row.
        let mut at = p.parent.as_deref();
        let mut steps = HashSet::new();
        while let Some(name) = at {
            if name == p.name || !steps.insert(name) {
                bad(format!("上级机关形成循环（{} → … → {}）", p.name, p.name));
                break;
            }
            at = in_file.get(name).and_then(|q| q.parent.as_deref());
        }
        if let Some(a) = stored.get(p.name.as_str()) {
            let stored_parent =
                a.parent_id.and_then(|id| existing.iter().find(|x| x.id == id)).map(|x| x.name.as_str());
            if a.level != p.level || a.kind != p.kind || stored_parent != p.parent.as_deref() {
                bad(format!(
                    "已有同名机关“{}”，其层级、类型或上级机关与本行不同（导入只更新联系信息）",
                    p.name
                ));
            }
        }
    }
}

/// Writes a checked plan: the new agencies in one transaction, parents first (all or none), then
/// the contacts of existing ones. Returns (created, updated).
pub async fn write(store: &dyn Store, actor: &Actor, plan: &[Planned]) -> anyhow::Result<(usize, usize)> {
    let stored: HashSet<String> = store.list_agencies().await?.into_iter().map(|a| a.name).collect();
    // Parents before children: a row goes once its parent is stored or already placed.
    let mut placed: HashSet<&str> = HashSet::new();
    let mut ordered: Vec<&Planned> = Vec::new();
    let mut pending: Vec<&Planned> = plan.iter().filter(|p| p.existing.is_none()).collect();
    while !pending.is_empty() {
        let before = pending.len();
        let (ready, rest): (Vec<&Planned>, Vec<&Planned>) = pending
            .into_iter()
            .partition(|p| p.parent.as_deref().is_none_or(|n| stored.contains(n) || placed.contains(n)));
        for p in ready {
            placed.insert(&p.name);
            ordered.push(p);
        }
        if rest.len() == before {
            let rows = rest.iter().map(|p| format!("第{}行", p.line)).collect::<Vec<_>>().join("、");
            return Err(anyhow!("上级机关无法确定：{rows}"));
        }
        pending = rest;
    }
    let new: Vec<(NewAgency, Option<String>)> = ordered
        .iter()
        .map(|p| {
            let a = NewAgency {
                name: p.name.clone(),
                level: p.level,
                kind: p.kind,
                code: p.code.clone(),
                parent_id: None,
                contact: p.contact.clone(),
            };
            (a, p.parent.clone())
        })
        .collect();
    let created = if new.is_empty() {
        0
    } else {
        store.create_agencies(actor, new).await.context("写入失败，未导入任何机关")?.len()
    };
    let mut updated = 0;
    for p in plan {
        if let Some(id) = p.existing
            && p.contact != OfficeContact::default()
        {
            store.update_agency_contact(actor, id, p.contact.clone()).await?;
            updated += 1;
        }
    }
    // 机构信息 (checked above): set on the agencies the rows name, new or existing.
    let all = store.list_agencies().await?;
    for p in plan.iter().filter(|p| p.profile != AgencyProfile::default()) {
        let Some(a) = all.iter().find(|a| a.name == p.name) else { continue };
        let change = AgencyChange {
            name: a.name.clone(),
            level: a.level,
            kind: a.kind,
            code: a.code.clone(),
            parent_id: a.parent_id,
            profile: p.profile.clone(),
            active: a.active,
        };
        store.update_agency(actor, a.id, change).await?;
    }
    Ok((created, updated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str) -> Vec<Row> {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.csv");
        std::fs::write(&p, csv).expect("write");
        read_rows(&p).expect("read")
    }

    const HEADER: &str = "名称,上级机关,层级,类型,统一社会信用代码,联系电话\n";

    #[test]
    fn a_county_with_two_townships_plans_cleanly() {
        let r = rows(&format!(
            "{HEADER}示例县人民政府,,县级,人民政府,,0599-1\n甲镇人民政府,示例县人民政府,乡镇级,人民政府,,\n乙乡人民政府,示例县人民政府,乡镇级,人民政府,,\n"
        ));
        let p = plan(&r, &[]).expect("plan");
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].contact.phone, "0599-1");
        assert_eq!(p[1].parent.as_deref(), Some("示例县人民政府"));
    }

    #[test]
    fn every_bad_row_is_named_by_its_spreadsheet_number() {
        let r = rows(&format!(
            "{HEADER}示例县人民政府,,县级,人民政府,,\n甲镇人民政府,不存在的县,乡镇级,人民政府,,\n乙局,示例县人民政府,县级,政府工作部门,123,\n丙,丁,县级,人民政府,,\n丁,丙,县级,人民政府,,\n示例县人民政府,,县级,人民政府,,\n戊,示例县人民政府,部级,人民政府,,\n"
        ));
        let errs = plan(&r, &[]).expect_err("refused");
        let all = errs.join("\n");
        assert!(all.contains("第3行：上级机关“不存在的县”"), "{all}");
        assert!(all.contains("第4行：统一社会信用代码“123”不正确"), "{all}");
        assert!(all.contains("第5行：上级机关形成循环") && all.contains("第6行：上级机关形成循环"), "{all}");
        assert!(all.contains("第7行：机关“示例县人民政府”与第2行重名"), "{all}");
        assert!(all.contains("第8行：层级“部级”"), "{all}");
    }

    /// Issue 14: the optional 机构信息 columns; 内设机构 split on 、 or ；; too long a 负责人 is a bad row.
    #[test]
    fn profile_columns_are_read_and_checked() {
        let long = "很".repeat(101);
        let r = rows(&format!(
            "名称,上级机关,层级,类型,机构职能,负责人,内设机构\n示例县人民政府,,县级,人民政府,负责全县政务。,王某（县长）,办公室、政务公开办；信访局\n甲镇人民政府,示例县人民政府,乡镇级,人民政府,,{long},\n"
        ));
        let errs = plan(&r, &[]).expect_err("refused");
        assert!(errs.join("\n").contains("第3行：负责人不能超过 100 个字"), "{errs:?}");
        let r = rows(
            "名称,上级机关,层级,类型,机构职能,负责人,内设机构\n示例县人民政府,,县级,人民政府,负责全县政务。,王某（县长）,办公室、政务公开办；信访局\n",
        );
        let p = plan(&r, &[]).expect("plan");
        assert_eq!(p[0].profile.head, "王某（县长）");
        assert_eq!(p[0].profile.departments, "办公室\n政务公开办\n信访局");
    }

    #[test]
    fn xlsx_files_are_read_like_csv() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["名称", "上级机关", "层级", "类型"].iter().enumerate() {
            ws.write_string(0, u16::try_from(c).expect("col"), *h).expect("cell");
        }
        for (c, v) in ["示例县人民政府", "", "县级", "人民政府"].iter().enumerate() {
            ws.write_string(1, u16::try_from(c).expect("col"), *v).expect("cell");
        }
        wb.save(&p).expect("save");
        let r = read_rows(&p).expect("read");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].line, 2);
        let planned = plan(&r, &[]).expect("plan");
        assert_eq!(planned[0].level, AgencyLevel::County);
    }

    #[test]
    fn csv_fields_may_be_quoted() {
        let t = parse_csv("a,\"b,c\",\"d\"\"e\"\n1,2,3\n");
        assert_eq!(t, vec![vec!["a", "b,c", "d\"e"], vec!["1", "2", "3"]]);
    }
}
