package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// maxSecretSize caps a secret file: a Slack token is well under a kilobyte,
// so anything near this is the wrong file (and /dev/zero must not hang us).
const maxSecretSize = 64 << 10

// secret reads the value of the environment variable name, or the content of
// the file named by name_FILE (Docker and Kubernetes secrets, systemd's
// credentials), trimmed of surrounding white space: a file's trailing newline.
// Setting both is an error, so is a file that can't be read or is empty.
// from names where the value came from, for messages that must never print
// the value itself.
func secret(getenv func(string) string, name string) (value, from string, err error) {
	fileVar := name + "_FILE"
	direct, path := getenv(name), strings.TrimSpace(getenv(fileVar))
	switch {
	case direct != "" && path != "":
		return "", name, fmt.Errorf("both %s and %s are set: set one", name, fileVar)
	case path == "":
		return strings.TrimSpace(direct), name, nil
	}
	from = fileVar + " (" + path + ")"
	data, err := readSecretFile(path)
	if err != nil {
		return "", from, fmt.Errorf("%s: %w", fileVar, err)
	}
	value = strings.TrimSpace(string(data))
	if value == "" {
		return "", from, fmt.Errorf("%s is empty", from)
	}
	return value, from, nil
}

func readSecretFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSecretSize+1))
	if err != nil {
		return nil, err // a *PathError: it names the path
	}
	if len(data) > maxSecretSize {
		return nil, fmt.Errorf("%s is larger than %d KiB: not a token", path, maxSecretSize>>10)
	}
	return data, nil
}

// slackToken reads the Slack token name (or name_FILE) and checks it has the
// prefix of its kind, saying how to get one when it is missing or wrong.
func slackToken(getenv func(string) string, name, prefix, help string) (string, error) {
	value, from, err := secret(getenv, name)
	switch {
	case err != nil:
		return "", fmt.Errorf("  %w", err)
	case value == "":
		return "", fmt.Errorf("  %s is not set (nor %s_FILE). %s", name, name, help)
	}
	return value, checkToken(from, value, prefix, help)
}
