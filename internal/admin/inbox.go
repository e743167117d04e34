package admin

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// inbox shows what waits for the user: the queues of their role (articles
// to edit, to approve, scheduled articles the scheduler has not published
// in time) and the workflow's messages to them, newest first.
func (p *newsroomPages) inbox(w http.ResponseWriter, r *http.Request, acc *account) error {
	ctx := r.Context()
	ip := InboxPage{Layout: p.s.layout(acc, "Hộp thư", pathInbox)}
	n := p.names(ctx)
	cats, err := p.s.content.Store().FindCategories(ctx, acc.Site.ID)
	if err != nil {
		return err
	}
	catNames := map[int64]string{}
	for _, c := range cats {
		catNames[c.ID] = c.Name
	}

	if p.s.can(acc, user.ActionArticlePublish) {
		over, err := p.s.newsroom.Overdue(ctx, overdueGrace)
		if err != nil {
			return err
		}
		q := Queue{ID: "qua-han", Heading: "Bài hẹn giờ bị trễ", Alert: true,
			Description: "Đã quá giờ hẹn mà bài chưa được đăng. Hãy kiểm tra bộ hẹn giờ, hoặc mở bài và đăng ngay."}
		for _, a := range over {
			if a.SiteID == acc.Site.ID {
				q.Rows = append(q.Rows, p.row(a, n, catNames))
			}
		}
		if len(q.Rows) > 0 {
			ip.Queues = append(ip.Queues, q)
		}
		rows, err := p.queue(ctx, acc.Site.ID, content.StatusApproval, n, catNames)
		if err != nil {
			return err
		}
		ip.Queues = append(ip.Queues, Queue{ID: "cho-duyet", Heading: "Chờ duyệt", Rows: rows,
			Description: "Bài đã qua biên tập, chờ Ban biên tập duyệt đăng, hẹn giờ hoặc trả lại.",
			Empty:       "Không có bài nào chờ duyệt."})
	}
	if p.s.can(acc, user.ActionArticlePassToApproval) {
		rows, err := p.queue(ctx, acc.Site.ID, content.StatusSubmitted, n, catNames)
		if err != nil {
			return err
		}
		ip.Queues = append(ip.Queues, Queue{ID: "cho-bien-tap", Heading: "Chờ biên tập", Rows: rows,
			Description: "Bài phóng viên đã gửi, chờ biên tập viên sửa, chuyển duyệt hoặc trả lại.",
			Empty:       "Không có bài nào chờ biên tập."})
	}

	// The messages of another site are read there (and do not take the
	// room of this site's).
	notices, err := p.s.newsroom.SiteInbox(ctx, p.actor(r, acc), acc.Site.ID, inboxSize)
	if err != nil {
		return err
	}
	for _, nt := range notices {
		row := NoticeRow{Message: nt.Message, At: when(nt.CreatedAt), Unread: nt.ReadAt.IsZero()}
		if row.Unread {
			row.ReadURL = pathInbox + "/thong-bao/" + strconv.FormatInt(nt.ID, 10) + "/da-doc"
			ip.Unread++
		}
		if nt.ArticleID != 0 {
			row.URL = articleURL(nt.ArticleID)
		}
		ip.Notices = append(ip.Notices, row)
	}
	if ip.Unread > 0 {
		ip.MarkAllURL = pathInbox + "/da-doc"
	}
	if err := p.inboxExtras(r, acc, &ip); err != nil {
		return err
	}
	switch r.URL.Query().Get("xong") {
	case "da-doc":
		ip.Notice = "Đã đánh dấu thông báo là đã đọc."
	case "da-doc-het":
		ip.Notice = "Đã đánh dấu mọi thông báo là đã đọc."
	case "thu-bat", "thu-tat":
		ip.Notice = mailOutcome(r.URL.Query().Get("xong"))
	}
	return p.s.render(w, http.StatusOK, "inbox", ip)
}

// inboxExtras fills the inbox's e-mail choice, its count of the offers
// of other sites waiting for the board (syndication.go) and its questions
// (units.go).
func (p *newsroomPages) inboxExtras(r *http.Request, acc *account, ip *InboxPage) error {
	ctx := r.Context()
	if err := p.s.questionQueues(r, acc, ip); err != nil {
		return err
	}
	var err error
	if ip.Syndication, err = p.s.pendingOffers(ctx, acc); err != nil {
		return err
	}
	ip.Mail, err = p.mailChoice(ctx, acc)
	return err
}

// markRead marks one of the user's notices read.
func (p *newsroomPages) markRead(w http.ResponseWriter, r *http.Request, acc *account) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.New(apperr.NotFound, "Không tìm thấy thông báo.")
	}
	if err := p.s.newsroom.MarkRead(r.Context(), p.actor(r, acc), id); err != nil {
		return err
	}
	http.Redirect(w, r, p.inboxURL+"?xong=da-doc#thong-bao", http.StatusSeeOther)
	return nil
}

// markAllRead marks every notice of the user on this site read.
func (p *newsroomPages) markAllRead(w http.ResponseWriter, r *http.Request, acc *account) error {
	if _, err := p.s.newsroom.MarkAllRead(r.Context(), p.actor(r, acc), acc.Site.ID); err != nil {
		return err
	}
	http.Redirect(w, r, p.inboxURL+"?xong=da-doc-het#thong-bao", http.StatusSeeOther)
	return nil
}

// queue lists the site's articles whose working text is at stage: the
// articles of that status and the published ones with an edit at that
// stage, the longest waiting first.
func (p *newsroomPages) queue(ctx context.Context, siteID int64, stage content.Status, n *names, cats map[int64]string) ([]ArticleRow, error) {
	as, err := p.s.content.Store().FindArticles(ctx, content.ArticleFilter{SiteID: siteID, Status: stage, Limit: queueSize})
	if err != nil {
		return nil, err
	}
	live, err := p.s.content.Store().FindArticles(ctx, content.ArticleFilter{SiteID: siteID, Status: content.StatusPublished, Limit: listScan})
	if err != nil {
		return nil, err
	}
	for _, a := range live {
		if a.PendingRevisionID != 0 && a.PendingStage == stage {
			as = append(as, a)
		}
	}
	slices.SortStableFunc(as, func(a, b content.Article) int { return a.UpdatedAt.Compare(b.UpdatedAt) })
	rows := make([]ArticleRow, 0, len(as))
	for _, a := range as {
		rows = append(rows, p.row(a, n, cats))
	}
	return rows, nil
}
