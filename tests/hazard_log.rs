//! The hazard log (`docs/clinical-safety.md`) cannot drift from the code.
//!
//! - Every test a hazard names exists, is a test (`#[test]`, `#[tokio::test]`, … also inside
//!   `proptest!`), is not `#[ignore]`d, and sits in a module that is compiled. Unit tests are
//!   named by their Rust path from `crate::` (`crate::engine::tests::safety::NAME` is
//!   `src/engine/tests/safety.rs`; trailing segments may be inline modules such as `tests`),
//!   integration tests as `tests/FILE.rs::NAME`. `NAME[persona]` is one persona of a snapshot
//!   test: its fixture and its reviewed snapshot must exist.
//! - The table is well formed: every cell filled, ids `H-NN` unique and increasing, each risk
//!   rating the one the log's matrix gives, and no residual risk above its initial risk.
//! - Every numbered rule of the README's "Safety rules the engine enforces" is referenced as
//!   `README rule N`, and no other rule number is.
//! - Separately, so that it shows on its own: no hazard still waits for a test (`TODO-TEST`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const LOG: &str = "docs/clinical-safety.md";
const README: &str = "README.md";
const README_SECTION: &str = "## Safety rules the engine enforces";
const TODO: &str = "TODO-TEST";

const LIKELIHOODS: [&str; 5] = ["VL", "L", "M", "H", "VH"];
const SEVERITIES: [&str; 5] = ["Min", "Sig", "Con", "Maj", "Cat"];
/// The DCB0129 risk matrix: rows by likelihood (very low first), columns by severity (minor
/// first). The log prints the same matrix; the test checks that it does.
const MATRIX: [[u8; 5]; 5] = [
    [1, 1, 2, 2, 3],
    [1, 2, 2, 3, 4],
    [2, 2, 3, 3, 4],
    [2, 3, 3, 4, 5],
    [3, 4, 4, 5, 5],
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// The cells of a Markdown table row, split as GitHub does: on every `|` that is not escaped as
/// `\|` (also inside backticks), the escape rendering as `|`.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    out.push(cell.trim().to_owned());
    out
}

/// Text between backticks.
fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_owned())
        .collect()
}

struct Hazard {
    /// 1-based line in the log.
    line: usize,
    cells: Vec<String>,
}

impl Hazard {
    fn id(&self) -> &str {
        &self.cells[0]
    }
}

/// The hazard table: its header and its rows (every row whose first cell is a hazard id or
/// should be: any row after the header up to the end of the table).
struct Table {
    header: Vec<String>,
    rows: Vec<Hazard>,
}

impl Table {
    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h.to_lowercase().starts_with(name))
            .unwrap_or_else(|| panic!("{LOG}: the hazard table has no {name:?} column"))
    }

    fn cell<'a>(&self, hazard: &'a Hazard, name: &str) -> &'a str {
        hazard
            .cells
            .get(self.column(name))
            .map_or("", String::as_str)
    }
}

fn hazard_table(log: &str) -> Table {
    let lines: Vec<&str> = log.lines().collect();
    let start = lines
        .iter()
        .position(|l| {
            let c = cells(l);
            l.trim_start().starts_with('|')
                && c.first().is_some_and(|h| h == "ID")
                && c.iter().any(|h| h.to_lowercase().starts_with("control"))
        })
        .unwrap_or_else(|| panic!("{LOG}: no hazard table (a header row starting `| ID |`)"));
    let header = cells(lines[start]);
    let rows = lines
        .iter()
        .enumerate()
        .skip(start + 2)
        .take_while(|(_, l)| l.trim_start().starts_with('|'))
        .map(|(i, l)| Hazard {
            line: i + 1,
            cells: cells(l),
        })
        .collect();
    Table { header, rows }
}

