package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"trangtin/internal/admin"
	"trangtin/internal/api"
	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/contactform"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/document"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
	"trangtin/internal/jobs"
	"trangtin/internal/mail"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
	"trangtin/internal/rating"
	"trangtin/internal/schedule"
	"trangtin/internal/search"
	"trangtin/internal/syndication"
	"trangtin/internal/user"
	"trangtin/internal/visits"
	"trangtin/internal/web"
	"trangtin/ui"
)

const maxBody = 1 << 20 // public forms are small; uploads get their own limit

// readAhead is the longest body read before its request takes a slot:
// every public form, a question with its longest text included, and the
// sign-in. With 4 × --max-requests readers, slow senders can hold at most
// 16 MiB on a machine of two CPUs.
const readAhead = 64 << 10

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parse("serve", args, stderr, true, nil)
	if err != nil {
		return err
	}
	setMemoryLimits(cfg, os.Getenv)
	var out io.Writer = stderr
	var file *logFile
	if cfg.LogFile != "" {
		if file, err = openLogFile(cfg.LogFile); err != nil {
			return err
		}
		defer file.Close() // after logOut's last flush (deferred later, runs first)
		out = file
	}
	logOut := newLogWriter(out, 200*time.Millisecond)
	defer logOut.Close()
	log := newLogger(logOut, cfg.LogLevel)
	stopHUP := reopenOnHUP(logOut, file, log)
	defer stopHUP()
	// Listen first: a start that cannot serve (the port is taken) must not
	// create anything, least of all the first administrator, whose
	// one-time password would be printed nowhere.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("không mở được địa chỉ %s để phục vụ (cổng đã có chương trình khác dùng? chọn địa chỉ khác bằng --addr): %w", cfg.Addr, err)
	}
	var mln net.Listener
	if cfg.MetricsAddr != "" {
		if mln, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			ln.Close()
			return fmt.Errorf("không mở được địa chỉ %s cho số liệu giám sát (--metrics-addr): %w", cfg.MetricsAddr, err)
		}
	}
	// The access log shares the buffered log output; it is written at the
	// info level, so a quieter --log-level leaves it out as well.
	var access io.Writer = logOut
	if cfg.NoAccessLog || !log.Enabled(ctx, slog.LevelInfo) {
		access = nil
	}
	app, err := newApp(ctx, cfg, log, access)
	if err != nil {
		ln.Close()
		if mln != nil {
			mln.Close()
		}
		return err
	}
	defer app.Close()
	app.metricsLn = mln
	fmt.Fprintf(stdout, "trangtin đang chạy tại http://%s/\n", ln.Addr())
	if mln != nil {
		fmt.Fprintf(stdout, "Số liệu giám sát (Prometheus) tại http://%s/metrics\n", mln.Addr())
	}
	if email := app.firstAdmin[0]; email != "" {
		fmt.Fprintf(stdout, "Tài khoản quản trị đầu tiên: %s, mật khẩu dùng một lần: %s\nĐăng nhập tại http://%s/quan-tri/dang-nhap và đổi mật khẩu ngay.\n", email, app.firstAdmin[1], ln.Addr())
	}
	return app.Serve(ctx, ln)
}

// app is a wired server: the store, the services and the HTTP handler.
type app struct {
	cfg       config.Config
	log       *slog.Logger
	access    io.Writer // the access log; nil: none
	db        store
	svc       *content.Service
	sites     *content.Directory
	search    *search.Service
	newsroom  *newsroom.Service
	syn       *syndication.Service
	docs      *document.Service
	users     *user.Service
	scheduler *jobs.Scheduler
	web       *web.Server
	furniture *content.Furniture
	visits    *visits.Counter

	questions     *question.Service
	consultations *consultation.Service
	contact       *contactform.Service
	guard         *guard.Limiter
	mailer        *mail.Dispatcher // nil: no e-mail

	blobs      blobStore
	firstAdmin [2]string // email and one-time password, when this start created them
	handler    http.Handler

	metrics   *metrics     // metrics.go
	metricsLn net.Listener // --metrics-addr; nil: no metrics listener
	started   time.Time

	backups *backupScheduler // --backup-dir; nil: no scheduled backups
	leading atomic.Bool      // this node runs the singletons (runSingletons)
	shed    *httpx.Shedding  // --max-requests
}

