//! Integration tests: one binary, one module per concern.

mod documents;
mod example_cli;
mod fixtures;
mod risk_properties;
mod schemas;
