"""`redline lsp` driven as an editor drives it: a subprocess speaking LSP over stdio,
through pytest-lsp's client (pygls). On a copy of the web shop example: open a file,
type an error and see it reported, complete a taxonomy id, go to a definition, rename
a category across files, format a file.

The executable is $REDLINE (.ci/run sets it to the release build), else `redline`.
"""

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]
REDLINE = os.environ.get("REDLINE", "redline")
# Long enough for a slow CI machine; a hang fails instead of blocking the run.
WAIT = 30


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    copy = tmp_path / "webshop"
    shutil.copytree(ROOT / "examples" / "webshop", copy)
    return copy


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[REDLINE, "lsp"]))
async def client(lsp_client: LanguageClient, shop: Path):
    # VS Code accepts the server's registration of file watchers; so does this client.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        return None

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=shop.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=shop.as_uri(), name="webshop")],
        )
    )
    yield
    await lsp_client.shutdown_session()


async def diagnostics_until(client: LanguageClient, uri: str, holds) -> list:
    """The file's diagnostics once `holds` is true of them, waiting for publications."""

    async def wait():
        while not holds(client.diagnostics.get(uri)):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[uri]

    return await asyncio.wait_for(wait(), WAIT)


def open_file(client: LanguageClient, path: Path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="redline", version=1, text=path.read_text()
            )
        )
    )
    return uri


def insert(client: LanguageClient, uri: str, version: int, line: int, text: str) -> None:
    at = types.Position(line=line, character=0)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)
            ],
        )
    )


async def analysed(client: LanguageClient, shop: Path) -> None:
    """Waits for the project's first analysis: the server publishes for every file with
    findings (the flows file has the example's), and nothing for a clean file."""
    flows = (shop / "policies" / "flows.redline").as_uri()
    await diagnostics_until(client, flows, lambda d: d is not None and len(d) > 0)


async def test_an_error_typed_is_reported_with_its_line(client: LanguageClient, shop: Path):
    uri = open_file(client, shop / "policies" / "flows.redline")
    # The example's own findings arrive first: the last flow (line 11) is purpose creep.
    found = await diagnostics_until(client, uri, lambda d: d is not None and len(d) > 0)
    assert any(d.range.start.line == 10 for d in found), found

    # A flow to a node nobody declared, typed on a new first line.
    insert(client, uri, 2, 0, "flow webshop -> nowhere : email for checkout\n")
    found = await diagnostics_until(
        client, uri, lambda d: d is not None and any(x.range.start.line == 0 for x in d)
    )
    first = [d for d in found if d.range.start.line == 0]
    assert len(first) == 1, first
    assert "nowhere" in first[0].message
    assert first[0].severity == types.DiagnosticSeverity.Error


async def test_a_taxonomy_id_is_completed_on_a_line_that_does_not_parse(
    client: LanguageClient, shop: Path
):
    uri = open_file(client, shop / "policies" / "data.redline")
    await analysed(client, shop)
    # After the six lines of the file.
    insert(client, uri, 2, 6, "category phone : contact.\n")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=6, character=25),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = {i.label for i in items}
    assert {"contact.email", "contact.phone"} <= labels, labels
    assert not any(label.startswith("service.") for label in labels), labels


async def test_definition_of_a_name_in_a_flow(client: LanguageClient, shop: Path):
    uri = open_file(client, shop / "policies" / "flows.redline")
    await analysed(client, shop)
    # `crm` in `flow webshop  -> crm : …` (line 8, column 18).
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=7, character=18),
        )
    )
    locations = result if isinstance(result, list) else [result]
    assert len(locations) == 1, locations
    target = locations[0]
    assert target.uri == (shop / "policies" / "systems.redline").as_uri()
    line = (shop / "policies" / "systems.redline").read_text().splitlines()[target.range.start.line]
    assert line.split()[:2] == ["system", "crm"], line


async def test_rename_a_category_across_files(client: LanguageClient, shop: Path):
    uri = open_file(client, shop / "policies" / "data.redline")
    await analysed(client, shop)
    # `email` declared on line 2.
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=10),
            new_name="mail",
        )
    )
    changes = edit.changes or {}
    files = {Path(u).name for u in changes}
    assert {"data.redline", "flows.redline"} <= files, files
    flows = changes[(shop / "policies" / "flows.redline").as_uri()]
    # Five flows carry `email` (lines 4, 6, 8, 9 and 10), one name each.
    assert sorted(e.range.start.line for e in flows) == [3, 5, 7, 8, 9], flows
    assert all(e.new_text == "mail" for e in flows)


async def test_format_a_file(client: LanguageClient, shop: Path):
    path = shop / "policies" / "messy.redline"
    path.write_text("category   phone:contact.phone\nflow customer  ->webshop:phone for checkout\n")
    uri = open_file(client, path)
    await analysed(client, shop)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits, "the file is not in the canonical layout"
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    # Apply the edits from the end so earlier ranges stay valid.
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(p: types.Position) -> int:
        return offsets[p.line] + p.character

    for e in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    assert text == "category phone : contact.phone\nflow customer -> webshop : phone for checkout\n"


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
