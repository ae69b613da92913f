package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/store"
)

func TestFollowCommands(t *testing.T) {
	p := startPersonal(t)
	steps := []struct{ text, want string }{
		{"follow", "Tell me what to follow"},
		{"follows", "You follow nothing yet"},
		{"follow  Kubernetes ", "Following `kubernetes`"},
		{"follow kubernetes", "already follow"},
		{"FOLLOW rust", "One session matches already"},
		{"follows", "`kubernetes`"},
		{"unfollow", "Tell me what to stop following"},
		{"unfollow go", "don't follow"},
		{"unfollow Rust", "Stopped following `rust`"},
		{"unfollow all", "Stopped following 1 topic"},
		{"unfollow all", "you followed nothing"},
	}
	for _, s := range steps {
		if m := p.slash(t, s.text); !strings.Contains(m.raw, s.want) {
			t.Errorf("/session %s: want %q in %s", s.text, s.want, m.raw)
		}
	}
	if m := p.slash(t, "follow kubernetes"); !strings.Contains(m.raw, "2 sessions match already") {
		t.Errorf("want a hint of current matches: %s", m.raw)
	}
	// Only the closest sessions, none close: no match to hint at.
	if m := p.slash(t, "follow kubernetes zorbl quux"); !strings.Contains(m.raw, "Following") || strings.Contains(m.raw, "already") {
		t.Errorf("want no hint of matches for a follow nothing matches closely: %s", m.raw)
	}
}

func TestFollowLimit(t *testing.T) {
	p := startPersonal(t)
	for i := range store.MaxFollows {
		if m := p.slash(t, fmt.Sprintf("follow topic%d", i)); !strings.Contains(m.raw, "Following") {
			t.Fatalf("follow %d: %s", i, m.raw)
		}
	}
	m := p.slash(t, "follow one too many")
	if !strings.Contains(m.raw, "already follow 20 topics") || strings.Contains(m.raw, "store:") {
		t.Errorf("21st follow: %s", m.raw)
	}
	list := p.slash(t, "follows")
	if !hasButton(t, list, blocks.ActionUnfollow, "topic7") {
		t.Fatalf("no Unfollow button: %s", list.raw)
	}
	after, _ := p.click(t, list, blocks.ActionUnfollow, "topic7", fakeslack.UserID, false)
	if after.ReplaceOriginal == nil || !*after.ReplaceOriginal || strings.Contains(after.raw, "topic7") || !strings.Contains(after.raw, "topic8") {
		t.Errorf("list after unfollowing topic7: %s", after.raw)
	}
	if fs, _ := p.st.UserFollows(fakeslack.UserID); len(fs) != store.MaxFollows-1 {
		t.Errorf("%d follows, want %d", len(fs), store.MaxFollows-1)
	}
}
