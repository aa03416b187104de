package draft

import (
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// Cleaned is a raw page with its chrome removed.
type Cleaned struct {
	// Page is the article: the site's headline and introduction, if any,
	// and the statement, without the navigation, share buttons and the like
	// around them. Dates and places are looked for here.
	Page string
	// Statement is the statement's own text: what follows a lead-in such as
	// "وفيما يلي نص البيان:", or the whole Page when there is none. It is the
	// source text that quotes are taken from.
	Statement string
	// LeadIn is the lead-in as written, "" when there is none.
	LeadIn string
}

// StripChrome removes page chrome from text saved from a web page: short
// lines (navigation, section names) and known chrome (share buttons, "back
// to top", copyright lines) before the first sentence and after the last one.
// The last line before the first sentence is kept even when it is short: it
// is the headline. The article between stays as it is, except that runs of
// blank lines become one and trailing spaces go.
func StripChrome(text string) Cleaned {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	first, last := len(lines), -1
	for i, l := range lines {
		if hasSentence(l) && !isChrome(l) { // "© 2019 Example News. All rights reserved." is no article
			if first == len(lines) {
				first = i
			}
			last = i
		}
	}
	keep := make([]bool, len(lines))
	for i := range lines {
		keep[i] = i >= first && i <= last
	}
	headline := -1
	for i := first - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) != "" && !isChrome(lines[i]) {
			headline = i
			break
		}
	}
	for i := 0; i < first; i++ {
		l := lines[i]
		keep[i] = strings.TrimSpace(l) == "" || i == headline || (!isChrome(l) && !isShort(l))
	}
	for i := max(last+1, first); i < len(lines); i++ {
		l := lines[i]
		keep[i] = strings.TrimSpace(l) == "" || (!isChrome(l) && !isShort(l))
	}
	page := joinKept(lines, keep)
	c := Cleaned{Page: page, Statement: page}
	if leadIn, rest, ok := cutLeadIn(page); ok {
		c.LeadIn, c.Statement = leadIn, rest
	}
	return c
}

// joinKept joins the kept lines, one blank line at most between two, none at
// either end.
func joinKept(lines []string, keep []bool) string {
	var b strings.Builder
	blank := false
	for i, l := range lines {
		if !keep[i] {
			continue
		}
		if strings.TrimSpace(l) == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(l)
	}
	return b.String()
}

// maxShortWords is how many words a line of navigation or a section name
// has at most. A short line with a digit may be a dateline; it stays.
const maxShortWords = 3

// isShort reports whether a line is short enough to be navigation: a few
// words, no digit, no sentence end.
func isShort(line string) bool {
	n := 0
	for _, f := range strings.Fields(line) {
		if strings.IndexFunc(f, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return n <= maxShortWords && strings.IndexFunc(line, unicode.IsDigit) < 0 && !hasSentence(line)
}

// maxChromeBytes is longer than any line of chrome: a longer line is text.
const maxChromeBytes = 300

// chromePhrases are whole lines that web pages put around an article,
// folded (see arabic.Normalize).
var chromePhrases = foldedSet(
	"back to top", "to top", "top", "زر الذهاب إلى الأعلى", "الذهاب إلى الأعلى", "العودة إلى الأعلى", "إلى الأعلى", "للأعلى",
	"read more", "read also", "see also", "related", "related articles", "related news", "more news", "you may also like",
	"اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "اقرأ المزيد", "أخبار ذات صلة", "مقالات ذات صلة", "مواضيع ذات صلة", "قد يعجبك أيضا",
	"share", "share this", "share this article", "share on facebook", "share on twitter", "share on x", "copy link", "print",
	"شارك", "شارك الخبر", "مشاركة", "شارك على فيسبوك", "نسخ الرابط", "طباعة", "أرسل لصديق",
	"home", "menu", "search", "skip to content", "skip to main content", "main menu", "navigation",
	"الرئيسية", "القائمة", "بحث", "القائمة الرئيسية", "تخطى إلى المحتوى",
	"tags", "الوسوم", "كلمات مفتاحية", "advertisement", "إعلان", "subscribe", "اشترك", "newsletter", "sign in", "log in",
	"all rights reserved", "جميع الحقوق محفوظة",
)

// chromeWords are the words of a row of share buttons ("Facebook Twitter
// WhatsApp"); a line made only of them is chrome.
var chromeWords = foldedSet(
	"facebook", "twitter", "x", "whatsapp", "telegram", "linkedin", "pinterest", "reddit", "messenger", "email", "e-mail",
	"tumblr", "viber", "print", "share", "tweet", "copy", "link",
	"فيسبوك", "فيس", "بوك", "تويتر", "واتساب", "واتس", "آب", "تيليجرام", "تلغرام", "لينكد", "إن", "لينكدإن", "البريد",
	"الإلكتروني", "طباعة", "شارك", "مشاركة", "نسخ", "الرابط",
)

func foldedSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[arabic.Normalize(w)] = true
	}
	return m
}

// isChrome reports whether a line is known page chrome: a known phrase, a
// row of share buttons, a copyright line, a tag list, or breadcrumbs made of
// such words ("Home | News").
func isChrome(line string) bool {
	if len(line) > maxChromeBytes {
		return false
	}
	f := arabic.Normalize(strings.TrimFunc(line, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	}))
	if f == "" {
		return strings.TrimSpace(line) != "" // a rule of dashes or stars
	}
	if chromePhrases[f] {
		return true
	}
	if strings.HasPrefix(f, "©") || strings.HasPrefix(f, "copyright") || strings.HasPrefix(strings.TrimSpace(line), "©") {
		return true
	}
	if head, _, ok := strings.Cut(f, ":"); ok && (head == "tags" || head == "الوسوم" || head == "كلمات مفتاحيه") {
		return true
	}
	if isBreadcrumbs(f) {
		return true
	}
	parts := strings.FieldsFunc(f, func(r rune) bool { return unicode.IsSpace(r) || isCrumbSeparator(r) })
	for _, p := range parts {
		if !chromeWords[p] && !chromePhrases[p] {
			return false
		}
	}
	return len(parts) > 0
}

func isCrumbSeparator(r rune) bool {
	return r == '|' || r == '›' || r == '»' || r == '>' || r == '/' || r == '•' || r == '·' || r == '«' || r == '‹' || r == '<'
}

// isBreadcrumbs reports a folded line of navigation: two or more short items
// between separators ("home | news | middle east", "الرئيسية » أخبار").
func isBreadcrumbs(f string) bool {
	items := strings.FieldsFunc(f, isCrumbSeparator)
	if len(items) < 2 || !strings.ContainsFunc(f, isCrumbSeparator) {
		return false
	}
	for _, it := range items {
		if n := len(strings.Fields(it)); n == 0 || n > maxShortWords || hasSentence(it) {
			return false
		}
	}
	return true
}
