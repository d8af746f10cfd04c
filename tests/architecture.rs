//! The layering rule, checked: `domain/` and `engine/` stay pure. They import nothing from the
//! HTTP, spec or validation layers and do no I/O, so the engine can be tested and reasoned about
//! on its own.

use std::path::Path;

const FORBIDDEN: [&str; 9] = [
    "actix_web",
    "actix_http",
    "utoipa",
    "validator",
    "reqwest",
    "tracing_actix_web",
    "tokio",
    "std::fs",
    "std::net",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_domain_and_the_engine_import_nothing_from_the_http_spec_or_io_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for layer in ["domain", "engine"] {
        rust_files(&root.join(layer), &mut files);
    }
    assert!(files.len() >= 4, "found the layer sources");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in FORBIDDEN {
                assert!(
                    !code.contains(name),
                    "{}:{} uses {name}: {line}",
                    file.display(),
                    number + 1
                );
            }
        }
    }
}
