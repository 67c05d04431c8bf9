#![no_main]
//! The policy parser on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redline::fuzzing::parser(data));
