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
// page of results; it also returns the total number of hits.
func (b *Bot) search(ctx context.Context, log *slog.Logger, text string, from int) (blocks.Message, int) {
	q := index.ParseQuery(text, b.opts.Now(), b.opts.Location)
	q.From, q.Size = from, b.opts.PageSize
	if q.Empty() {
		return blocks.NoResults(q), 0
	}
	res, err := b.opts.Index.Search(ctx, q)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		log.Warn("search too slow", slog.Any("error", err))
		return blocks.Notice(searchSlow), 0
	case err != nil:
		log.Error("search failed", slog.Any("error", err))
		return blocks.Notice(searchFailed), 0
	case len(res.Hits) == 0 && from == 0:
		return blocks.NoResults(q), 0
	}
	return blocks.SearchResults(q, res, b.opts.Location, b.opts.PageSize), int(res.Total)
}
