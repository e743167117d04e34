package media

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits bounds what an upload may cost. A zero field means its default.
type Limits struct {
	MaxImageBytes      int64 // encoded size of a photo
	MaxPixels          int64 // width × height of a photo, checked before decoding
	MaxSide            int   // longest side of a photo, in pixels
	MaxAttachmentBytes int64 // size of an attachment
	MaxVideoBytes      int64 // size of an MP4 video (its poster is a photo)
}

// Defaults: generous for phone photos (12–48 megapixels) and scanned
// documents, small enough that one decode fits comfortably in memory
// (40 megapixels decode to about 60–160 MB depending on the format).
const (
	DefaultMaxImageBytes      = 20 << 20
	DefaultMaxPixels          = 40_000_000
	DefaultMaxSide            = 12000
	DefaultMaxAttachmentBytes = 50 << 20
)

// DefaultLimits returns the limits used when none are configured.
func DefaultLimits() Limits {
	return Limits{
		MaxImageBytes:      DefaultMaxImageBytes,
		MaxPixels:          DefaultMaxPixels,
		MaxSide:            DefaultMaxSide,
		MaxAttachmentBytes: DefaultMaxAttachmentBytes,
		MaxVideoBytes:      DefaultMaxVideoBytes,
	}
}

// withDefaults fills every unset (zero or negative) field with its default.
func (l Limits) withDefaults() Limits {
	if l.MaxImageBytes <= 0 {
		l.MaxImageBytes = DefaultMaxImageBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultMaxSide
	}
	if l.MaxAttachmentBytes <= 0 {
		l.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if l.MaxVideoBytes <= 0 {
		l.MaxVideoBytes = DefaultMaxVideoBytes
	}
	return l
}

// formatSize renders a byte count the way Vietnamese readers expect:
// "20 MB", "1,5 MB", "500 KB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	default:
		return strconv.FormatInt(n, 10) + " byte"
	}
}

// formatInt groups thousands with dots, as Vietnamese does: 20000 → "20.000".
func formatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatMegapixels renders a pixel count in megapixels: "40", "2,5".
func formatMegapixels(n int64) string {
	if n%1_000_000 == 0 {
		return strconv.FormatInt(n/1_000_000, 10)
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64), ".", ",", 1)
}
