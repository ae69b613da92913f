package config

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeDocumentsEveryKey: the README's configuration reference has a
// row for each key, naming its environment variable.
func TestReadmeDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, readme, _ := strings.Cut(string(data), "## Configuration reference")
	for _, key := range Keys() {
		row := "| `" + key + "` |"
		i := strings.Index(readme, row)
		if i < 0 {
			t.Errorf("README's configuration reference has no row for %s", key)
			continue
		}
		line, _, _ := strings.Cut(readme[i:], "\n")
		if !strings.Contains(line, "`"+EnvName(key)+"`") {
			t.Errorf("README's row for %s does not name %s: %s", key, EnvName(key), line)
		}
	}
}
