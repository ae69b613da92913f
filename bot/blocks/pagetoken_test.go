package blocks_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/sessionbot/sessionbot/bot/blocks"
	"github.com/sessionbot/sessionbot/index"
)

func TestPageTokenRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		tok  blocks.PageToken
	}{
		{"ascii", blocks.PageToken{Query: "kubernetes secrets", From: 5}},
		{"filters and quotes", blocks.PageToken{Query: `speaker:vargo "base64 is" day:2026-11-28`, From: 995}},
		{"empty query", blocks.PageToken{Query: "", From: 0}},
		{"accents", blocks.PageToken{Query: "café crème brûlée", From: 10}},
		{"500 four-byte runes", blocks.PageToken{Query: strings.Repeat("🎉", index.MaxQueryRunes), From: 100000}},
		{"500 of the highest rune", blocks.PageToken{Query: strings.Repeat("\U0010FFFF", index.MaxQueryRunes), From: 7}},
		{"500 mixed runes", blocks.PageToken{Query: strings.Repeat("a€𝄞é", index.MaxQueryRunes/4), From: 1}},
		{"500 ascii", blocks.PageToken{Query: strings.Repeat("k", index.MaxQueryRunes), From: 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := tt.tok.Encode()
			if len(enc) > 2000 {
				t.Errorf("Encode is %d bytes, want at most 2000", len(enc))
			}
			got, err := blocks.DecodePageToken(enc)
			if err != nil {
				t.Fatalf("DecodePageToken: %v", err)
			}
			if got != tt.tok {
				t.Errorf("round trip = %+v, want %+v", got, tt.tok)
			}
		})
	}
}

func TestPageTokenEncodeClamps(t *testing.T) {
	tok := blocks.PageToken{Query: strings.Repeat("é", 600) + "\xff", From: -4}
	got, err := blocks.DecodePageToken(tok.Encode())
	if err != nil {
		t.Fatal(err)
	}
	want := blocks.PageToken{Query: strings.Repeat("é", index.MaxQueryRunes), From: 0}
	if got != want {
		t.Errorf("got %d runes from %d, want %d from 0", len([]rune(got.Query)), got.From, index.MaxQueryRunes)
	}
}

func TestDecodePageTokenJunk(t *testing.T) {
	b64 := base64.RawURLEncoding.EncodeToString
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"not base64", "!!!"},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte("u\x05kub"))},
		{"unknown version", b64([]byte("x\x05kube"))},
		{"version only", b64([]byte("u"))},
		{"offset too big", b64([]byte("u\xff\xff\xff\xff\x0fkube"))},
		{"truncated offset", b64([]byte("u\xff"))},
		{"invalid utf-8", b64([]byte("u\x05\xff\xfe"))},
		{"too long a query", b64(append([]byte("u\x05"), strings.Repeat("k", 501)...))},
		{"packed bad length", b64([]byte("p\x05\x00"))},
		{"packed surrogate", b64([]byte("p\x05\x06\xc0\x00"))},
		{"packed nonzero padding", b64([]byte("p\x05\x00\x0c\x3f"))},
		{"too long", strings.Repeat("A", 2001)},
		{"a session ID", "k8s-secrets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := blocks.DecodePageToken(tt.in)
			if !errors.Is(err, blocks.ErrBadPageToken) {
				t.Errorf("DecodePageToken(%q) = %+v, %v; want ErrBadPageToken", tt.in, got, err)
			}
		})
	}
}

func FuzzDecodePageToken(f *testing.F) {
	f.Add(blocks.PageToken{Query: "kubernetes", From: 5}.Encode())
	f.Add(blocks.PageToken{Query: strings.Repeat("🎉", 10), From: 5}.Encode())
	f.Add("k8s-secrets")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := blocks.DecodePageToken(s)
		if err != nil {
			return
		}
		again, err := blocks.DecodePageToken(tok.Encode())
		if err != nil || again != tok {
			t.Errorf("%+v does not round-trip: %+v, %v", tok, again, err)
		}
	})
}
