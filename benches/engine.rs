//! Criterion benchmarks of the request path without the network: the engine for a typical, a
//! minimal and a full profile (every field, every list at its maximum), parsing + validating the
//! request body, and serialising the response.
//!
//! The engine is measured as the request handlers call it: `engine::assess_then`, which lends
//! the assessment to the writer instead of returning (copying) it.
//!
//! Heap allocations are counted per call, after a first call. `engine::assess` makes none for
//! the typical and minimal profiles: its output lists are inline (`engine::List`) and spill to
//! the heap only past their inline size, which the full profile does (BENCHMARKS.md, issue 15).

use std::alloc::System;
use std::hint::black_box;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

use cramp_advisor::api::dto::{AnswerTemplates, AssessmentResponse, View};
use cramp_advisor::api::parse_profile;
use cramp_advisor::domain::{Deficiency, MedicalCondition, Muscle, Symptom};
use cramp_advisor::engine::{assess, assess_then};
use cramp_advisor::knowledge::KnowledgeBase;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

const TYPICAL: &str = include_str!("../openapi/examples/profiles/older_adult_on_thiazide.json");
const MINIMAL: &str = r#"{"age": 40}"#;

/// The system allocator, counting the allocations made through it, so the bench can report
/// how many heap allocations each step makes.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The heap allocations one call of `f` makes (after a first call, so lazy set-up is not
/// counted).
fn allocations<T>(mut f: impl FnMut() -> T) -> usize {
    black_box(f());
    let region = Region::new(GLOBAL);
    black_box(f());
    let change = region.change();
    change.allocations + change.reallocations
}

/// Every field answered, every list at its maximum (50 medicines, all conditions and symptoms).
fn full_profile(kb: &KnowledgeBase) -> String {
    let mut medicines: Vec<String> = kb
        .medication_classes
        .iter()
        .flat_map(|c| c.generic_names.iter().cloned())
        .take(45)
        .collect();
    medicines.extend((0..5).map(|i| format!("Unknown remedy {i} 10 mg")));
    json!({
        "age": 82,
        "pregnancy": "none",
        "cramps": {"nights_per_week": 7, "typical_duration_minutes": 12.5,
                   "muscles": Muscle::ALL.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
                   "one_leg_only": true, "disturbs_sleep": true, "started_after_medicine_change": true},
        "medications": medicines,
        "conditions": MedicalCondition::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "lifestyle": {"fluid_litres_per_day": 0.8, "on_fluid_restriction": true, "alcohol_grams_per_week": 320,
                      "caffeine_drinks_per_day": 6, "activity_level": "sedentary", "recent_unusual_exertion": true,
                      "sitting_hours_per_day": 12, "standing_hours_per_day": 6, "heavy_sweating": true,
                      "vomiting_or_diarrhoea": true},
        "known_deficiencies": Deficiency::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
        "symptoms": Symptom::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "sleep": {"position": "front", "tight_bedding": true}
    })
    .to_string()
}

/// With `ENGINE_DUMP=<dir>`, writes the `Debug` dump of the assessment of every example
/// persona, the minimal and the full profile into `<dir>` (one file each) and measures nothing:
/// comparing two such directories checks that an engine change left every answer unchanged.
fn dump(dir: &str, kb: &KnowledgeBase, full: &str) {
    let mut bodies = vec![
        ("minimal.txt".to_owned(), MINIMAL.to_owned()),
        ("full.txt".to_owned(), full.to_owned()),
    ];
    let examples = std::fs::read_dir("openapi/examples/profiles").expect("example personas");
    for entry in examples {
        let path = entry.expect("directory entry").path();
        let name = path.file_name().expect("file name").to_string_lossy();
        let body = std::fs::read_to_string(&path).expect("readable persona");
        bodies.push((format!("{name}.txt"), body));
    }
    std::fs::create_dir_all(dir).expect("dump directory");
    for (name, body) in &bodies {
        let profile = parse_profile(body.as_bytes()).expect("valid profile");
        let text = format!("{:#?}\n", assess(&profile, kb));
        std::fs::write(format!("{dir}/{name}"), text).expect("dump written");
    }
    println!("{} assessments dumped into {dir}", bodies.len());
}

fn benches(c: &mut Criterion) {
    let kb = KnowledgeBase::embedded().expect("embedded knowledge base");
    let full = full_profile(&kb);
    let templates = AnswerTemplates::new([&kb]).expect("answer templates");
    // What the handler does: the answer written from the entries' templates into a buffer
    // sized for it up front (`serialise_response` is serde_json alone, the reference).
    let write = |assessment: &cramp_advisor::engine::Assessment<'_>| {
        let mut out = Vec::with_capacity(24 * 1024);
        templates.write(&mut out, View::Full, assessment, &kb, Vec::new());
        out
    };
    if let Ok(dir) = std::env::var("ENGINE_DUMP") {
        dump(&dir, &kb, &full);
        return;
    }
    for (name, body) in [
        ("typical", TYPICAL),
        ("minimal", MINIMAL),
        ("full", full.as_str()),
    ] {
        let profile = parse_profile(body.as_bytes()).expect("valid profile");
        let assessment = assess(&profile, &kb);
        println!(
            "heap allocations/{name}: engine::assess {}, parse_and_validate {}, serialise_response {}, write_response {}",
            allocations(|| assess_then(&profile, &kb, |a| black_box(a).triage.level)),
            allocations(|| parse_profile(body.as_bytes()).expect("valid")),
            allocations(|| serde_json::to_vec(&AssessmentResponse::new(&assessment, &kb))),
            allocations(|| write(&assessment)),
        );
        assert_eq!(
            write(&assessment),
            serde_json::to_vec(&AssessmentResponse::new(&assessment, &kb)).expect("serialises"),
            "the templates write what serde_json writes"
        );
        c.bench_function(&format!("engine::assess/{name}"), |b| {
            b.iter(|| assess_then(black_box(&profile), &kb, |a| black_box(a).triage.level))
        });
        c.bench_function(&format!("parse_and_validate/{name}"), |b| {
            b.iter(|| parse_profile(black_box(body.as_bytes())).expect("valid"))
        });
        c.bench_function(&format!("serialise_response/{name}"), |b| {
            b.iter(|| {
                serde_json::to_vec(&AssessmentResponse::new(black_box(&assessment), &kb))
                    .expect("serialises")
            })
        });
        c.bench_function(&format!("write_response/{name}"), |b| {
            b.iter(|| write(black_box(&assessment)))
        });
    }
}

criterion_group!(engine, benches);
criterion_main!(engine);
