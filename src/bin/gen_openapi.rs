//! Writes the OpenAPI document to `openapi/openapi.json` (or the path given), exactly as the
//! server serves it. Used by `make openapi`.

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "openapi/openapi.json".to_owned());
    std::fs::write(&path, cramp_advisor::spec::spec_json())?;
    eprintln!("wrote {path}");
    Ok(())
}
