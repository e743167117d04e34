package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"trangtin/internal/guard"
	"trangtin/internal/store/sqlite"
)

// BenchmarkLimiterTake compares what one search costs the limiter with the
// allowance kept in the database (a write transaction per search, as for
// the public forms) and in the memory table (what guard.FormSearch uses),
// from 1,000 addresses with room to spare, and for one address long past
// its allowance (a flood).
func BenchmarkLimiterTake(b *testing.B) {
	for _, memory := range []bool{false, true} {
		for _, flood := range []bool{false, true} {
			name := map[bool]string{false: "database", true: "memory"}[memory] + map[bool]string{false: "/allowed", true: "/refused"}[flood]
			b.Run(name, func(b *testing.B) {
				db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				l := guard.NewLimiter(db, 0, 0, nil)
				limit := 1 << 30
				if flood {
					limit = 1
				}
				l.SetRule(guard.FormSearch, guard.Rule{Limit: limit, Window: time.Hour, Memory: memory})
				ctx := context.Background()
				var n atomic.Int64
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						addr := "198.51.100.1"
						if !flood {
							i := n.Add(1)
							addr = fmt.Sprintf("10.0.%d.%d", i%1000/250, i%250)
						}
						err := l.Take(ctx, guard.FormSearch, addr)
						if err != nil && !flood {
							b.Fatal(err)
						}
					}
				})
			})
		}
	}
}
