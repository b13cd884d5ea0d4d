"""Noise the harvester must not show: a program's names for scopes and short forms of names.

Invented pages of "Example Vault": a scope table the structured reader takes whole, then SDK
samples and prose that name the same scopes the way programs and people do.
"""

from __future__ import annotations

from pathlib import Path

from factory.extract import extract_document
from factory.extract.candidates_looks import enum_member
from factory.extract.candidates_params import parameter_note
from factory.extract.candidates_shape import section_speaks
from factory.research.load import load_source

_TABLE = """# Example Vault scopes

| Scope | Description |
|---|---|
| `vault:secrets` | Read and write secrets. |
| `vault:audit` | Read the audit log. |
| `vault:keys` | Manage encryption keys. |
| `vault:members` | List members. |
"""

_SDK = """
## Scopes in the SDK

```python
from example_vault.enums.scopes import Scopes
client.create_key(scopes=[Scopes.SECRETS_READ, Scopes.AUDIT_READ])
```

```js
import { Client, Scopes } from "npm:example-vault";
const key = await client.keys.create({ scopes: [Scopes.SecretsRead, enums.Scopes.auditRead] });
```
"""


def _candidates(tmp_path: Path, text: str) -> set[str]:
    page = tmp_path / "scopes.md"
    page.write_text(text, encoding="utf-8")
    result = extract_document(load_source(str(page)))
    return {c.scope_name for c in result.candidates}


def test_enum_members_and_import_paths_in_code_are_no_candidates(tmp_path: Path) -> None:
    found = _candidates(tmp_path, _TABLE + _SDK)
    assert not found & {
        "Scopes.SECRETS_READ",
        "Scopes.AUDIT_READ",
        "Scopes.SecretsRead",
        "enums.Scopes.auditRead",
        "example_vault.enums.scopes",
        "npm:example-vault",
    }, found


def test_a_quoted_scope_in_code_stays_a_candidate(tmp_path: Path) -> None:
    code = (
        '\n## Rotate\n\n```python\nclient.create_key(scopes=["vault:rotate", "vault:audit"])\n```\n'
    )
    assert "vault:rotate" in _candidates(tmp_path, _TABLE + _SDK + code)


def test_enum_member_needs_a_scope_type_and_a_capital_member() -> None:
    assert enum_member("Scopes.UsersRead")
    assert enum_member("Permission.FILES_WRITE")
    assert not enum_member("scopes.read")  # a provider's name of that shape is a value
    assert not enum_member("Mail.Read")  # no scope type: Microsoft-style names are values


def test_the_short_form_of_a_namespaced_name_is_no_candidate(tmp_path: Path) -> None:
    prose = (
        "\n## Tokens\n\nA token for a vault includes the `secrets` permission"
        " and the `keys` permission.\n"
    )
    assert not _candidates(tmp_path, _TABLE + prose) & {"secrets", "keys"}


def test_a_word_beside_a_minority_prefix_is_still_a_candidate(tmp_path: Path) -> None:
    table = """# Example Forge scopes

| Scope | Description |
|---|---|
| `forge:repo` | Forge repositories. |
| `forge:org` | Forge organisations. |
| `forge:hooks` | Forge hooks. |
| `user.email` | Read e-mail. |
| `user.follow` | Follow users. |
| `gists.write` | Write gists. |
| `notifications.read` | Read notifications. |
"""
    prose = "\n## Legacy scopes\n\nOlder apps still send `repo` in their scopes.\n"
    assert "repo" in _candidates(tmp_path, table + prose)


_PRIVILEGES = """[[example-privileges]]
=== Example Quarry privileges

[[example-cluster]]
==== Cluster privileges

[horizontal]
`monitor`::
Read-only access to the quarry's state.

`manage_keys`::
Create and revoke the quarry's keys.
+
--
[NOTE]
======
Keys created this way belong to the caller.
======
--

`manage_jobs`::
Start and stop jobs.

`manage_hooks`::
Register hooks.
"""


def test_an_asciidoc_example_block_does_not_end_a_privilege_section(tmp_path: Path) -> None:
    page = tmp_path / "privileges.adoc"
    page.write_text(_PRIVILEGES, encoding="utf-8")
    result = extract_document(load_source(str(page)))
    names = {s.scope_name for s in result.scopes}
    assert {"monitor", "manage_keys", "manage_jobs", "manage_hooks"} <= names
    # every name stands under "Cluster privileges", also after the [NOTE] example block
    assert not [w for w in result.warnings if "never seen in scope context" in w]


