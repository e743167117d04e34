package storecopy

import (
	"strconv"
	"strings"
	"time"
)

// colClass is what a column stores, as far as a copy must know.
type colClass int

// convertValue turns v, as the source's driver read it, into what the
// target column c stores.
//
// Long: one case per column class, each listing the forms a driver reads
// for it; split up, the table of conversions would be harder to check.
func convertValue(v any, c copyColumn, dk Kind) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() (any, error) {
		return nil, &ConvertError{Value: v, Type: c.typ}
	}
	switch c.class {
	case classTime: // PostgreSQL timestamptz
		switch x := v.(type) {
		case int64: // SQLite: Unix microseconds, 0 = unset
			if x == 0 {
				return "-infinity", nil
			}
			return time.UnixMicro(x).UTC(), nil
		case time.Time:
			return x, nil
		case string:
			if x == "-infinity" || x == "infinity" {
				return x, nil
			}
		}
		return bad()
	case classBool: // PostgreSQL BOOLEAN
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
		return bad()
	case classInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case time.Time: // into SQLite's Unix microseconds
			if dk == SQLite {
				return x.UnixMicro(), nil
			}
		case string:
			if dk == SQLite && x == "-infinity" {
				return int64(0), nil
			}
		}
		return bad()
	case classBytes:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
		return bad()
	case classFloat:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
		return bad()
	default: // text
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			if dk == Postgres {
				return strconv.FormatInt(x, 10), nil
			}
			return x, nil
		}
		return bad()
	}
}

// classOf says what a column of the catalogue's type stores.
func classOf(k Kind, typ string) colClass {
	t := strings.ToLower(typ)
	if k == Postgres {
		switch {
		case t == "bigint" || t == "integer" || t == "smallint":
			return classInt
		case t == "boolean":
			return classBool
		case strings.HasPrefix(t, "timestamp"):
			return classTime
		case t == "bytea":
			return classBytes
		case t == "real" || t == "double precision":
			return classFloat
		}
		return classText
	}
	// SQLite's type affinity rules.
	switch {
	case strings.Contains(t, "int"):
		return classInt
	case strings.Contains(t, "char"), strings.Contains(t, "clob"), strings.Contains(t, "text"):
		return classText
	case t == "" || strings.Contains(t, "blob"):
		return classBytes
	case strings.Contains(t, "real"), strings.Contains(t, "floa"), strings.Contains(t, "doub"):
		return classFloat
	}
	return classInt
}
