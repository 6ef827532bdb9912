// Command netserver is a test server for godiag's end-to-end tests and
// benchmarks. On one HTTP server (and optionally a second, TLS, port) it
// serves
//
//   - the GOPROXY protocol, answered from a module download cache made by
//     the real go command ($GOMODCACHE/cache/download), and
//   - a Go checksum database at /sumdb/<name>/..., built with
//     golang.org/x/mod/sumdb/tlog and served by x/mod's sumdb.Server, so the
//     wire protocol is the real one,
//
// and, under /v/<variant>/..., the same content with a deliberate fault
// (HTTP errors, hangs, resets, login pages, wrong signing key, tampered
// tiles or records, a forked tree, ...). See variants.go for the list.
//
// Usage:
//
//	netserver --cache DIR [--name testdb.example] [--seed HEX32]
//	          [--synthetic N --synthetic-gosum FILE]
//	          [--tls-cert PEM --tls-key PEM] [--http-addr 127.0.0.1:0]
//
// When it is listening it prints one JSON line on stdout:
//
//	{"http":"127.0.0.1:PORT","https":"","name":"...","vkey":"...","skey":"...","records":N}
//
// and serves until SIGTERM or SIGINT, then exits 0.
package main

import (
	"context"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// defaultSeed is the Ed25519 seed used when --seed is not given, so that
// the database key is the same on every run.
const defaultSeed = "676f646961672d6e65747365727665722d746573742d6b65792d736565642d31"

type options struct {
	cache          string
	name           string
	seed           []byte
	synthetic      int
	syntheticGoSum string
	tlsCert        string
	tlsKey         string
	httpAddr       string
	httpsAddr      string
	slow           time.Duration
	verbose        bool
}

// readyLine is the JSON line printed once the listeners are open.
type readyLine struct {
	HTTP    string `json:"http"`
	HTTPS   string `json:"https"`
	Name    string `json:"name"`
	VKey    string `json:"vkey"`
	SKey    string `json:"skey"`
	Records int64  `json:"records"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("netserver: ")
	if err := run(os.Args[1:], os.Stdout); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func parseOptions(args []string) (*options, error) {
	fs := flag.NewFlagSet("netserver", flag.ContinueOnError)
	var o options
	var seedHex string
	fs.StringVar(&o.cache, "cache", "", "module download cache `DIR` ($GOMODCACHE/cache/download)")
	fs.StringVar(&o.name, "name", "testdb.example", "checksum database `name`")
	fs.StringVar(&seedHex, "seed", defaultSeed, "Ed25519 key seed, 32 bytes in `hex`")
	fs.IntVar(&o.synthetic, "synthetic", 0, "add `N` synthetic module versions to the database")
	fs.StringVar(&o.syntheticGoSum, "synthetic-gosum", "", "write a go.sum with every record's lines to `FILE`")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "TLS certificate `PEM` file (enables the TLS port)")
	fs.StringVar(&o.tlsKey, "tls-key", "", "TLS private key `PEM` file")
	fs.StringVar(&o.httpAddr, "http-addr", "127.0.0.1:0", "plain HTTP listen `address`")
	fs.StringVar(&o.httpsAddr, "https-addr", "127.0.0.1:0", "TLS listen `address` (with --tls-cert/--tls-key)")
	fs.DurationVar(&o.slow, "slow", 30*time.Second, "delay of the v/slow variant")
	fs.BoolVar(&o.verbose, "v", false, "log every request on stderr")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	seed, err := hex.DecodeString(seedHex)
	if err != nil || len(seed) != 32 {
		return nil, fmt.Errorf("--seed must be 64 hex digits (32 bytes)")
	}
	o.seed = seed
	if o.cache == "" && o.synthetic <= 0 {
		return nil, errors.New("--cache is required unless --synthetic N (N > 0) is given")
	}
	if o.synthetic < 0 {
		return nil, errors.New("--synthetic must not be negative")
	}
	if o.syntheticGoSum != "" && o.synthetic <= 0 {
		return nil, errors.New("--synthetic-gosum needs --synthetic N")
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return nil, errors.New("--tls-cert and --tls-key go together")
	}
	return &o, nil
}

func run(args []string, stdout io.Writer) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}

	keys, err := newKeys(o.name, o.seed)
	if err != nil {
		return err
	}

	var real []moduleRecord
	if o.cache != "" {
		var skipped int
		real, skipped, err = scanCache(o.cache)
		if err != nil {
			return err
		}
		if skipped > 0 && o.verbose {
			log.Printf("%d cached versions without .mod or .ziphash were left out of the database", skipped)
		}
	}
	db, err := newDatabase(keys, real, int64(o.synthetic))
	if err != nil {
		return err
	}
	if o.syntheticGoSum != "" {
		if err := db.writeGoSum(o.syntheticGoSum); err != nil {
			return err
		}
	}

	var tlsConfig *tls.Config
	if o.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
		if err != nil {
			return fmt.Errorf("loading TLS key pair: %v", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}

	httpLn, err := net.Listen("tcp", o.httpAddr)
	if err != nil {
		return err
	}
	var httpsLn net.Listener
	if tlsConfig != nil {
		httpsLn, err = net.Listen("tcp", o.httpsAddr)
		if err != nil {
			httpLn.Close()
			return err
		}
	}

	// Request contexts derive from ctx, so handlers that wait (v/slow) end
	// as soon as a signal arrives, as well as when the client goes away.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	h := newHandler(db, o, httpLn.Addr().String())
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true) // HTTP/1 only, so v/reset can hijack on TLS too
	srv := &http.Server{
		Handler:           h,
		TLSConfig:         tlsConfig,
		Protocols:         protocols,
		ReadHeaderTimeout: 30 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	if o.verbose {
		srv.ErrorLog = log.New(os.Stderr, "netserver: http: ", 0)
	}

	serveErr := make(chan error, 2)
	go func() { serveErr <- srv.Serve(httpLn) }()
	httpsAddr := ""
	if httpsLn != nil {
		httpsAddr = httpsLn.Addr().String()
		go func() { serveErr <- srv.ServeTLS(httpsLn, "", "") }()
	}

	ready := readyLine{
		HTTP:    httpLn.Addr().String(),
		HTTPS:   httpsAddr,
		Name:    o.name,
		VKey:    keys.vkey,
		SKey:    keys.skey,
		Records: db.main.size,
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ready); err != nil {
		return err
	}
	if f, ok := stdout.(*os.File); ok {
		f.Sync() // a pipe ignores this; the line is already written unbuffered
	}

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shutdownCtx)
	return nil
}
