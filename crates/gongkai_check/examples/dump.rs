//! Development driver: print a document's blocks as read (`cargo run --example dump -- FILE`).
fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap_or_default();
        match gongkai_check::read::read_document(&bytes) {
            Ok(d) => {
                for l in d.lines() {
                    println!("{l}");
                }
            }
            Err(e) => println!("ERROR {e}"),
        }
    }
}