// newApp opens the database, creates the demo site in an empty one unless
// told not to, and builds the handler.
// newApp opens the store and builds the server; access is where the
// access log goes (nil: nowhere).
func newApp(ctx context.Context, cfg config.Config, log *slog.Logger, access io.Writer) (*app, error) {
	// The uploads live in the data folder, also with PostgreSQL.
	if err := ensureDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, access: access, db: db, svc: content.NewService(db), started: time.Now()}
	a.newMetrics()
	if a.backups, err = newBackupScheduler(cfg, log); err != nil {
		db.Close()
		return nil, err
	}
	if a.backups != nil {
		a.metrics.SetBackupTime(a.backups.LastOK)
	}
	a.furniture = content.NewFurniture(db, a.svc.NotifyChanged)
	if err := a.wire(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// shared are the services more than one front end is built with.
type shared struct {
	lib      *media.Library
	schedule *schedule.Service
	ratings  *rating.Service
	policies *user.Policies
}

// wire builds the services, the public site, the first administrator and
// the handler over a.db.
func (a *app) wire(ctx context.Context) error {
	cfg, log, db := a.cfg, a.log, a.db
	blobs, err := openBlobs(ctx, cfg) // the local folder, or --media's object store
	if err != nil {
		return err
	}
	a.blobs = blobs
	if !cfg.NoDemo {
		// The demo's photos and PDF files go through the media library.
		created, err := demo.EnsureWith(ctx, a.svc, media.NewLibrary(db, blobs, media.Limits{}))
		if err != nil {
			return err
		}
		if created {
			log.Info("created the demo site", "site", demo.SiteKey)
		}
	}
	u, err := ui.Load(cfg.ThemeDir, web.Funcs())
	if err != nil {
		return err
	}
	if a.sites, err = content.NewDirectory(ctx, a.svc, func(err error) { log.Error("reload sites", "err", err) }); err != nil {
		return err
	}
	nsites, nhosts := a.sites.Size()
	log.Info("sites loaded", "sites", nsites, "hosts", nhosts, "took", a.sites.LastLoad().String())
	sh, err := a.wireServices()
	if err != nil {
		return err
	}
	if a.web, err = web.New(web.Options{Content: a.svc, Sites: a.sites, Search: a.search, UI: u, Log: log, Redirects: a.db,
		CacheBytes: cfg.CacheBytes(), Health: a.health, Media: sh.lib, Documents: a.docs, Furniture: a.furniture,
		Schedule: sh.schedule, Ratings: sh.ratings, Visits: a.visits,
		Questions: a.questions, Consultations: a.consultations, Guard: a.guard, Syndication: a.syn, Contact: a.contact}); err != nil {
		return err
	}
	a.metrics.register(a)
	a.users = user.NewService(db, db, db, nil)
	if email, pw, created, err := a.users.EnsureFirstAdmin(ctx); err != nil {
		return err
	} else if created {
		a.firstAdmin = [2]string{email, pw}
		log.Warn("created the first administrator; its one-time password is printed on standard output", "email", email)
	}
	return a.wireHandler(sh)
}

// wireServices builds the services behind the front ends.
func (a *app) wireServices() (shared, error) {
	log, db := a.log, a.db
	a.search = search.NewService(timedIndex{db, a.metrics.search})
	// Each site's account policy, as the site information page stores it.
	policies := user.NewPolicies(db, 15*time.Second, func(err error) { log.Error("read account policy", "err", err) })
	a.newsroom = newsroom.New(db, a.svc, db, policies.GetOrStrictest)
	a.syn = syndication.New(db, a.svc, a.sites, db, policies.GetOrStrictest)
	a.docs = document.NewService(db, nil)
	a.docs.OnChange(a.svc.NotifyChanged)
	a.scheduler = jobs.NewScheduler(a.newsroom, time.Second, log)
	a.wireMail()
	sh := shared{lib: media.NewLibrary(db, a.blobs, media.Limits{MaxVideoBytes: a.cfg.MaxVideoBytes}), schedule: schedule.NewService(db), policies: policies}
	sh.ratings = rating.NewService(db, ratingResolvers(a.svc, a.docs))
	a.visits = visits.New(db, visits.Options{})
	if err := a.wireCitizen(); err != nil {
		return shared{}, err
	}
	return sh, nil
}

// wireHandler builds the editors' area and the API, and a.handler over
// them and the public site.
func (a *app) wireHandler(sh shared) error {
	cfg, log := a.cfg, a.log
	adm, err := admin.New(admin.Options{Users: a.users, Sites: a.sites, Log: log, Audit: a.db, Media: sh.lib,
		Content: a.svc, Newsroom: a.newsroom, Documents: a.docs, Furniture: a.furniture,
		Schedule: sh.schedule, Ratings: sh.ratings, Visits: a.visits,
		Policies: sh.policies, ThemeDir: cfg.ThemeDir,
		MailPrefs: a.mailPrefs(), Platform: a.platformArea(),
		Questions: a.questions, Consultations: a.consultations, Syndication: a.syn, Contact: a.contact, Report: a.db})
	if err != nil {
		return err
	}
	proxies, err := cfg.TrustedPrefixes()
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/quan-tri/", httpx.RecordRoute(adm.Handler()))
	apis, err := api.New(api.Options{Content: a.svc, Sites: a.sites, Search: a.search, Log: log,
		Documents: a.docs, Media: sh.lib, Schedule: sh.schedule, Ratings: sh.ratings, Visits: a.visits, Guard: a.guard,
		Questions: a.questions, Consultations: a.consultations})
	if err != nil {
		return err
	}
	apis.Register(mux)
	a.web.Register(mux)
	observe := func(next http.Handler) http.Handler { return next }
	if cfg.MetricsAddr != "" {
		observe = a.metrics.http.Middleware
	}
	// Overload: as many requests wait (a second at most) as are handled;
	// any beyond get 503 at once. The health check is never held.
	// A form's body of up to readAhead bytes is read before its request
	// takes a slot, so clients that send slowly cannot hold the slots.
	a.shed = &httpx.Shedding{Max: cfg.MaxInFlight(), Queue: cfg.MaxInFlight(), Wait: time.Second, RetryAfter: 2 * time.Second,
		BodyLimit: readAhead, Readers: 4 * cfg.MaxInFlight(),
		Exempt: func(r *http.Request) bool { return r.URL.Path == "/healthz" }}
	a.metrics.registerShedding(a.shed)
	a.handler = httpx.Chain(httpx.RecordRoute(mux), // the route pattern, for the access log and the metrics
		httpx.RealClient(proxies), // first: everything after sees the visitor's address and scheme
		httpx.Log(a.access),
		observe,
		a.shed.Shed, // after the log and the metrics, which count what is shed
		httpx.Recover(a.web.Adapter()),
		httpx.SecurityHeaders,
		limitBody,
		httpx.CrossOrigin(func(r *http.Request) httpx.Adapter {
			if strings.HasPrefix(r.URL.Path, "/quan-tri/") {
				return adm.Adapter()
			}
			return a.web.Adapter()
		}),
		// Innermost: an alias answers its redirect and an unknown host its
		// fixed 404 after the log, the metrics, shedding and the headers.
		func(next http.Handler) http.Handler {
			return web.Hosts(web.HostRules{Sites: a.sites, Redirects: a.db,
				Log: func(err error) { log.Error("redirect lookup", "err", err) }}, next)
		},
		// A module the site switched off answers 404 (public and API).
		func(next http.Handler) http.Handler { return a.web.ModuleGate(apis.Adapter(), next) },
	)
	return nil
}

func (a *app) Close() error { return errors.Join(a.blobs.Close(), a.db.Close()) }

// limitBody caps request bodies at maxBody, except in the editors' area,
// which caps each form and upload itself (larger, after sign-in).
func limitBody(next http.Handler) http.Handler {
	capped, ask := httpx.LimitBody(maxBody)(next), httpx.LimitBody(web.MaxAskBody)(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/quan-tri/") {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodPost && r.URL.Path == web.AskPath {
			ask.ServeHTTP(w, r) // a question may carry a photo or PDF
			return
		}
		capped.ServeHTTP(w, r)
	})
}

