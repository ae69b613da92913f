package config

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// keyTableHeader starts each table of keys in docs/configuration.md.
const keyTableHeader = "| key | default | env | meaning |"

// docRow is one row of a key table: its cells, and its line for messages.
type docRow struct {
	line  int
	cells []string
}

// keyRows reads the rows of every key table in doc, by key.
func keyRows(t *testing.T, doc string) map[string][]docRow {
	t.Helper()
	rows := map[string][]docRow{}
	inTable := false
	for i, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == keyTableHeader:
			inTable = true
		case !strings.HasPrefix(line, "|"):
			inTable = false
		case inTable && strings.HasPrefix(line, "|---"):
		case inTable:
			cells := strings.Split(strings.Trim(line, "|"), " | ")
			if len(cells) != 4 {
				t.Errorf("docs/configuration.md:%d: want 4 cells (key, default, env, meaning), got %d: %s", i+1, len(cells), line)
				continue
			}
			for j := range cells {
				cells[j] = strings.TrimSpace(cells[j])
			}
			key := strings.Trim(cells[0], "`")
			rows[key] = append(rows[key], docRow{line: i + 1, cells: cells})
		}
	}
	return rows
}

// TestDocsDocumentEveryKey: docs/configuration.md has one row for each
// key, naming its environment variable and the code's default, and no
// row for a key the code does not know.
func TestDocsDocumentEveryKey(t *testing.T) {
	data, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := keyRows(t, string(data))
	for _, f := range fields {
		found := rows[f.key]
		if len(found) != 1 {
			t.Errorf("docs/configuration.md has %d rows for %s, want 1", len(found), f.key)
			continue
		}
		r := found[0]
		if env := "`" + EnvName(f.key) + "`"; !strings.Contains(r.cells[2], env) {
			t.Errorf("docs/configuration.md:%d: the row for %s does not name %s in its env cell: %q", r.line, f.key, env, r.cells[2])
		}
		if def := "`" + f.def + "`"; f.def != "" && !strings.HasPrefix(r.cells[1], def) {
			t.Errorf("docs/configuration.md:%d: the row for %s gives the default %q, the code %s", r.line, f.key, r.cells[1], def)
		}
	}
	for key, found := range rows {
		if !slices.Contains(Keys(), key) {
			t.Errorf("docs/configuration.md:%d: a row for %q, which is no config key", found[0].line, key)
		}
	}
}

// TestKeyRows: the table reader finds what the docs test relies on, so
// that a table it cannot read fails rather than passes empty.
func TestKeyRows(t *testing.T) {
	doc := "intro\n\n" + keyTableHeader + "\n|---|---|---|---|\n" +
		"| `data_dir` | `./data` | `SESSIONBOT_DATA_DIR` | the store |\n" +
		"| `no.such` | empty | `SESSIONBOT_NO_SUCH` | gone |\n" +
		"\n| variable | default | meaning |\n|---|---|---|\n| `SLACK_BOT_TOKEN` | (required) | the token |\n"
	rows := keyRows(t, doc)
	if len(rows) != 2 || len(rows["data_dir"]) != 1 || len(rows["no.such"]) != 1 {
		t.Fatalf("keyRows read %v, want the rows of data_dir and no.such only", rows)
	}
	if got := rows["data_dir"][0]; got.line != 5 || got.cells[2] != "`SESSIONBOT_DATA_DIR`" {
		t.Errorf("data_dir's row: %+v", got)
	}
}
