package bot

import (
	"context"
	"errors"
	"log/slog"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/index"
)

// Friendly answers when a search cannot be run.
const (
	searchFailed = "Sorry, the search failed. Please try again in a moment."
	searchSlow   = "Sorry, that search took too long. Try fewer or more specific words."
)

// search runs text as a query from the hit numbered from and renders one
// page of results for userID; it also returns the total number of hits.
// A search without hits still shows the result's notices: a day: the
// programme does not have finds nothing, and its notice lists the days.
func (b *Bot) search(ctx context.Context, log *slog.Logger, text string, from int, userID string) (blocks.Message, int) {
	q := index.ParseQuery(text, b.opts.Now(), b.opts.Location)
	q.From, q.Size = from, b.opts.PageSize
	if q.Empty() {
		return blocks.NoResults(q, index.Result{}), 0
	}
	res, err := b.opts.Index.Search(ctx, q)
	if from == 0 {
		b.observeSearch(err, res)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		log.Warn("search too slow", slog.Any("error", err))
		return blocks.Notice(searchSlow), 0
	case err != nil:
		log.Error("search failed", slog.Any("error", err))
		return blocks.Notice(searchFailed), 0
	case len(res.Hits) == 0 && from == 0:
		return blocks.NoResults(q, res), 0
	}
	opts := b.pageOptions(log, blocks.PageToken{Query: text, From: from}, userID)
	return blocks.SearchPage(q, res, b.opts.Location, b.opts.PageSize, opts), int(res.Total)
}

// pageOptions remembers page under a fresh key and marks the sessions
// userID has reminders for, when reminders are on.
func (b *Bot) pageOptions(log *slog.Logger, page blocks.PageToken, userID string) blocks.PageOptions {
	media := blocks.PageOptions{Now: b.opts.Now(), StreamURL: b.opts.StreamURL}
	if b.opts.Reminders == nil || userID == "" {
		return media
	}
	media.Key, media.Reminded = b.pages.put(page), b.remindedSet(log, userID)
	return media
}
