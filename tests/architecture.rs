//! The layering rule, checked. `domain/` and `engine/` stay pure: they import nothing from the
//! HTTP, spec or validation layers, nothing from the façades or the platform above them, and do
//! no I/O: no files, network, environment, clock, processes, threads or randomness. So the
//! engine can be tested and reasoned about on its own. Above them, the HTTP platform knows
//! no façade, the three façades (`api`, `cds`, `pages`) never import each other, and the checker
//! speaks HTTP only.
//!
//! Every path is checked, however it is written: `use std::env;`, a grouped tree
//! (`use std::{env, io::Write};`, `use crate::{api, domain::Profile};`, across lines), or a path
//! used inline (`std::time::Instant::now()`). Comments and string literals are not code.

use std::path::Path;

/// Paths that must not appear in `domain/` or `engine/` (a path matches when it starts with one
/// of these, segment by segment).
const FORBIDDEN: [&str; 19] = [
    "actix_web",
    "actix_http",
    "utoipa",
    "validator",
    "reqwest",
    "tracing_actix_web",
    "tokio",
    "std::fs",
    "std::net",
    "std::io",
    "std::env",
    "std::time",
    "std::process",
    "std::thread",
    "rand",
    "getrandom",
    "uuid",
    "chrono",
    "jsonschema",
];

/// The modules of this crate each layer may use besides itself, and whether the layer must be pure (no
/// [`FORBIDDEN`] path). Below the façades: `domain` only itself; `engine` the knowledge base and
/// the domain; `knowledge` the domain. The HTTP platform (`http`) serves the façades and knows
/// none of them (it may name the engine's types: the table from fields to JSON pointers renders
/// the engine's `Pointer`). The façades (`api`, the v1 app API, `cds`, the EHR one, and `pages`,
/// the human-readable pages) build on the platform and never import each other. The checker speaks HTTP only: it reads the published examples
/// as data and imports neither the engine nor the knowledge base.
const LAYERS: [(&str, &[&str], Purity); 8] = [
    ("domain", &[], Purity::Pure),
    ("engine", &["knowledge", "domain"], Purity::Pure),
    ("knowledge", &["domain"], Purity::Io),
    (
        "http",
        &["engine", "knowledge", "domain", "config"],
        Purity::Io,
    ),
    ("api", ON_THE_PLATFORM, Purity::Io),
    ("cds", ON_THE_PLATFORM, Purity::Io),
    ("pages", ON_THE_PLATFORM, Purity::Io),
    ("check", &["examples"], Purity::Io),
];

/// What a façade may use besides itself: the platform and everything below it, the published
/// examples and the settings. Never the other façade.
const ON_THE_PLATFORM: &[&str] = &[
    "http",
    "engine",
    "knowledge",
    "domain",
    "examples",
    "config",
];

/// Whether a layer may do I/O and use the HTTP and spec crates.
#[derive(Clone, Copy, PartialEq)]
enum Purity {
    /// No [`FORBIDDEN`] path: no HTTP, spec or validation crate, no I/O.
    Pure,
    /// Only the module rule applies.
    Io,
}

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

/// `source` with comments and string and character literals blanked (newlines kept, so line
/// numbers stay right).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i + 2 + hashes;
            let rest: String = chars[start..].iter().collect();
            let len = rest
                .find(&close)
                .map_or(rest.len(), |at| rest[..at].chars().count() + close.len());
            out.extend(
                chars[i..(start + len).min(chars.len())]
                    .iter()
                    .map(|c| blank(*c)),
            );
            i = start + len;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('"', '\'', '\n'), not a lifetime.
            let end = chars[i + 1..]
                .iter()
                .enumerate()
                .skip(1)
                .find(|(k, ch)| **ch == '\'' && chars[i + *k] != '\\')
                .map_or(chars.len(), |(k, _)| i + 1 + k);
            for _ in i..=end.min(chars.len() - 1) {
                out.push(' ');
            }
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The full paths a `use` tree names: `std::{fs, io::{self, Write}}` gives `std::fs`, `std::io`,
/// `std::io::Write`.
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let tree = tree.split(" as ").next().unwrap_or(tree).trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head = &tree[..open];
        let close = tree.rfind('}').unwrap_or(tree.len());
        let inner = &tree[open + 1..close];
        let (mut depth, mut from) = (0, 0);
        for (at, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&format!("{prefix}{head}"), &inner[from..at], out);
                    from = at + 1;
                }
                _ => {}
            }
        }
        expand(&format!("{prefix}{head}"), &inner[from..], out);
    } else if tree == "self" {
        out.push(prefix.trim_end_matches("::").to_owned());
    } else {
        out.push(format!("{prefix}{tree}"));
    }
}

