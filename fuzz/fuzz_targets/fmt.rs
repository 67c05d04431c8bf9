#![no_main]
//! `redline::fuzzing::fmt` on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redline::fuzzing::fmt(data));
