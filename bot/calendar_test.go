package bot_test

import (
	"bytes"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
)

// TestCalendarFile: /session calendar and the agenda's agenda.ics button
// upload the user's agenda as an .ics into their DM (files upload v2), one
// event per reminded session with a time; the .ics parses with the library.
func TestCalendarFile(t *testing.T) {
	p := startPersonal(t)
	if m := p.slash(t, "calendar"); !strings.Contains(m.raw, "no reminders") {
		t.Errorf("without reminders: %s", m.raw)
	}
	p.setReminders(t, fakeslack.UserID, "k8s", "go", "lightning")
	m := p.slash(t, "calendar")
	if !strings.Contains(m.raw, "calendar file") {
		t.Errorf("answer: %s", m.raw)
	}
	files := waitFiles(t, p.srv, 1)
	f := files[0]
	if f.Name != "agenda.ics" || len(f.Channels) != 1 || f.Channels[0] != fakeslack.DMChannel(fakeslack.UserID) {
		t.Fatalf("file %+v, want agenda.ics in the user's DM", f)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(f.Content))
	if err != nil {
		t.Fatalf("the .ics does not parse: %v\n%s", err, f.Content)
	}
	var uids []string
	for _, ev := range cal.Events() {
		uids = append(uids, ev.Id())
	}
	if strings.Join(uids, " ") != "k8s@sessionbot go@sessionbot" {
		t.Errorf("events %v, want the two reminded sessions with a time", uids)
	}
	for _, c := range p.srv.Calls("files.completeUploadExternal") {
		if c.Param("channel_id") != fakeslack.DMChannel(fakeslack.UserID) {
			t.Errorf("completeUploadExternal channel_id %q", c.Param("channel_id"))
		}
	}

	agenda := p.slash(t, "agenda")
	if !hasButton(t, agenda, blocks.ActionAgendaICS, "") {
		t.Fatalf("the agenda has no %s button: %s", blocks.ActionAgendaICS, agenda.raw)
	}
	answer, _ := p.click(t, agenda, blocks.ActionAgendaICS, "", fakeslack.UserID, false)
	if !strings.Contains(answer.raw, "calendar file") {
		t.Errorf("answer to the button: %s", answer.raw)
	}
	if files := waitFiles(t, p.srv, 2); files[1].Name != "agenda.ics" {
		t.Errorf("second file %+v", files[1])
	}
}

func waitFiles(t *testing.T, srv *fakeslack.Server, n int) []fakeslack.File {
	t.Helper()
	if _, err := srv.WaitCalls(testCtx(t), "files.completeUploadExternal", n); err != nil {
		t.Fatal(err)
	}
	files := srv.Files()
	if len(files) < n {
		t.Fatalf("%d files, want %d", len(files), n)
	}
	return files
}

// TestNowOffersTheStream: /session now shows "Watch live" on a running
// session, its room's stream from live.stream_url.
func TestNowOffersTheStream(t *testing.T) {
	p := startPersonal(t, func(o *bot.Options) { o.StreamURL = "https://stream.example.org/{room}" })
	m := p.slash(t, "now")
	if !strings.Contains(m.raw, "Morning workshop") || !hasButton(t, m, blocks.ActionWatch, "") {
		t.Fatalf("no Watch live on the running session: %s", m.raw)
	}
	if !strings.Contains(m.raw, "https://stream.example.org/lab") {
		t.Errorf("the stream is not the room's: %s", m.raw)
	}
}
