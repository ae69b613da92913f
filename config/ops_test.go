package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestOpsAndBackup(t *testing.T) {
	path := writeFile(t, "source:\n  url: a.yaml\nops:\n  listen: 127.0.0.1:9090\nbackup:\n  schedule: '0 3 * * *'\n  dir: ../backups\n  keep: 14\n")
	got, err := Load(path, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := struct {
		Ops    Ops
		Backup Backup
	}{Ops{Listen: "127.0.0.1:9090"}, Backup{Schedule: "0 3 * * *", Dir: filepath.Join(filepath.Dir(path), "..", "backups"), Keep: 14}}
	if diff := cmp.Diff(want, struct {
		Ops    Ops
		Backup Backup
	}{got.Ops, got.Backup}); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got, err = Load("", env(map[string]string{"SESSIONBOT_SOURCE_URL": "a.yaml", "SESSIONBOT_OPS_LISTEN": "[::1]:9091",
		"SESSIONBOT_DATA_DIR": "/var/lib/sessionbot", "SESSIONBOT_BACKUP_SCHEDULE": "@every 6h"}))
	if err != nil {
		t.Fatal(err)
	}
	if got.Ops.Listen != "[::1]:9091" || got.Backup != (Backup{Schedule: "@every 6h", Dir: "/var/lib/sessionbot/backups", Keep: 7}) {
		t.Errorf("from the environment: %+v %+v", got.Ops, got.Backup)
	}
}

func TestOpsAndBackupInvalid(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{"ops.listen", "9090", "want host:port like 127.0.0.1:9090"},
		{"ops.listen", "127.0.0.1:99999", "want host:port"},
		{"ops.listen", "127.0.0.1:http", "want host:port"},
		{"ops.listen", "127.0.0.1:0", "want host:port"},
		{"ops.listen", "example.org:9090", "want an IP address or localhost"},
		{"backup.schedule", "daily", "invalid cron spec"},
		{"backup.keep", "0", "want how many backups to keep, from 1 to 1000"},
		{"backup.keep", "many", "want how many backups to keep, from 1 to 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			_, err := Load("", env(map[string]string{"SESSIONBOT_SOURCE_URL": "a.yaml", EnvName(tt.key): tt.value}))
			if err == nil || !strings.Contains(err.Error(), EnvName(tt.key)+": "+tt.key+": "+tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	for _, ok := range []string{"localhost:9090", ":9090", "0.0.0.0:9090", "[::]:9090"} {
		if _, err := Load("", env(map[string]string{"SESSIONBOT_SOURCE_URL": "a.yaml", "SESSIONBOT_OPS_LISTEN": ok})); err != nil {
			t.Errorf("ops.listen %q: %v", ok, err)
		}
	}
}
