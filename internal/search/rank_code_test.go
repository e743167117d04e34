package search

import "testing"

// TestRankCodeBonus: a document whose whole number and symbol the query
// holds outranks a stronger text match, however the number was typed; a
// document with a longer number that contains the query's does not get it.
func TestRankCodeBonus(t *testing.T) {
	cand := func(kind, title, code string, score float64) Candidate {
		d := Doc{Kind: kind, Title: title, Code: code}
		return Candidate{Doc: d, IndexFields: Fields(d), EngineScore: score}
	}
	for _, input := range []string{"123/QĐ-UBND", "123/qd-ubnd", "123 QĐ UBND", "quyết định số 123/QĐ-UBND"} {
		q, err := Parse(input)
		if err != nil {
			t.Fatal(err)
		}
		hits := Rank(q, []Candidate{
			cand(KindArticle, "Quyết định số 123/QĐ-UBND 123 QĐ UBND được triển khai", "", 10),
			cand(KindDocument, "Quyết định số 1123/QĐ-UBND – Về việc sửa đổi 123 QĐ UBND", "1123/QĐ-UBND", 9),
			cand(KindDocument, "Quyết định số 123/QĐ-UBND – Về việc ban hành quy chế", "123/QĐ-UBND", 1),
		})
		if hits[0].Code != "123/QĐ-UBND" {
			t.Errorf("%q: first hit %q (%s), want the document 123/QĐ-UBND", input, hits[0].Title, hits[0].Kind)
		}
		if hits[1].Code == "1123/QĐ-UBND" && hits[1].Score > hits[2].Score+wCode/2 {
			t.Errorf("%q: 1123/QĐ-UBND got the exact-number bonus", input)
		}
	}
}
