package index

import "slices"

// textField is a field free text is searched in, with its weight and how
// much its length counts (BM25F's b: a word in a long abstract says less
// than in a short one; a title's length hardly matters).
type textField struct {
	name   string
	weight float64
	b      float64
}

// plainFields hold words as written. Titles weigh most, speakers next:
// their words are rare, and someone typing a surname means that person.
// Term vectors (positions, byte ranges) are kept in the fields that need
// them — highlights (abstract), quoted phrases, and the phrase filters
// speaker:, company:, track:, room: — and not in descriptions (long, never
// shown) or tags (single words).
var plainFields = []textField{
	{fieldTitle, 3, 0.5}, {fieldSubtitle, 2, 0.5}, {fieldAbstract, 1, 0.75}, {fieldDescription, 0.7, 0.75},
	{fieldSpeaker, 3.5, 0.3}, {fieldCompany, 1.5, 0.3}, {fieldTrackText, 1.2, 0.3}, {fieldTagsText, 1.5, 0.3},
}

// groupFields are where a run of words (a many-word synonym, a run the
// query names) must stand together: in one of these fields.
var groupFields = plainFields[:4]

// plainBit is the lexicon mask bit of a plain field.
func plainBit(name string) uint16 {
	for i, f := range plainFields {
		if f.name == name {
			return 1 << i
		}
	}
	return 0
}

// plainFieldIndex is the index in plainFields of the field name.
func plainFieldIndex(name string) int {
	return slices.IndexFunc(plainFields, func(f textField) bool { return f.name == name })
}

// vectorFields keep term vectors.
var vectorFields = []string{fieldTitle, fieldSubtitle, fieldAbstract, fieldSpeaker, fieldCompany, fieldTrackText, fieldRoomText}

func hasVectors(name string) bool { return slices.Contains(vectorFields, name) }
