package config

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoadLive(t *testing.T) {
	path := writeFile(t, `source:
  url: a.yaml
announce:
  channel: C0ANNOUNCE1
live:
  rooms:
    Main Hall: C0MAINHALL1
    "K.1.105 (La Fontaine)": C0K1105000
  channel: C0EVERYROOM
  lead: 3m
  stream_url: https://stream.example.org/{room}
digest:
  time: "08:30"
  title: DevConf 2026
reminders:
  schedule_ahead: 30m
`)
	got, err := Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Live{
		Rooms: []Room{{Name: "Main Hall", Channel: "C0MAINHALL1", Where: "sessionbot.yaml:7"},
			{Name: "K.1.105 (La Fontaine)", Channel: "C0K1105000", Where: "sessionbot.yaml:8"}},
		Channel: "C0EVERYROOM", Lead: 3 * time.Minute, StreamURL: "https://stream.example.org/{room}",
	}
	if diff := cmp.Diff(want, got.Live); diff != "" {
		t.Errorf("Live (-want +got):\n%s", diff)
	}
	if got.Digest != (Digest{Time: "08:30", Hour: 8, Minute: 30, Title: "DevConf 2026"}) {
		t.Errorf("Digest = %+v", got.Digest)
	}
	if got.Reminders.ScheduleAhead != 30*time.Minute {
		t.Errorf("ScheduleAhead = %v", got.Reminders.ScheduleAhead)
	}
	for room, ch := range map[string]string{"main hall": "C0MAINHALL1", " K.1.105 (La Fontaine) ": "C0K1105000", "Room 9": "C0EVERYROOM"} {
		if c := got.Live.ChannelFor(room); c != ch {
			t.Errorf("ChannelFor(%q) = %q, want %q", room, c, ch)
		}
	}
}

func TestLiveFromEnv(t *testing.T) {
	got, err := Load("", env(map[string]string{"SESSIONBOT_SOURCE_URL": "a.yaml",
		"SESSIONBOT_LIVE_ROOMS": "Main Hall=C0MAINHALL1, a=b room=C0ROOMAB001", "SESSIONBOT_LIVE_LEAD": "1m"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []Room{{Name: "Main Hall", Channel: "C0MAINHALL1", Where: "SESSIONBOT_LIVE_ROOMS"},
		{Name: "a=b room", Channel: "C0ROOMAB001", Where: "SESSIONBOT_LIVE_ROOMS"}}
	if diff := cmp.Diff(want, got.Live.Rooms); diff != "" {
		t.Errorf("Rooms (-want +got):\n%s", diff)
	}
	if got.Live.ChannelFor("Elsewhere") != "" {
		t.Error("a room without a channel and no live.channel has one")
	}
}

func TestLiveProblems(t *testing.T) {
	path := writeFile(t, `source:
  url: a.yaml
live:
  rooms:
    Main Hall: "#main"
    Side: C0SIDE00001
    Bad: general
  lead: forever
  stream_url: ftp://x/{room}
digest:
  time: "25:00"
reminders:
  schedule_ahead: 1s
`)
	_, err := Load(path, env(map[string]string{"SESSIONBOT_LIVE_CHANNEL": "general"}))
	if err == nil {
		t.Fatal("Load accepted a bad live config")
	}
	wants := []string{
		`sessionbot.yaml:5: live.rooms: "Main Hall": want a channel ID like C0123456789`,
		`sessionbot.yaml:7: live.rooms: "Bad": want a channel ID like C0123456789, got "general"`,
		`sessionbot.yaml:8: live.lead: want a duration`,
		`sessionbot.yaml:9: live.stream_url: want an http(s) URL`,
		`sessionbot.yaml:11: digest.time: want a time of day like 08:00, got "25:00"`,
		`sessionbot.yaml:13: reminders.schedule_ahead: want a duration between 10s and 24h0m0s`,
		`SESSIONBOT_LIVE_CHANNEL: live.channel: want a channel ID`,
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%s", w, err)
		}
	}
	_, err = Load("", env(map[string]string{"SESSIONBOT_SOURCE_URL": "a.yaml", "SESSIONBOT_DIGEST_TIME": "08:00"}))
	if err == nil || !strings.Contains(err.Error(), "SESSIONBOT_DIGEST_TIME: digest.time: needs announce.channel") {
		t.Errorf("a digest without announce.channel: %v", err)
	}
	_, err = Load("", env(map[string]string{"SESSIONBOT_SOURCE_URL": "a.yaml", "SESSIONBOT_LIVE_ROOMS": "Main Hall"}))
	if err == nil || !strings.Contains(err.Error(), `SESSIONBOT_LIVE_ROOMS: live.rooms: want room=channel pairs`) {
		t.Errorf("a pair without a channel: %v", err)
	}
}