def test_a_heading_named_for_privileges_is_scope_context() -> None:
    assert section_speaks("Security privileges > Cluster privileges")
    assert not section_speaks("Security > Run as privilege explained")


_FLOW = """# Example Harbor scopes

| Scope | Description |
|---|---|
| `harbor.read` | Read docks. |
| `harbor.write` | Write docks. |
| `harbor.crew` | Manage crew. |

## Authorization URL

Send the user to the authorization URL with the `scope` parameter.
`prompt` controls whether the consent screen shows again.
If you only provide the `client_id` parameter (with optionally `dock_id` or `berth_hint`),
the default install settings apply. Specifying `scope`, `fleet_type`, or `redirect_uri`
overrides them. There is also a new parameter, `tide_mask`, for the scope screen.
Request `harbor.read` and `harbor.audit` scopes together with `state`.
"""


def test_a_request_s_parameters_and_their_company_are_no_candidates(tmp_path: Path) -> None:
    found = _candidates(tmp_path, _FLOW)
    assert not found & {"prompt", "dock_id", "berth_hint", "fleet_type", "tide_mask"}, found
    assert "harbor.audit" in found  # a scope named beside a parameter stays a candidate


def test_parameter_note_reads_runs_and_sentences_of_parameters() -> None:
    run = "Specifying `fleet_type`, `dock_tier`, or `redirect_uri` overrides them."
    assert parameter_note("fleet_type", run)  # one run, its last span after ", or"
    about = "If you only provide the `client_id` parameter (with optionally `dock_id`), it works."
    assert parameter_note("dock_id", about)
    scopes = "Request the `dock.read` scope with the `nonce` parameter."
    assert parameter_note("dock.read", scopes) is None  # the words speak of scopes


_TOOLS = """# Example Ferry MCP scopes

Each scope follows the `resource:action` pattern, where `resource` identifies the entity type.
If you call `tools/list` with a scoped token, you only see the tools it can access.

- `boats:read` grants access to `get_boats`, `get_boat`, and `list_boats`

| Scope | Mapped tools | Description |
|---|---|---|
| `boats:read` | `get_boats`, `get_boat` | View boats |
| `boats:write` | `add_boat`, `update_boat` | Change boats |
| `crew:read` | `get_crew` | View the crew |

Also request `crew:write` to change the crew.
"""


def test_tools_a_scope_grants_and_pattern_placeholders_are_no_candidates(tmp_path: Path) -> None:
    """A column the table heads as another kind beside its scope column, the names a scope
    'grants access to', what one 'calls', a pattern and its placeholders."""
    found = _candidates(tmp_path, _TOOLS)
    tools = {"get_boats", "get_boat", "add_boat", "update_boat", "get_crew", "list_boats"}
    assert not found & (tools | {"tools/list", "resource:action", "resource"}), found
    assert "crew:write" in found  # a scope the table lacks stays a candidate


