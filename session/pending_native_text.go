package session

import "errors"

// TEMPORARY: replaced by native.go and text.go (delete this file when they exist).
func parseNative(data []byte, opts Options) ([]Session, []Warning, error) {
	return nil, nil, errors.New("not implemented")
}
func parseText(data []byte, opts Options) ([]Session, []Warning, error) {
	return nil, nil, errors.New("not implemented")
}
