//! cramp-advisor: sourced, explainable self-help advice for people woken by night-time leg
//! cramps, served as a JSON API.
//!
//! # Layout
//!
//! - [`domain`]: pure types (the profile, grades, knowledge entries, the rule language).
//! - [`knowledge`]: loads the data files into domain types and checks them once at start-up.
//! - [`engine`]: the pure, deterministic assessment (`engine::assess`).
//! - [`api`]: the thin actix-web layer: wire types, errors (RFC 9457), handlers, OpenAPI.
//! - [`check`]: the contract checker integrators run against a deployment.
//! - [`examples`]: the published examples (personas, FHIR calls) as data from `openapi/examples/`.
//! - [`cds`]: CDS Hooks 2.0 services: FHIR records in, the engine's advice out as cards.
//! - [`config`], [`telemetry`], [`startup`]: settings from the environment, logging, and the
//!   server itself. `main.rs` only wires these together.

pub mod api;
pub mod cds;
pub mod check;
pub mod config;
pub mod domain;
pub mod engine;
pub mod examples;
pub mod http_limits;
pub mod knowledge;
pub mod startup;
pub mod telemetry;
