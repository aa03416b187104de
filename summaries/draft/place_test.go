package draft

import (
	"testing"

	"github.com/briefbot/briefbot/summaries"
)

func TestFindPlace(t *testing.T) {
	tests := []struct {
		in     string
		ar, en string
	}{
		{"إجتماع تم تنظيمها في العاصمة الأمريكية واشنطن , تطرق", "واشنطن", "Washington"},
		{"WASHINGTON, November 14 — The ministers met.", "واشنطن", "Washington"},
		{"بغداد - أعلنت الحكومة اليوم", "بغداد", "Baghdad"},
		{"Ministers met in Brussels on Thursday.", "بروكسل", "Brussels"},
		{"اجتمع الوزراء بالرياض أمس.", "الرياض", "Riyadh"},
		{"عقد الاجتماع في أبو ظبي.", "أبوظبي", "Abu Dhabi"},
		{"الاجتماع المقبل في العاصمة الأوزبكية طشقند.", "طشقند", ""},
		{"The meeting was held in the capital, Tashkent.", "", "Tashkent"},
		// Mentions are not places.
		{"حررت بغداد والموصل من داعش.", "", ""},
		{"Paris and London support the effort.", "", ""},
		{"see paris.example.org", "", ""},
	}
	for _, tt := range tests {
		got := FindPlace(tt.in).Place
		if got != (summaries.Text{AR: tt.ar, EN: tt.en}) {
			t.Errorf("FindPlace(%q) = %+v, want %s / %s", tt.in, got, tt.ar, tt.en)
		}
	}
}
