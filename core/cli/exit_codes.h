// The CLI's exit codes: scripts branch on these, so they are part of its interface (docs/cli.md).
#pragma once

namespace loyalty::cli {

/** The request was valid and the response ({"ok": true, ...}) is on stdout. */
inline constexpr int kExitOk = 0;
/** Usage error (unknown flag, missing argument) or I/O error; a message is on stderr. */
inline constexpr int kExitUsage = 1;
/** The input was read but is invalid; the error document ({"ok": false, ...}) is on stdout. */
inline constexpr int kExitInvalidInput = 2;

}  // namespace loyalty::cli
