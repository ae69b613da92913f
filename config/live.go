package config

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Live configures what the bot posts while the conference runs: each
// session's card in its room's channel a little before it starts.
type Live struct {
	Rooms     []Room        // room name (as in the programme) -> channel, in the order written
	Channel   string        // the channel of every room not in Rooms; empty: none
	Lead      time.Duration // how long before the start the card is posted
	StreamURL string        // a link per room, "{room}" standing for its slug; empty: none
}

// Room is one room's channel and where it was set.
type Room struct {
	Name, Channel, Where string
}

// ChannelFor returns the channel a session in room is posted to: the
// room's own (names compared without case and surrounding space), else
// Channel; "" for none.
func (l Live) ChannelFor(room string) string {
	room = strings.TrimSpace(room)
	for _, r := range l.Rooms {
		if strings.EqualFold(r.Name, room) {
			return r.Channel
		}
	}
	if room == "" {
		return ""
	}
	return l.Channel
}

// Digest configures the day's digest in the announce channel.
type Digest struct {
	Time         string // "08:00" in the conference zone; empty: no digest
	Hour, Minute int
	Title        string // the conference's name: "Today at <Title>"
}

// roomsKey is the key whose value is a mapping of rooms to channels.
const roomsKey = "live.rooms"

// setRooms reads live.rooms: a mapping in the file, or "room=channel"
// pairs separated by commas in the environment (the channel after the
// last "=").
func setRooms(c *Config, v value, _ string) error {
	rooms := v.rooms
	if v.rooms == nil && v.raw != "" {
		for _, pair := range splitList(v.raw) {
			i := strings.LastIndexByte(pair, '=')
			if i <= 0 {
				return fmt.Errorf(`want room=channel pairs separated by commas, like "Main Hall=C0123456789", got %q`, pair)
			}
			rooms = append(rooms, Room{Name: strings.TrimSpace(pair[:i]), Channel: strings.TrimSpace(pair[i+1:]), Where: v.where})
		}
	}
	var errs []error
	for _, r := range rooms {
		if v.rooms == nil && !channelID.MatchString(r.Channel) { // the file's are checked as read, each at its line
			errs = append(errs, roomError(r))
		}
	}
	c.Live.Rooms = rooms
	return errors.Join(errs...)
}

// roomsValue reads live.rooms from the file: a mapping of room names to
// channel IDs, each remembered with its line.
func roomsValue(n *yaml.Node, file string, errs *[]error) value {
	where := fmt.Sprintf("%s:%d", file, n.Line)
	if n.Kind != yaml.MappingNode {
		*errs = append(*errs, fmt.Errorf(`%s: %s: want a mapping of room names to channel IDs, like "Main Hall: C0123456789"`, where, roomsKey))
		return value{where: where, inFile: true, rooms: []Room{}}
	}
	v := value{where: where, inFile: true, rooms: []Room{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, ch := n.Content[i], n.Content[i+1]
		r := Room{Name: strings.TrimSpace(k.Value), Channel: strings.TrimSpace(ch.Value), Where: fmt.Sprintf("%s:%d", file, k.Line)}
		if !channelID.MatchString(r.Channel) {
			*errs = append(*errs, fmt.Errorf("%s: %s: %w", r.Where, roomsKey, roomError(r)))
		}
		v.rooms = append(v.rooms, r)
	}
	return v
}

// roomError says what is wrong with a room's channel.
func roomError(r Room) error {
	return fmt.Errorf("%q: want a channel ID like C0123456789, got %q", r.Name, r.Channel)
}

// liveFields are the keys of live and digest, and schedule_ahead.
var liveFields = []field{
	{"reminders.schedule_ahead", "10m", func(c *Config, v value, _ string) (err error) {
		c.Reminders.ScheduleAhead, err = duration(v, 10*time.Second, 24*time.Hour)
		return err
	}},
	{roomsKey, "", setRooms},
	{"live.channel", "", func(c *Config, v value, _ string) error {
		if v.raw != "" && !channelID.MatchString(v.raw) {
			return fmt.Errorf("want a channel ID like C0123456789, got %q", v.raw)
		}
		c.Live.Channel = v.raw
		return nil
	}},
	{"live.lead", "5m", func(c *Config, v value, _ string) (err error) {
		c.Live.Lead, err = duration(v, 0, 24*time.Hour)
		return err
	}},
	{"live.stream_url", "", func(c *Config, v value, _ string) error {
		u, err := url.Parse(strings.ReplaceAll(v.raw, "{room}", "room"))
		if v.raw != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			return fmt.Errorf("want an http(s) URL with {room} for the room, like https://stream.example.org/{room}, got %q", v.raw)
		}
		c.Live.StreamURL = v.raw
		return nil
	}},
	{"digest.time", "", func(c *Config, v value, _ string) error {
		if v.raw == "" {
			return nil
		}
		t, err := time.Parse("15:04", v.raw)
		if err != nil {
			return fmt.Errorf("want a time of day like 08:00, got %q", v.raw)
		}
		c.Digest.Time, c.Digest.Hour, c.Digest.Minute = v.raw, t.Hour(), t.Minute()
		return nil
	}},
	{"digest.title", "", func(c *Config, v value, _ string) error {
		if len(v.raw) > 100 {
			return fmt.Errorf("want the conference's name, at most 100 characters, got %d", len(v.raw))
		}
		c.Digest.Title = v.raw
		return nil
	}},
}

// crossChecks are the problems of keys that depend on each other.
func crossChecks(c *Config, values map[string]value) []error {
	var errs []error
	if c.Digest.Time != "" && c.Announce.Channel == "" {
		errs = append(errs, fmt.Errorf("%s: digest.time: needs announce.channel, the channel the digest goes to", values["digest.time"].where))
	}
	return errs
}

// fields are every config key.
var fields = slices.Concat(baseFields, liveFields)

// Keys returns every config key, in the order they are checked.
func Keys() []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}
