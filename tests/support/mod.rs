//! Helpers shared by integration tests. Each test file includes this with `mod support;`.

pub mod db;
