package dm

import "time"

// Observer is told of each reminder the Postman posts, with how late it
// went out: the time from its due time (start - lead) to the post. A
// reminder found already posted after a crash is not reported again. Its
// method must be quick and safe for concurrent use.
type Observer interface {
	ReminderSent(late time.Duration)
}
