// Package searchbench holds the search speed benchmark on 100,000
// articles (issue 4, part 5) for both stores: index build time, index
// size, Reindex time and query latency for a mix of one-word, multi-word
// and phrase queries. It is test-only; run it with
//
//	TRANGTIN_SEARCH_BENCH=1 go test -tags searchbench -run TestSearchBench100k -v -timeout 90m ./internal/store/searchbench
//
// and set TRANGTIN_TEST_POSTGRES to include PostgreSQL. BENCHMARKS.md has
// the figures.
package searchbench
