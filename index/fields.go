package index

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
var plainFields = []textField{
	{fieldTitle, 3, 0.5}, {fieldSubtitle, 2, 0.5}, {fieldAbstract, 1, 0.75}, {fieldDescription, 0.7, 0.75},
	{fieldSpeaker, 3.5, 0.3}, {fieldCompany, 1.5, 0.3}, {fieldTrackText, 1.2, 0.3}, {fieldTagsText, 1.5, 0.3},
}

// pairFields hold neighbouring stems; b is 0 because their lengths are not
// known (they are not in the lexicon).
var pairFields = []textField{{fieldTitlePairs, 3, 0}, {fieldAbstractPairs, 1, 0}}

// plainBit is the lexicon mask bit of a plain field.
func plainBit(name string) uint16 {
	for i, f := range plainFields {
		if f.name == name {
			return 1 << i
		}
	}
	return 0
}
