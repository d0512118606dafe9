//! Integration tests: one binary, one module per concern.

mod documents;
mod example_cli;
mod fixtures;
mod generate;
mod schemas;
mod scoring_examples;
mod scoring_properties;
