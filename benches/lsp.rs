//! The language server on the benchmark corpus (benches/support/corpus.rs) of 1,000
//! services, one policy file each: the time from a one-line edit of one file to its new
//! diagnostics, and the time to answer a completion. The server runs in process on
//! `lsp_server::Connection::memory()`, as the tests drive it; docs/PERFORMANCE.md has the
//! numbers.

#[path = "support/corpus.rs"]
mod corpus;

// The allocator of the `redline` binary, which runs the server.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

struct Client {
    connection: Connection,
    next: i32,
}

impl Client {
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.to_owned(),
            params,
        )));
        loop {
            match self.connection.receiver.recv() {
                Ok(Message::Response(r)) if r.id == id => {
                    return r.response_result.unwrap_or(Value::Null);
                }
                Ok(Message::Request(r)) => {
                    self.send(Message::Response(Response::new_ok(r.id, Value::Null)))
                }
                Ok(_) => {}
                Err(_) => return Value::Null,
            }
        }
    }

    /// Waits for the diagnostics of `uri`.
    fn diagnostics(&self, uri: &str) -> usize {
        loop {
            match self.connection.receiver.recv() {
                Ok(Message::Notification(n))
                    if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
                {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
                Ok(_) => {}
                Err(_) => return 0,
            }
        }
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn lsp(c: &mut Criterion) {
    let n = 1_000;
    let dir = std::env::temp_dir().join(format!("redline-lsp-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |relative: &str, text: &str| {
        let path = dir.join(relative);
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(&dir));
        let _ = std::fs::write(path, text);
    };
    write("redline.yaml", corpus::CONFIG);
    write("services/common.redline", corpus::COMMON);
    for i in 0..n {
        write(&corpus::service_path(i), &corpus::service(i));
    }
    let (server, connection) = Connection::memory();
    let thread = std::thread::spawn(move || redline::server::run(server));
    let mut client = Client {
        connection,
        next: 0,
    };
    client.request(
        "initialize",
        json!({ "processId": null, "capabilities": {}, "rootUri": uri(&dir) }),
    );
    client.notify("initialized", json!({}));
    let edited = dir.join(corpus::service_path(500));
    let edited_uri = uri(&edited);
    let text = std::fs::read_to_string(&edited).unwrap_or_default();
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": edited_uri, "languageId": "redline", "version": 0, "text": text } }),
    );
    client.diagnostics(&edited_uri);

    let mut group = c.benchmark_group("lsp");
    group.sample_size(20);
    let mut version = 0;
    // Each edit adds or removes a flow naming an unknown category on the first line, so
    // the file's diagnostics change every time and are published.
    group.bench_function(BenchmarkId::new("edit to diagnostics", n), |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                version += 1;
                let (range, text) = if version % 2 == 1 {
                    (json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }),
                     "flow customer -> warehouse : unknown_data for unknown_purpose\n")
                } else {
                    (json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 1, "character": 0 } }), "")
                };
                let start = Instant::now();
                client.notify(
                    "textDocument/didChange",
                    json!({
                        "textDocument": { "uri": edited_uri, "version": version },
                        "contentChanges": [{ "range": range, "text": text }]
                    }),
                );
                client.diagnostics(&edited_uri);
                total += start.elapsed();
            }
            total
        })
    });
    // Completion of a taxonomy id on a line being typed.
    version += 1;
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": edited_uri, "version": version },
            "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                                 "text": "category typed : contact.\n" }]
        }),
    );
    client.diagnostics(&edited_uri);
    group.bench_function(BenchmarkId::new("completion", n), |b| {
        b.iter(|| {
            client.request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": edited_uri }, "position": { "line": 0, "character": 25 } }),
            )
        })
    });
    group.bench_function(BenchmarkId::new("completion of names", n), |b| {
        b.iter(|| {
            client.request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": edited_uri }, "position": { "line": 1, "character": 5 } }),
            )
        })
    });
    group.finish();
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let _ = thread.join();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, lsp);
criterion_main!(benches);
