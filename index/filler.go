package index

import (
	"slices"
	"strings"
)

// fillerWords are what people type around the topic when they ask in chat:
// question words, "is there a talk about", greetings, "lol". They are
// dropped from free text (never from a quoted phrase, never all words of a
// query), in the query's language. Words that are also ordinary content
// words in another supported language ("war", "die", "hat" in German) are in
// ambiguousFiller: they count for less when guessing the query's language.
var fillerWords = map[string]string{
	"en": `a an the and or but any anything anyone anybody some something someone somebody
		is are was were be been being am there theres here this that these those it its
		i im me my we us our you your u ur he she they them their his her
		itself myself yourself yourselves ourselves themselves himself herself everything anything nothing
		who whom whose what whats which when where wheres why how hows
		do does did doing done can could would should will shall may might must
		about on of in at to for with from by into onto over regarding re around of
		talk talks talking talked session sessions presentation presentations lecture lectures
		speaking speak speaks spoke present presenting presented presents give gives giving given
		held hold holds find finding search searching look looking see seeing attend attending
		want wanna wants need needs like likes love loved interested interest learn learning know knows hear heard tell tells told
		stuff thing things topic topics info information related regarding
		please pls plz thanks thank thx ty hey hi hello yo lol lmao rofl haha hahaha ok okay btw tbh imo
		just really very also too much many more most good best great cool nice interesting awesome
		recommend recommendations suggestion suggestions suggest get got today tonight tomorrow
		happening scheduled planned going on else other anyone's something's
		someone's there's what's where's who's it's i'm i'd i'll`,
	"de": `der die das den dem des ein eine einer eines einem einen und oder aber
		gibt gibts es etwas irgendwas irgendetwas irgendwelche irgendein irgendeinen was wer wen wem wie wo wann warum wieso welche welcher welches
		über ueber zu zum zur für fuer mit von vom im in an am auf bei beim aus nach um
		ich mich mir du dich dir wir uns ihr euch sie er ist sind war waren sein hat haben habe hab
		kann können koennen könnte möchte moechte will würde wuerde soll sollte suche such suchen finde finden gesucht
		vortrag vorträge vortraege vortrages talk talks session sessions workshop? thema themen infos information
		bitte danke hallo moin servus hi hey lol so noch auch schon eigentlich da hier heute morgen
		interessiert interessant lernen wissen mehr spricht sprechen redet reden erzählt erzaehlt zeigt geht`,
	"fr": `le la les un une des du de d l et ou mais y a il ya est sont qui que quoi quel quelle quels quelles
		quand où ou comment pourquoi sur sur à au aux pour avec dans par en je me moi tu te nous vous on
		cherche chercher trouver veux voudrais aimerais conférence conférences conference exposé présentation
		session sessions talk atelier svp merci bonjour salut lol quelque chose parle parler`,
	"es": `el la los las un una unos unas de del y o pero hay es son qué que quién quien cuál cual cuándo cuando
		dónde donde cómo como por para con en sobre a al yo me mi tú te nosotros algo alguna alguno
		charla charlas sesión sesion sesiones ponencia presentación busco buscar quiero quisiera
		gracias hola lol habla hablar`,
	"it": `il lo la i gli le un uno una di del della dei e o ma c è ci sono chi che cosa quale quando dove come
		perché su sul sulla per con in a al io mi tu noi qualcosa talk sessione sessioni intervento
		cerco cercare voglio vorrei grazie ciao lol parla parlare`,
	"nl": `de het een en of maar is er zijn wie wat welke wanneer waar hoe waarom over op van in aan voor met
		ik mij me je jij we wij iets iemand praatje sessie sessies lezing zoek zoeken wil graag
		bedankt dank hallo hoi lol spreekt praten`,
	"pt": `o a os as um uma de do da dos das e ou mas há tem é são quem que qual quando onde como por para
		com em sobre eu me algo alguma palestra palestras sessão sessões procuro quero obrigado olá lol fala`,
}

// ambiguousFiller are filler words that are also common content words of
// another language ("war" is German for "was", "hat" as in "Red Hat").
var ambiguousFiller = map[string]bool{
	"war": true, "die": true, "hat": true, "will": true, "also": true, "so": true, "an": true, "in": true,
	"am": true, "was": true, "da": true, "man": true, "kind": true, "hier": true, "um": true, "sie": true,
	"the": true, "of": true, "on": true, "de": true, "a": true, "is": true, "i": true, "me": true, "talk": true,
	"talks": true, "session": true, "sessions": true, "workshop": true, "hi": true, "hey": true, "lol": true,
	"en": true, "et": true, "la": true, "le": true, "el": true, "y": true, "o": true, "e": true,
	"es": true, "ist": true, "tag": true, "con": true, "per": true, "come": true, "dove": true, "chi": true,
	"ce": true, "via": true, "met": true, "over": true, "van": true, "op": true, "sobre": true,
}

// fillerSets is fillerWords as sets, built once from the constant text.
type fillerSets map[string]map[string]bool

func newFillerSets() fillerSets {
	out := fillerSets{}
	for lang, text := range fillerWords {
		set := map[string]bool{}
		for _, w := range strings.Fields(text) {
			set[strings.TrimSuffix(w, "?")] = true
		}
		out[lang] = set
	}
	return out
}

// dropFiller returns words without the filler of the language the query is
// in (English unless there are at least two signs of another of langs).
// Unless the query has more than these words (othersLeft), it never drops
// every word: a query of nothing but filler ("talks") keeps those that are
// not stop words (which alone mean nothing: "the").
func (fs fillerSets) dropFiller(words []string, langs []string, othersLeft bool, stops map[string]map[string]bool) []string {
	lang := fs.queryLanguage(words, langs)
	var kept []string
	for _, w := range words {
		if !fs[lang][w] {
			kept = append(kept, w)
		}
	}
	if len(kept) > 0 || othersLeft {
		return kept
	}
	for _, w := range words {
		if !stops[lang][w] {
			kept = append(kept, w)
		}
	}
	return kept
}

// queryLanguage guesses the language of a query from its filler words: a
// language other than English needs two points (a word only it uses counts
// two, an ambiguous one one) and more than English has.
func (fs fillerSets) queryLanguage(words []string, langs []string) string {
	best, bestScore := "en", 0
	for _, w := range words {
		if fs["en"][w] {
			bestScore++
		}
	}
	for _, l := range langs {
		set, ok := fs[l]
		if !ok || l == "en" {
			continue
		}
		score := 0
		for _, w := range words {
			switch {
			case !set[w]:
			case ambiguousFiller[w] || fs["en"][w]:
				score++
			default:
				score += 2
			}
		}
		if score >= 2 && score > bestScore {
			best, bestScore = l, score
		}
	}
	if _, ok := fs[best]; !ok || !slices.Contains(append([]string{"en"}, langs...), best) {
		return "en"
	}
	return best
}
