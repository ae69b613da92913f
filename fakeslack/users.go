package fakeslack

import (
	"strings"
	"time"
)

// User is a member of the fake workspace, as users.info reports it.
type User struct {
	ID       string // "U…"
	Name     string // the handle; default derived from ID
	RealName string // default "Test User <ID>"
	TZ       string // IANA zone; default TZ
	IsAdmin  bool
}

// DMChannel returns the ID of the direct-message channel between the bot and
// userID, as conversations.open answers it and chat.postMessage to a user ID
// reports it. It is stable for a user.
func DMChannel(userID string) string { return "D" + userID }

func (u User) withDefaults() User {
	if u.Name == "" {
		u.Name = "user-" + strings.ToLower(u.ID)
	}
	if u.RealName == "" {
		u.RealName = "Test User " + u.ID
	}
	if u.TZ == "" {
		u.TZ = TZ
	}
	return u
}

// object renders u as the user object of users.info.
func (u User) object() map[string]any {
	label, offset := zone(u.TZ)
	return map[string]any{
		"id":        u.ID,
		"team_id":   TeamID,
		"name":      u.Name,
		"deleted":   false,
		"color":     "9f69e7",
		"real_name": u.RealName,
		"tz":        u.TZ,
		"tz_label":  label,
		"tz_offset": offset,
		"profile": map[string]any{
			"real_name":               u.RealName,
			"real_name_normalized":    u.RealName,
			"display_name":            u.Name,
			"display_name_normalized": u.Name,
			"email":                   u.Name + "@example.org",
			"team":                    TeamID,
		},
		"is_admin":            u.IsAdmin,
		"is_owner":            false,
		"is_bot":              false,
		"is_app_user":         false,
		"is_restricted":       false,
		"is_ultra_restricted": false,
		"updated":             time.Now().Unix(),
		"is_email_confirmed":  true,
		"locale":              "en-US",
	}
}

// zone returns the current abbreviation and UTC offset in seconds of the named
// zone, or UTC's when the zone is unknown to this machine.
func zone(name string) (string, int) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return "UTC", 0
	}
	return time.Now().In(loc).Zone()
}
