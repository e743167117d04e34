package newsroom

import "context"

// MarkRead marks one of the actor's notices read. Another user's notice
// is apperr.NotFound, as if it did not exist.
func (s *Service) MarkRead(ctx context.Context, a Actor, id int64) error {
	return s.store.MarkNoticeRead(ctx, a.UserID, id, s.now())
}

// MarkAllRead marks every unread notice of the actor on siteID read (the
// messages of another site are read there) and reports how many.
func (s *Service) MarkAllRead(ctx context.Context, a Actor, siteID int64) (int, error) {
	const batch = 1000
	notices, err := s.store.FindSiteInbox(ctx, a.UserID, siteID, batch)
	if err != nil {
		return 0, err
	}
	n := 0
	at := s.now()
	for _, nt := range notices {
		if nt.SiteID != siteID || !nt.ReadAt.IsZero() {
			continue
		}
		if err := s.store.MarkNoticeRead(ctx, a.UserID, nt.ID, at); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
