package session

import (
	"strings"
	"testing"
)

func TestMediaLinks(t *testing.T) {
	tests := []struct {
		name                  string
		links                 []Link
		wantStream, wantVideo string
	}{
		{"fosdem recordings, mp4 preferred", []Link{
			{URL: "https://video.fosdem.org/a.av1.webm", Title: "Video recording (AV1/WebM) - 56.3 MB"},
			{URL: "https://video.fosdem.org/a.mp4", Title: "Video recording (MP4) - 357.1 MB"},
			{URL: "https://video.fosdem.org/a.vtt", Title: "Video recording subtitle file (VTT)"},
			{URL: "https://chat.fosdem.org/#/room/x", Title: "Chat room(web)"},
		}, "", "https://video.fosdem.org/a.mp4"},
		{"stream and a recording page", []Link{
			{URL: "https://streaming.media.ccc.de/36c3/halla", Title: "Live Stream"},
			{URL: "https://media.ccc.de/v/36c3-10496", Title: "Recording"},
		}, "https://streaming.media.ccc.de/36c3/halla", "https://media.ccc.de/v/36c3-10496"},
		{"by host when untitled", []Link{{URL: "https://www.youtube.com/watch?v=1"}, {URL: "https://media.ccc.de/v/x"}}, "", "https://media.ccc.de/v/x"},
		{"nothing of the kind", []Link{{URL: "https://github.com/x", Title: "Code"}, {URL: "ftp://x/video.mp4", Title: "Video"}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stream, video := mediaLinks(tt.links)
			if stream != tt.wantStream || video != tt.wantVideo {
				t.Errorf("mediaLinks = %q, %q; want %q, %q", stream, video, tt.wantStream, tt.wantVideo)
			}
		})
	}
}

// TestParseMediaLinks reads the stream and recording links of each format.
func TestParseMediaLinks(t *testing.T) {
	res, err := Parse(feedFile(t, "fosdem-2025_schedule.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := feedSessions(res.Sessions)["frab-6712"]; s.RecordingURL != "https://video.fosdem.org/2025/janson/fosdem-2025-6712-welcome-to-fosdem-2025.mp4" {
		t.Errorf("FOSDEM recording = %q", s.RecordingURL)
	}
	sz := `{"sessions": [{"id": "1", "title": "Live one", "startsAt": "2026-05-02T10:00:00", "endsAt": "2026-05-02T11:00:00",
	  "liveUrl": "https://live.example.org/1", "recordingUrl": "https://video.example.org/1"}], "speakers": [], "rooms": []}`
	res, err = Parse([]byte(sz), Options{Format: FormatSessionize})
	if err != nil || len(res.Sessions) != 1 {
		t.Fatalf("sessionize: %v %v", res.Sessions, err)
	}
	if s := res.Sessions[0]; s.StreamURL != "https://live.example.org/1" || s.RecordingURL != "https://video.example.org/1" {
		t.Errorf("sessionize links = %q, %q", s.StreamURL, s.RecordingURL)
	}
	native := "sessions:\n  - id: a\n    title: A\n    stream_url: https://live.example.org/a\n    recording_url: https://video.example.org/a\n"
	res, err = Parse([]byte(native), Options{Format: FormatYAML})
	if err != nil || len(res.Sessions) != 1 || res.Sessions[0].StreamURL != "https://live.example.org/a" || res.Sessions[0].RecordingURL != "https://video.example.org/a" {
		t.Errorf("native: %+v %v", res.Sessions, err)
	}
	c3 := strings.Replace(frabJSONSnippet, `"title": "End given",`, `"title": "End given", "links": [{"url": "https://streaming.example.org/saal1", "title": "Livestream"}, "https://media.ccc.de/v/end-given"],`, 1)
	res, err = Parse([]byte(c3), Options{Format: FormatFrabJSON})
	if err != nil {
		t.Fatal(err)
	}
	if s := feedSessions(res.Sessions)["frab-only-guid"]; s.StreamURL != "https://streaming.example.org/saal1" || s.RecordingURL != "https://media.ccc.de/v/end-given" {
		t.Errorf("c3voc links = %q, %q", s.StreamURL, s.RecordingURL)
	}
}
