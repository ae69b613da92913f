package delivery

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"
)

func TestBackoff(t *testing.T) {
	for attempts, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		8 * time.Minute, 16 * time.Minute, 30 * time.Minute, 30 * time.Minute} {
		if got := Later.After(attempts); got != want {
			t.Errorf("Later.After(%d) = %v, want %v", attempts, got, want)
		}
	}
	if got := Later.After(1000); got != Later.Max {
		t.Errorf("Later.After(1000) = %v", got)
	}
}

var errTransient = errors.New("503")

func TestRetryDo(t *testing.T) {
	limited := &slack.RateLimitedError{RetryAfter: 3 * time.Second}
	for _, tc := range []struct {
		name      string
		retry     Retry
		errs      []error // what the calls return, in turn
		wantCalls int
		wantWaits []time.Duration
		wantErr   error
	}{
		{"429 waited out", Retry{Attempts: 3}, []error{limited, nil}, 2, []time.Duration{3 * time.Second}, nil},
		{"429 too often", Retry{Attempts: 2}, []error{limited, limited, nil}, 2, []time.Duration{3 * time.Second}, limited},
		{"other errors not retried", Retry{Attempts: 3}, []error{errTransient, nil}, 1, nil, errTransient},
		{"transient with backoff", Retry{Attempts: 3, Transient: func(err error) bool { return err == errTransient },
			Backoff: Backoff{First: 250 * time.Millisecond, Max: time.Second}},
			[]error{errTransient, errTransient, nil}, 3, []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, nil},
		{"Retry-After capped", Retry{Attempts: 2, MaxWait: time.Second}, []error{limited, nil}, 2, []time.Duration{time.Second}, nil},
		{"backoff is the least wait after a 429", Retry{Attempts: 2, Backoff: Backoff{First: 5 * time.Second, Max: time.Minute}},
			[]error{limited, nil}, 2, []time.Duration{5 * time.Second}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			var waits []time.Duration
			tc.retry.Wait = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
			err := tc.retry.Do(t.Context(), func() error { calls++; return tc.errs[calls-1] })
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Errorf("Do = %v, want %v", err, tc.wantErr)
			}
			if calls != tc.wantCalls {
				t.Errorf("%d calls, want %d", calls, tc.wantCalls)
			}
			if diff := cmp.Diff(tc.wantWaits, waits); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRetryStopsWithContext: a context that ends during a wait ends Do.
func TestRetryStopsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		calls := 0
		err := Retry{Attempts: 5}.Do(ctx, func() error { calls++; return &slack.RateLimitedError{RetryAfter: time.Minute} })
		if !errors.Is(err, context.DeadlineExceeded) || calls != 1 {
			t.Errorf("Do = %v after %d calls, want the deadline after 1", err, calls)
		}
	})
}