def test_a_tools_column_lowers_in_served_html_too(tmp_path: Path) -> None:
    page = tmp_path / "scopes.html"
    page.write_text(
        "<html><body><h1>Example Ferry scopes</h1><table><tr><th>Scope</th><th>Endpoints</th>"
        "<th>Description</th></tr><tr><td><code>boats:read</code></td><td><code>boats.list"
        "</code>, <code>boats.get</code></td><td>View boats</td></tr><tr><td><code>boats:write"
        "</code></td><td><code>boats.update</code></td><td>Change boats</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    result = extract_document(load_source(str(page)))
    assert {s.scope_name for s in result.scopes} == {"boats:read", "boats:write"}
    assert not {c.scope_name for c in result.candidates} & {"boats.list", "boats.get"}


_SETTINGS_MODULE = '''"""Constants of the Example Ferry server."""


class SettingKey(object):
    """Core settings, by their keys."""
    BRAND_NAME = 'core.brand_name'
    SMTP_PORT = 'core.smtp.port'
    COOKIE_LIFETIME = 'core.cookie_lifetime'


class TokenScope(object):
    """Token scope strings."""
    DATA_READ = 'core.data.read'
    DATA_WRITE = 'core.data.write'


TokenScope.describeScope(
    TokenScope.DATA_READ, 'Read data',
    'Allows clients to read all data '
    'that you have access to.')
'''


def test_a_settings_class_is_no_scope_list_and_a_describing_call_describes(
    tmp_path: Path,
) -> None:
    module = tmp_path / "constants.py"
    module.write_text(_SETTINGS_MODULE, encoding="utf-8")
    result = extract_document(load_source(str(module)))
    assert {s.scope_name: s.description for s in result.scopes} == {
        "core.data.read": "Allows clients to read all data that you have access to.",
        "core.data.write": None,
    }
    assert not {c.scope_name for c in result.candidates}  # the settings' keys are no candidates


def test_a_typescript_module_s_identifiers_are_no_candidates(tmp_path: Path) -> None:
    module = tmp_path / "login.ts"
    module.write_text(
        "// Scopes this CLI requests at login.\n"
        'const DEFAULT_SCOPES = { "ferry:read": "Read ferries", "ferry:write": "Change them" };\n'
        "export function load(state: State) {\n"
        "  const { oauth_token, refresh_token, expiration_time, scopes } = state.tokens;\n"
        "  LocalState.scopes = scopes;\n"
        '  return { scopes: exchange.scopes, hint: "admins also need the ferry:admin scope" };\n'
        "}\n",
        encoding="utf-8",
    )
    result = extract_document(load_source(str(module)))
    assert {s.scope_name for s in result.scopes} == {"ferry:read", "ferry:write"}
    found = {c.scope_name for c in result.candidates}
    assert not found & {"oauth_token", "expiration_time", "LocalState.scopes", "exchange.scopes"}
    assert "ferry:admin" in found, found  # a name in a string is still read


_ATTRIBUTES = """# Example Ferry scopes

Scopes are stored as `ferryScope` objects and can have the following attributes:

- `ferryDefScope` - boolean value, whether registration may add the scope
- `displayName` - string value, the scope's display name
- `creatorId` - string value, who created it

Global settings related to scopes:

- `forceFerryOfflineScope` - boolean value, default `true`
- `ferryScopeLifetime` - integer, seconds a spontaneous scope lives

The only valid scope keywords are 'dock' and 'undock'.

> If one of the following scopes is requested, its claims are added to the token:
>
> - profile - (name, nickname)
> - address - (address)
"""


def test_attribute_and_setting_lists_are_no_scopes_and_quoted_names_are_candidates(
    tmp_path: Path,
) -> None:
    page = tmp_path / "scopes.md"
    page.write_text(_ATTRIBUTES, encoding="utf-8")
    result = extract_document(load_source(str(page)))
    # a list led by "attributes", and items described by a data type, hold no scopes
    assert {s.scope_name: s.description for s in result.scopes} == {
        "profile": "(name, nickname)",  # plain words under a lead that says scopes follow
        "address": "(address)",
    }
    found = {c.scope_name for c in result.candidates}
    assert {"dock", "undock"} <= found, found  # quoted like code in a sentence about scopes
    assert not found & {"ferryDefScope", "displayName", "creatorId", "forceFerryOfflineScope"}


def test_an_acl_s_capabilities_list_is_scope_context_for_its_items(tmp_path: Path) -> None:
    page = (
        "# Example Harbor ACL\n\n## Dock rules\n\n"
        "Each dock rule can take a fine-grained list of `capabilities`. This includes:\n\n"
        "- `list-berths` - Allows listing the berths.\n"
        "- `moor-ship` - Allows mooring a ship.\n"
        "- `cast-off` - Allows a ship to leave.\n"
    )
    found = _candidates(tmp_path, page)
    assert {"list-berths", "moor-ship", "cast-off"} <= found, found


def test_a_path_the_page_calls_a_scope_is_a_candidate(tmp_path: Path) -> None:
    page = (
        "# Example Registry sign-in\n\n"
        "This workflow uses the `/authenticate` scope to read a researcher's id.\n"
        "Send requests to `/oauth/token` with your client id.\n"
    )
    found = _candidates(tmp_path, page)
    assert "/authenticate" in found and "/oauth/token" not in found, found


def test_inline_html_code_in_markdown_is_a_code_span(tmp_path: Path) -> None:
    page = (
        "# Example Harbor sign-in\n\n"
        "Every resource server needs a scope map named <code>dockhand</code> to sign in.\n"
    )
    assert "dockhand" in _candidates(tmp_path, page)
