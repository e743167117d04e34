package content

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"trangtin/internal/apperr"
)

// What the Directory keeps of each site's settings besides the site: its
// module switches and its identity, read with the sites (a change of
// either bumps the site's version, which makes the Directory reload), so
// a request asks no database which modules are on or how the site looks.

type siteLook struct {
	modules  ModuleSwitches
	identity Identity
	css      string // identity.Stylesheet()
	cssHash  string // its hash, the name of its address
}

func loadLooks(ctx context.Context, store SiteStore) (map[int64]*siteLook, error) {
	looks := map[int64]*siteLook{}
	for _, key := range lookKeys {
		settings, err := store.FindSettingsByKey(ctx, key)
		if err != nil {
			return nil, err
		}
		for _, s := range settings {
			if looks[s.SiteID] == nil {
				looks[s.SiteID] = &siteLook{}
			}
			if err := looks[s.SiteID].set(s); err != nil {
				return nil, err
			}
		}
	}
	for _, l := range looks {
		l.finish()
	}
	return looks, nil
}

// lookKeys are the settings a look is made of.
var lookKeys = []string{KeyModules, KeyIdentity}

// loadLook reads the look of one site, nil when it has none.
func loadLook(ctx context.Context, store SiteStore, siteID int64) (*siteLook, error) {
	var l *siteLook
	for _, key := range lookKeys {
		s, err := store.FindSetting(ctx, siteID, key)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if l == nil {
			l = &siteLook{}
		}
		if err := l.set(s); err != nil {
			return nil, err
		}
	}
	if l != nil {
		l.finish()
	}
	return l, nil
}

// setLook puts l as the look of site id in looks (removes it when nil).
func setLook(looks map[int64]*siteLook, id int64, l *siteLook) {
	if l == nil {
		delete(looks, id)
		return
	}
	looks[id] = l
}

// set reads the setting s into l.
func (l *siteLook) set(s Setting) error {
	var err error
	if s.Key == KeyModules {
		err = json.Unmarshal([]byte(s.Value), &l.modules)
	} else {
		err = json.Unmarshal([]byte(s.Value), &l.identity)
	}
	if err != nil {
		return fmt.Errorf("setting %s of site %d: %w", s.Key, s.SiteID, err)
	}
	return nil
}

// finish derives the stylesheet from the identity.
func (l *siteLook) finish() {
	if l.css = l.identity.Stylesheet(); l.css != "" {
		sum := sha256.Sum256([]byte(l.css))
		l.cssHash = hex.EncodeToString(sum[:8])
	}
}

// look returns the settings of site id, nil when it has none (or d is
// nil: a server built without a directory, in tests).
func (d *Directory) look(id int64) *siteLook {
	if d == nil {
		return nil
	}
	if t := d.current.Load(); t != nil {
		return t.looks[id]
	}
	return nil
}

// Modules returns the module switches of site id (every module on when
// the site never saved them).
func (d *Directory) Modules(id int64) ModuleSwitches {
	if l := d.look(id); l != nil {
		return l.modules
	}
	return ModuleSwitches{}
}

// Identity returns the identity of site id (the zero Identity, the
// default look, when never saved).
func (d *Directory) Identity(id int64) Identity {
	if l := d.look(id); l != nil {
		return l.identity
	}
	return Identity{}
}

// Stylesheet returns the theme stylesheet of site id and its hash (the
// name of its address, so it is cached for good); "" and "" for the
// default look.
func (d *Directory) Stylesheet(id int64) (css, hash string) {
	if l := d.look(id); l != nil {
		return l.css, l.cssHash
	}
	return "", ""
}
