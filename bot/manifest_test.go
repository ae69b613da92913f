package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"

	"github.com/sessionbot/sessionbot/bot"
)

// manifest is the part of manifest.yaml the code depends on.
type manifest struct {
	Features struct {
		AppHome struct {
			HomeTabEnabled      bool `yaml:"home_tab_enabled"`
			MessagesTab         bool `yaml:"messages_tab_enabled"`
			MessagesTabReadOnly bool `yaml:"messages_tab_read_only_enabled"`
		} `yaml:"app_home"`
		BotUser struct {
			DisplayName string `yaml:"display_name"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command     string `yaml:"command"`
			Description string `yaml:"description"`
			UsageHint   string `yaml:"usage_hint"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		SocketMode    bool `yaml:"socket_mode_enabled"`
		OrgDeploy     bool `yaml:"org_deploy_enabled"`
		TokenRotation bool `yaml:"token_rotation_enabled"`
	} `yaml:"settings"`
}

// methodScopes are the bot scopes each slack-go Client method the code
// calls needs, as Slack's method pages list them: chat.postMessage
// (announcements, DMs) and chat.scheduleMessage with its companions need
// chat:write; conversations.open for DMs im:write; conversations.history of
// the DMs (im:history) and of the announce or room channel, public
// (channels:history) or private (groups:history) — a post interrupted by a
// crash is looked up there before it is sent again; files upload v2 (the
// agenda's calendar file) files:write. auth.test, views.publish and
// apps.connections.open (the app-level token's) need no bot scope.
var methodScopes = map[string][]string{
	"AuthTestContext":               nil,
	"PostMessageContext":            {"chat:write"},
	"ScheduleMessageContext":        {"chat:write"},
	"DeleteScheduledMessageContext": {"chat:write"},
	"GetScheduledMessagesContext":   {"chat:write"},
	"OpenConversationContext":       {"im:write"},
	"GetConversationHistoryContext": {"im:history", "channels:history", "groups:history"},
	"PublishViewContext":            nil,
	"StartSocketModeContext":        nil,
	"UploadFileContext":             {"files:write"},
}

// neededScopes is what the code asks of Slack: commands for /session, and
// the scopes of every slack-go Client method called outside the tests and
// the stand-in (fakeslack, playground).
func neededScopes(t *testing.T) []string {
	t.Helper()
	client := map[string]bool{}
	ct := reflect.TypeOf(&slack.Client{})
	for i := range ct.NumMethod() {
		client[ct.Method(i).Name] = true
	}
	needed := []string{"commands"}
	called := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "fakeslack" || d.Name() == "playground" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "..":
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && client[sel.Sel.Name] && strings.HasSuffix(sel.Sel.Name, "Context") {
					called[sel.Sel.Name] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(called) < 5 {
		t.Fatalf("found only %v: the walk missed the code", called)
	}
	for m := range called {
		scopes, ok := methodScopes[m]
		if !ok {
			t.Errorf("the code calls slack-go's %s: add the scopes it needs to methodScopes (from Slack's method page)", m)
		}
		needed = append(needed, scopes...)
	}
	for m := range methodScopes {
		if !called[m] {
			t.Errorf("methodScopes lists %s, which the code no longer calls", m)
		}
	}
	slices.Sort(needed)
	return slices.Compact(needed)
}

func TestManifestMatchesCode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	cmds := m.Features.SlashCommands
	if len(cmds) != 1 || cmds[0].Command != bot.Command || cmds[0].Description == "" || cmds[0].UsageHint == "" {
		t.Errorf("slash commands %+v, want only %s with a description and usage hint", cmds, bot.Command)
	}
	needed := neededScopes(t)
	if got := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot)); !slices.Equal(got, needed) {
		t.Errorf("bot scopes %v, want exactly %v: what the code calls, and no more", got, needed)
	}
	st := m.Settings
	if !st.SocketMode || !st.Interactivity.IsEnabled || st.OrgDeploy || st.TokenRotation {
		t.Errorf("settings %+v: want socket mode and interactivity on, org deploy and token rotation off", st)
	}
	if !slices.Equal(st.Events.BotEvents, []string{"app_home_opened"}) || !m.Features.AppHome.HomeTabEnabled {
		t.Errorf("want the app_home_opened event and the Home tab, got %v, %v", st.Events.BotEvents, m.Features.AppHome.HomeTabEnabled)
	}
	if home := m.Features.AppHome; !home.MessagesTab || !home.MessagesTabReadOnly {
		t.Errorf("Messages tab %v, read-only %v: want it shown (people find their reminders and notices there) and read-only (the bot reads no DMs)",
			home.MessagesTab, home.MessagesTabReadOnly)
	}
	if m.Features.BotUser.DisplayName == "" {
		t.Error("no bot user")
	}
}
