package dm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/delivery"
)

// Alarm tells the admins straight away, for a problem the store cannot
// queue a notice about (the disk is full). The message goes through the
// same Sender with its metadata, but nothing records it: after a restart
// the same problem may be told again.
type Alarm struct {
	Sender *delivery.Sender
	Admins []string
}

// AlarmAdmins sends text to every admin. A failure for one admin does not
// stop the others; all failures are returned together.
func (a Alarm) AlarmAdmins(ctx context.Context, text string) error {
	sum := sha256.Sum256([]byte(text))
	key := "alarm/" + hex.EncodeToString(sum[:8])
	var errs []error
	for _, admin := range a.Admins {
		it := delivery.Item{Event: EventAlarm, Key: key, To: admin}
		if _, err := a.Sender.Deliver(ctx, it, blocks.AdminDM(text, "", ""), delivery.Unrecorded); err != nil {
			errs = append(errs, fmt.Errorf("alarm admin %s: %w", admin, err))
		}
	}
	return errors.Join(errs...)
}
