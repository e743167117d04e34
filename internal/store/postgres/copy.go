package postgres

import (
	"io/fs"

	"trangtin/internal/store/migrate"
)

// LatestVersion is the number of the newest migration this program
// carries: the schema version a database opened by it is brought to.
func LatestVersion() (int, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return 0, err
	}
	ms, err := migrate.Load(sub)
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	return ms[len(ms)-1].Version, nil
}
