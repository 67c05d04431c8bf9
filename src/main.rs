use clap::Parser;

fn main() -> std::process::ExitCode {
    redline::cli::run(redline::cli::Cli::parse())
}
