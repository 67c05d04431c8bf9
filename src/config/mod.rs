//! `redline.yaml`: reading it, checking it, and finding the files it names.

pub mod yaml;
