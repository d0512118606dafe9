//! Integration tests: one binary, one module per concern.
mod generate;
mod scoring_examples;
mod scoring_properties;
