package content

import (
	"context"
	"time"
)

// SiteHealth is what the platform area shows of a site at a glance, read
// for every site at once (HealthStore).
type SiteHealth struct {
	// LastPublished is the publication time of the site's newest
	// published article; zero when none.
	LastPublished time.Time
	// PublishedSince counts the published articles whose publication time
	// is at or after the month's start the caller gave.
	PublishedSince int
	// OverdueQuestions counts the citizens' questions still open (new or
	// accepted) past their deadline (15 working days after receipt).
	OverdueQuestions int
	// OverdueScheduled counts the articles scheduled for a time already
	// past: the scheduler has not published them.
	OverdueScheduled int
	// MediaBytes is the size of the site's uploaded photos and
	// attachments as uploaded (media.size; resized variants not counted).
	MediaBytes int64
}

// HealthStore reads the health figures of every site with one grouped
// query per figure, whatever the number of sites.
type HealthStore interface {
	// SitesHealth returns the figures by site ID at now, counting
	// publications since since; a site with nothing to count is absent.
	SitesHealth(ctx context.Context, now, since time.Time) (map[int64]SiteHealth, error)
}
