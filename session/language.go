package session

import (
	"strings"
	"unicode"
)

// languageNames maps the names programmes use for a language (in English
// and in the language itself, and common three-letter codes) to its ISO 639-1
// code.
var languageNames = map[string]string{
	"english": "en", "englisch": "en", "anglais": "en", "inglés": "en", "ingles": "en", "inglese": "en", "engels": "en", "eng": "en",
	"german": "de", "deutsch": "de", "allemand": "de", "alemán": "de", "aleman": "de", "tedesco": "de", "duits": "de", "deu": "de", "ger": "de",
	"french": "fr", "français": "fr", "francais": "fr", "französisch": "fr", "francés": "fr", "fra": "fr", "fre": "fr",
	"spanish": "es", "español": "es", "espanol": "es", "spanisch": "es", "espagnol": "es", "spa": "es",
	"italian": "it", "italiano": "it", "italienisch": "it", "italien": "it", "ita": "it",
	"dutch": "nl", "nederlands": "nl", "niederländisch": "nl", "néerlandais": "nl", "nld": "nl", "dut": "nl",
	"portuguese": "pt", "português": "pt", "portugues": "pt", "portugiesisch": "pt", "por": "pt",
	"swedish": "sv", "svenska": "sv", "swe": "sv",
	"danish": "da", "dansk": "da", "dan": "da",
	"norwegian": "no", "norsk": "no", "nor": "no", "nb": "no", "nn": "no",
	"finnish": "fi", "suomi": "fi", "fin": "fi",
	"polish": "pl", "polski": "pl", "pol": "pl",
	"czech": "cs", "čeština": "cs", "cestina": "cs", "ces": "cs", "cze": "cs",
	"russian": "ru", "русский": "ru", "rus": "ru",
	"turkish": "tr", "türkçe": "tr", "turkce": "tr", "tur": "tr",
}

// LanguageCode reads a language as programmes write it ("de", "de-DE",
// "en_GB", "English", "Deutsch", "deu"; for a bilingual "de/en" or "en, de"
// the first) and returns its lower-case ISO 639-1 code, or "" when it names
// no language.
func LanguageCode(s string) string {
	for _, part := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '/' || r == ',' || r == ';' || r == '+' || r == '&' || unicode.IsSpace(r)
	}) {
		if code, ok := languageNames[part]; ok {
			return code
		}
		primary, _, _ := strings.Cut(strings.ReplaceAll(part, "_", "-"), "-")
		if code, ok := languageNames[primary]; ok {
			return code
		}
		if len(primary) == 2 && isASCIILetters(primary) {
			return primary
		}
	}
	return ""
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