/// Every path in `code` (comments and literals already blanked), with its line number: each
/// `use` tree expanded, and every path written inline.
fn paths(code: &str) -> Vec<(usize, String)> {
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    // `use` trees, possibly across lines.
    let mut search = 0;
    while let Some(at) = code[search..].find("use ").map(|k| k + search) {
        search = at + 4;
        if code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let end = code[at..].find(';').map_or(code.len(), |k| at + k);
        let tree: String = code[at + 4..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" ::", "::")
            .replace(":: ", "::");
        let mut expanded = Vec::new();
        expand("", tree.trim_start_matches("::"), &mut expanded);
        found.extend(expanded.into_iter().map(|p| (line_of(at), p)));
    }
    // Inline paths: `a::b::c`, from an identifier not preceded by `::` or another identifier.
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    let mut offset = 0;
    while i < bytes.len() {
        // Not the middle of an identifier or of a path (`a::b`); a leading `::` is fine.
        let starts = is_ident(bytes[i])
            && !(i > 0 && is_ident(bytes[i - 1]))
            && !(i > 2 && bytes[i - 1] == ':' && bytes[i - 2] == ':' && is_ident(bytes[i - 3]));
        if starts {
            let (mut j, mut path) = (i, String::new());
            loop {
                while j < bytes.len() && is_ident(bytes[j]) {
                    path.push(bytes[j]);
                    j += 1;
                }
                if j + 2 < bytes.len()
                    && bytes[j] == ':'
                    && bytes[j + 1] == ':'
                    && is_ident(bytes[j + 2])
                {
                    path.push_str("::");
                    j += 2;
                } else {
                    break;
                }
            }
            if path.contains("::") {
                found.push((line_of(offset), path));
            }
            offset += bytes[i..j].iter().map(|c| c.len_utf8()).sum::<usize>();
            i = j;
        } else {
            offset += bytes[i].len_utf8();
            i += 1;
        }
    }
    found
}

/// Whether `path` is `prefix` or lies under it, segment by segment (`std::io` covers
/// `std::io::Write`, not `std::iota`).
fn under(path: &str, prefix: &str) -> bool {
    path == prefix || path.starts_with(&format!("{prefix}::"))
}

/// Every forbidden path in `source`, a file of `layer`, as `line: path`.
fn violations(layer: &str, source: &str) -> Vec<String> {
    let (allowed, purity) = LAYERS
        .iter()
        .find(|(name, _, _)| *name == layer)
        .map(|(_, modules, purity)| (*modules, *purity))
        .expect("a layer of LAYERS");
    let mut problems = Vec::new();
    for (line, path) in paths(&code_only(source)) {
        let path = path.trim_start_matches("::");
        if purity == Purity::Pure
            && let Some(name) = FORBIDDEN.iter().find(|f| under(path, f))
        {
            problems.push(format!("{line}: {path} (uses {name})"));
        }
        if let Some(module) = path.strip_prefix("crate::")
            && !std::iter::once(&layer)
                .chain(allowed)
                .any(|m| module == *m || module.starts_with(&format!("{m}::")))
        {
            problems.push(format!(
                "{line}: {path} (a {layer} file may use only itself and crate::{{{}}})",
                allowed.join(", ")
            ));
        }
    }
    problems
}

