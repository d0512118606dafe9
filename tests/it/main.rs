//! Integration tests: one binary, one module per concern.

mod documents;
mod fixtures;
mod risk_properties;
mod schemas;
