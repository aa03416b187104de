package console

import "testing"

// TestShowsCommand: a hint is left out only when the body shows its
// command whole, not when it shows a longer command that begins with it.
func TestShowsCommand(t *testing.T) {
	for _, tc := range []struct {
		body, cmd string
		want      bool
	}{
		{"1. x\n/figure coalition-2019 funds\n", "/figure coalition-2019 funds", true},
		{"\u200f\u200e /summary coalition-2019", "/summary coalition-2019", true},
		{"/summary coalition-2019-11\n", "/summary coalition-2019", false},
		{"/summary coalition-2019-11 and /summary coalition-2019.", "/summary coalition-2019", true},
		{"nothing here", "/help", false},
	} {
		if got := showsCommand(tc.body, tc.cmd); got != tc.want {
			t.Errorf("showsCommand(%q, %q) = %v", tc.body, tc.cmd, got)
		}
	}
}
