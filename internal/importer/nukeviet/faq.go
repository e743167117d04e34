package nukeviet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/question"
)

// KindQuestion is the report's name of a question and answer.
const KindQuestion = "hỏi đáp"

// FAQ is a row of the faq module (…_faq) with its category's title.
type FAQ struct {
	ID, Status, Added                   int64
	Title, Question, Answer, Cat, Alias string
	CatAlias                            string
	Bad                                 string
}

// FAQs reads the faq module (none when the site has none).
func (s *Source) FAQs(ctx context.Context) ([]FAQ, error) {
	if !s.Has("%s_faq") {
		return nil, nil
	}
	q := `SELECT f.id, f.status, f.addtime, f.title, f.question, f.answer, COALESCE(c.title, ''), f.alias, COALESCE(c.alias, '')
		FROM ` + s.table("%s_faq") + ` f LEFT JOIN ` + s.table("%s_faq_categories") + ` c ON c.id = f.catid ORDER BY f.id`
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("đọc hỏi đáp: %w", err)
	}
	defer rows.Close()
	var out []FAQ
	for rows.Next() {
		var f FAQ
		var title, qu, an, cat, alias, catAlias []byte
		if err := rows.Scan(&f.ID, &f.Status, &f.Added, &title, &qu, &an, &cat, &alias, &catAlias); err != nil {
			return nil, fmt.Errorf("đọc hỏi đáp: %w", err)
		}
		var t texts
		f.Title, f.Question, f.Answer, f.Cat = t.str("title", title), t.str("question", qu), t.str("answer", an), t.str("categories.title", cat)
		f.Alias, f.CatAlias = t.str("alias", alias), t.str("categories.alias", catAlias)
		f.Bad = t.err()
		out = append(out, f)
	}
	return out, rows.Err()
}

// CodeHash is the tracking-code hash of an imported question: made from
// its identity, so a second import (or one after a kill) finds it. No
// tracking code leads to it: its sender never had one here.
func CodeHash(source string) string {
	sum := sha256.Sum256([]byte("nukeviet:" + source))
	return hex.EncodeToString(sum[:])
}

// paragraphs is the text of an HTML answer, a paragraph a line.
func paragraphs(s string) string {
	s = strings.NewReplacer("</p>", "\n\n", "<br>", "\n", "<br />", "\n", "<br/>", "\n").Replace(s)
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = plain(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// importFAQs brings the questions and answers in as published questions
// (a hidden one, status 0, as answered but not public), answered by the
// site, the category as the field.
func (im *run) importFAQs(ctx context.Context) error {
	if im.t.Questions == nil {
		return nil
	}
	faqs, err := im.src.FAQs(ctx)
	if err != nil {
		return err
	}
	cats := map[string]bool{}
	for _, f := range faqs {
		source := im.src.Identity("%s_faq", f.ID)
		if f.Bad != "" {
			im.r.Skipped(KindQuestion, source, f.Bad)
			continue
		}
		im.clean(im.r, []*string{&f.Title, &f.Question, &f.Answer}, &f.Cat)
		at := unixTime(f.Added)
		q := question.Question{SiteID: im.t.Site.ID, CodeHash: CodeHash(source), Name: "Người hỏi trên trang cũ",
			Subject: f.Title, Body: paragraphs(f.Question), Field: f.Cat, Status: question.StatusPublished,
			Answer: paragraphs(f.Answer), AnsweredBy: im.t.Site.Name, ReceivedAt: at, DueAt: at, AnsweredAt: at, PublishedAt: at, UpdatedAt: at}
		if f.Status != 1 {
			q.Status, q.PublishedAt = question.StatusAnswered, time.Time{}
		}
		switch {
		case q.Subject == "" || q.Body == "" || q.Answer == "":
			im.r.Skipped(KindQuestion, source, "thiếu tiêu đề, câu hỏi hoặc câu trả lời")
			continue
		case len([]rune(q.Subject)) > question.MaxSubject:
			im.r.Skipped(KindQuestion, source, fmt.Sprintf("tiêu đề dài quá %d ký tự", question.MaxSubject))
			continue
		}
		cur, err := im.t.Questions.FindQuestionByCode(ctx, im.t.Site.ID, q.CodeHash)
		isNew := apperr.Is(err, apperr.NotFound)
		if err != nil && !isNew {
			return err
		}
		if im.t.DryRun {
			im.outcome(KindQuestion, source, q.Subject, isNew)
			continue
		}
		if isNew {
			err = im.t.Questions.CreateQuestion(ctx, &q)
		} else {
			q.ID, q.Version = cur.ID, cur.Version
			err = im.t.Questions.UpdateQuestion(ctx, &q, nil)
		}
		if err != nil {
			return err
		}
		im.outcome(KindQuestion, source, fmt.Sprintf("/hoi-dap/%d", q.ID), isNew)
		if f.CatAlias != "" && !cats[f.CatAlias] {
			cats[f.CatAlias] = true
			if err := im.redirect(ctx, source, "/hoi-dap", im.oldAddrs(im.src.moduleName(ctx, "faq"), f.CatAlias, "/")); err != nil {
				return err
			}
		}
	}
	return im.redirect(ctx, "faq", "/hoi-dap", im.oldAddrs(im.src.moduleName(ctx, "faq"), "", ""))
}