/// The number of a hazard id `H-07`, or `None` when the id is malformed.
fn hazard_number(id: &str) -> Option<u32> {
    let digits = id.strip_prefix("H-")?;
    (digits.len() >= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// `4 (M×Cat)` as (rating, likelihood index, severity index).
fn risk(cell: &str) -> Result<(u8, usize, usize), String> {
    let bad = || format!("{cell:?} is not `rating (likelihood×severity)`");
    let (rating, rest) = cell.split_once(' ').ok_or_else(bad)?;
    let rating: u8 = rating.parse().map_err(|_| bad())?;
    let inner = rest
        .trim()
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(bad)?;
    let (likelihood, severity) = inner.split_once('×').ok_or_else(bad)?;
    let l = LIKELIHOODS
        .iter()
        .position(|x| *x == likelihood.trim())
        .ok_or_else(|| format!("unknown likelihood {likelihood:?} in {cell:?}"))?;
    let s = SEVERITIES
        .iter()
        .position(|x| *x == severity.trim())
        .ok_or_else(|| format!("unknown severity {severity:?} in {cell:?}"))?;
    Ok((rating, l, s))
}

// ─── Resolving test paths ───────────────────────────────────────────────────────────────────

/// A test named in the log: `crate::a::b::NAME`, `tests/x.rs::NAME`, optionally `[persona]`.
fn is_test_path(span: &str) -> bool {
    (span.starts_with("crate::") || span.starts_with("tests/")) && span.contains("::")
}

/// The code of a line, without a `//` comment (good enough for `mod` and `fn` lines).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

/// Whether `text` declares module `name` (`mod name;` or `mod name {`, any visibility).
fn declares_mod(text: &str, name: &str) -> bool {
    text.lines().any(|l| {
        let l = code(l).trim();
        let l = l.strip_prefix("pub ").unwrap_or(l);
        let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
        let l = l.strip_prefix("pub(super) ").unwrap_or(l);
        l.strip_prefix("mod ")
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| matches!(r.trim_start().chars().next(), Some(';' | '{')))
    })
}

/// Whether `text` has a test function `name`: a `fn name(` whose attributes include a test
/// attribute and no `#[ignore]`. Errors say what is wrong.
fn has_test_fn(text: &str, name: &str) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().collect();
    let needle = format!("fn {name}(");
    let mut found_fn = false;
    for (i, line) in lines.iter().enumerate() {
        let code = code(line);
        let Some(at) = code.find(&needle) else {
            continue;
        };
        let before = &code[..at];
        if !(before.is_empty() || before.ends_with(' ') || before.ends_with('\t')) {
            continue;
        }
        found_fn = true;
        let mut attributes = Vec::new();
        for above in lines[..i].iter().rev() {
            let t = above.trim();
            if t.starts_with("#[") || t.starts_with("#![") {
                attributes.push(t);
            } else if !(t.is_empty() || t.starts_with("//")) {
                break;
            }
        }
        let is_test = attributes.iter().any(|a| {
            let a = a.replace(' ', "");
            a.starts_with("#[test]") || a.contains("::test]") || a.contains("::test(")
        });
        if attributes.iter().any(|a| a.starts_with("#[ignore")) {
            return Err(format!("`{name}` is #[ignore]d"));
        }
        if is_test {
            return Ok(());
        }
    }
    Err(if found_fn {
        format!("`fn {name}(` is not marked as a test")
    } else {
        format!("no `fn {name}(`")
    })
}

/// The file of a module path under `src/` (`["engine", "tests", "safety"]`), if it exists.
fn module_file(segments: &[&str]) -> Option<String> {
    if segments.is_empty() {
        return Some("src/lib.rs".to_owned());
    }
    let base = format!("src/{}", segments.join("/"));
    [format!("{base}.rs"), format!("{base}/mod.rs")]
        .into_iter()
        .find(|f| root().join(f).is_file())
}

/// Resolves `crate::a::b::NAME` to its file and checks the module chain is declared.
fn resolve_unit(path: &str) -> Result<String, String> {
    let segments: Vec<&str> = path.trim_start_matches("crate::").split("::").collect();
    let (name, modules) = segments.split_last().ok_or("empty path")?;
    if modules.is_empty() {
        return Err("no module".into());
    }
    let (depth, file) = (1..=modules.len())
        .rev()
        .find_map(|i| module_file(&modules[..i]).map(|f| (i, f)))
        .ok_or_else(|| format!("no file under src/ for `{}`", modules.join("::")))?;
    for i in 1..=depth {
        let parent = module_file(&modules[..i - 1])
            .ok_or_else(|| format!("no parent file for `{}`", modules[..i].join("::")))?;
        if !declares_mod(&read(&parent), modules[i - 1]) {
            return Err(format!(
                "{parent} does not declare `mod {}`",
                modules[i - 1]
            ));
        }
    }
    let text = read(&file);
    for inline in &modules[depth..] {
        if !declares_mod(&text, inline) {
            return Err(format!("{file} has no inline `mod {inline}`"));
        }
    }
    has_test_fn(&text, name).map_err(|e| format!("{file}: {e}"))?;
    Ok(file)
}