// gcPercent is GOGC unless the environment sets it. At Go's default of
// 100 a serving process holds least (anonymous memory 31 MiB with 10,000
// articles and 547 pages cached, against 58 MiB at 400; the database file
// the readers map adds about 100 MiB of shared file pages to VmRSS either
// way), but it collects so often that a cached page costs a fifth more
// CPU: 0.77 of the same-bytes ceiling against 0.91 at 400, measured in
// turn on a quiet machine (BENCHMARKS.md, "Session 22"). Throughput on a
// news spike matters more to a portal than 27 MiB, so 400, under the soft
// memory limit below; GOGC=100 in the environment suits a small machine.
const gcPercent = 400

// baseHeap is the live heap of a serving process beside its page cache:
// templates, site tables, sessions, buffers of requests under way.
const baseHeap = 64 << 20

// memoryLimit is the soft memory limit for a page cache of cacheBytes:
// twice the live heap the process can reach, so the garbage collector has
// room to work without running all the time, and a burst of garbage
// is collected before it costs the machine. 128 MiB of cache: 384 MiB.
func memoryLimit(cacheBytes int) int64 { return 2 * (int64(cacheBytes) + baseHeap) }

// setMemoryLimits applies GOGC and the memory limit, each unless the
// environment (GOGC, GOMEMLIMIT) sets it, and returns what the runtime now
// uses.
func setMemoryLimits(cfg config.Config, getenv func(string) string) (gc int, limit int64) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(cfg.CacheBytes()))
	}
	gc = debug.SetGCPercent(-1)
	debug.SetGCPercent(gc)
	return gc, debug.SetMemoryLimit(-1)
}

