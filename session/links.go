package session

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// Link is a link a source gives for a session (frab's <links>, c3voc's
// links), with its title when it has one.
type Link struct {
	URL   string `xml:"href,attr" json:"url"`
	Title string `xml:",chardata" json:"title"`
}

// UnmarshalJSON implements json.Unmarshaler: a link is {"url", "title"}
// or a bare URL string.
func (l *Link) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '{' {
		var v struct {
			URL   flexString `json:"url"`
			Href  flexString `json:"href"`
			Title flexString `json:"title"`
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		l.URL, l.Title = firstNonEmpty(string(v.URL), string(v.Href)), string(v.Title)
		return nil
	}
	var s flexString
	err := s.UnmarshalJSON(b)
	l.URL = string(s)
	return err
}

// mediaLinks picks a session's live stream and recording among its links:
// by title ("Live stream", "Livestream", "Stream"; "Video recording",
// "Recording", "Video"), else by a host known for recordings. Of several
// recordings an MP4 is preferred; subtitle files are no recording.
func mediaLinks(links []Link) (stream, recording string) {
	best := 0
	for _, l := range links {
		u, err := url.Parse(strings.TrimSpace(l.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		title, path := strings.ToLower(l.Title), strings.ToLower(u.Path)
		switch {
		case stream == "" && (strings.Contains(title, "stream") || strings.Contains(title, "live")):
			stream = u.String()
		case strings.Contains(title, "subtitle") || strings.HasSuffix(path, ".vtt") || strings.HasSuffix(path, ".srt"):
		default:
			if rank := recordingRank(title, u.Host, path); rank > best {
				best, recording = rank, u.String()
			}
		}
	}
	return stream, recording
}

// recordingRank says how good a recording link looks: 0 not one, higher
// better.
func recordingRank(title, host, path string) int {
	video := strings.Contains(title, "recording") || strings.Contains(title, "video") ||
		host == "media.ccc.de" || strings.HasPrefix(host, "video.")
	switch {
	case !video:
		return 0
	case strings.HasSuffix(path, ".mp4"):
		return 3
	case strings.HasSuffix(path, ".webm"):
		return 2
	}
	return 1
}
