//! The one integration-test binary: the real server on port 0, called over HTTP with reqwest.

mod assessments;
mod catalogue;
mod check;
mod contract;
mod helpers;
mod privacy;
mod problems;
mod validation;
