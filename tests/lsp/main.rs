//! The language server, driven in process over `lsp_server::Connection::memory()` as an
//! editor would drive it (ruff's harness, transposed): typed requests, JSON snapshots of
//! the answers with the temporary directory replaced by `[ROOT]`, and a check when the
//! server is dropped that every message it sent was read by the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod bad_input;
mod features;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{Position, Uri};
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

pub struct TestServer {
    client: Connection,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Notifications read while waiting for something else, not yet looked at.
    unread: VecDeque<Notification>,
    root: PathBuf,
}

impl TestServer {
    /// A server whose workspace is `root`, initialised with hover's day fixed.
    pub fn start(root: &Path) -> Self {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || redline::server::run(server));
        let mut test = TestServer {
            client,
            thread: Some(thread),
            next_id: 0,
            unread: VecDeque::new(),
            root: root.canonicalize().unwrap(),
        };
        let init = json!({
            "processId": null,
            "rootUri": uri(&test.root).as_str(),
            "capabilities": {
                "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
            },
            "initializationOptions": { "asOf": "2026-11-28" }
        });
        let capabilities = test.request_raw("initialize", init);
        assert_eq!(capabilities["capabilities"]["positionEncoding"], "utf-16");
        test.notify("initialized", json!({}));
        test
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn uri(&self, relative: &str) -> Uri {
        uri(&self.root.join(relative))
    }

    fn send(&self, message: Message) {
        self.client.sender.send(message).unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    /// Sends a request and waits for its answer, keeping notifications for later and
    /// answering the server's own requests (capability registration).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        match self.request_result(method, params) {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e}"),
        }
    }

    pub fn request_result(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.to_owned(),
            params,
        )));
        loop {
            match self.client.receiver.recv_timeout(TIMEOUT) {
                Ok(Message::Response(r)) if r.id == id => {
                    return r.response_result.map_err(|e| e.message);
                }
                Ok(Message::Response(r)) => panic!("an answer to a request never sent: {r:?}"),
                Ok(Message::Notification(n)) => self.unread.push_back(n),
                Ok(Message::Request(r)) => {
                    assert_eq!(r.method, "client/registerCapability");
                    self.send(Message::Response(Response::new_ok(r.id, Value::Null)));
                }
                Err(e) => panic!("no answer to {method}: {e}"),
            }
        }
    }

    pub fn request<R: lsp_types::request::Request>(&mut self, params: Value) -> Value {
        self.request_raw(R::METHOD, params)
    }

    /// Waits until every message the server sent for what came before has arrived: two
    /// round trips, since a request in the same batch as an edit is answered before the
    /// batch's diagnostics are published.
    pub fn settle(&mut self) {
        for _ in 0..2 {
            let _ = self.request_result("redline/ping", Value::Null);
        }
    }

    /// The diagnostics last published for `uri` since the last call, if any.
    pub fn take_diagnostics(&mut self, uri: &Uri) -> Option<Value> {
        self.settle();
        let mut last = None;
        self.unread.retain(|n| {
            if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str() {
                last = Some(n.params["diagnostics"].clone());
                false
            } else {
                true
            }
        });
        last
    }

    /// Every publication since the last call: the document (`[ROOT]/…`) and its
    /// diagnostics.
    pub fn take_published(&mut self) -> Vec<(String, Value)> {
        self.settle();
        let root = uri(&self.root).as_str().to_owned();
        let mut out = Vec::new();
        self.unread.retain(|n| {
            if n.method == "textDocument/publishDiagnostics" {
                let uri = n.params["uri"]
                    .as_str()
                    .unwrap_or("")
                    .replace(&root, "[ROOT]");
                out.push((uri, n.params["diagnostics"].clone()));
                false
            } else {
                true
            }
        });
        out
    }

    /// Every document diagnostics were published for since the last call, and how many.
    pub fn take_all_diagnostics(&mut self) -> Vec<(String, usize)> {
        self.take_published()
            .into_iter()
            .map(|(u, d)| (u, d.as_array().map_or(0, Vec::len)))
            .collect()
    }

    pub fn open(&mut self, relative: &str) -> Uri {
        let path = self.root.join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        self.open_text(relative, &text)
    }

    pub fn open_text(&mut self, relative: &str, text: &str) -> Uri {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri.as_str(), "languageId": "redline", "version": 1, "text": text
            }}),
        );
        uri
    }

    /// Replaces `range` of the document with `text` (an incremental change).
    pub fn edit(&mut self, uri: &Uri, range: [(u32, u32); 2], text: &str) {
        self.next_id += 1;
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri.as_str(), "version": self.next_id },
                "contentChanges": [{
                    "range": {
                        "start": { "line": range[0].0, "character": range[0].1 },
                        "end": { "line": range[1].0, "character": range[1].1 }
                    },
                    "text": text
                }]
            }),
        );
    }

    pub fn at(uri: &Uri, line: u32, character: u32) -> Value {
        json!({
            "textDocument": { "uri": uri.as_str() },
            "position": Position::new(line, character)
        })
    }

    /// A JSON value as a snapshot shows it: pretty, with the temporary root replaced.
    pub fn shown(&self, value: &Value) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        text.replace(uri(&self.root).as_str(), "[ROOT]")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let _ = self.request_result("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(thread) = self.thread.take() {
            let result = thread.join().expect("the server thread does not panic");
            assert_eq!(result, Ok(()));
        }
        // Every message the server sent was looked at by the test.
        while let Ok(message) = self.client.receiver.try_recv() {
            if let Message::Notification(n) = message {
                self.unread.push_back(n);
            }
        }
        let unread: Vec<String> = self
            .unread
            .iter()
            .map(|n| {
                format!(
                    "{} {}",
                    n.method,
                    n.params.get("uri").unwrap_or(&Value::Null)
                )
            })
            .collect();
        assert!(unread.is_empty(), "messages nobody read: {unread:#?}");
    }
}

pub fn uri(path: &Path) -> Uri {
    redline::server::text::path_to_uri(path).unwrap()
}

/// A copy of an example project in a temporary directory.
pub fn example(name: &str) -> (tempfile::TempDir, PathBuf) {
    support::copy_example(name)
}
