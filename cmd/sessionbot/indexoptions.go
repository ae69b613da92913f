package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/index"
)

// indexOptions turns the configuration into the index's options: it reads
// the synonyms file and checks every synonym group by the index's rules,
// which config cannot import. Each problem names search.synonyms, where its
// value was set and, for a file, the file and line.
func indexOptions(cfg *config.Config) (index.Options, error) {
	groups, err := synonyms(cfg.Search.Synonyms)
	if err != nil {
		return index.Options{}, err
	}
	return index.Options{Location: cfg.Location, Languages: cfg.Search.Languages, Synonyms: groups}, nil
}

// synonyms returns the groups written inline or read from the file.
func synonyms(s config.Synonyms) ([][]string, error) {
	var groups [][]string
	var errs []error
	for _, g := range s.Groups {
		members, err := index.SynonymGroup(g.Members)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: search.synonyms: %w", g.Where, err))
			continue
		}
		groups = append(groups, members)
	}
	if s.File != "" {
		fromFile, err := synonymsFile(s.File)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: search.synonyms: %w", s.Where, err))
		}
		groups = append(groups, fromFile...)
	}
	return groups, errors.Join(errs...)
}

// synonymsFile reads and parses a synonyms file; its errors name the file
// and, for a bad group, the line.
func synonymsFile(path string) ([][]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && strings.Contains(path, ",") {
		return nil, fmt.Errorf(`%w (groups written in the config go in a list: synonyms: ["k8s, kubernetes"])`, err)
	}
	if err != nil {
		return nil, err
	}
	groups, err := index.ParseSynonyms(string(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return groups, nil
}
