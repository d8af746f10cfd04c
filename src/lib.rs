//! cramp-advisor: sourced, explainable self-help advice for people woken by night-time leg
//! cramps, served as a JSON API and as CDS Hooks services.
//!
//! # Layout
//!
//! From the bottom up; each layer imports only those below it (`tests/architecture.rs`).
//!
//! - [`domain`]: pure types (the profile and its one parse, fields, grades, knowledge
//!   entries, the rule language). Each wire name is declared here, once.
//! - [`knowledge`]: loads the data files (advice, translations, problem texts) into domain
//!   types and checks them once at start-up.
//! - [`engine`]: the pure, deterministic assessment (`engine::assess`).
//! - [`http`]: the HTTP platform: state, the one error type (RFC 9457), body decoding with
//!   pointers, language, middleware, metrics, access control, the open routes.
//! - Three sibling façades on the platform, which never import each other: [`api`] (the v1 app
//!   API: profile in, assessment out, catalogue), [`cds`] (CDS Hooks 2.0: FHIR records in,
//!   cards out) and [`pages`] (a human-readable HTML page for every entry).
//! - [`routes`] and [`spec`] compose the façades: every documented route, and the OpenAPI
//!   document built from them. [`startup`] builds and runs the server.
//! - [`examples`]: the published examples (personas, FHIR calls) as data from
//!   `openapi/examples/`; [`check`]: the contract checker, which speaks HTTP only.
//! - [`config`], [`telemetry`]: settings from the environment, logging; [`memory`]: handing back
//!   what start-up freed. `main.rs` only wires these together.

// The public surface is what `main`, the binaries, the tests and the benches use; everything
// else is `pub(crate)`, and this lint keeps it so.
#![warn(unreachable_pub)]
// The layout docs link every module, private ones too: read them with
// `cargo doc --document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

pub mod api;
pub(crate) mod cds;
pub mod check;
pub mod config;
pub mod domain;
pub mod engine;
pub(crate) mod examples;
pub mod http;
pub mod knowledge;
pub(crate) mod memory;
pub(crate) mod pages;
pub(crate) mod routes;
pub mod spec;
pub mod startup;
pub mod telemetry;
