//! Write the demo township's 2017 report (rebuilt from the seed report's facts) as Markdown and
//! HTML into `docs/annual/`, and print the lint findings (none expected).
//! `cargo run -p gongkai_annual --example seed_2017` (from the workspace root)

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let doc = gongkai_annual::demo_township_2017()?;
    let dir = Path::new("docs/annual");
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("seed-2017-generated.md"), gongkai_annual::to_markdown(&doc))?;
    let html = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        doc.title(),
        gongkai_annual::HTML_STYLE,
        gongkai_annual::to_html(&doc)
    );
    std::fs::write(dir.join("seed-2017-generated.html"), html)?;
    let findings = gongkai_annual::lint(&doc);
    println!("lint: {} finding(s)", findings.len());
    for f in findings {
        println!("[{:?}] {} {} | {}", f.severity, f.rule, f.message, f.evidence);
    }
    Ok(())
}
