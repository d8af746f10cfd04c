//! The one integration-test binary: the real server on port 0, called over HTTP with reqwest.

mod app_kit;
mod assessments;
mod audit_flags;
mod calendar;
mod catalogue;
mod cds;
mod cds_cost;
mod check;
mod compression;
mod contract;
mod follow_ups;
mod hardening;
mod helpers;
mod hostile;
mod languages;
mod medicines;
mod operations;
mod pages;
mod privacy;
mod problems;
mod safety;
mod security;
mod validation;
