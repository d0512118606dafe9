//! Integration tests: one binary, one module per concern.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "tests and benchmarks fail loudly and print what they measure"
)]

mod chromium;
mod cli;
mod compare_cli;
mod content;
mod documents;
mod end_use_cli;
mod example_cli;
mod fixtures;
mod generate;
mod migration;
mod migration_properties;
mod profile_golden;
mod profile_properties;
mod report;
mod report_cli;
mod report_comparison;
mod report_simulation;
mod risk_properties;
mod schemas;
mod scoring_examples;
mod scoring_properties;
