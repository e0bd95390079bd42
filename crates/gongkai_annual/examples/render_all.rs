//! Render the demo reports in every format into a directory, for looking at them.
//! `cargo run -p gongkai_annual --example render_all -- /tmp/annual`

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/annual".to_owned()));
    std::fs::create_dir_all(&dir)?;
    // The 2025 figures in the 2019 trial format (its 表二 columns differ: those cells print 0).
    let d25 = gongkai_annual::demo_township_2025()?;
    let header = gongkai_annual::ReportHeader {
        agency_name: d25.agency_name.clone(),
        agency_level: d25.agency_level,
        agency_kind: d25.agency_kind,
        year: 2020,
        format: None,
        published_on: chrono::NaiveDate::from_ymd_opt(2021, 1, 25),
    };
    let trial = gongkai_annual::generate(header, d25.tables.clone(), d25.records.clone())?;
    for (name, doc) in [
        ("township-2025", d25),
        ("township-2020", trial),
        ("township-2017", gongkai_annual::demo_township_2017()?),
    ] {
        std::fs::write(dir.join(format!("{name}.html")), gongkai_annual::to_html(&doc))?;
        std::fs::write(dir.join(format!("{name}.md")), gongkai_annual::to_markdown(&doc))?;
        std::fs::write(dir.join(format!("{name}.json")), gongkai_annual::to_json(&doc)?)?;
        std::fs::write(dir.join(format!("{name}.xlsx")), gongkai_annual::to_xlsx(&doc)?)?;
        std::fs::write(dir.join(format!("{name}.docx")), gongkai_annual::to_docx(&doc)?)?;
        std::fs::write(dir.join(format!("{name}.pdf")), gongkai_annual::to_pdf(&doc)?)?;
        for f in gongkai_annual::lint(&doc) {
            println!("{name}: [{:?}] {} {} | {}", f.severity, f.rule, f.message, f.evidence);
        }
    }
    Ok(())
}
