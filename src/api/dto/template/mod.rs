//! A wire struct serialised ahead of time: its fixed members as ready bytes, its per-answer
//! members as holes.
//!
//! Most of an assessment answer is the same for every person who gets a given cause, remedy or
//! red flag: the id, the title, the evidence grade, the steps, the sources. Serialising them again
//! for every answer (about 500 keys and 300 strings) was the largest part of an assessment's own
//! cost (BENCHMARKS.md, issue 15). A [`Template`] is captured once per knowledge entry and
//! language, *from the wire struct's own derived `Serialize`*: the derive stays the one owner of
//! the wire names and of how each value is written, and a template only remembers what it wrote.
//!
//! - [`Template::capture`] serialises two wire values of the same entry that differ in every
//!   per-answer member (the "probes"). Members that came out the same are fixed: their
//!   `"key":value` bytes are kept, consecutive ones joined. The others are holes.
//! - [`Template::write_filling`] runs the derive again, for the real answer, into a serializer that
//!   copies the fixed bytes instead of serialising those members (their values are never
//!   touched) and serialises only the holes, with `serde_json`.
//! - [`Template::frame`] makes every member a hole: for the answer's outer structs, whose
//!   lists are written item by item with the items' own templates (`fill`).
//!
//! Anything unexpected (a member skipped that the template has, a key out of place, a value
//! that is not a struct) falls back to `serde_json` for that value, so the bytes are always
//! those of the derive; a test compares both over every example and generated profiles.

#[macro_use]
mod reject;
mod capture;
mod writer;

use serde::Serialize;

use capture::members;
use writer::Writer;

/// One member of a wire struct in a template.
#[derive(Debug)]
enum Part {
    /// A fixed member, and the fixed members after it up to the next hole: `"a":1,"b":2`.
    Fixed { key: &'static str, bytes: Box<[u8]> },
    /// A fixed member written with the run before it, or absent from every answer
    /// (`present: false`, a `skip_serializing_if` that always holds for this entry).
    Covered { key: &'static str, present: bool },
    /// A per-answer member: its key, written ahead of time as `"key":`.
    Hole {
        key: &'static str,
        prefix: Box<[u8]>,
    },
}

/// A wire struct's members for one knowledge entry, fixed ones serialised ahead of time.
#[derive(Debug)]
pub(crate) struct Template {
    parts: Box<[Part]>,
}

/// Why a template could not be captured (the struct is then always written by `serde_json`).
#[derive(Debug, PartialEq, Eq)]
pub struct CaptureError(String);

impl CaptureError {
    /// An error saying `why`.
    pub(crate) fn new(why: &str) -> Self {
        Self(why.to_owned())
    }
}

impl std::error::Error for CaptureError {}

impl std::fmt::Display for CaptureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Template {
    /// The template of the entry both probes describe: members serialised alike in both are
    /// fixed, the others holes. `holes` is how many per-answer members the caller varied, so
    /// a probe that failed to vary one (and would freeze a person's answer into the template)
    /// is an error, not a silent mistake.
    pub(crate) fn capture<W: Serialize>(a: &W, b: &W, holes: usize) -> Result<Self, CaptureError> {
        let (a, b) = (members(a)?, members(b)?);
        if a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| x.key != y.key) {
            return Err(CaptureError("the probes have different members".into()));
        }
        let mut parts: Vec<Part> = Vec::with_capacity(a.len());
        let mut run: Option<usize> = None;
        for (x, y) in a.into_iter().zip(b) {
            if x.value != y.value {
                parts.push(Part::Hole {
                    key: x.key,
                    prefix: key_prefix(x.key),
                });
                run = None;
                continue;
            }
            let Some(value) = x.value else {
                parts.push(Part::Covered {
                    key: x.key,
                    present: false,
                });
                continue;
            };
            let member = [key_prefix(x.key).as_ref(), &value].concat();
            match run.map(|at| &mut parts[at]) {
                Some(Part::Fixed { bytes, .. }) => {
                    *bytes = [bytes.as_ref(), b",", &member].concat().into();
                    parts.push(Part::Covered {
                        key: x.key,
                        present: true,
                    });
                }
                _ => {
                    run = Some(parts.len());
                    parts.push(Part::Fixed {
                        key: x.key,
                        bytes: member.into(),
                    });
                }
            }
        }
        let found = parts
            .iter()
            .filter(|p| matches!(p, Part::Hole { .. }))
            .count();
        if found != holes {
            return Err(CaptureError(format!(
                "{found} members differ between the probes, {holes} expected"
            )));
        }
        Ok(Self {
            parts: parts.into(),
        })
    }

    /// How many members the struct has.
    pub(crate) fn len(&self) -> usize {
        self.parts.len()
    }

    /// A template whose every member is a hole: only the keys are kept, from `sample`.
    pub(crate) fn frame<W: Serialize>(sample: &W) -> Result<Self, CaptureError> {
        let parts = members(sample)?
            .into_iter()
            .map(|m| Part::Hole {
                key: m.key,
                prefix: key_prefix(m.key),
            })
            .collect();
        Ok(Self { parts })
    }

    /// Writes `wire` (a value of the captured struct, for the captured entry) as `serde_json`
    /// would: the fixed members copied, the holes serialised, except those `fill(n, out)`
    /// writes itself (it returns whether it wrote the `n`th hole's value). The member's key and its
    /// presence still come from the derive.
    pub(crate) fn write_filling<W: Serialize>(
        &self,
        out: &mut Vec<u8>,
        wire: &W,
        fill: &mut dyn FnMut(usize, &mut Vec<u8>) -> bool,
    ) {
        let start = out.len();
        let writer = Writer {
            template: self,
            out,
            fill,
        };
        if wire.serialize(writer).is_err() {
            out.truncate(start);
            serde_json::to_writer(&mut *out, wire).expect("answers always serialise");
        }
    }
}
/// `"key":`, as `serde_json` writes a key.
fn key_prefix(key: &str) -> Box<[u8]> {
    let mut prefix = serde_json::to_vec(key).expect("a key always serialises");
    prefix.push(b':');
    prefix.into()
}
