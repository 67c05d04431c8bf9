#![no_main]
//! The configuration loader (`redline.yaml`) on any bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| redline::fuzzing::config(data));
