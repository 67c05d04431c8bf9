#![no_main]
//! `redline::fuzzing::lsp` on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redline::fuzzing::lsp(data));
