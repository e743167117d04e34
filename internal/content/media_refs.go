package content

import "strings"

// maxMediaRefs bounds how many distinct records MediaRefs reports for one
// body: more photos than any article holds, and a bounded write.
const maxMediaRefs = 200

// LocalFilePrefix is where visitors download the site's attachments
// (media.FilePathPrefix): /tep/<file key>/<name>.
const LocalFilePrefix = "/tep/"

// MediaRefs lists the media records a body shows: the base blob keys of
// its photos (an address /anh/<base>-<width>.<ext>, in src or srcset) and
// videos (/video/<base>.mp4, and the poster as a photo), and
// the file keys of the attachments it links to (/tep/<key>/… or the
// staff's /quan-tri/tep/<key>), each once, at most 200 of each.
func MediaRefs(body string) (imageKeys, fileKeys []string) {
	seen := map[string]bool{}
	for rest := body; ; {
		i := strings.Index(rest, LocalImagePrefix)
		if i < 0 {
			break
		}
		rest = rest[i+len(LocalImagePrefix):]
		end := 0
		for end < len(rest) && isKeyByte(rest[end]) {
			end++
		}
		key := rest[:end]
		if j := strings.LastIndexByte(key, '-'); j > 0 && !seen["a"+key[:j]] && len(imageKeys) < maxMediaRefs {
			seen["a"+key[:j]] = true
			imageKeys = append(imageKeys, key[:j])
		}
	}
	for rest := body; ; { // a video's file; its poster is a photo's address
		i := strings.Index(rest, LocalVideoPrefix)
		if i < 0 {
			break
		}
		rest = rest[i+len(LocalVideoPrefix):]
		end := 0
		for end < len(rest) && isKeyByte(rest[end]) {
			end++
		}
		if key, ok := strings.CutSuffix(rest[:end], ".mp4"); ok && key != "" && !seen["a"+key] && len(imageKeys) < maxMediaRefs {
			seen["a"+key] = true
			imageKeys = append(imageKeys, key)
		}
	}
	for rest := body; ; {
		i := strings.Index(rest, LocalFilePrefix)
		if i < 0 {
			break
		}
		rest = rest[i+len(LocalFilePrefix):]
		if len(rest) >= 32 && isHex32(rest[:32]) && (len(rest) == 32 || !isKeyByte(rest[32]) || rest[32] == '/') {
			if k := rest[:32]; !seen["t"+k] && len(fileKeys) < maxMediaRefs {
				seen["t"+k] = true
				fileKeys = append(fileKeys, k)
			}
		}
	}
	return imageKeys, fileKeys
}

// isKeyByte reports whether c may be part of a blob key (media.CheckKey).
func isKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '.' || c == '_' || c == '-'
}

func isHex32(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