#[test]
fn every_layer_imports_only_the_layers_below_it_and_the_domain_and_engine_stay_pure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    let mut problems = Vec::new();
    for (layer, _, _) in LAYERS {
        let mut files = Vec::new();
        rust_files(&root.join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer}/ holds the {layer} layer");
        for file in files {
            checked += 1;
            let source = std::fs::read_to_string(&file).unwrap();
            problems.extend(
                violations(layer, &source)
                    .into_iter()
                    .map(|p| format!("{}:{p}", file.display())),
            );
        }
    }
    assert!(checked >= 40, "found the layer sources ({checked} files)");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_catches_every_way_of_writing_a_forbidden_path() {
    let caught = [
        ("engine", "use std::env;"),
        ("engine", "use std::io::Write;"),
        ("engine", "use std::{fmt, io};"),
        (
            "engine",
            "use std::{\n    collections::HashMap,\n    time::{Duration, Instant},\n};",
        ),
        ("engine", "use ::std::fs::read;"),
        ("engine", "use std::{net::TcpStream as Stream};"),
        ("engine", "let now = std::time::Instant::now();"),
        ("engine", "let home = ::std::env::var(\"HOME\");"),
        ("engine", "use crate::api::dto::Profile;"),
        ("engine", "use crate::cds;"),
        ("engine", "use crate::{domain::Profile, cds::cards};"),
        (
            "engine",
            "use crate::{\n    knowledge::KnowledgeBase,\n    api,\n};",
        ),
        (
            "engine",
            "fn f() -> crate::startup::Application { todo!() }",
        ),
        ("domain", "use crate::engine::assess;"),
        ("domain", "use crate::knowledge::KnowledgeBase;"),
        ("domain", "use actix_web::HttpResponse;"),
        ("domain", "use {tokio::spawn, serde::Deserialize};"),
        ("domain", "let id = uuid::Uuid::new_v4();"),
        ("api", "use crate::cds::Service;"),
        ("api", "let counts = crate::cds::feedback_counts();"),
        ("cds", "use crate::api::{ApiError, AppState};"),
        ("cds", "use crate::{http::ApiError, api::openapi::tags};"),
        ("http", "use crate::api::dto::AssessmentResponse;"),
        ("http", "use crate::cds::Service;"),
        ("check", "use crate::engine::assess;"),
        ("check", "use crate::knowledge::KnowledgeBase;"),
        ("check", "use crate::api::examples::PERSONAS;"),
        ("knowledge", "use crate::engine::assess;"),
    ];
    for (layer, source) in caught {
        assert!(
            !violations(layer, source).is_empty(),
            "{layer}: {source:?} should be caught"
        );
    }
    let fine = [
        ("engine", "use std::fmt;"),
        ("engine", "use std::collections::{BTreeMap, HashSet};"),
        (
            "engine",
            "use crate::{domain::Profile, knowledge::KnowledgeBase};",
        ),
        ("engine", "use super::context::Context;"),
        ("engine", "// std::env is not read here"),
        ("engine", "/* use std::fs; */"),
        ("engine", "let text = \"std::io and crate::api\";"),
        ("engine", "let raw = r#\"use std::env;\"#;"),
        (
            "engine",
            "let quote = '\"'; let ok = std::iter::empty::<u8>();",
        ),
        (
            "engine",
            "fn f<'a>(x: &'a str) -> std::borrow::Cow<'a, str> { x.into() }",
        ),
        ("domain", "use serde::Deserialize;"),
        ("domain", "use crate::domain::Profile;"),
        (
            "domain",
            "let range = usize::MAX; let brand = my_std::io::x();",
        ),
        ("api", "use crate::http::{ApiError, AppState};"),
        ("api", "use actix_web::HttpResponse;"),
        ("cds", "use crate::{engine, http::body};"),
        ("http", "use std::time::Instant;"),
        ("check", "use crate::examples::PERSONAS;"),
        ("check", "use reqwest::Client;"),
    ];
    for (layer, source) in fine {
        assert_eq!(
            violations(layer, source),
            Vec::<String>::new(),
            "{layer}: {source:?}"
        );
    }
}