// setOrigin sets the canonical origin of a site without a host of its own
// (README, "Addresses"): --site-url, else the address the server listens
// on, "localhost" for an unspecified one (0.0.0.0, ::).
func (a *app) setOrigin(addr net.Addr) {
	host := addr.String()
	if tcp, ok := addr.(*net.TCPAddr); ok {
		ip := tcp.IP.String()
		if tcp.IP.IsUnspecified() {
			ip = "localhost"
		}
		host = net.JoinHostPort(ip, strconv.Itoa(tcp.Port))
	}
	a.sites.SetFallbackOrigin(a.cfg.PublicOrigin(), host)
	if a.cfg.PublicOrigin() != "" {
		return
	}
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		return
	}
	sites, err := a.db.FindSites(context.Background())
	if err != nil {
		a.log.Warn("list sites", "err", err)
		return
	}
	for _, s := range sites {
		if s.Host == "" {
			a.log.Warn("a site has no host name and --site-url is not set: its canonical links, feeds and sitemap point at the listen address",
				"site", s.Key, "origin", "http://"+host)
		}
	}
}

// overdueGrace is how late a scheduled article may be before /healthz
// reports the scheduler as failing.
const overdueGrace = 30 * time.Second

// minFreeBytes is the free space below which /healthz reports the data
// folder as full: SQLite, the uploads and the logs can no longer write.
const minFreeBytes = 8 << 20

