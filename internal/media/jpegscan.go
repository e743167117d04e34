package media

import (
	"bytes"
	"encoding/binary"
)

// jpegInfo is what scanJPEG learns from a JPEG's marker structure.
type jpegInfo struct {
	orientation int // EXIF orientation 1–8; 1 when absent or unreadable
	scans       int // number of SOS markers (scans)
}

// scanJPEG walks the JPEG marker segments of b without decoding: it reads
// the first Exif APP1 segment's orientation and counts the scans. Every
// read is bounds-checked; malformed input simply ends the walk.
func scanJPEG(b []byte) jpegInfo {
	info := jpegInfo{orientation: 1}
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return info
	}
	seenExif := false
	i := 2
	for i < len(b) {
		if b[i] != 0xFF {
			return info // not at a marker: malformed, let the decoder judge
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			return info
		}
		m := b[i]
		i++
		switch {
		case m == 0xD9: // EOI
			return info
		case m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7): // no length
			continue
		}
		if i+2 > len(b) {
			return info
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 || i+n > len(b) {
			return info
		}
		seg := b[i+2 : i+n]
		i += n
		switch m {
		case 0xE1: // APP1
			if !seenExif && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				seenExif = true
				info.orientation = exifOrientation(seg[6:])
			}
		case 0xDA: // SOS: skip the entropy-coded data up to the next marker
			info.scans++
			for {
				j := bytes.IndexByte(b[i:], 0xFF)
				if j < 0 || i+j+1 >= len(b) {
					return info
				}
				i += j
				next := b[i+1]
				if next == 0x00 || (next >= 0xD0 && next <= 0xD7) { // stuffed byte or restart
					i += 2
					continue
				}
				break
			}
		}
	}
	return info
}

// exifOrientation reads the Orientation tag (0x0112) of IFD0 from a TIFF
// structure (the body of an Exif APP1 segment). It returns 1 unless a valid
// value 1–8 is found.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	size := uint64(len(t))
	off := uint64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > size {
		return 1
	}
	n := uint64(bo.Uint16(t[off:]))
	for k := uint64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > size {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ, count := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		if count != 1 {
			return 1
		}
		var v uint32
		switch typ {
		case 3: // SHORT
			v = uint32(bo.Uint16(t[e+8:]))
		case 4: // LONG
			v = bo.Uint32(t[e+8:])
		default:
			return 1
		}
		if v >= 1 && v <= 8 {
			return int(v)
		}
		return 1
	}
	return 1
}
