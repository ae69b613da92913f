package blocks

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sessionbot/sessionbot/index"
)

// ErrBadPageToken is the error DecodePageToken returns for a value it did not
// make: the caller shows a friendly message instead of a page.
var ErrBadPageToken = errors.New("blocks: bad page token")

// maxTokenFrom bounds PageToken.From; paging never goes that deep.
const maxTokenFrom = 100_000

// Token encodings: the query as UTF-8, or packed in 21 bits a character,
// which keeps a query of 4-byte characters within a button value.
const (
	tokenUTF8   = 'u'
	tokenPacked = 'p'
	runeBits    = 21
)

// PageToken is what a "Next" button carries: the search and the first hit of
// the next page.
type PageToken struct {
	Query string
	From  int
}

// Encode returns t as an opaque, URL-safe string of at most 2000 bytes, a
// button value, for DecodePageToken. The query is cut to index.MaxQueryRunes
// and invalid UTF-8 in it replaced; From is clamped to [0, 100000].
func (t PageToken) Encode() string {
	q := strings.ToValidUTF8(t.Query, "\uFFFD")
	if utf8.RuneCountInString(q) > index.MaxQueryRunes {
		q = string([]rune(q)[:index.MaxQueryRunes])
	}
	head := binary.AppendUvarint(nil, uint64(min(max(t.From, 0), maxTokenFrom)))
	raw := append(append([]byte{tokenUTF8}, head...), q...)
	packed := packRunes(append([]byte{tokenPacked}, head...), q)
	if len(packed) < len(raw) {
		raw = packed
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

// DecodePageToken reads a token made by PageToken.Encode. Anything else is
// an error wrapping ErrBadPageToken.
func DecodePageToken(s string) (PageToken, error) {
	if len(s) > maxButtonValue {
		return PageToken{}, fmt.Errorf("%w: %d bytes", ErrBadPageToken, len(s))
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(raw) < 2 {
		return PageToken{}, fmt.Errorf("%w: not base64", ErrBadPageToken)
	}
	from, n := binary.Uvarint(raw[1:])
	if n <= 0 || from > maxTokenFrom {
		return PageToken{}, fmt.Errorf("%w: bad offset", ErrBadPageToken)
	}
	q, ok := "", false
	switch body := raw[1+n:]; raw[0] {
	case tokenUTF8:
		q, ok = string(body), utf8.Valid(body)
	case tokenPacked:
		q, ok = unpackRunes(body)
	}
	if !ok || utf8.RuneCountInString(q) > index.MaxQueryRunes {
		return PageToken{}, fmt.Errorf("%w: bad query", ErrBadPageToken)
	}
	return PageToken{Query: q, From: int(from)}, nil
}

// packRunes appends the runes of s to dst, runeBits each, most significant
// bit first, the last byte padded with zero bits.
func packRunes(dst []byte, s string) []byte {
	var acc uint64
	bits := 0
	for _, r := range s {
		acc = acc<<runeBits | uint64(r)
		bits += runeBits
		for bits >= 8 {
			bits -= 8
			dst = append(dst, byte(acc>>bits))
		}
	}
	if bits > 0 {
		dst = append(dst, byte(acc<<(8-bits)))
	}
	return dst
}

// unpackRunes reverses packRunes, rejecting a length no rune count gives,
// padding that is not zero and values that are not runes.
func unpackRunes(b []byte) (string, bool) {
	n := len(b) * 8 / runeBits
	if (n*runeBits+7)/8 != len(b) {
		return "", false
	}
	var sb strings.Builder
	var acc uint64
	bits, i := 0, 0
	for range n {
		for bits < runeBits {
			acc = acc<<8 | uint64(b[i])
			i++
			bits += 8
		}
		bits -= runeBits
		r := rune(acc >> bits & (1<<runeBits - 1))
		if !utf8.ValidRune(r) {
			return "", false
		}
		sb.WriteRune(r)
	}
	return sb.String(), acc&(1<<bits-1) == 0
}
