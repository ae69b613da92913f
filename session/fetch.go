package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sessionbot/sessionbot/redact"
)

// Defaults for a zero Fetcher.
const (
	DefaultMaxBytes     = 32 << 20
	DefaultFetchTimeout = 30 * time.Second
	defaultUserAgent    = "sessionbot (+https://github.com/sessionbot/sessionbot)"
)

// Validators identify a version of a source, so the next fetch can ask
// "changed since?" and skip an unchanged one.
type Validators struct {
	ETag, LastModified string
}

// Fetched is the outcome of one fetch. When NotModified is true, Data is empty
// and the previous version still holds.
type Fetched struct {
	Data        []byte
	ContentType string
	Validators  Validators
	NotModified bool
}

// Fetcher reads a source from a file or an http(s) URL. The zero value is
// ready to use.
type Fetcher struct {
	// Client makes the HTTP requests; nil means http.DefaultClient.
	Client *http.Client
	// MaxBytes caps a source's size; zero means DefaultMaxBytes.
	MaxBytes int64
	// Timeout bounds one whole fetch; zero means DefaultFetchTimeout.
	Timeout time.Duration
	// UserAgent is sent with HTTP requests; empty means a sessionbot default.
	UserAgent string
}

// Fetch reads src, a file path or an http(s) URL. prev holds the validators of
// the last fetch; when the source is unchanged since, the result has
// NotModified set and no data. Errors name the source with its secrets
// (user info, token-like query values) masked.
func (f *Fetcher) Fetch(ctx context.Context, src string, prev Validators) (Fetched, error) {
	got, err := f.fetch(ctx, src, prev)
	return got, redact.Error(err)
}

func (f *Fetcher) fetch(ctx context.Context, src string, prev Validators) (Fetched, error) {
	if strings.TrimSpace(src) == "" {
		return Fetched{}, errors.New("fetch: no source given (a file path or an http(s) URL)")
	}
	ctx, cancel := context.WithTimeout(ctx, cmp.Or(f.Timeout, DefaultFetchTimeout))
	defer cancel()
	if !strings.Contains(src, "://") {
		return f.fetchFile(ctx, src, prev)
	}
	u, err := url.Parse(src)
	if err != nil {
		return Fetched{}, fmt.Errorf("fetch: source %q is not a valid URL: %w", src, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return f.fetchHTTP(ctx, u, prev)
	case "file":
		return f.fetchFile(ctx, u.Path, prev)
	}
	return Fetched{}, fmt.Errorf("fetch %s: unsupported scheme %q: use a file path or an http(s) URL", u, u.Scheme)
}

func (f *Fetcher) fetchHTTP(ctx context.Context, u *url.URL, prev Validators) (Fetched, error) {
	where := u.String()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Fetched{}, fmt.Errorf("fetch %s: %w", where, err)
	}
	req.Header.Set("User-Agent", cmp.Or(f.UserAgent, defaultUserAgent))
	if prev.ETag != "" {
		req.Header.Set("If-None-Match", prev.ETag)
	}
	if prev.LastModified != "" {
		req.Header.Set("If-Modified-Since", prev.LastModified)
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return Fetched{}, fmt.Errorf("fetch %s: %w", where, f.explain(ctx, err))
	}
	defer resp.Body.Close()
	got := Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return Fetched{NotModified: true, Validators: Validators{ETag: cmp.Or(got.ETag, prev.ETag), LastModified: cmp.Or(got.LastModified, prev.LastModified)}}, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return Fetched{}, fmt.Errorf("fetch %s: server answered %s", where, resp.Status)
	case resp.ContentLength > f.maxBytes():
		return Fetched{}, fmt.Errorf("fetch %s: %w", where, f.tooLarge())
	}
	data, err := f.readAll(resp.Body)
	if err != nil {
		return Fetched{}, fmt.Errorf("fetch %s: %w", where, f.explain(ctx, err))
	}
	return Fetched{Data: data, ContentType: resp.Header.Get("Content-Type"), Validators: got}, nil
}

// fetchFile reads a local file. Its validators come from its modification time
// and size, so an untouched file reports NotModified without being read.
func (f *Fetcher) fetchFile(ctx context.Context, path string, prev Validators) (Fetched, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Fetched{}, fmt.Errorf("fetch: source file %s does not exist", path)
	case err != nil:
		return Fetched{}, fmt.Errorf("fetch: %w", err)
	case info.IsDir():
		return Fetched{}, fmt.Errorf("fetch: source %s is a directory, not a file", path)
	case info.Size() > f.maxBytes():
		return Fetched{}, fmt.Errorf("fetch %s: %w", path, f.tooLarge())
	}
	v := Validators{
		ETag:         fmt.Sprintf(`"%x-%x"`, info.ModTime().UnixNano(), info.Size()),
		LastModified: info.ModTime().UTC().Format(http.TimeFormat),
	}
	if prev == v {
		return Fetched{NotModified: true, Validators: v}, nil
	}
	if err := ctx.Err(); err != nil {
		return Fetched{}, fmt.Errorf("fetch %s: %w", path, err)
	}
	file, err := os.Open(path)
	if err != nil {
		return Fetched{}, fmt.Errorf("fetch: %w", err)
	}
	defer file.Close()
	data, err := f.readAll(file)
	if err != nil {
		return Fetched{}, fmt.Errorf("fetch %s: %w", path, err)
	}
	return Fetched{Data: data, ContentType: fileContentType(path), Validators: v}, nil
}

// readAll reads at most MaxBytes, failing rather than truncating.
func (f *Fetcher) readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, f.maxBytes()+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if int64(len(data)) > f.maxBytes() {
		return nil, f.tooLarge()
	}
	return data, nil
}

func (f *Fetcher) maxBytes() int64 { return cmp.Or(f.MaxBytes, DefaultMaxBytes) }

func (f *Fetcher) tooLarge() error {
	return fmt.Errorf("source is larger than the %s limit", byteSize(f.maxBytes()))
}

// explain makes a timeout say which limit it hit.
func (f *Fetcher) explain(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no complete answer within %s: %w", cmp.Or(f.Timeout, DefaultFetchTimeout), err)
	}
	return err
}

// fileContentType marks .html files so a saved web page is read as HTML.
func fileContentType(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return "text/html"
	}
	return ""
}

func byteSize(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
