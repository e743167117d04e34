package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPackStreamsRoundTrip(t *testing.T) {
	corpus, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"", " ", "Đường 2023 covid19 H5N1 a6 đ9", "ﬁn Ｆｕｌｌ ǅ x\u0301\u0302 café ð",
		"Hoá Thuỷ HÓA", "12/QĐ-UBND", "Kim Thoả"}
	texts = append(texts, strings.Split(string(corpus), "\n")...)
	packedLen, exactLen := 0, 0
	for _, s := range texts {
		st := MakeStreams(s)
		cases := []Streams{st, {Folded: st.Folded, Exact: st.Exact + "kim6 tho3a "}, {Folded: " a b c ", Exact: " "}}
		for _, c := range cases {
			p := PackStreams(c.Folded, c.Exact)
			f, e := UnpackStreams(p, true)
			if f != c.Folded || e != c.Exact {
				t.Fatalf("pack %q / %q:\n got %q / %q\n via %q", c.Folded, c.Exact, f, e, p)
			}
			if f2, e2 := UnpackStreams(p, false); f2 != c.Folded || e2 != " " {
				t.Fatalf("folded only of %q: %q, %q", p, f2, e2)
			}
		}
		packedLen += len(PackStreams(st.Folded, st.Exact))
		exactLen += len(st.Exact)
	}
	// The point of packing: both streams in about the room of one.
	if packedLen > exactLen*11/10 {
		t.Errorf("packed streams take %d bytes for %d bytes of exact stream", packedLen, exactLen)
	}
}