// health reports the scheduler's state and the free space of the data
// folders for /healthz; overdue articles or a full disk make it fail, so
// monitoring notices a publication that did not happen, or that no write
// (not even a sign-in) can succeed while every page still reads fine.
func (a *app) health(ctx context.Context) ([]string, error) {
	lines := []string{"scheduler last run: " + a.scheduler.LastRun().UTC().Format(time.RFC3339)}
	if _, ok := a.db.(cluster); ok {
		lines = append(lines, fmt.Sprintf("runs the singletons (scheduler, mail): %t", a.leading.Load()))
	}
	diskLines, diskErr := a.diskHealth()
	lines = append(lines, diskLines...)
	if a.backups != nil {
		backupLines, err := a.backups.Health(a.started)
		lines = append(lines, backupLines...)
		diskErr = errors.Join(diskErr, err)
	}
	over, err := a.newsroom.Overdue(ctx, overdueGrace)
	if err != nil {
		return lines, errors.Join(diskErr, err)
	}
	lines = append(lines, fmt.Sprintf("overdue scheduled articles: %d", len(over)))
	for _, o := range over {
		lines = append(lines, fmt.Sprintf("overdue: site %d article %d %q due %s", o.SiteID, o.ID, o.Title, o.PublishedAt.UTC().Format(time.RFC3339)))
	}
	if len(over) > 0 {
		return lines, errors.Join(diskErr, fmt.Errorf("scheduled publishing is late"))
	}
	return lines, diskErr
}

// diskHealth checks the free space of the folders the server writes to:
// the SQLite database's and the data folder (uploads). A PostgreSQL
// server's own disk is not visible from here; its disk_full errors reach
// the editors as the "out of space" message.
func (a *app) diskHealth() ([]string, error) {
	dirs := []string{a.cfg.DataDir}
	if driver, dsn := a.cfg.Database(); driver == "sqlite" && filepath.Dir(dsn) != filepath.Clean(a.cfg.DataDir) {
		dirs = append(dirs, filepath.Dir(dsn))
	}
	var lines []string
	var errs []error
	for _, dir := range dirs {
		free, ok := freeBytes(dir)
		if !ok {
			continue
		}
		lines = append(lines, fmt.Sprintf("free space in %s: %.1f MiB", dir, float64(free)/(1<<20)))
		if free < minFreeBytes {
			errs = append(errs, fmt.Errorf("disk full: %.1f MiB free in %s (under %d MiB): writes fail, sign-ins included", float64(free)/(1<<20), dir, minFreeBytes>>20))
		}
	}
	return lines, errors.Join(errs...)
}

// Serve answers on ln until ctx ends, then drains requests for up to the
// shutdown timeout. The background work (scheduler, maintenance, mail,
// site reload, visit counts) runs until the requests are drained, and
// Serve returns only once every piece of it has ended: the caller closes
// the database after Serve, so nothing may still be writing to it (a
// notice e-mail sent but not yet recorded as sent would go out again
// after a restart).
func (a *app) Serve(ctx context.Context, ln net.Listener) error {
	a.setOrigin(ln.Addr())
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	// Not cancelled by ctx: stopped below, after the last request, so that
	// its visits are counted and flushed.
	watchCtx, stopWatch := context.WithCancel(context.WithoutCancel(ctx))
	var bg sync.WaitGroup
	defer func() { stopWatch(); bg.Wait() }()
	a.runSingletons(watchCtx, &bg)
	a.watchSites(watchCtx, &bg)
	bg.Go(func() { a.visits.Run(watchCtx, func(err error) { a.log.Warn("flush visit counts", "err", err) }) })
	if a.backups != nil {
		bg.Go(func() { a.backups.Run(watchCtx) })
	}
	if a.metricsLn != nil {
		bg.Go(func() {
			if err := a.serveMetrics(watchCtx, a.metricsLn); err != nil {
				a.log.Error("metrics listener", "err", err)
			}
		})
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "timeout", a.cfg.ShutdownTimeout.String())
	// Shutdown closes the listener at once (nothing new is accepted),
	// closes idle connections and waits for the requests under way.
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// The bound is reached: a client that stalls (a body sent a byte
		// at a time, a download never read) does not hold the stop. Its
		// connection is cut and the stop goes on: the background work is
		// drained and the database closed as on a clean stop.
		a.log.Warn("shutdown: requests still under way after the timeout; their connections are cut", "timeout", a.cfg.ShutdownTimeout.String(), "err", err)
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.log.Info("stopped accepting requests; finishing the background work")
	return nil
}
