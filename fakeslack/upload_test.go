package fakeslack_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/fakeslack"
)

// TestUploadThreeSteps uploads a file into a DM with slack-go's upload v2:
// files.getUploadURLExternal, the POST to the upload URL, then
// files.completeUploadExternal with channel_id.
func TestUploadThreeSteps(t *testing.T) {
	srv := fakeslack.New(t)
	api := newAPI(srv)
	ctx := testCtx(t)
	dm := fakeslack.DMChannel("U0ALICE")
	content := "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
	f, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "agenda.ics", FileSize: len(content),
		Content: content, Title: "Your agenda", Channel: dm, InitialComment: "Your agenda"})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	files := srv.Files()
	if len(files) != 1 || files[0].ID != f.ID || string(files[0].Content) != content || files[0].Name != "agenda.ics" ||
		!slices.Equal(files[0].Channels, []string{dm}) {
		t.Fatalf("files = %+v", files)
	}
	h := srv.History(dm)
	if len(h) != 1 || !slices.Equal(h[0].Files, []string{f.ID}) || h[0].Text != "Your agenda" {
		t.Errorf("DM history = %v", h)
	}
	var methods []string
	for _, c := range srv.Calls("") {
		methods = append(methods, c.Method)
	}
	if want := "files.getUploadURLExternal upload_url files.completeUploadExternal"; strings.Join(methods, " ") != want {
		t.Errorf("calls %v, want %s", methods, want)
	}
	_, err = api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: f.ID}}, Channel: dm})
	if err == nil || err.Error() != "file_not_found" {
		t.Errorf("completing twice: %v, want file_not_found", err)
	}
}

func TestUploadErrors(t *testing.T) {
	srv := fakeslack.New(t, fakeslack.WithScopes("chat:write"))
	api := newAPI(srv)
	ctx := testCtx(t)
	_, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.ics", FileSize: 3})
	if err == nil || !strings.Contains(err.Error(), "missing_scope") {
		t.Errorf("without files:write: %v", err)
	}
	srv = fakeslack.New(t, fakeslack.WithChannels(fakeslack.Channel{ID: "C0NOTIN"}))
	api = newAPI(srv)
	u, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.ics", FileSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, err = api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: u.FileID}}, Channel: fakeslack.DMChannel("U0ALICE")})
	if err == nil || err.Error() != "file_not_found" {
		t.Errorf("completing before the upload: %v", err)
	}
	if err := api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Content: "abc", Filename: "a.ics"}); err != nil {
		t.Fatal(err)
	}
	_, err = api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: u.FileID}}, Channel: "C0NOTIN"})
	if err == nil || err.Error() != "posting_to_channel_denied" {
		t.Errorf("into a channel the bot is not in: %v", err)
	}
}
