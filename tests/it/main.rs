//! Integration tests: one binary, one module per concern.

mod compare_cli;
mod documents;
mod example_cli;
mod fixtures;
mod migration;
mod migration_properties;
mod schemas;