/// Resolves `tests/dir/file.rs::NAME` and checks the file is part of a test target.
fn resolve_integration(path: &str) -> Result<String, String> {
    let (file, name) = path.split_once("::").ok_or("no `::NAME` after the file")?;
    if !file.ends_with(".rs") || !root().join(file).is_file() {
        return Err(format!("no file {file}"));
    }
    // tests/x.rs is a target; tests/a/b.rs is module b of target tests/a/main.rs; deeper files
    // are modules of their directory's mod.rs.
    let parts: Vec<&str> = file.trim_start_matches("tests/").split('/').collect();
    let mut dir = PathBuf::from("tests");
    let mut chain = Vec::new();
    for (depth, part) in parts.iter().enumerate() {
        chain.push((dir.clone(), depth, *part));
        dir.push(part);
    }
    for (dir, depth, part) in chain.into_iter().skip(1) {
        let module = part.trim_end_matches(".rs");
        let parent = dir.join(if depth == 1 { "main.rs" } else { "mod.rs" });
        let parent = parent.to_string_lossy().into_owned();
        if !root().join(&parent).is_file() || !declares_mod(&read(&parent), module) {
            return Err(format!("{parent} does not declare `mod {module}`"));
        }
    }
    has_test_fn(&read(file), name).map_err(|e| format!("{file}: {e}"))?;
    Ok(file.to_owned())
}

/// The snapshot test whose reviewed snapshots are the published answers under
/// `openapi/examples/answers/`.
const PUBLISHED_ANSWERS_TEST: &str = "tests/api/assessments.rs";

/// For `tests/api/assessments.rs::NAME[persona]`: the fixture and the reviewed snapshot.
fn check_persona(file: &str, persona: &str) -> Result<(), String> {
    let fixture = format!("openapi/examples/profiles/{persona}.json");
    if !root().join(&fixture).is_file() {
        return Err(format!("no fixture {fixture}"));
    }
    if !file.starts_with("tests/") {
        return Err("a persona case must name an integration test".into());
    }
    // The full assessments' reviewed snapshots are the published answers (data, beside the
    // personas); other snapshot tests keep theirs beside the test.
    let (snapshots, prefix) = if file == PUBLISHED_ANSWERS_TEST {
        (
            root().join("openapi/examples/answers"),
            format!("{persona}."),
        )
    } else {
        let module: Vec<&str> = file
            .trim_start_matches("tests/")
            .trim_end_matches(".rs")
            .split('/')
            .collect();
        let dir = root()
            .join(Path::new(file).parent().unwrap())
            .join("snapshots");
        (dir, format!("{}__{persona}.", module.join("__")))
    };
    let found = std::fs::read_dir(&snapshots).ok().is_some_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&prefix) && n.ends_with(".snap")
        })
    });
    if found {
        Ok(())
    } else {
        Err(format!(
            "no snapshot {prefix}…snap in {}",
            snapshots.display()
        ))
    }
}

fn resolve(span: &str) -> Result<String, String> {
    let (path, persona) = match span.split_once('[') {
        Some((path, rest)) => {
            let persona = rest.strip_suffix(']').ok_or("unclosed `[`")?;
            (path, Some(persona))
        }
        None => (span, None),
    };
    let file = if path.starts_with("crate::") {
        resolve_unit(path)?
    } else {
        resolve_integration(path)?
    };
    if let Some(persona) = persona {
        check_persona(&file, persona)?;
    }
    Ok(file)
}

// ─── The tests ──────────────────────────────────────────────────────────────────────────────

