package bot_test

import (
	"strings"
	"testing"
	"time"
)

// TestMalformedEnvelopesAcked: an envelope the real slack-go client cannot
// read is acked (or Slack would redeliver it again and again) and logged in
// one line; one without an envelope_id, or a frame that is not an
// envelope at all, is logged and skipped; the bot goes on serving.
func TestMalformedEnvelopesAcked(t *testing.T) {
	h := startBot(t, testIndex(t, confirmed), time.Now())
	ctx := testCtx(t)
	acked := []struct{ name, id, frame string }{
		{"payload not an object", "env-string-payload",
			`{"envelope_id":"env-string-payload","type":"slash_commands","payload":"not an object","accepts_response_payload":true}`},
		{"actions not a list", "env-actions-object",
			`{"envelope_id":"env-actions-object","type":"interactive","payload":{"type":"block_actions","actions":{"action_id":"session.remind"}}}`},
		{"an action not an object", "env-action-number",
			`{"envelope_id":"env-action-number","type":"interactive","payload":{"type":"block_actions","actions":[42]}}`},
		{"events payload a list", "env-events-list",
			`{"envelope_id":"env-events-list","type":"events_api","payload":[1,2,3]}`},
		{"unknown envelope type", "env-unknown-type",
			`{"envelope_id":"env-unknown-type","type":"mystery_type","payload":{}}`},
		{"no type", "env-no-type", `{"envelope_id":"env-no-type","payload":{}}`},
		{"retry_attempt a string", "env-bad-retry",
			`{"envelope_id":"env-bad-retry","type":"slash_commands","payload":{},"retry_attempt":"one"}`},
	}
	for _, tc := range acked {
		t.Run(tc.name, func(t *testing.T) {
			ack, err := h.srv.SendRaw(ctx, tc.id, []byte(tc.frame))
			if err != nil {
				t.Fatalf("no ack: %v", err)
			}
			if len(ack.Payload) != 0 {
				t.Errorf("ack carries a payload: %s", ack.Payload)
			}
			if n := h.logs.count("malformed envelope acked", "envelope_id="+tc.id); n != 1 {
				t.Errorf("logged %d times, want one line:\n%s", n, h.logs)
			}
		})
	}
	// Nothing to ack: logged in order, before the command sent after them
	// is answered.
	unackable := []string{
		`{"type":"slash_commands","payload":{"command":"/session","text":"kubernetes"}}`,
		`{"type":"interactive","payload":"x"}`,
		`{"envelope_id":7,"type":"slash_commands","payload":{}}`,
		`[1,2,3]`,
		`"just a string"`,
		`{not json`,
	}
	for _, frame := range unackable {
		if _, err := h.srv.SendRaw(ctx, "", []byte(frame)); err != nil {
			t.Fatal(err)
		}
	}
	if m := h.slash(t, "kubernetes"); !strings.Contains(m.raw, "Base64 is not encryption") {
		t.Errorf("no answer after malformed envelopes: %s", m.raw)
	}
	for _, want := range []struct {
		n     int
		parts []string
	}{
		{1, []string{`msg="envelope without an envelope_id ignored`, "type=slash_commands"}},
		{4, []string{"malformed envelope without an envelope_id ignored"}},
		{1, []string{"socket mode trouble", "incoming_error"}},
		{0, []string{"slash command", "query=kubernetes", "envelope_id=\"\""}},
	} {
		if n := h.logs.count(want.parts...); n != want.n {
			t.Errorf("%d log lines with %q, want %d:\n%s", n, want.parts, want.n, h.logs)
		}
	}
	if n := h.logs.count("slash command", "query=kubernetes"); n != 1 {
		t.Errorf("%d commands handled, want only the well-formed one:\n%s", n, h.logs)
	}
}
