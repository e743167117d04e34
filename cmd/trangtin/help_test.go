package main

import (
	"context"
	"strings"
	"testing"
)

// TestHelpIsNotAnError: `trangtin -h` used to exit 2 with the usage on
// stderr. Asking for help, of the program or of a command, succeeds and
// prints the usage on stdout; a bad flag is still an error.
func TestHelpIsNotAnError(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in stdout
	}{
		{[]string{"-h"}, "trangtin migrate"},
		{[]string{"--help"}, "trangtin migrate"},
		{[]string{"help"}, "trangtin migrate"},
		{[]string{"serve", "-h"}, "-addr"},
		{[]string{"serve", "--help"}, "-no-demo"},
		{[]string{"help", "serve"}, "-trusted-proxies"},
		{[]string{"migrate", "-h"}, "-data"},
		{[]string{"reindex", "--help"}, "-db"},
		{[]string{"import", "-h"}, "import jsonl"},
		{[]string{"import", "jsonl", "-h"}, "-site"},
		{[]string{"help", "import", "jsonl"}, "-site"},
		{[]string{"audit", "verify", "--help"}, "-data"},
		{[]string{"user", "--help"}, "user add"},
		{[]string{"user", "add", "-h"}, "-role"},
		{[]string{"site", "--help"}, "site host add|remove"},
		{[]string{"site", "add", "-h"}, "-from-csv"},
		{[]string{"help", "site", "set"}, "-default"},
		{[]string{"site", "host", "add", "-h"}, "-data"},
	} {
		var out, errb strings.Builder
		err := run(context.Background(), strings.NewReader(""), tc.args, &out, &errb)
		if err != nil {
			t.Errorf("%q: %v (exit 2)", tc.args, err)
		}
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("%q: stdout lacks %q:\n%s", tc.args, tc.want, out.String())
		}
		if errb.Len() != 0 {
			t.Errorf("%q: stderr %q", tc.args, errb.String())
		}
	}
	for _, args := range [][]string{{"--bogus"}, {"serve", "--addr"}, {"migrate", "--nope"}, {"help", "nope"}, {"nope"}} {
		var out, errb strings.Builder
		if err := run(context.Background(), strings.NewReader(""), args, &out, &errb); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
