// Package examples is the sample programme sessionbot ships: the nine
// sessions of a "Confirmed Sessions" page (confirmed-sessions.txt, which
// sessionbot.yaml points at), built into the binary so that `sessionbot
// try` has a programme anywhere, and the same nine scheduled around the
// present for its -demo (demo.go).
package examples

import _ "embed" // the sample programme

// ConfirmedSessions is confirmed-sessions.txt: the plain text of a
// conference's "Confirmed Sessions" page, without times or rooms.
//
//go:embed confirmed-sessions.txt
var ConfirmedSessions []byte