#[test]
fn every_test_a_hazard_names_exists() {
    let log = read(LOG);
    let table = hazard_table(&log);
    let tests_column = table.column("test");
    let mut problems = Vec::new();
    let mut named = BTreeSet::new();
    for hazard in &table.rows {
        for (column, cell) in hazard.cells.iter().enumerate() {
            for span in code_spans(cell) {
                if is_test_path(&span) {
                    named.insert(span.clone());
                    if let Err(e) = resolve(&span) {
                        problems.push(format!(
                            "{} (line {}): `{span}`: {e}",
                            hazard.id(),
                            hazard.line
                        ));
                    }
                } else if column == tests_column && span != TODO {
                    problems.push(format!(
                        "{} (line {}): `{span}` in the tests column is neither a test path nor {TODO}",
                        hazard.id(),
                        hazard.line
                    ));
                }
            }
        }
    }
    assert!(!named.is_empty(), "{LOG}: the hazard table names no test");
    assert!(
        problems.is_empty(),
        "{LOG}: {} hazard test reference(s) do not resolve:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_hazard_table_is_well_formed_and_rated_by_the_matrix() {
    let log = read(LOG);
    let table = hazard_table(&log);
    let (control, tests) = (table.column("control"), table.column("test"));
    let (initial, residual) = (table.column("initial"), table.column("residual"));
    let mut problems = Vec::new();
    assert!(!table.rows.is_empty(), "{LOG}: the hazard table is empty");
    let mut last = 0;
    let mut seen = BTreeSet::new();
    for hazard in &table.rows {
        let at = format!("{} (line {})", hazard.id(), hazard.line);
        if hazard.cells.len() != table.header.len() {
            problems.push(format!(
                "{at}: {} cells, the header has {}",
                hazard.cells.len(),
                table.header.len()
            ));
            continue;
        }
        match hazard_number(hazard.id()) {
            Some(n) if n > last => last = n,
            Some(_) => problems.push(format!("{at}: id not after the previous one")),
            None => problems.push(format!("{at}: the id is not H-NN")),
        }
        if !seen.insert(hazard.id().to_owned()) {
            problems.push(format!("{at}: duplicate id"));
        }
        for (i, cell) in hazard.cells.iter().enumerate() {
            if cell.is_empty() || cell == "-" || cell == "–" {
                problems.push(format!("{at}: empty {:?} cell", table.header[i]));
            }
        }
        let test_cell = &hazard.cells[tests];
        let proven = code_spans(test_cell)
            .iter()
            .any(|s| is_test_path(s) || s == TODO);
        if !proven {
            problems.push(format!("{at}: the tests cell names no test (nor {TODO})"));
        }
        if code_spans(&hazard.cells[control]).is_empty() {
            problems.push(format!(
                "{at}: the control names no data field or code module in backticks"
            ));
        }
        let rated = [initial, residual].map(|c| {
            let r = risk(&hazard.cells[c]);
            if let Ok((rating, l, s)) = r
                && MATRIX[l][s] != rating
            {
                problems.push(format!(
                    "{at}: {:?} is {rating}, the matrix gives {}",
                    hazard.cells[c], MATRIX[l][s]
                ));
            }
            r
        });
        match rated {
            [Ok((a, ..)), Ok((b, ..))] if b > a => {
                problems.push(format!("{at}: residual risk {b} above initial risk {a}"));
            }
            [a, b] => {
                for e in [a.err(), b.err()].into_iter().flatten() {
                    problems.push(format!("{at}: {e}"));
                }
            }
        }
    }
    // The matrix printed in the log is the one the ratings are checked against.
    for (l, abbreviation) in LIKELIHOODS.iter().enumerate() {
        let label = format!("({abbreviation})");
        let row = log
            .lines()
            .map(cells)
            .find(|c| c.len() == 6 && c[0].ends_with(&label));
        match row {
            Some(c) => {
                let printed: Vec<String> = c[1..].to_vec();
                let expected: Vec<String> = MATRIX[l].iter().map(u8::to_string).collect();
                if printed != expected {
                    problems.push(format!(
                        "the log's matrix row {label} is {printed:?}, the test's is {expected:?}"
                    ));
                }
            }
            None => problems.push(format!("the log's risk matrix has no row {label}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{LOG}: {} problem(s) in the hazard table:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The rule numbers of the README's "Safety rules the engine enforces" list.
fn readme_rules() -> Vec<u32> {
    let readme = read(README);
    let section = readme
        .split_once(README_SECTION)
        .unwrap_or_else(|| panic!("{README} has no {README_SECTION:?} section"))
        .1;
    let section = section.split("\n## ").next().unwrap_or("");
    section
        .lines()
        .filter_map(|l| {
            let (number, rest) = l.split_once(". ")?;
            (!rest.trim().is_empty()).then_some(())?;
            number.parse().ok()
        })
        .collect()
}

/// The rule numbers the log references as `README rule N`.
fn referenced_rules(text: &str) -> BTreeSet<u32> {
    text.match_indices("README rule ")
        .filter_map(|(i, m)| {
            let digits: String = text[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

#[test]
fn every_readme_safety_rule_is_in_the_log() {
    let rules = readme_rules();
    assert!(
        !rules.is_empty(),
        "{README}: no numbered rules under {README_SECTION:?}"
    );
    let log = read(LOG);
    let table = hazard_table(&log);
    let rows: String = table
        .rows
        .iter()
        .map(|h| h.cells.join(" | "))
        .collect::<Vec<_>>()
        .join("\n");
    let referenced = referenced_rules(&rows);
    let missing: Vec<_> = rules.iter().filter(|r| !referenced.contains(r)).collect();
    assert!(
        missing.is_empty(),
        "{LOG}: no hazard references README rule(s) {missing:?} (write \"README rule N\")"
    );
    let unknown: Vec<_> = referenced_rules(&log)
        .into_iter()
        .filter(|r| !rules.contains(r))
        .collect();
    assert!(
        unknown.is_empty(),
        "{LOG}: references README rule(s) {unknown:?}, but {README} numbers only {rules:?}"
    );
}

/// Fails while a hazard's control has no test yet: the lead's list of tests to write.
#[test]
fn no_hazard_is_waiting_for_a_test() {
    let log = read(LOG);
    let table = hazard_table(&log);
    let waiting: Vec<String> = table
        .rows
        .iter()
        .filter(|h| h.cells.iter().any(|c| c.contains(TODO)))
        .map(|h| {
            let tests = table.cell(h, "test");
            let what = tests
                .split(&format!("`{TODO}`"))
                .skip(1)
                .map(|s| s.trim_start_matches(':').trim())
                .collect::<Vec<_>>()
                .join("; ");
            format!("{} (line {}): {what}", h.id(), h.line)
        })
        .collect();
    assert!(
        waiting.is_empty(),
        "{LOG}: {} hazard(s) wait for a test ({TODO}):\n{}",
        waiting.len(),
        waiting.join("\n")
    );
}

// ─── The checks themselves ─────────────────────────────────────────────────────────────────

#[test]
fn the_resolver_finds_real_tests_and_rejects_missing_or_non_test_functions() {
    // A unit test, an inline `mod tests`, an integration test and a persona case.
    for ok in [
        "crate::engine::tests::safety::a_remedy_a_raised_flag_withholds_is_offered_nowhere",
        "crate::domain::profile::tests::age_accepts_the_documented_range_and_nothing_else",
        "tests/architecture.rs::every_layer_imports_only_the_layers_below_it_and_the_domain_and_engine_stay_pure",
        "tests/hazard_log.rs::every_test_a_hazard_names_exists",
    ] {
        assert!(resolve(ok).is_ok(), "{ok}: {:?}", resolve(ok));
    }
    for bad in [
        "crate::engine::tests::safety::no_such_test",
        "crate::engine::tests::safety::flags_with_withholds",
        "crate::engine::no_such_module::a_test",
        "tests/no_such_file.rs::a_test",
        "tests/hazard_log.rs::read",
        "tests/hazard_log.rs::every_test_a_hazard_names_exists[no_such_persona]",
    ] {
        assert!(resolve(bad).is_err(), "{bad} resolved");
    }
    assert_eq!(cells("| a | `x \\| y` | b |"), ["a", "`x | y`", "b"]);
    assert_eq!(risk("4 (M×Cat)"), Ok((4, 2, 4)));
    assert!(risk("4 (M x Cat)").is_err());
    assert_eq!(
        referenced_rules("README rule 1, README rule 12."),
        BTreeSet::from([1, 12])
    );
}
