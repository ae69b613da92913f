package dm

import "time"

// Observer is told of each reminder the Postman posts, with how late it
// went out: the time from its due time (start - lead) to the post, and of
// each reminder Ahead hands to Slack's queue (Slack posts it at its due
// second). A reminder found already posted after a crash is not reported
// again. Its methods must be quick and safe for concurrent use.
type Observer interface {
	ReminderSent(late time.Duration)
	ReminderScheduled()
}
