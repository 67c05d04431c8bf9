#![no_main]
//! The whole check pipeline and every report on one file of any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redline::fuzzing::pipeline(data));
