package bot

import "context"

// computing waits for a CPU slot — there are as many as the process has
// cores (GOMAXPROCS) — and returns its release; ok is false when ctx ended
// first. Handlers and the follow-ups that search and render hold one while
// they work, so that a burst of commands never has more goroutines
// computing than there are cores: the Socket Mode reader, the acks and the
// deadline timers, which need the CPU for a moment each, then never queue
// behind dozens of searches (500 simultaneous commands on 2 cores acked
// after 3 s without this). Callers must not hold a slot while waiting on
// the network, nor take a second one.
func (b *Bot) computing(ctx context.Context) (release func(), ok bool) {
	select {
	case b.cpu <- struct{}{}:
		return func() { <-b.cpu }, true
	case <-ctx.Done():
		return nil, false
	}
}
