package ops

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// start serves s on 127.0.0.1 until the returned stop is called; stop returns
// Serve's result.
func start(t *testing.T, s *Server) (base string, stop func() error) {
	t.Helper()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once bool
	var result error
	stop = func() error {
		if !once {
			once = true
			cancel()
			result = <-done
		}
		return result
	}
	t.Cleanup(func() { stop() })
	return "http://" + ln.Addr().String(), stop
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

type answer struct {
	Status int
	Body   string
	Type   string
}

func get(t *testing.T, method, url string) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(body), resp.Header.Get("Content-Type")}
}

func TestRoutes(t *testing.T) {
	s := New(quiet())
	s.Handle("GET /extra", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "registered")
	}))
	base, _ := start(t, s)
	tests := []struct {
		method, path string
		want         answer
	}{
		{"GET", "/healthz", answer{200, "ok\n", "text/plain; charset=utf-8"}},
		{"HEAD", "/healthz", answer{200, "", "text/plain; charset=utf-8"}},
		{"POST", "/healthz", answer{405, "Method Not Allowed\n", "text/plain; charset=utf-8"}},
		{"GET", "/extra", answer{200, "registered", "text/plain"}},
		{"GET", "/nothing-here", answer{404, "404 page not found\n", "text/plain; charset=utf-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, get(t, tt.method, base+tt.path)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestGracefulStop: a request in flight when the context ends is answered;
// afterwards the port no longer accepts connections.
func TestGracefulStop(t *testing.T) {
	s := New(quiet())
	entered, release := make(chan struct{}), make(chan struct{})
	s.Handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "finished")
	}))
	base, stop := start(t, s)
	got := make(chan answer, 1)
	go func() { got <- get(t, "GET", base+"/slow") }()
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	select {
	case err := <-stopped:
		t.Fatalf("Serve returned (%v) with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if a := <-got; a.Status != 200 || a.Body != "finished" {
		t.Errorf("request in flight got %+v", a)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	if _, err := net.Dial("tcp", strings.TrimPrefix(base, "http://")); err == nil {
		t.Error("the port still accepts connections after Serve returned")
	}
}

// TestStopGivesUp: a request that never finishes holds the stop only for
// ShutdownTimeout.
func TestStopGivesUp(t *testing.T) {
	s := New(quiet())
	s.ShutdownTimeout = 50 * time.Millisecond
	entered := make(chan struct{})
	s.Handle("GET /stuck", http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done() // until the connection is closed
	}))
	base, stop := start(t, s)
	go func() {
		resp, err := http.Get(base + "/stuck")
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	begin := time.Now()
	if err := stop(); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	if d := time.Since(begin); d > 5*time.Second {
		t.Errorf("stop took %v with a 50ms shutdown timeout", d)
	}
}

func TestListenErrors(t *testing.T) {
	taken, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, addr := range []string{taken.Addr().String(), "127.0.0.1:99999", "nonsense"} {
		_, err := Listen(addr)
		if err == nil || !strings.Contains(err.Error(), "ops: listen on "+addr) {
			t.Errorf("Listen(%q) = %v, want an error naming the address", addr, err)
		}
	}
}

// TestServeFailure: a listener that fails makes Serve return an error at
// once instead of waiting for the context.
func TestServeFailure(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	err = New(quiet()).Serve(t.Context(), ln)
	if err == nil || !errors.Is(err, net.ErrClosed) {
		t.Errorf("Serve on a closed listener = %v, want net.ErrClosed", err)
	}
}

func TestReady(t *testing.T) {
	var slackUp bool
	s := New(quiet())
	s.Handle("GET /readyz", Ready(
		Check{"store", func(context.Context) error { return nil }},
		Check{"slack", func(context.Context) error {
			if !slackUp {
				return errors.New("Socket Mode is not connected")
			}
			return nil
		}},
	))
	base, _ := start(t, s)
	got := get(t, "GET", base+"/readyz")
	want := answer{503, `{"ready":false,"checks":[{"name":"store","ok":true},{"name":"slack","ok":false,"error":"Socket Mode is not connected"}]}` + "\n", "application/json"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("not ready (-want +got):\n%s", diff)
	}
	slackUp = true
	got = get(t, "GET", base+"/readyz")
	want = answer{200, `{"ready":true,"checks":[{"name":"store","ok":true},{"name":"slack","ok":true}]}` + "\n", "application/json"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ready (-want +got):\n%s", diff)
	}
}
