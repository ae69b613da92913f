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
	"syscall"
	"time"

	"github.com/slack-go/slack"

	"github.com/sessionbot/sessionbot/bot"
	"github.com/sessionbot/sessionbot/clock"
	"github.com/sessionbot/sessionbot/config"
	"github.com/sessionbot/sessionbot/fakeslack"
	"github.com/sessionbot/sessionbot/playground"
)

// defaultTryListen is where try's page listens: loopback only, as the page
// has no login.
const defaultTryListen = "127.0.0.1:8080"

// tryAnnounce is the announce channel try uses when the config sets none,
// so that announcements have somewhere to appear.
const tryAnnounce = "C0ANNOUNCE1"

// runTry runs the real bot against a Slack stand-in in this process and
// serves a page that shows it as Slack would, until ctx ends. No token and
// no network are needed.
func runTry(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, cfgPath := newFlags("try", stdout)
	listen := fs.String("listen", defaultTryListen, "address of the page")
	demo := fs.Bool("demo", false, "the bundled nine sessions, scheduled across today and tomorrow")
	keep := fs.Bool("keep", false, "keep state in the config's data_dir instead of a temporary directory removed on exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("try: unexpected argument %q", fs.Arg(0))
	}
	dir, err := os.MkdirTemp("", "sessionbot-try-")
	if err != nil {
		return fmt.Errorf("try: %w", err)
	}
	defer os.RemoveAll(dir)
	clk := &clock.Clock{}
	cfg, err := tryConfig(tryOptions{path: *cfgPath, dir: dir, demo: *demo, keep: *keep, now: clk.Now()}, getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg.Log, stdout)
	ln, err := listenTry(*listen, log)
	if err != nil {
		return err
	}
	return playInProcess(ctx, cfg, log, clk, ln, stdout)
}

// playInProcess starts the stand-in, the bot connected to it and the page
// on ln, and serves until ctx ends.
func playInProcess(ctx context.Context, cfg *config.Config, log *slog.Logger, clk *clock.Clock, ln net.Listener, stdout io.Writer) error {
	defer ln.Close()
	fake, err := fakeslack.Start(fakeslack.WithNow(clk.Now),
		fakeslack.WithUsers(fakeslack.User{ID: fakeslack.UserID, Name: "you", RealName: "You", TZ: cfg.Location.String()}))
	if err != nil {
		return fmt.Errorf("try: %w", err)
	}
	defer fake.Close()
	clk.OnJump(fake.TimeMoved) // reminders handed to its chat.scheduleMessage fall due
	api := slack.New(fakeslack.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(fakeslack.AppToken))
	if err := verifyTokens(ctx, log, api); err != nil {
		return err
	}
	svc, err := newService(cfg, log, api, clk, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	page := newPage(cfg, log, fake, svc)
	srv := &http.Server{Handler: page, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // http.ErrServerClosed once shut down
	}()
	fmt.Fprintf(stdout, "sessionbot try: open http://%s/ (the programme: %s; Ctrl-C stops)\n", ln.Addr(), cfg.Source.URL)
	err = svc.serve(ctx)
	page.Close()
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(stop)
	<-served
	return err
}

// newPage is the playground over fake, acting on the service's clock,
// store and sync job.
func newPage(cfg *config.Config, log *slog.Logger, fake *fakeslack.Server, svc *service) *playground.Page {
	return playground.New(playground.Options{
		Slack: fake, Clock: svc.clock, Location: cfg.Location, User: fakeslack.UserID,
		Channel: fakeslack.ChannelID, Announce: cfg.Announce.Channel, Source: cfg.Source.URL,
		Sync: func(ctx context.Context) (string, error) {
			return svc.workers.adminSync(ctx, bot.SyncRequest{By: fakeslack.UserID})
		},
		NextReminder: svc.app.store.NextDueAfter,
		Logger:       log,
	})
}

// listenTry listens on addr for the page. Anything but loopback is allowed
// when asked for, with a warning: the page has no login.
func listenTry(addr string, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("try: %s is in use (another sessionbot try?): pass -listen 127.0.0.1:0 for any free port", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("try: listen: %w", err)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		log.Warn("the playground listens beyond this machine; it has no login: anyone who reaches it can use it",
			slog.String("listen", ln.Addr().String()))
	}
	return ln, nil
}
