use clap::Parser;

// mimalloc instead of glibc's malloc: a tenth less peak memory on a 10,000-file project
// (glibc keeps an arena per thread) and less time in allocation (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    redline::cli::run(redline::cli::Cli::parse())
}
