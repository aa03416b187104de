package schedule

import (
	"slices"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// Place is a city or country name people write for a time zone.
type Place struct {
	Name string // as written: "بغداد", "Baghdad", "New York"
	Zone string // its IANA zone
}

// places are the names LoadZone knows, by zone: every Arab capital and
// country, and the large newsroom cities elsewhere, in Arabic and English.
// A name listed under two zones (عمان: Amman and Oman) is ambiguous.
var places = []struct {
	zone  string
	names []string
}{
	{"Asia/Baghdad", []string{"بغداد", "Baghdad", "العراق", "Iraq", "أربيل", "Erbil", "البصرة", "Basra", "الموصل", "Mosul", "النجف", "Najaf", "كربلاء", "Karbala", "السليمانية", "Sulaymaniyah", "كركوك", "Kirkuk"}},
	{"Asia/Riyadh", []string{"الرياض", "Riyadh", "السعودية", "المملكة العربية السعودية", "Saudi Arabia", "Saudi", "KSA", "جدة", "Jeddah", "مكة", "مكة المكرمة", "Mecca", "Makkah", "المدينة المنورة", "Medina", "الدمام", "Dammam"}},
	{"Asia/Dubai", []string{"دبي", "Dubai", "أبوظبي", "أبو ظبي", "Abu Dhabi", "الإمارات", "الإمارات العربية المتحدة", "United Arab Emirates", "UAE", "Emirates", "الشارقة", "Sharjah"}},
	{"Asia/Kuwait", []string{"الكويت", "Kuwait", "Kuwait City"}},
	{"Asia/Qatar", []string{"الدوحة", "Doha", "قطر", "Qatar"}},
	{"Asia/Bahrain", []string{"المنامة", "Manama", "البحرين", "Bahrain"}},
	{"Asia/Muscat", []string{"مسقط", "Muscat", "عُمان", "عمان", "سلطنة عمان", "Oman"}},
	{"Asia/Amman", []string{"عمّان", "عمان", "Amman", "الأردن", "Jordan", "إربد", "Irbid", "الزرقاء", "Zarqa"}},
	{"Asia/Beirut", []string{"بيروت", "Beirut", "لبنان", "Lebanon", "صيدا", "Sidon", "صور", "Tyre"}},
	{"Asia/Damascus", []string{"دمشق", "Damascus", "سوريا", "سورية", "Syria", "حلب", "Aleppo", "حمص", "Homs", "اللاذقية", "Latakia"}},
	{"Asia/Jerusalem", []string{"القدس", "Jerusalem", "تل أبيب", "Tel Aviv", "Israel"}},
	{"Asia/Hebron", []string{"رام الله", "Ramallah", "فلسطين", "Palestine", "الضفة الغربية", "West Bank", "الخليل", "Hebron", "نابلس", "Nablus"}},
	{"Asia/Gaza", []string{"غزة", "Gaza", "قطاع غزة", "Gaza Strip"}},
	{"Asia/Aden", []string{"صنعاء", "Sanaa", "Sana'a", "عدن", "Aden", "اليمن", "Yemen"}},
	{"Africa/Cairo", []string{"القاهرة", "Cairo", "مصر", "Egypt", "الإسكندرية", "Alexandria", "الجيزة", "Giza"}},
	{"Africa/Khartoum", []string{"الخرطوم", "Khartoum", "السودان", "Sudan", "بورتسودان", "Port Sudan"}},
	{"Africa/Juba", []string{"جوبا", "Juba", "جنوب السودان", "South Sudan"}},
	{"Africa/Tripoli", []string{"طرابلس", "Tripoli", "ليبيا", "Libya", "بنغازي", "Benghazi", "مصراتة", "Misrata"}},
	{"Africa/Tunis", []string{"تونس", "Tunis", "Tunisia", "صفاقس", "Sfax"}},
	{"Africa/Algiers", []string{"الجزائر", "Algiers", "Algeria", "وهران", "Oran"}},
	{"Africa/Casablanca", []string{"الرباط", "Rabat", "المغرب", "Morocco", "الدار البيضاء", "Casablanca", "مراكش", "Marrakesh", "Marrakech", "طنجة", "Tangier"}},
	{"Africa/Nouakchott", []string{"نواكشوط", "Nouakchott", "موريتانيا", "Mauritania"}},
	{"Africa/Mogadishu", []string{"مقديشو", "Mogadishu", "الصومال", "Somalia"}},
	{"Africa/Djibouti", []string{"جيبوتي", "Djibouti"}},
	{"Indian/Comoro", []string{"موروني", "Moroni", "جزر القمر", "القمر", "Comoros"}},
	{"Asia/Tehran", []string{"طهران", "Tehran", "إيران", "Iran"}},
	{"Europe/Istanbul", []string{"إسطنبول", "اسطنبول", "Istanbul", "أنقرة", "Ankara", "تركيا", "Turkey", "Türkiye"}},
	{"Asia/Nicosia", []string{"نيقوسيا", "Nicosia", "قبرص", "Cyprus"}},
	{"Europe/Athens", []string{"أثينا", "Athens", "اليونان", "Greece"}},
	{"Europe/London", []string{"لندن", "London", "بريطانيا", "المملكة المتحدة", "United Kingdom", "UK", "Britain", "Great Britain", "England"}},
	{"Europe/Dublin", []string{"دبلن", "Dublin", "أيرلندا", "Ireland"}},
	{"Europe/Paris", []string{"باريس", "Paris", "فرنسا", "France"}},
	{"Europe/Berlin", []string{"برلين", "Berlin", "ألمانيا", "Germany", "فرانكفورت", "Frankfurt", "ميونخ", "Munich"}},
	{"Europe/Brussels", []string{"بروكسل", "Brussels", "بلجيكا", "Belgium"}},
	{"Europe/Amsterdam", []string{"أمستردام", "Amsterdam", "لاهاي", "The Hague", "هولندا", "Netherlands"}},
	{"Europe/Zurich", []string{"جنيف", "Geneva", "زيورخ", "Zurich", "سويسرا", "Switzerland"}},
	{"Europe/Vienna", []string{"فيينا", "Vienna", "النمسا", "Austria"}},
	{"Europe/Rome", []string{"روما", "Rome", "إيطاليا", "Italy"}},
	{"Europe/Madrid", []string{"مدريد", "Madrid", "إسبانيا", "Spain"}},
	{"Europe/Stockholm", []string{"ستوكهولم", "Stockholm", "السويد", "Sweden"}},
	{"Europe/Moscow", []string{"موسكو", "Moscow", "روسيا", "Russia"}},
	{"Europe/Kyiv", []string{"كييف", "Kyiv", "Kiev", "أوكرانيا", "Ukraine"}},
	{"America/New_York", []string{"واشنطن", "Washington", "Washington DC", "نيويورك", "New York", "New York City", "NYC"}},
	{"America/Chicago", []string{"شيكاغو", "Chicago"}},
	{"America/Los_Angeles", []string{"لوس أنجلوس", "Los Angeles", "سان فرانسيسكو", "San Francisco"}},
	{"America/Toronto", []string{"تورونتو", "Toronto", "أوتاوا", "Ottawa", "مونتريال", "Montreal"}},
	{"America/Sao_Paulo", []string{"ساو باولو", "São Paulo", "Sao Paulo", "البرازيل", "Brazil"}},
	{"Africa/Nairobi", []string{"نيروبي", "Nairobi", "كينيا", "Kenya"}},
	{"Africa/Addis_Ababa", []string{"أديس أبابا", "Addis Ababa", "إثيوبيا", "Ethiopia"}},
	{"Africa/Lagos", []string{"لاغوس", "Lagos", "أبوجا", "Abuja", "نيجيريا", "Nigeria"}},
	{"Africa/Johannesburg", []string{"جوهانسبرغ", "Johannesburg", "جنوب أفريقيا", "South Africa"}},
	{"Asia/Karachi", []string{"كراتشي", "Karachi", "إسلام أباد", "Islamabad", "باكستان", "Pakistan"}},
	{"Asia/Kabul", []string{"كابل", "Kabul", "أفغانستان", "Afghanistan"}},
	{"Asia/Kolkata", []string{"نيودلهي", "New Delhi", "دلهي", "Delhi", "مومباي", "Mumbai", "الهند", "India"}},
	{"Asia/Shanghai", []string{"بكين", "Beijing", "شنغهاي", "Shanghai", "الصين", "China"}},
	{"Asia/Hong_Kong", []string{"هونغ كونغ", "Hong Kong"}},
	{"Asia/Singapore", []string{"سنغافورة", "Singapore"}},
	{"Asia/Jakarta", []string{"جاكرتا", "Jakarta", "إندونيسيا", "Indonesia"}},
	{"Asia/Kuala_Lumpur", []string{"كوالالمبور", "Kuala Lumpur", "ماليزيا", "Malaysia"}},
	{"Asia/Tokyo", []string{"طوكيو", "Tokyo", "اليابان", "Japan"}},
	{"Asia/Seoul", []string{"سيول", "Seoul", "كوريا الجنوبية", "South Korea"}},
	{"Australia/Sydney", []string{"سيدني", "Sydney", "كانبرا", "Canberra"}},
}

// diacritized are spellings whose diacritics tell apart names that fold
// together: عمّان is Amman, عُمان is Oman.
var diacritized = strings.NewReplacer("عَمّان", "Amman", "عمّان", "Amman", "عُمان", "Oman")

// placeKey folds a place name for lookup: its diacritics first tell apart
// the names that fold together, then PlaceKey's folding applies.
func placeKey(s string) string { return PlaceKey(diacritized.Replace(s)) }

// PlaceKey folds a place name, or the start of one being typed, as names
// are compared: Arabic spelling variants, diacritics and case fold
// (arabic.Normalize), hyphens, underscores and dots are spaces, and
// "بتوقيت" or "time" around the name are dropped ("بتوقيت بغداد", "Dubai
// time").
func PlaceKey(s string) string {
	s = foldPlace(s)
	for _, p := range []string{"بتوقيت ", "توقيت ", "time in ", "ب"} {
		if rest, ok := strings.CutPrefix(s, p); ok && (p != "ب" || placeIndex()[rest] != nil) {
			s = rest
			break
		}
	}
	return strings.TrimSuffix(s, " time")
}

// punctuation in place names that people type or leave out.
var placePunct = strings.NewReplacer("-", " ", "_", " ", ".", " ", "'", "", "’", "")

func foldPlace(s string) string { return arabic.Normalize(placePunct.Replace(s)) }

// placeIndex maps folded place names to their zones, built once.
var placeIndex = sync.OnceValue(func() map[string][]string {
	idx := map[string][]string{}
	for _, p := range places {
		for _, n := range p.names {
			k := foldPlace(diacritized.Replace(n))
			if !slices.Contains(idx[k], p.zone) {
				idx[k] = append(idx[k], p.zone)
			}
		}
	}
	return idx
})

// placeZones returns the zones a place name means: none, one, or several
// when the name is ambiguous.
func placeZones(name string) []string { return placeIndex()[placeKey(name)] }

// Places lists every place name LoadZone knows with its zone, the region's
// first, for completing a zone as it is typed.
func Places() []Place {
	var out []Place
	for _, p := range places {
		for _, n := range p.names {
			out = append(out, Place{Name: n, Zone: p.zone})
		}
	}
	return out
}
