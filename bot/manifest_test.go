package bot_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/sessionbot/sessionbot/bot"
)

// manifest is the part of manifest.yaml the code depends on.
type manifest struct {
	Features struct {
		AppHome struct {
			HomeTabEnabled bool `yaml:"home_tab_enabled"`
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

// neededScopes are the bot scopes for what sessionbot does: the slash command,
// chat.postMessage (announcements, DMs), conversations.open for DMs,
// conversations.history of its DMs (im:history) and of the announce channel,
// public (channels:history) or private (groups:history) — a post
// interrupted by a crash is looked up there before it is sent again —,
// users.info, and files:write for the agenda's calendar file (files upload
// v2). Scheduled reminders (chat.scheduleMessage and its companions) need
// only chat:write.
var neededScopes = []string{"commands", "chat:write", "im:write", "im:history", "channels:history", "groups:history", "users:read", "files:write"}

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
	for _, s := range neededScopes {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("bot scope %s missing", s)
		}
	}
	if len(m.OAuth.Scopes.Bot) != len(neededScopes) {
		t.Errorf("bot scopes %v, want exactly %v: ask for no more than the code uses", m.OAuth.Scopes.Bot, neededScopes)
	}
	st := m.Settings
	if !st.SocketMode || !st.Interactivity.IsEnabled || st.OrgDeploy || st.TokenRotation {
		t.Errorf("settings %+v: want socket mode and interactivity on, org deploy and token rotation off", st)
	}
	if !slices.Equal(st.Events.BotEvents, []string{"app_home_opened"}) || !m.Features.AppHome.HomeTabEnabled {
		t.Errorf("want the app_home_opened event and the Home tab, got %v, %v", st.Events.BotEvents, m.Features.AppHome.HomeTabEnabled)
	}
	if m.Features.BotUser.DisplayName == "" {
		t.Error("no bot user")
	}
}
