// Starts `redline lsp` for .redline files. Everything the editor shows (diagnostics,
// hover, completion, definition, rename, formatting, outline) comes from the server; the
// extension only finds the executable and restarts it when its setting changes.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverOptions() {
  const command = vscode.workspace.getConfiguration("redline").get("path") || "redline";
  return { command, args: ["lsp"] };
}

async function start(context) {
  client = new LanguageClient(
    "redline",
    "redline",
    serverOptions(),
    {
      documentSelector: [{ scheme: "file", language: "redline" }],
      // A project's configuration changes what the server reports.
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{redline.yaml,*.redline}"),
      },
    },
  );
  try {
    await client.start();
  } catch (error) {
    const command = serverOptions().command;
    vscode.window.showErrorMessage(
      `redline: could not start \`${command} lsp\` (${error.message}). ` +
        "Install redline (`cargo install --locked --git https://github.com/OWNER/redline`) " +
        "or set `redline.path`.",
    );
  }
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

async function restart(context) {
  if (client) {
    await client.stop();
  }
  await start(context);
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("redline.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("redline.path")) {
        restart(context);
      }
    }),
  );
  return start(context);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
