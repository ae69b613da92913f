package session

import "errors"

// TEMPORARY: replaced by sessionize.go, frabxml.go and frabjson.go (delete this file when they exist).
func parseSessionize(data []byte, opts Options) ([]Session, []Warning, error) {
	return nil, nil, errors.New("not implemented")
}
func parseFrabXML(data []byte, opts Options) ([]Session, []Warning, error) {
	return nil, nil, errors.New("not implemented")
}
func parseFrabJSON(data []byte, opts Options) ([]Session, []Warning, error) {
	return nil, nil, errors.New("not implemented")
}
