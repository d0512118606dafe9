//! Integration tests: one binary, one module per concern.

mod chromium;
mod documents;
mod example_cli;
mod fixtures;
mod report;
mod report_cli;
mod schemas;
