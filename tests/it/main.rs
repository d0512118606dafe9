//! Integration tests: one binary, one module per concern.

mod documents;
mod example_cli;
mod fixtures;
mod profile_golden;
mod profile_properties;
mod schemas;
