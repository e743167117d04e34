package admin

// View models of the article pages, the revisions and the inbox. Dates
// and labels are formatted in Go, so the templates need no functions.

// Option is one choice of a <select>.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// When is an instant as the pages show it, in Vietnam time.
type When struct {
	Date  string // "Thứ sáu, 10/03/2023"
	Clock string // "14:05"
	ISO   string // for <time datetime>
}

// ArticleRow is an article in a list.
type ArticleRow struct {
	ID          int64
	Title       string
	URL         string // the editor
	Status      string // label of the article's status
	StatusKey   string // for the badge's class
	Pending     string // label of the stage of an edit awaiting approval, or ""
	Author      string // the account that wrote it
	Byline      string
	Category    string
	Updated     When
	PublishedAt When // set for scheduled articles
	Flagged     bool
	Views       string // the article's views, digits grouped; "" for none
}

// Pager is the pagination of a list.
type Pager struct {
	Page, Pages      int
	PrevURL, NextURL string
}

// ArticleListPage is /quan-tri/bai-viet.
type ArticleListPage struct {
	Layout
	Action     string // the filter form's URL
	Query      string
	Statuses   []Option
	Categories []Option
	Authors    []Option
	Filtered   bool
	ResetURL   string
	Rows       []ArticleRow
	Total      int
	Pager      Pager
	CanCreate  bool
}

// ArticleEditPage is the editor, for a new article (ID 0) or an existing one.
type ArticleEditPage struct {
	Layout
	Form
	Notice string // the outcome of the last action

	ID      int64
	Heading string
	Version string // the article's version as read, to detect a concurrent change

	// The fields, as stored or as typed.
	ArticleTitle, Summary, Body, Author, Unit string
	Featured                                  bool
	Categories                                []Option
	Photos                                    []PhotoChoice // the featured photo's choices
	PhotoCaption                              string        // its caption, shown under it

	// The action fields, as typed.
	Comment, ForceReason, At, AtClock, WithdrawReason, Replacement, Legacy string
	WithdrawNotice                                                         string
	SelfConfirm                                                            bool
	LegacyOptions                                                          []Option

	// Where the article stands.
	Status     string // label of the article's status
	StatusKey  string
	Stage      string // label of the working text's stage
	StageKey   string
	Live       bool   // a published (or withdrawn) text exists
	Pending    bool   // an edit of the published text awaits approval
	ReviewNote string // the last comment of an editor or approver, shown while returned
	Withdrawn  string // the reason it was withdrawn, for the record
	// WithdrawnNotice is what readers of the withdrawn article are told.
	WithdrawnNotice string
	// StateNote says, in words that follow the state, what the public
	// sees now and what saving does.
	StateNote   string
	Corrected   When // the public text's last correction
	Flagged     bool
	PublicURL   string
	ScheduledAt When
	Owner       string
	Updated     When

	// What the user may do now.
	Editable    bool // the fields may be changed and saved
	CanSave     bool
	SaveLabel   string
	CanSubmit   bool
	CanReturn   bool
	CanPass     bool
	CanPublish  bool
	CanSchedule bool
	CanForce    bool
	CanWithdraw bool
	CanUpload   bool
	HasWorkflow bool // any of the workflow panels is shown
	ReadOnlyWhy string
	// SelfApproval is set when the article is the user's own and the
	// user sits on the editorial board: "off" when the site does not
	// allow self-approval (SelfApprovalWhy says why and who can change
	// it), "confirm" when it does and publishing needs the second
	// confirmation (the self_confirm checkbox).
	SelfApproval    string
	SelfApprovalWhy string
	SettingsURL     string // the site settings page, when the user may change them
	CanQuickFix     bool
	QuickFixURL     string

	// URLs.
	SaveURL, ConvertURL, PreviewURL, SubmitURL, ReturnURL, PassURL string
	PublishURL, ScheduleURL, ForceURL, WithdrawURL, RevisionsURL   string
	ListURL, UploadURL, SavedPreviewURL                            string
	LibraryURL                                                     string // the media library, "" without one
	SyndicationURL                                                 string // "": not offered (syndication.go)
}

// RevisionRow is one saved version in the list.
type RevisionRow struct {
	Number     int
	Stage      string
	SavedBy    string
	Saved      When
	Note       string
	Title      string
	Pending    bool // the edit awaiting approval
	CompareURL string
	RestoreURL string
}

// RevisionsPage is /quan-tri/bai-viet/{id}/phien-ban.
type RevisionsPage struct {
	Layout
	ArticleID    int64
	ArticleTitle string
	EditURL      string
	CompareURL   string
	Rows         []RevisionRow
	Left         []Option
	Right        []Option
	CanRestore   bool
}

// DiffField is one field of the side-by-side comparison.
type DiffField struct {
	Label   string
	Left    []DiffSeg
	Right   []DiffSeg
	Changed bool
}

// RevisionDiffPage is /quan-tri/bai-viet/{id}/phien-ban/{a}/{b}.
type RevisionDiffPage struct {
	Layout
	ArticleID    int64
	ArticleTitle string
	EditURL      string
	RevisionsURL string
	A, B         RevisionRow
	Fields       []DiffField
	Changed      bool
}

// NoticeRow is a message of the inbox.
type NoticeRow struct {
	Message string
	URL     string
	At      When
	Unread  bool
	ReadURL string // where to POST to mark it read
}

// Queue is a list of articles waiting for the user's role.
type Queue struct {
	ID          string
	Heading     string
	Description string
	Rows        []ArticleRow
	Empty       string
	Alert       bool // overdue: shown as a problem
}

// InboxPage is /quan-tri/hop-thu.
type InboxPage struct {
	Layout
	Queues     []Queue
	Notices    []NoticeRow
	Unread     int
	MarkAllURL string // where to POST to mark every notice read
	Notice     string // the outcome of the last action

	Mail *MailChoice // nil: notices are not sent by e-mail
	// Syndication counts the offers of other sites waiting for the
	// board (syndication.go); -1 when the user is not on the board.
	Syndication int
	// QuestionQueues are the citizens' questions waiting for the user
	// (units.go): their unit's to answer, or the answers to review.
	QuestionQueues []QuestionQueue
}
