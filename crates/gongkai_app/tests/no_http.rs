//! Issue 12: the use cases depend on no HTTP crate, so the CLI, the demo seeder and the sweeps
//! run them without a web server and a handler cannot leak into them.

#[test]
fn the_use_cases_depend_on_no_http_crate() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).expect("manifest");
    for http in ["axum", "tower", "tower-http", "hyper", "http-body", "utoipa"] {
        let line = format!("\n{http}.workspace");
        let dep = format!("\n{http} =");
        assert!(!manifest.contains(&line) && !manifest.contains(&dep), "gongkai_app depends on {http}");
    }
    // Nor does its source name one.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for e in std::fs::read_dir(src).expect("src") {
        let p = e.expect("entry").path();
        let text = std::fs::read_to_string(&p).expect("read");
        for http in ["axum::", "tower::", "hyper::", "http::StatusCode"] {
            assert!(!text.contains(http), "{} names {http}", p.display());
        }
    }
}
