package draft

// city is a place where statements are issued, with the names it goes by.
type city struct {
	en string
	ar []string // Arabic spellings; the first is the one a draft writes
	// alt are other English names ("Washington, D.C." is matched by its
	// first word).
	alt []string
}

// cities are the capitals and meeting places that official statements name,
// with the spellings Arabic pages use. It is data, not a rule: add a city
// here when a draft misses one. Names that are also common words or
// countries (عمان is Amman and Oman, الكويت and تونس the country too) are
// left out; the curator writes those.
var cities = []city{
	{en: "Washington", ar: []string{"واشنطن"}},
	{en: "New York", ar: []string{"نيويورك"}},
	{en: "London", ar: []string{"لندن"}},
	{en: "Paris", ar: []string{"باريس"}},
	{en: "Berlin", ar: []string{"برلين"}},
	{en: "Rome", ar: []string{"روما"}},
	{en: "Brussels", ar: []string{"بروكسل"}},
	{en: "Geneva", ar: []string{"جنيف"}},
	{en: "Vienna", ar: []string{"فيينا"}},
	{en: "The Hague", ar: []string{"لاهاي"}, alt: []string{"Hague"}},
	{en: "Madrid", ar: []string{"مدريد"}},
	{en: "Lisbon", ar: []string{"لشبونة"}},
	{en: "Amsterdam", ar: []string{"أمستردام"}},
	{en: "Stockholm", ar: []string{"ستوكهولم"}},
	{en: "Oslo", ar: []string{"أوسلو"}},
	{en: "Copenhagen", ar: []string{"كوبنهاغن", "كوبنهاجن"}},
	{en: "Warsaw", ar: []string{"وارسو"}},
	{en: "Athens", ar: []string{"أثينا"}},
	{en: "Moscow", ar: []string{"موسكو"}},
	{en: "Sochi", ar: []string{"سوتشي"}},
	{en: "Astana", ar: []string{"أستانا", "آستانة"}},
	{en: "Ankara", ar: []string{"أنقرة"}},
	{en: "Istanbul", ar: []string{"إسطنبول", "اسطنبول"}},
	{en: "Tehran", ar: []string{"طهران"}},
	{en: "Baghdad", ar: []string{"بغداد"}},
	{en: "Erbil", ar: []string{"أربيل"}},
	{en: "Damascus", ar: []string{"دمشق"}},
	{en: "Beirut", ar: []string{"بيروت"}},
	{en: "Jerusalem", ar: []string{"القدس"}},
	{en: "Ramallah", ar: []string{"رام الله"}},
	{en: "Cairo", ar: []string{"القاهرة"}},
	{en: "Sharm el-Sheikh", ar: []string{"شرم الشيخ"}, alt: []string{"Sharm El Sheikh"}},
	{en: "Riyadh", ar: []string{"الرياض"}},
	{en: "Jeddah", ar: []string{"جدة"}},
	{en: "Doha", ar: []string{"الدوحة"}},
	{en: "Abu Dhabi", ar: []string{"أبوظبي", "أبو ظبي"}},
	{en: "Dubai", ar: []string{"دبي"}},
	{en: "Manama", ar: []string{"المنامة"}},
	{en: "Muscat", ar: []string{"مسقط"}},
	{en: "Sanaa", ar: []string{"صنعاء"}, alt: []string{"Sana'a"}},
	{en: "Aden", ar: []string{"عدن"}},
	{en: "Khartoum", ar: []string{"الخرطوم"}},
	{en: "Tripoli", ar: []string{"طرابلس"}},
	{en: "Algiers", ar: []string{"الجزائر العاصمة"}},
	{en: "Rabat", ar: []string{"الرباط"}},
	{en: "Marrakesh", ar: []string{"مراكش"}, alt: []string{"Marrakech"}},
	{en: "Nouakchott", ar: []string{"نواكشوط"}},
	{en: "Kabul", ar: []string{"كابول"}},
	{en: "Islamabad", ar: []string{"إسلام آباد", "اسلام اباد"}},
	{en: "New Delhi", ar: []string{"نيودلهي"}},
	{en: "Beijing", ar: []string{"بكين"}},
	{en: "Tokyo", ar: []string{"طوكيو"}},
	{en: "Ottawa", ar: []string{"أوتاوا"}},
	{en: "Canberra", ar: []string{"كانبرا"}},
	{en: "Munich", ar: []string{"ميونخ"}},
	{en: "Davos", ar: []string{"دافوس"}},
}
