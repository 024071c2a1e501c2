// Package fakexray is an in-memory fake of the JFrog Xray REST endpoints that
// manage Jira integrations. It is written from the public API description
// (create, read, update, delete, status check, system version and ping) and
// not from any client, so that a client tested against it is tested against
// the API rather than against itself.
//
// The fake reproduces the details a client has to cope with:
//
//   - admin-only endpoints behind a bearer token (401 and 403 bodies as Xray),
//   - validation errors as 400 {"error": "..."},
//   - Xray contacting Jira during create and update (a jira_server_url whose
//     host ends in ".invalid" is unreachable),
//   - two path flavours for read and update (the documented one and the one
//     observed on a live server), selectable with [WithFlavour],
//   - version gating (no Jira routes below 3.129, no status route below 3.136),
//   - missing routes answered by a plain Go ServeMux (plain-text 404/405), so a
//     client can tell "route does not exist" from Xray's JSON "not found",
//   - injected faults: error statuses, Retry-After, latency, lost responses
//     ("store then fail") and dropped connections, deterministic or random
//     with a seeded generator.
//
// Everything is safe for concurrent use. Tests usually call [NewTestServer];
// the command in cmd/fakexray serves the same handler standalone, for users and demos.
package fakexray
