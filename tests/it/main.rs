//! Integration tests: one binary, one module per concern.

mod chromium;
mod content;
mod documents;
mod end_use_cli;
mod example_cli;
mod fixtures;
mod generate;
mod profile_golden;
mod profile_properties;
mod report;
mod report_cli;
mod risk_properties;
mod schemas;
mod scoring_examples;
mod scoring_properties;
