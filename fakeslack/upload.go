package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// uploadPath is where files.getUploadURLExternal's upload URLs point: on
// the API's host, the only other host slack-go sends the token to.
const uploadPath = "/upload/v1/"

// MethodUpload is the Call.Method of a POST to an upload URL.
const MethodUpload = "upload_url"

// File is a file uploaded through files.getUploadURLExternal, the upload
// URL and files.completeUploadExternal.
type File struct {
	ID       string
	Name     string // filename
	Title    string
	Length   int    // the length declared to files.getUploadURLExternal
	Content  []byte // what was uploaded
	Channels []string
	Comment  string // initial_comment
	uploaded bool
	complete bool
}

// uploadState is the files of the workspace, by ID, and the upload
// tickets that lead to them.
type uploadState struct {
	files   map[string]*File
	tickets map[string]string // upload ticket -> file ID
}

// Files returns the files whose upload was completed, in upload order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, f := range s.uploads.files {
		if f.complete {
			c := *f
			c.Content, c.Channels = slices.Clone(f.Content), slices.Clone(f.Channels)
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// getUploadURLExternal answers files.getUploadURLExternal: an upload URL
// and a file ID for a file of length bytes named filename.
func (s *Server) getUploadURLExternal(c Call) (map[string]any, string) {
	if fields, code := s.missingScope("files:write"); code != "" {
		return fields, code
	}
	length, err := strconv.Atoi(c.Param("length"))
	switch {
	case c.Param("filename") == "":
		return nil, "invalid_arguments"
	case err != nil || length <= 0:
		return nil, "missing_argument"
	}
	id, ticket := s.newID("F"), randomHex(12)
	s.mu.Lock()
	if s.uploads.files == nil {
		s.uploads.files, s.uploads.tickets = map[string]*File{}, map[string]string{}
	}
	s.uploads.files[id] = &File{ID: id, Name: c.Param("filename"), Length: length}
	s.uploads.tickets[ticket] = id
	s.mu.Unlock()
	return map[string]any{"upload_url": s.url + uploadPath + ticket, "file_id": id}, ""
}

// serveUpload takes a file's bytes at its upload URL, raw or as the "file"
// part of a multipart form, and answers "OK - <bytes>" as Slack does. An
// unknown or used ticket answers 404.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	ticket := strings.TrimPrefix(r.URL.Path, uploadPath)
	s.record(Call{Method: MethodUpload, Token: bearer(r.Header.Get("Authorization")), At: time.Now()})
	data, err := uploadBody(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	id, ok := s.uploads.tickets[ticket]
	delete(s.uploads.tickets, ticket)
	if ok {
		f := s.uploads.files[id]
		f.Content, f.uploaded = data, true
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintf(w, "OK - %d", len(data))
}

// uploadBody reads the bytes of an upload.
func uploadBody(r *http.Request) ([]byte, error) {
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype != "multipart/form-data" {
		return io.ReadAll(io.LimitReader(r.Body, maxBody))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, fmt.Errorf("no file part: %w", err)
		}
		if part.FormName() == "file" || part.FormName() == "filename" {
			return io.ReadAll(io.LimitReader(part, maxBody))
		}
	}
}

// completeUploadExternal answers files.completeUploadExternal: each file,
// uploaded and not completed before (it can be called once), is shared
// into channel_id (or channels) with a message holding initial_comment.
func (s *Server) completeUploadExternal(c Call) (map[string]any, string) {
	if fields, code := s.missingScope("files:write"); code != "" {
		return fields, code
	}
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.Param("files")), &files); err != nil || len(files) == 0 {
		return nil, "invalid_arguments"
	}
	channels, code := s.shareChannels(c)
	if code != "" {
		return nil, code
	}
	var out []map[string]any
	var ids []string
	s.mu.Lock()
	for _, x := range files {
		f, ok := s.uploads.files[x.ID]
		if !ok || !f.uploaded || f.complete {
			s.mu.Unlock()
			return nil, "file_not_found"
		}
		ids = append(ids, f.ID)
		out = append(out, map[string]any{"id": f.ID, "title": x.Title})
	}
	for _, x := range files {
		f := s.uploads.files[x.ID]
		f.complete, f.Title, f.Channels, f.Comment = true, x.Title, channels, c.Param("initial_comment")
	}
	s.mu.Unlock()
	for _, ch := range channels {
		s.remember(Message{Channel: ch, TS: s.nextTS(), Text: c.Param("initial_comment"), Files: ids})
	}
	return map[string]any{"files": out}, ""
}

// shareChannels are the conversations a completed upload is shared into:
// channel_id and channels (user IDs meaning their DMs), each one the bot
// may post in.
func (s *Server) shareChannels(c Call) ([]string, string) {
	var out []string
	for _, ch := range append([]string{c.Param("channel_id")}, strings.Split(c.Param("channels"), ",")...) {
		if ch = resolveChannel(strings.TrimSpace(ch)); ch == "" {
			continue
		}
		switch {
		case !isChannelID(ch), s.access(ch) == "channel_not_found":
			return nil, "invalid_channel"
		case s.access(ch) != "":
			return nil, "posting_to_channel_denied"
		}
		out = append(out, ch)
	}
	return out, ""
}
