//! Development driver: `cargo run --example check -- FILE… [--json]`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let inputs: Vec<(String, Vec<u8>)> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(|p| (p.clone(), std::fs::read(p).unwrap_or_default()))
        .collect();
    let reports = gongkai_check::check_batch(inputs);
    if json {
        println!("{}", serde_json::to_string_pretty(&reports).unwrap_or_default());
    } else {
        print!("{}", gongkai_check::render_text(&reports));
    }
}
