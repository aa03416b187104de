package draft

import (
	"os"
	"strings"
	"testing"
)

func TestStripChrome(t *testing.T) {
	tests := []struct {
		name            string
		in              string
		page, statement string
		leadIn          string
	}{
		{
			name: "section header and back to top",
			in:   "الأخبارمانشيت\n\nعنوان الخبر هنا\n\nاجتمع الوزراء في واشنطن. وأصدروا بيانا.\n\nزر الذهاب إلى الأعلى",
			page: "عنوان الخبر هنا\n\nاجتمع الوزراء في واشنطن. وأصدروا بيانا.",
		},
		{
			name: "breadcrumbs, share row, tags and copyright",
			in: "Home | News | Middle East\nPolitics\n\nMinisters meet\nShare\nFacebook Twitter WhatsApp\n\n" +
				"The ministers met. They agreed.\n\nTags: ISIS, Coalition\n© 2019 Example News. All rights reserved.\nBack to top\n",
			page: "Ministers meet\n\nThe ministers met. They agreed.",
		},
		{
			name: "a short headline stays, a short line in the article too",
			in:   "Menu\nCommuniqué\nThe ministers met.\nAnnex\nThey agreed on five points.\nPrint\n",
			page: "Communiqué\nThe ministers met.\nAnnex\nThey agreed on five points.",
		},
		{
			name: "a dateline after the article stays",
			in:   "The ministers met.\nWashington, 14 November 2019\nShare\n",
			page: "The ministers met.\nWashington, 14 November 2019",
		},
		{
			name:      "Arabic lead-in on its own line",
			in:        "مقدمة الموقع عن البيان.\nوفيما يلي نص البيان:\n\nنص البيان الأول. والثاني.\n",
			page:      "مقدمة الموقع عن البيان.\nوفيما يلي نص البيان:\n\nنص البيان الأول. والثاني.",
			statement: "نص البيان الأول. والثاني.",
			leadIn:    "وفيما يلي نص البيان:",
		},
		{
			name:      "lead-in inside a line",
			in:        "Ministers issued a statement. The full text follows: We, the ministers, met. We agreed.",
			page:      "Ministers issued a statement. The full text follows: We, the ministers, met. We agreed.",
			statement: "We, the ministers, met. We agreed.",
			leadIn:    "The full text follows:",
		},
		{
			name:      "وجاء في البيان ما يلي",
			in:        "أصدرت الوزارة بيانا. وجاء في البيان ما يلي: تؤكد الوزارة التزامها.",
			page:      "أصدرت الوزارة بيانا. وجاء في البيان ما يلي: تؤكد الوزارة التزامها.",
			statement: "تؤكد الوزارة التزامها.",
			leadIn:    "وجاء في البيان ما يلي:",
		},
		{
			name: "a colon that is no lead-in",
			in:   "The ministers said: we will continue. They agreed.",
			page: "The ministers said: we will continue. They agreed.",
		},
		{
			name: "a short text after a late lead-in is an annex, not the statement",
			in:   "The ministers met. They agreed on many things. They said much more. They ended. The text of the annex follows: One line.",
			page: "The ministers met. They agreed on many things. They said much more. They ended. The text of the annex follows: One line.",
		},
		{
			name: "a lead-in with nothing after it is none",
			in:   "The ministers met. The full text follows:\n",
			page: "The ministers met. The full text follows:",
		},
		{
			name: "blank runs collapse, trailing spaces go",
			in:   "\n\n\nThe ministers met.   \n\n\n\nThey agreed.\t\n\n",
			page: "The ministers met.\n\nThey agreed.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := StripChrome(tt.in)
			if tt.statement == "" {
				tt.statement = tt.page
			}
			if c.Page != tt.page || c.Statement != tt.statement || c.LeadIn != tt.leadIn {
				t.Errorf("StripChrome =\n page %q\n statement %q\n lead-in %q\nwant\n page %q\n statement %q\n lead-in %q",
					c.Page, c.Statement, c.LeadIn, tt.page, tt.statement, tt.leadIn)
			}
		})
	}
}

func TestStripChromeEnglishPage(t *testing.T) {
	raw, err := os.ReadFile("testdata/english.page.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := StripChrome(string(raw))
	if !strings.HasPrefix(c.Page, "Coalition ministers meet in Washington\n\nWASHINGTON, Thursday") {
		t.Errorf("page starts %q", c.Page[:60])
	}
	if !strings.HasSuffix(c.Page, "next meeting in 2020.") {
		t.Errorf("page ends %q", c.Page[len(c.Page)-60:])
	}
	if !strings.HasPrefix(c.Statement, "Joint Communiqué by Ministers") || c.LeadIn != "The full text of their joint communiqué follows:" {
		t.Errorf("statement %q after lead-in %q", c.Statement[:40], c.LeadIn)
	}
}
